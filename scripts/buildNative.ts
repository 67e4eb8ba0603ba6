/**
 * Builds tsacct's native parts (N-API, so one build serves every Node
 * version): build/udpReceive.node from src/collect/native/udpReceive.c.
 * Run by `npm install` (the package's own postinstall) and by hand:
 *
 *   node scripts/buildNative.ts
 *
 * A machine without a C compiler still works: tsacct then receives with
 * Node's dgram in the receive thread (slower; see
 * docs/adr/0003-receive-thread.md). So a failed build warns and exits 0.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';

const repo = join(import.meta.dirname, '..');
const source = join(repo, 'src', 'collect', 'native', 'udpReceive.c');
const output = join(repo, 'build', 'udpReceive.node');

/** node_api.h: beside the running Node (the npm node package ships include/node), else the system's. */
function includeDir(): string | null {
  const candidates = [join(dirname(realpathSync(process.execPath)), '..', 'include', 'node'), '/usr/include/node', '/usr/local/include/node'];
  return candidates.find((dir) => existsSync(join(dir, 'node_api.h'))) ?? null;
}

const include = includeDir();
if (include === null) {
  process.stderr.write('tsacct: node_api.h not found: the native UDP receiver is not built (Node dgram is used instead)\n');
  process.exit(0);
}
mkdirSync(dirname(output), { recursive: true });
try {
  execFileSync(process.env.CC ?? 'cc', ['-O2', '-Wall', '-shared', '-fPIC', `-I${include}`, '-o', output, source], { stdio: 'inherit' });
  process.stdout.write(`tsacct: built ${output}\n`);
} catch (err) {
  process.stderr.write(`tsacct: the native UDP receiver could not be built (${err instanceof Error ? err.message : String(err)}); Node dgram is used instead\n`);
}
