/**
 * Robustness: 100,000 datagrams derived from the real captures by seeded
 * random mutations (flipped bytes, rewritten length and count fields,
 * truncation, splicing, random tails) go through one long-lived decoder.
 * None may throw; every datagram must be decoded or counted as malformed;
 * every emitted record must hold sane values.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DECODE_OK } from '../../../src/decode/netflow/decodeOutcome.ts';
import { NetflowDecoder } from '../../../src/decode/netflow/netflowDecoder.ts';
import { exporterRefFor } from '../../../src/model/exporterRef.ts';
import type { FlowRecord } from '../../../src/model/flowRecord.ts';
import { CRAFTED_CAPTURES } from './craftedCaptures.ts';
import { NETFLOW_FIXTURES } from './fixturePaths.ts';
import { readUdpDatagrams } from './udpCapture.ts';
import { seededRandom } from '../../../src/plugins/seededRandom.ts';

const prng = seededRandom;

function seeds(): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const f of readdirSync(NETFLOW_FIXTURES).filter((n) => n.endsWith('.pcap')).sort()) {
    for (const d of readUdpDatagrams(join(NETFLOW_FIXTURES, f))) if (d.payload.length <= 4096) out.push(d.payload);
  }
  for (const build of Object.values(CRAFTED_CAPTURES)) for (const d of build()) out.push(d.payload);
  return out;
}

/** Interesting values to write into 16-bit length/count/id fields. */
const EDGE_U16 = [0, 1, 2, 3, 4, 5, 255, 256, 257, 0x7fff, 0x8000, 0xfffe, 0xffff];

function mutate(src: Uint8Array, all: Uint8Array[], rnd: () => number): Uint8Array {
  const pick = (n: number): number => Math.floor(rnd() * n);
  let b = src.slice();
  const kind = pick(7);
  if (kind === 0) {
    // flip a few random bytes
    for (let n = 1 + pick(8); n > 0 && b.length > 0; n--) b[pick(b.length)] = pick(256);
  } else if (kind === 1) {
    // rewrite 16-bit words where set ids, lengths, template ids and field counts live
    for (let n = 1 + pick(4); n > 0 && b.length > 1; n--) {
      const at = pick(b.length - 1) & ~1;
      const v = rnd() < 0.6 ? EDGE_U16[pick(EDGE_U16.length)]! : pick(65536);
      b[at] = v >> 8;
      b[at + 1] = v & 0xff;
    }
  } else if (kind === 2) {
    b = b.subarray(0, pick(b.length + 1)).slice();
  } else if (kind === 3) {
    // splice: head of one datagram, tail of another
    const other = all[pick(all.length)]!;
    const cut = pick(b.length + 1);
    const from = pick(other.length + 1);
    const out = new Uint8Array(cut + other.length - from);
    out.set(b.subarray(0, cut));
    out.set(other.subarray(from), cut);
    b = out;
  } else if (kind === 4) {
    // keep the header, randomise the rest
    const keep = Math.min(b.length, 16 + pick(8));
    const out = new Uint8Array(keep + pick(600));
    out.set(b.subarray(0, keep));
    for (let i = keep; i < out.length; i++) out[i] = pick(256);
    b = out;
  } else if (kind === 5) {
    // insert or delete a few bytes in the middle
    const at = pick(b.length + 1);
    const n = 1 + pick(6);
    if (rnd() < 0.5) {
      const out = new Uint8Array(b.length + n);
      out.set(b.subarray(0, at));
      for (let i = 0; i < n; i++) out[at + i] = pick(256);
      out.set(b.subarray(at), at + n);
      b = out;
    } else {
      const out = new Uint8Array(Math.max(0, b.length - n));
      out.set(b.subarray(0, at).subarray(0, out.length));
      if (at + n < b.length) out.set(b.subarray(at + n), at);
      b = out;
    }
  } else {
    // entirely random bytes behind a plausible version
    b = new Uint8Array(pick(1500));
    for (let i = 0; i < b.length; i++) b[i] = pick(256);
    if (b.length >= 2) {
      b[0] = 0;
      b[1] = [5, 9, 10][pick(3)]!;
    }
  }
  return b;
}

function checkRecord(rec: FlowRecord): void {
  for (const v of [rec.bytes, rec.packets, rec.flows, rec.srcPort, rec.dstPort, rec.inIface, rec.outIface, rec.timestampStart.sec, rec.timestampEnd.sec, rec.samplingRate, rec.srcAs, rec.dstAs]) {
    if (!Number.isFinite(v) || v < 0) throw new Error(`bad value ${v} in a record`);
  }
  for (const ip of [rec.srcHost, rec.dstHost, rec.bgpNextHop, rec.ipNextHop, rec.peerSrcIp, rec.postNatSrcHost, rec.postNatDstHost]) {
    if (ip.family !== 0 && ip.family !== 4 && ip.family !== 6) throw new Error(`bad family ${ip.family}`);
  }
}

describe('fuzzing with mutated real datagrams', () => {
  it('decodes or counts 100,000 mutated datagrams without throwing', () => {
    const all = seeds();
    assert.ok(all.length > 100, `only ${all.length} seed datagrams`);
    const rnd = prng(0x5eed1234);
    const decoder = new NetflowDecoder({ timeSecs: false, timeNew: false, disableChecks: false, accountOptions: true });
    const exporters = ['192.0.2.1', '192.0.2.2', '2001:db8::1'].map(exporterRefFor);
    let records = 0;
    let notOk = 0;
    const emit = (rec: FlowRecord): void => {
      checkRecord(rec);
      records++;
    };
    const N = 100_000;
    for (let i = 0; i < N; i++) {
      const seed = all[Math.floor(rnd() * all.length)]!;
      // One in four datagrams goes through intact so templates exist and data paths run.
      const payload = rnd() < 0.25 ? seed : mutate(seed, all, rnd);
      const out = decoder.decode(payload, exporters[i % exporters.length]!, 1700000000 + i, 0, emit);
      assert.notEqual(out.malformed, 'decoderFault', `decoder fault on datagram ${i}`);
      if (out.status !== DECODE_OK) {
        assert.notEqual(out.malformed, null, `datagram ${i}: not decoded and not counted`);
        notOk++;
      }
    }
    let malformed = 0;
    let datagrams = 0;
    for (const st of decoder.stats.values()) {
      malformed += st.malformedTotal;
      datagrams += st.datagrams;
      assert.equal(st.malformed.decoderFault, 0);
    }
    assert.equal(datagrams, N);
    assert.ok(malformed >= notOk, `${malformed} counted problems for ${notOk} failed datagrams`);
    assert.ok(records > 10_000, `only ${records} records decoded`);
  });
});
