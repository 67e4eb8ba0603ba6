/**
 * Re-creates the pmacct 1.7.7 BGP golden outputs:
 *   node test/golden/bgp/regenerate.ts
 * (needs `apt-get install pmacct exabgp`; takes up to two minutes, as
 * pmbgpd dumps at the next whole minute and refuses refresh times under 60
 * seconds). Runs the scenario of bgpGolden.ts against pmbgpd and stores
 * each peer's message log and table dump, normalized, as
 * <file>.pmacct.txt beside this script.
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, readLines, removeDir, startExabgp, tempDir, waitFor } from '../../routing/bgp/bgpTestKit.ts';
import { collectorConfig, dumpName, exabgpConfig, feedScript, msglogName, normalize, PEERS, PHASE1_LINES, storedPath } from './bgpGolden.ts';

const dir = tempDir('pmacct-bgp-golden-');
const port = await freePort();
writeFileSync(join(dir, 'feed.sh'), feedScript(dir));
chmodSync(join(dir, 'feed.sh'), 0o755);
writeFileSync(join(dir, 'pmbgpd.conf'), collectorConfig(dir, port));
let pmacctOut = '';
const pmbgpd = spawn('pmbgpd', ['-f', join(dir, 'pmbgpd.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
pmbgpd.stdout.on('data', (d: Buffer) => (pmacctOut += d.toString()));
pmbgpd.stderr.on('data', (d: Buffer) => (pmacctOut += d.toString()));
const pmbgpdExited = new Promise<void>((resolve) => pmbgpd.once('exit', () => resolve()));
await waitFor('pmbgpd to listen', () => pmacctOut.includes('waiting for BGP data'), 10_000);
const exabgp = startExabgp(exabgpConfig(dir, port), dir);
try {
  for (const peer of PEERS) {
    await waitFor(`phase 1 of ${peer}`, () => readLines(join(dir, msglogName(peer))).length >= PHASE1_LINES[peer]!, 30_000);
  }
  const dumps: Record<string, string> = {};
  process.stdout.write('waiting for pmbgpd\'s dump at the next whole minute...\n');
  for (const peer of PEERS) {
    const file = join(dir, dumpName(peer));
    await waitFor(`the dump of ${peer}`, () => readLines(file).some((l) => l.includes('"dump_close"')), 130_000);
    dumps[peer] = readFileSync(file, 'utf8');
  }
  writeFileSync(join(dir, 'go'), '');
  await waitFor('the end of phase 2', () => existsSync(join(dir, 'done')) && readLines(join(dir, msglogName('127.0.0.3'))).some((l) => l.includes('"withdraw"') && l.includes('10.20.0.0/16')), 30_000);
  writeFileSync(join(dir, 'stop'), '');
  await exabgp.stop();
  for (const peer of PEERS) await waitFor(`${peer}'s log_close`, () => readLines(join(dir, msglogName(peer))).some((l) => l.includes('"log_close"')), 30_000);
  for (const peer of PEERS) {
    writeFileSync(storedPath(msglogName(peer)), normalize(readFileSync(join(dir, msglogName(peer)), 'utf8')));
    writeFileSync(storedPath(dumpName(peer)), normalize(dumps[peer]!));
    process.stdout.write(`${peer}: ${readLines(join(dir, msglogName(peer))).length} msglog lines, ${dumps[peer]!.split('\n').length - 1} dump lines\n`);
  }
} finally {
  await exabgp.stop();
  // pmbgpd 1.7.7 ignores SIGTERM; SIGINT ends it.
  pmbgpd.kill('SIGINT');
  await pmbgpdExited;
  // TSACCT_KEEP=1 keeps the run's files, to look at when the scenario fails.
  if (process.env.TSACCT_KEEP) process.stdout.write(`files kept in ${dir}\n`);
  else removeDir(dir);
}
