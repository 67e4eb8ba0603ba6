/**
 * The long robustness run of the BGP daemon (issue 8, acceptance 5):
 * test/robustness/bgpRobustness.test.ts (100k mutated UPDATEs, as
 * `npm test` runs it, or --mutations N), timed: a pass/fail test keeps no
 * timings, so the wall time and load are printed here.
 *
 *   node bench/bgpRobustness.ts [--mutations 100000]
 *
 * Prints the test's own summary (mutations, sessions, outcomes), the wall
 * time and the load average; exits non-zero if the test failed.
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { mutations: { type: 'string', default: '100000' } } });
const repo = join(import.meta.dirname, '..');
const started = Date.now();
const r = spawnSync(process.execPath, ['--test', '--test-reporter=spec', join(repo, 'test', 'robustness', 'bgpRobustness.test.ts')], {
  cwd: repo,
  env: { ...process.env, TSACCT_BGP_MUTATIONS: values.mutations },
  encoding: 'utf8',
  maxBuffer: 64 * 1024 * 1024,
});
const wallSeconds = (Date.now() - started) / 1000;
const output = `${r.stdout}${r.stderr}`;
const summary = output.split('\n').find((l) => l.startsWith('# ') && l.includes('mutations in')) ?? '(no summary: see the output above)';
if (r.status !== 0) process.stdout.write(output);
process.stdout.write(`${summary.slice(2)}\n`);
// The machine's load says how far the wall time is from the daemon's own cost.
process.stdout.write(`wall ${wallSeconds.toFixed(1)} s, ${(Number(values.mutations) / wallSeconds).toFixed(0)} mutations/s; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
process.exit(r.status === 0 ? 0 : 1);
