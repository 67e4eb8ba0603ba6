#!/usr/bin/env node
// Entry point of the `tsacct` command: the first argument names the daemon
// (nfacctd, …) and the rest are pmacct's switches for it.
import module from 'node:module';

// Node caches the compiled (type-stripped) modules on disk: a daemon start
// then costs ~0.1 CPU-s instead of ~0.35, which matters for short offline runs.
module.enableCompileCache?.();

// The query client is started by scripts every few seconds: it loads only what it needs.
if (process.argv[2] === 'pmacct') {
  // `pmacct -s | head`: a closed stdout ends the client quietly, as SIGPIPE ends pmacct's.
  process.stdout.on('error', (err) => process.exit(err.code === 'EPIPE' ? 0 : 1));
  const { runPmacctClient } = await import('../src/client/pmacctClient.ts');
  process.exitCode = await runPmacctClient(process.argv.slice(3), {
    out: (text) => process.stdout.write(text),
    drained: (resume) => process.stdout.once('drain', resume),
  });
} else {
  const { main } = await import('../src/cli.ts');
  main(process.argv.slice(2)).catch((err) => {
    process.stderr.write(`tsacct: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
