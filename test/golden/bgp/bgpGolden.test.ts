// BGP message log and table dump of tsacct against pmbgpd 1.7.7's for the
// same exabgp feed (scenario in bgpGolden.ts, pmacct's output stored by
// regenerate.ts): equal line for line, byte for byte, once the run's
// variables are masked. Takes about 5 s (exabgp's start and the feed's
// pauses); the dump is taken in-process instead of waiting for the minute.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { hasCommand, readLines, removeDir, startExabgp, startTestCollector, tempDir, waitFor, type Speaker, type TestCollector } from '../../routing/bgp/bgpTestKit.ts';
import { collectorConfig, dumpName, exabgpConfig, feedScript, msglogName, normalize, PEERS, PHASE1_LINES, storedPath, withPmacctDeviations } from './bgpGolden.ts';

describe('golden: BGP msglog and table dump against pmbgpd 1.7.7', { skip: !hasCommand('exabgp') && 'exabgp is not installed (apt-get install exabgp)' }, () => {
  const dir = tempDir('tsacct-bgp-golden-');
  let c: TestCollector | null = null;
  let exabgp: Speaker | null = null;

  after(async () => {
    await exabgp?.stop();
    await c?.stop();
    removeDir(dir);
  });

  it('writes the lines pmbgpd wrote, for both sessions, through updates, withdrawals, a dump and two session ends', async () => {
    writeFileSync(join(dir, 'feed.sh'), feedScript(dir));
    chmodSync(join(dir, 'feed.sh'), 0o755);
    c = await startTestCollector(collectorConfig(dir, 179));
    exabgp = startExabgp(exabgpConfig(dir, c.port), dir);
    for (const peer of PEERS) {
      await waitFor(`phase 1 of ${peer}`, () => readLines(join(dir, msglogName(peer))).length >= PHASE1_LINES[peer]!);
    }
    const result = await c.collector.dumpTables();
    assert.equal(result.tables, 2);
    const dumps = Object.fromEntries(PEERS.map((peer) => [peer, readFileSync(join(dir, dumpName(peer)), 'utf8')]));
    writeFileSync(join(dir, 'go'), '');
    await waitFor('the end of phase 2', () => existsSync(join(dir, 'done')) && readLines(join(dir, msglogName('127.0.0.3'))).some((l) => l.includes('"withdraw"') && l.includes('10.20.0.0/16')));
    writeFileSync(join(dir, 'stop'), '');
    await exabgp.stop();
    for (const peer of PEERS) await waitFor(`${peer}'s log_close`, () => readLines(join(dir, msglogName(peer))).some((l) => l.includes('"log_close"')));
    for (const peer of PEERS) {
      const msglog = readFileSync(join(dir, msglogName(peer)), 'utf8');
      assert.equal(normalize(withPmacctDeviations(msglog)), readFileSync(storedPath(msglogName(peer)), 'utf8'), `message log of ${peer}`);
      assert.equal(normalize(withPmacctDeviations(dumps[peer]!)), readFileSync(storedPath(dumpName(peer)), 'utf8'), `table dump of ${peer}`);
    }
  });
});
