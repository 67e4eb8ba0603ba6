/**
 * sfacctd_renormalize, the stage alone: pmacct 1.7.7's effective sampling
 * rate (SF_counters_renormalize_handler), with every expected multiplier
 * worked out by hand from the rule:
 *
 *   first sample of (agent, sub-agent, data source)  → advertised rate
 *   sequence and pool both up                        → floor(Δpool / Δseq), remembered
 *   sequences more than 50 apart                     → advertised rate, state reset
 *   anything else                                    → advertised rate, state kept
 *
 * The same cases run through pmacct itself in the golden reference
 * test/fixtures/sflow/crafted__sflow-renorm.pmacct-renorm.*.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SflowSamplingRenormalizer } from '../../src/enrich/sflowSamplingRenormalize.ts';
import { FlowRecord } from '../../src/model/flowRecord.ts';
import { ip4, ip6 } from '../decode/netflow/datagramBuilder.ts';

interface Sample {
  seq: number;
  pool: number;
  rate: number;
  type?: number;
  index?: number;
  agent?: string;
  sub?: number;
}

/** A decoder stand-in: the sample context and the record it emits. */
function harness(extSamplingRate = 0, maxEntries?: number) {
  const source = { context: { sourceIdType: 0, sourceIdIndex: 1, samplePool: 0, sampleSequence: 0 } };
  const renormalizer = new SflowSamplingRenormalizer(source, { extSamplingRate, ...(maxEntries !== undefined ? { maxEntries } : {}) });
  const rec = new FlowRecord();
  return {
    renormalizer,
    rec,
    /** Runs one sample of 1 packet, 1000 bytes; returns [packets, bytes, sampling_rate]. */
    run(s: Sample): [number, number, number] {
      Object.assign(source.context, { sourceIdType: s.type ?? 0, sourceIdIndex: s.index ?? 1, samplePool: s.pool, sampleSequence: s.seq });
      rec.reset();
      const agent = s.agent ?? '192.0.2.1';
      if (agent.includes(':')) rec.peerSrcIp.setV6(ip6(agent), 0);
      else rec.peerSrcIp.setV4(ip4(agent), 0);
      rec.exportProtoSysid = s.sub ?? 0;
      rec.samplingRate = s.rate;
      rec.packets = 1;
      rec.bytes = 1000;
      rec.flows = 1;
      renormalizer.stage(rec);
      assert.equal(rec.flows, 1, 'flows are never scaled');
      return [rec.packets, rec.bytes, rec.samplingRate];
    },
  };
}

/** The multiplier of each sample, in order. */
function multipliers(samples: Sample[], ext = 0): number[] {
  const h = harness(ext);
  return samples.map((s) => h.run(s)[0]);
}

describe('sFlow effective sampling rate', () => {
  it('starts with the advertised rate, then uses pool delta / sequence delta', () => {
    // 1150-1000 = 150 over 1 sample; 1400-1150 = 250 over 2 samples (seq 3 kept the state) = 125.
    assert.deepEqual(
      multipliers([
        { seq: 1, pool: 1000, rate: 100 },
        { seq: 2, pool: 1150, rate: 100 },
        { seq: 3, pool: 1150, rate: 100 },
        { seq: 4, pool: 1400, rate: 100 },
      ]),
      [100, 150, 100, 125],
    );
  });

  it('floors the division and scales bytes by the same rate', () => {
    const h = harness();
    h.run({ seq: 10, pool: 351, rate: 100 });
    // (500 - 351) / (12 - 10) = 74.5 → 74
    assert.deepEqual(h.run({ seq: 12, pool: 500, rate: 100 }), [74, 74000, 1]);
  });

  it('keeps the state for a late sample, resets it on a jump of more than 50 either way', () => {
    assert.deepEqual(
      multipliers([
        { seq: 5, pool: 1000, rate: 100 },
        { seq: 4, pool: 1100, rate: 100 }, // behind: advertised, state (5, 1000) kept
        { seq: 6, pool: 1090, rate: 100 }, // 90 / 1
        { seq: 56, pool: 9000, rate: 100 }, // 50 ahead, pool up: a delta, not a reset → (9000-1090)/50 = 158
        { seq: 200, pool: 10, rate: 100 }, // 144 ahead, pool down: reset to (200, 10)
        { seq: 201, pool: 210, rate: 100 }, // 200 / 1
        { seq: 140, pool: 900, rate: 100 }, // 61 behind: reset to (140, 900)
        { seq: 141, pool: 1000, rate: 100 }, // 100 / 1
      ]),
      [100, 100, 90, 158, 100, 200, 100, 100],
    );
  });

  it('does not reset for a jump of exactly 50 with the pool flat', () => {
    assert.deepEqual(
      multipliers([
        { seq: 1, pool: 500, rate: 8 },
        { seq: 51, pool: 500, rate: 8 }, // not > 1 + 50: kept
        { seq: 52, pool: 1010, rate: 8 }, // (1010 - 500) / 51 = 10
      ]),
      [8, 8, 10],
    );
  });

  it('compares sequences with 32-bit wrap-around in MIN + 50, as pmacct', () => {
    // MIN(4294967290, 4294967280) + 50 wraps to 34 in u_int32: 4294967290 > 34, a reset.
    assert.deepEqual(
      multipliers([
        { seq: 4294967290, pool: 100, rate: 7 },
        { seq: 4294967280, pool: 100, rate: 7 }, // reset to (4294967280, 100)
        { seq: 4294967281, pool: 150, rate: 7 }, // 50 / 1
      ]),
      [7, 7, 50],
    );
  });

  it('gets stuck on a wrapped pool until the sequence moves on by more than 50', () => {
    assert.deepEqual(
      multipliers([
        { seq: 1, pool: 4294967000, rate: 1000 },
        { seq: 2, pool: 4294967290, rate: 1000 }, // 290
        { seq: 3, pool: 700, rate: 1000 }, // pool "down": kept
        { seq: 4, pool: 1700, rate: 1000 }, // still below 4294967290: kept
        { seq: 60, pool: 2700, rate: 1000 }, // 58 ahead: reset
        { seq: 61, pool: 3700, rate: 1000 }, // 1000 / 1
      ]),
      [1000, 290, 1000, 1000, 1000, 1000],
    );
  });

  it('leaves counters as sampled for a rate of 0 (pmacct: 0 packets, 0 bytes) and sampling_rate 0', () => {
    const h = harness();
    assert.deepEqual(h.run({ seq: 1, pool: 0, rate: 0 }), [1, 1000, 0]);
    assert.deepEqual(h.run({ seq: 2, pool: 64, rate: 0 }), [64, 64000, 0]);
  });

  it('falls back to the advertised rate when the estimate floors to 0 (pmacct: 0 packets)', () => {
    // 1002-1000 = 2 over 3 samples: floor(2 / 3) = 0.
    assert.deepEqual(
      multipliers([
        { seq: 1, pool: 1000, rate: 100 },
        { seq: 4, pool: 1002, rate: 100 },
      ]),
      [100, 100],
    );
  });

  it('keys the state by agent, sub-agent and (class << 24 | index) in 32 bits', () => {
    assert.deepEqual(
      multipliers([
        { seq: 1, pool: 100, rate: 10 },
        { seq: 1, pool: 500, rate: 10, type: 1 }, // class 1: its own state
        { seq: 2, pool: 100, rate: 10, sub: 7 }, // sub-agent 7: its own state
        { seq: 2, pool: 100, rate: 10, agent: '192.0.2.2' }, // another agent: its own state
        { seq: 3, pool: 400, rate: 10, type: 256 }, // 256 << 24 is 0: class 0's state, 300 / 2
        { seq: 2, pool: 520, rate: 10, type: 1 }, // 20
      ]),
      [10, 10, 10, 10, 150, 20],
    );
  });

  it('keys IPv6 agents by their first 4 bytes, as pmacct (same /32, same state)', () => {
    assert.deepEqual(
      multipliers([
        { seq: 1, pool: 100, rate: 10, agent: '2001:db8::1' },
        { seq: 2, pool: 130, rate: 10, agent: '2001:db8::2' }, // the other agent's state: 30 / 1
        { seq: 3, pool: 200, rate: 10, agent: '2001:db9::1' }, // another /32: first
        { seq: 3, pool: 200, rate: 10, agent: '32.1.13.184' }, // 2001:0db8 as IPv4: the same state again, 70 / 1
      ]),
      [10, 30, 10, 70],
    );
  });

  it('reports sampling_rate 1 wherever the advertised rate is known', () => {
    const h = harness();
    assert.deepEqual(h.run({ seq: 1, pool: 1000, rate: 100 }), [100, 100000, 1]);
    assert.deepEqual(h.run({ seq: 2, pool: 1150, rate: 100 }), [150, 150000, 1]);
  });

  it('with sfacctd_ext_sampling_rate, multiplies every sample by it and keeps no state', () => {
    const h = harness(1000);
    assert.deepEqual(h.run({ seq: 1, pool: 1000, rate: 100 }), [1000, 1000000, 1]);
    assert.deepEqual(h.run({ seq: 2, pool: 1150, rate: 100 }), [1000, 1000000, 1]);
    assert.deepEqual(h.run({ seq: 3, pool: 1300, rate: 0 }), [1000, 1000000, 0]);
    assert.equal(h.renormalizer.entries, 0);
  });

  it('stops remembering new data sources when the table is full (advertised rate only)', () => {
    const h = harness(0, 1);
    h.run({ seq: 1, pool: 100, rate: 10 });
    assert.deepEqual(h.run({ seq: 1, pool: 100, rate: 10, index: 2 }), [10, 10000, 1]);
    assert.deepEqual(h.run({ seq: 2, pool: 300, rate: 10, index: 2 }), [10, 10000, 1]);
    assert.deepEqual(h.run({ seq: 2, pool: 300, rate: 10 }), [200, 200000, 1]);
  });

  it('grows its table without losing state', () => {
    const h = harness();
    for (let i = 0; i < 5000; i++) h.run({ seq: 1, pool: 100, rate: 10, index: i });
    for (let i = 0; i < 5000; i++) assert.equal(h.run({ seq: 3, pool: 100 + 2 * i, rate: 10, index: i })[0], i === 0 ? 10 : i);
    assert.equal(h.renormalizer.entries, 5000);
  });
});
