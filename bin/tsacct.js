#!/usr/bin/env node
// Entry point of the `tsacct` command: the first argument names the daemon
// (nfacctd, …) and the rest are pmacct's switches for it.
import module from 'node:module';

// Node caches the compiled (type-stripped) modules on disk: a daemon start
// then costs ~0.1 CPU-s instead of ~0.35, which matters for short offline runs.
module.enableCompileCache?.();

const { main } = await import('../src/cli.ts');
main(process.argv.slice(2)).catch((err) => {
  process.stderr.write(`tsacct: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
