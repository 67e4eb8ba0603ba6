/**
 * Robustness: 120,000 datagrams derived from the real sFlow captures by
 * seeded random mutations (flipped bytes, rewritten length/count fields,
 * truncation, splicing, random tails) go through one long-lived decoder.
 * None may throw; every emitted record and counter sample must hold sane
 * values; malformed input must be counted.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { SflowDecoder } from '../../../src/decode/sflow/sflowDecoder.ts';
import { exporterRefFor } from '../../../src/model/exporterRef.ts';
import type { FlowRecord } from '../../../src/model/flowRecord.ts';
import { seededRandom } from '../../../src/plugins/seededRandom.ts';
import { readSflowCapture, SFLOW_FIXTURES } from './sflowCapture.ts';

const ITERATIONS = 120_000;
/** Interesting values for 32-bit length/count/tag fields. */
const EDGE_U32 = [0, 1, 2, 3, 4, 7, 8, 16, 0xff, 0x100, 0xffff, 0x3fffffff, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff];

function seeds(): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const f of readdirSync(SFLOW_FIXTURES).filter((n) => n.endsWith('.pcap')).sort()) {
    // The large captures repeat themselves; a few datagrams of each suffice.
    for (const d of readSflowCapture(join(SFLOW_FIXTURES, f)).slice(0, 40)) out.push(d.payload);
  }
  return out;
}

function mutate(src: Uint8Array, all: Uint8Array[], rnd: () => number): Uint8Array {
  const pick = (n: number): number => Math.floor(rnd() * n);
  let b = src.slice();
  switch (pick(6)) {
    case 0:
      for (let i = 1 + pick(4); i > 0; i--) b[pick(b.length)] = pick(256);
      break;
    case 1: {
      // a word on a 4-byte boundary (XDR fields) gets an edge value
      const at = pick(b.length >>> 2) << 2;
      const v = EDGE_U32[pick(EDGE_U32.length)]!;
      if (at + 4 <= b.length) new DataView(b.buffer, b.byteOffset).setUint32(at, v >>> 0);
      break;
    }
    case 2:
      b = b.subarray(0, pick(b.length + 1));
      break;
    case 3: {
      const other = all[pick(all.length)]!;
      const cut = pick(b.length);
      const from = pick(other.length);
      const spliced = new Uint8Array(cut + other.length - from);
      spliced.set(b.subarray(0, cut));
      spliced.set(other.subarray(from), cut);
      b = spliced;
      break;
    }
    case 4: {
      const tail = new Uint8Array(b.length + 1 + pick(64));
      tail.set(b);
      for (let i = b.length; i < tail.length; i++) tail[i] = pick(256);
      b = tail;
      break;
    }
    default:
      for (let i = 0; i < 8; i++) {
        const at = pick(b.length >>> 2) << 2;
        if (at + 4 <= b.length) new DataView(b.buffer, b.byteOffset).setUint32(at, pick(0x100000000));
      }
  }
  return b;
}

function checkRecord(rec: FlowRecord): void {
  assert.equal(rec.packets, 1);
  assert.ok(Number.isInteger(rec.bytes) && rec.bytes >= 0 && rec.bytes <= 0xffffffff);
  assert.ok(rec.vlan >= 0 && rec.vlan <= 0xffff);
  assert.ok(rec.cos >= 0 && rec.cos <= 0xff);
  assert.ok(rec.srcPort >= 0 && rec.srcPort <= 0xffff && rec.dstPort >= 0 && rec.dstPort <= 0xffff);
  assert.ok(rec.proto >= 0 && rec.proto <= 0xff && rec.tos >= 0 && rec.tos <= 0xff);
  assert.ok(rec.mplsStackDepth <= 16);
  assert.ok([2, 4, 5].includes(rec.exportProtoVersion));
}

describe('sFlow decoder robustness', () => {
  it(`survives ${ITERATIONS} mutated datagrams`, () => {
    const all = seeds();
    assert.ok(all.length > 50);
    const rnd = seededRandom(0x5f10);
    const decoder = new SflowDecoder({ maxAgents: 4096 });
    const exporter = exporterRefFor('192.0.2.1');
    let records = 0;
    let counters = 0;
    let rejected = 0;
    for (let i = 0; i < ITERATIONS; i++) {
      const src = all[Math.floor(rnd() * all.length)]!;
      const outcome = decoder.decode(
        mutate(src, all, rnd),
        exporter,
        1_700_000_000,
        0,
        (rec) => {
          records++;
          checkRecord(rec);
        },
        (c) => {
          counters++;
          assert.ok(c.agentAddressLength === 4 || c.agentAddressLength === 16);
        },
      );
      if (outcome.status !== 0) {
        rejected++;
        assert.notEqual(outcome.malformed, null);
      }
      assert.notEqual(outcome.malformed, 'decoderFault');
    }
    assert.ok(records > 10_000, `records ${records}`);
    assert.ok(counters > 1_000, `counters ${counters}`);
    assert.ok(rejected > 1_000, `rejected ${rejected}`);
    const malformed = [...decoder.stats.values()].reduce((n, s) => n + s.malformedTotal, 0);
    assert.ok(malformed > 0);
    assert.ok(decoder.statisticsLines().length > 0);
  });
});
