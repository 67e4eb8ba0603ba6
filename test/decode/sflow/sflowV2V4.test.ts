/**
 * sFlow v2/v4 datagrams: what the decoder gives beyond the pmacct golden
 * references (test/golden/sfacctd.test.ts runs crafted__sflow-v2*, -v4* and
 * -v2v4-sampled-ip through the daemon), and hostile v2/v4 bytes: truncated
 * at every length, with types outside the specification, and seeded
 * mutations. None may throw out of decode(); every problem is counted.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { SflowDecoder } from '../../../src/decode/sflow/sflowDecoder.ts';
import { exporterRefFor } from '../../../src/model/exporterRef.ts';
import type { FlowRecord } from '../../../src/model/flowRecord.ts';
import { ipText } from '../../../src/model/ipText.ts';
import { seededRandom } from '../../../src/plugins/seededRandom.ts';
import { readSflowCapture, SFLOW_FIXTURES } from './sflowCapture.ts';

const CAPTURES = ['crafted__sflow-v2', 'crafted__sflow-v4', 'crafted__sflow-v2v4-sampled-ip'];
const exporter = exporterRefFor('198.51.100.1');
const none = (): void => {};

function payloads(name: string): Uint8Array[] {
  return readSflowCapture(join(SFLOW_FIXTURES, `${name}.pcap`)).map((d) => d.payload);
}

function words(...values: number[]): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => view.setUint32(4 * i, v >>> 0));
  return out;
}

/** A v4 datagram from 192.0.2.1 carrying `samples` (already encoded as words). */
function v4(sampleCount: number, ...sampleWords: number[]): Uint8Array {
  return words(4, 1, 0xc0000201, 9, 100, sampleCount, ...sampleWords);
}

/** A v4 flow sample with a sampled IPv4 record (10.0.0.1 -> 10.0.0.2 UDP 1 -> 2) and `extended` words. */
function sampledFlow(extendedCount: number, ...extended: number[]): number[] {
  return [1, 1, 3, 100, 1000, 0, 5, 6, 2, 64, 17, 0x0a000001, 0x0a000002, 1, 2, 0, 0, extendedCount, ...extended];
}

describe('sFlow v2/v4', () => {
  it('datagram identity: version, agent, sequence, sub-agent 0', () => {
    const decoder = new SflowDecoder();
    const seen: string[] = [];
    const take = (rec: FlowRecord): void => {
      seen.push(`${rec.exportProtoVersion} ${ipText(rec.peerSrcIp.family, rec.peerSrcIp.bytes)} ${rec.exportProtoSeqno} ${rec.exportProtoSysid}`);
    };
    for (const name of CAPTURES) for (const p of payloads(name)) assert.equal(decoder.decode(p, exporter, 0, 0, take).malformed, null);
    assert.deepEqual([...new Set(seen)], [
      '2 192.0.2.42 500 0', '2 192.0.2.42 501 0',
      '4 192.0.2.41 1000 0', '4 192.0.2.41 1001 0', '4 2001:db8::41 7 0',
      '4 192.0.2.43 20 0', '2 192.0.2.44 30 0',
    ]);
    const stats = decoder.stats.get('192.0.2.41/0');
    assert.ok(stats);
    assert.equal(stats.datagrams, 2);
    assert.equal(stats.flowSamples, 5);
    assert.equal(stats.counterSamples, 3);
    assert.equal(stats.sequenceGaps, 0);
  });

  it('counter samples: generic, Ethernet (one block), VLAN; other versions skipped by their size', () => {
    const decoder = new SflowDecoder();
    const seen: string[] = [];
    for (const p of payloads('crafted__sflow-v4')) {
      decoder.decode(p, exporter, 0, 0, none, (c) => {
        seen.push(`${c.sequence}:${c.sourceIdIndex} g${Number(c.hasGeneric)} e${Number(c.hasEthernet)} v${Number(c.hasVlan)} blocks ${c.blockTags.slice(0, c.blockCount).join(',')}`);
      });
    }
    assert.deepEqual(seen, [
      '1:3 g1 e0 v0 blocks 1',
      '2:5 g1 e1 v0 blocks -2',
      '3:42 g0 e0 v1 blocks 5',
      '4:1 g1 e0 v0 blocks ',
      '5:2 g1 e0 v0 blocks ',
      '6:3 g1 e0 v0 blocks ',
      '7:4 g1 e0 v0 blocks ',
    ]);
  });

  it('a consumer error propagates (it is not a decoder fault)', () => {
    const decoder = new SflowDecoder();
    const [first] = payloads('crafted__sflow-v4');
    assert.ok(first);
    assert.throws(() => decoder.decode(first, exporter, 0, 0, () => { throw new Error('consumer'); }), /consumer/);
    assert.throws(() => decoder.decode(first, exporter, 0, 0, none, () => { throw new Error('counters'); }), /counters/);
  });

  it('types outside the specification end the datagram, counted', () => {
    const decoder = new SflowDecoder();
    const records: number[] = [];
    const take = (rec: FlowRecord): void => {
      records.push(rec.srcPort);
    };
    // A good sample, then an unknown sample type: one record, then the rest is unreadable.
    let outcome = decoder.decode(v4(2, ...sampledFlow(0), 9, 1, 2, 3), exporter, 0, 0, take);
    assert.equal(outcome.records, 1);
    assert.equal(outcome.malformed, 'unknownV2V4Format');
    // Unknown packet data type; unknown extended type; unknown counters version.
    const badData = sampledFlow(0);
    badData[8] = 4;
    assert.equal(decoder.decode(v4(1, ...badData), exporter, 0, 0, take).malformed, 'unknownV2V4Format');
    assert.equal(decoder.decode(v4(1, ...sampledFlow(1, 6, 0, 0)), exporter, 0, 0, take).malformed, 'unknownV2V4Format');
    assert.equal(decoder.decode(v4(1, 2, 1, 3, 30, 8, ...new Array<number>(30).fill(0)), exporter, 0, 0, take).malformed, 'unknownV2V4Format');
    // Versions other than 2, 4, 5 are refused before any agent is known.
    outcome = decoder.decode(words(3, 1, 0xc0000201, 9, 100, 0), exporter, 0, 0, take);
    assert.equal(outcome.malformed, 'unsupportedVersion');
    assert.deepEqual(records, [1]);
    const stats = decoder.stats.get('192.0.2.1/0');
    assert.ok(stats);
    assert.equal(stats.malformed.unknownV2V4Format, 4);
  });

  it('extended user and URL records are skipped by their strings', () => {
    const decoder = new SflowDecoder();
    // user "ab" / "" then URL direction 1 "xyz", then a switch record still read.
    const sample = sampledFlow(3, 4, 2, 0x61620000, 0, 5, 1, 3, 0x78797a00, 1, 7, 0, 0, 0);
    let vlan = -1;
    const outcome = decoder.decode(v4(1, ...sample), exporter, 0, 0, (rec) => {
      vlan = rec.vlan;
    });
    assert.equal(outcome.malformed, null);
    assert.equal(vlan, 7);
  });

  it('every truncation of every v2/v4 datagram is counted, never thrown', () => {
    const decoder = new SflowDecoder();
    let partial = 0;
    for (const name of CAPTURES) {
      for (const p of payloads(name)) {
        for (let cut = 0; cut < p.length; cut++) {
          const outcome = decoder.decode(p.subarray(0, cut), exporter, 0, 0, none, none);
          assert.notEqual(outcome.malformed, null, `${name} cut at ${cut}`);
          assert.notEqual(outcome.malformed, 'decoderFault');
          if (outcome.status !== 0) partial++;
        }
      }
    }
    assert.ok(partial > 1000);
  });

  it('survives 30,000 mutated v2/v4 datagrams', () => {
    const all = CAPTURES.flatMap(payloads);
    const random = seededRandom(0x2424);
    const pick = (n: number): number => Math.floor(random() * n);
    const decoder = new SflowDecoder({ maxAgents: 1024 });
    let records = 0;
    let rejected = 0;
    for (let i = 0; i < 30_000; i++) {
      const b = all[pick(all.length)]!.slice();
      const view = new DataView(b.buffer);
      const words32 = b.length >>> 2;
      for (let n = 1 + pick(3); n > 0; n--) {
        const at = 4 + 4 * pick(words32 - 1);
        const r = random();
        if (r < 0.4) view.setUint32(at, [0, 1, 2, 3, 4, 5, 7, 8, 0x7fffffff, 0xffffffff, b.length][pick(11)]!);
        else if (r < 0.8) b[at + pick(4)] = pick(256);
        else view.setUint32(at, pick(0x100000000));
      }
      const cut = random() < 0.2 ? pick(b.length) : b.length;
      const outcome = decoder.decode(b.subarray(0, cut), exporter, 0, 0, (rec) => {
        records++;
        assert.equal(rec.packets, 1);
        assert.ok([2, 4].includes(rec.exportProtoVersion));
        assert.ok(rec.vlan <= 0xffff && rec.cos <= 0xff && rec.srcPort <= 0xffff && rec.dstPort <= 0xffff);
      }, none);
      assert.notEqual(outcome.malformed, 'decoderFault');
      if (outcome.status !== 0) rejected++;
    }
    assert.ok(records > 10_000, `records ${records}`);
    assert.ok(rejected > 1_000, `rejected ${rejected}`);
  });
});
