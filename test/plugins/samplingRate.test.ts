/**
 * `sampling_rate`: pmacct's per-plugin packet sampler.
 *
 * In nfacctd pmacct 1.7.7 samples systematically (every Nth packet of the
 * flows reaching the plugin, take_simple_systematic_skip), whatever
 * CONFIG-KEYS's "simple randomic" says: two runs of the binary give
 * identical output. So the daemon test compares with the binary's stored
 * output row for row. The random skip (the other daemons) is checked for
 * its distribution with tolerances from the binomial distribution.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PacketSampler, withPacketSampling } from '../../src/plugins/samplingRate.ts';
import { seededRandom } from '../../src/plugins/seededRandom.ts';
import type { FlowConsumer } from '../../src/core/flowConsumer.ts';
import { FlowRecord } from '../../src/model/flowRecord.ts';

const run = promisify(execFile);
const here = join(import.meta.dirname, 'sampling-rate');
const tsacct = join(import.meta.dirname, '..', '..', 'bin', 'tsacct.js');

function sortedLines(text: string): string[] {
  return text.split('\n').filter((l) => l !== '').sort();
}

for (const capture of ['overflowd__netflow_4M-uptime-wrap', 'akvorado__ipfix_v10_with_mpls_labels']) {
  test(`sampling_rate per plugin equals pmacct 1.7.7 on ${capture}`, async () => {
    const work = mkdtempSync(join(tmpdir(), 'tsacct-sampling-'));
    try {
      const conf = readFileSync(join(here, `${capture}.conf`), 'utf8')
        .replace(/^pcap_savefile: (.*)$/m, (_m, rel: string) => `pcap_savefile: ${join(here, rel)}`)
        .replace(/^(print_output_file\[(\w)\]): .*$/gm, (_m, key: string, plugin: string) => `${key}: ${join(work, `${plugin}.out`)}`);
      writeFileSync(join(work, 'run.conf'), conf);
      await run(process.execPath, [tsacct, 'nfacctd', '-f', join(work, 'run.conf')], { cwd: work, timeout: 60_000 });
      for (const plugin of ['a', 'b', 'c']) {
        const expected = sortedLines(readFileSync(join(here, `${capture}.${plugin}.pmacct.out`), 'utf8'));
        const actual = sortedLines(readFileSync(join(work, `${plugin}.out`), 'utf8'));
        assert.deepEqual(actual, expected, `plugin ${plugin}`);
      }
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
}

test('systematic sampling keeps every Nth packet across flows, carrying the count over', () => {
  const sampler = new PacketSampler(3, null);
  // Packets 1..17 over flows of 1,1,1,5,2,0,7 packets; sampled are packets 3,6,9,12,15:
  // flow 3 (packet 3), flow 4 (packets 4-8: 6), flow 5 (9-10: 9), flow 7 (11-17: 12, 15).
  assert.deepEqual([1, 1, 1, 5, 2, 0, 7].map((p) => sampler.sample(p)), [0, 0, 1, 1, 1, 0, 2]);
  // Packets 18 (a single-packet flow) is the 18th: sampled.
  assert.equal(sampler.sample(1), 1);
});

test('rate 1 keeps every packet but drops flows of zero packets, as pmacct does', () => {
  const sampler = new PacketSampler(1, null);
  assert.deepEqual([4, 0, 1].map((p) => sampler.sample(p)), [4, 0, 1]);
});

test('a flow claiming 2^40 packets is sampled in closed form, exactly', () => {
  const sampler = new PacketSampler(7, null);
  assert.equal(sampler.sample(2 ** 40), Math.floor(2 ** 40 / 7));
  // 2^40 = 7·157073089682 + 2 (2^3 ≡ 1 mod 7): 2 packets into the next skip, 5 more complete it.
  assert.equal(Math.floor(2 ** 40 / 7), 157073089682);
  assert.equal(sampler.sample(4), 0);
  assert.equal(sampler.sample(1), 1);
});

test('random skips are uniform on [1, 2N-1]: mean N, both ends reached', () => {
  const rate = 10;
  const sampler = new PacketSampler(rate, seededRandom(12345));
  const flows = 400_000;
  let last = 0;
  const gaps: number[] = [];
  for (let i = 1; i <= flows; i++) {
    if (sampler.sample(1) === 1) {
      gaps.push(i - last);
      last = i;
    }
  }
  assert.equal(Math.min(...gaps), 1);
  assert.equal(Math.max(...gaps), 2 * rate - 1);
  // Uniform on 1..19: variance ((2N-1)^2 - 1) / 12 = 30; the mean of k gaps has sd sqrt(30/k).
  const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
  const sd = Math.sqrt(((2 * rate - 1) ** 2 - 1) / 12 / gaps.length);
  assert.ok(Math.abs(mean - rate) < 5 * sd, `mean gap ${mean}, expected ${rate} ± ${5 * sd}`);
});

test('random sampling keeps 1 in N on average, within binomial bounds', () => {
  // Each single-packet flow is kept with probability 1/N on average. Taking the
  // keeps as Bernoulli(1/N), the count has sd sqrt(M p (1-p)); the uniform-skip
  // renewal process varies less (variance M (N-1) / (3 N^2), a third), so five
  // binomial sd is a bound no seed should ever cross by chance.
  for (const [rate, seed] of [[10, 1], [100, 2], [3, 3]] as const) {
    const sampler = new PacketSampler(rate, seededRandom(seed));
    const flows = 300_000;
    let kept = 0;
    for (let i = 0; i < flows; i++) kept += sampler.sample(1);
    const p = 1 / rate;
    const tolerance = 5 * Math.sqrt(flows * p * (1 - p));
    assert.ok(Math.abs(kept - flows * p) < tolerance, `rate ${rate}: kept ${kept}, expected ${flows * p} ± ${tolerance}`);
  }
});

test('random sampling of multi-packet flows keeps 1 packet in N, over all packets', () => {
  const rate = 20;
  const random = seededRandom(99);
  const sampler = new PacketSampler(rate, seededRandom(7));
  let packets = 0;
  let sampled = 0;
  for (let i = 0; i < 100_000; i++) {
    const p = 1 + Math.floor(random() * 50);
    packets += p;
    sampled += sampler.sample(p);
  }
  const q = 1 / rate;
  const tolerance = 5 * Math.sqrt(packets * q * (1 - q));
  assert.ok(Math.abs(sampled - packets * q) < tolerance, `sampled ${sampled} of ${packets}, expected ${packets * q} ± ${tolerance}`);
});

test('a sampled plugin sees scaled counters; the next plugin sees the record untouched', () => {
  const seen: { plugin: string; packets: number; bytes: number }[] = [];
  const recorder = (plugin: string): FlowConsumer => ({
    name: plugin,
    type: 'test',
    accept: (rec) => seen.push({ plugin, packets: rec.packets, bytes: rec.bytes }),
    start: () => {},
    stop: async () => {},
    statistics: () => ({ name: plugin, type: 'test', recordsIn: 0, cacheEntries: 0, flushes: 0, lastFlushMs: 0, writeErrors: 0, dropped: 0 }),
  });
  const sampled = withPacketSampling(new PacketSampler(3, null), recorder('a'));
  const plain = recorder('b');
  const rec = new FlowRecord();
  for (const [packets, bytes] of [[7, 10262], [1, 133], [2, 100]] as const) {
    rec.packets = packets;
    rec.bytes = bytes;
    sampled.accept(rec);
    plain.accept(rec);
  }
  assert.deepEqual(seen, [
    // packets 1-7: 3 and 6 sampled; bytes (10262 / 7 = 1466) × 2, pmacct's integer arithmetic
    { plugin: 'a', packets: 2, bytes: 2932 },
    { plugin: 'b', packets: 7, bytes: 10262 },
    // packet 8: not sampled, the flow does not reach plugin a
    { plugin: 'b', packets: 1, bytes: 133 },
    // packets 9-10: 9 sampled
    { plugin: 'a', packets: 1, bytes: 50 },
    { plugin: 'b', packets: 2, bytes: 100 },
  ]);
});
