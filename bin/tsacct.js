#!/usr/bin/env node
// Entry point of the `tsacct` command: the first argument names the daemon
// (nfacctd, …) and the rest are pmacct's switches for it.
import { main } from '../src/cli.ts';

main(process.argv.slice(2)).catch((err) => {
  process.stderr.write(`tsacct: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
