/**
 * Export sequence numbers per (exporter, domain): v5 counts flows, v9
 * datagrams, IPFIX data records; 32-bit wraparound, late datagrams and
 * exporter restarts; reporting only when sanity checks are enabled
 * (nfacctd_disable_checks: false), as pmacct logs "expecting flow ... but
 * received ..." only then.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ExporterStats } from '../../../src/decode/netflow/exporterStats.ts';
import { SEQUENCE_GAP, SEQUENCE_IN_ORDER, SEQUENCE_REORDERED, SEQUENCE_RESET, SequenceTracker } from '../../../src/decode/netflow/sequenceTracker.ts';
import { concat, dataSet, ip4, ipfixMessage, templateSet, u32, v5Packet, v9Packet, type V5Record } from './datagramBuilder.ts';
import { Harness } from './decoderHarness.ts';

const rec: V5Record = { src: '10.0.0.1', dst: '10.0.0.2', nextHop: '0.0.0.0', input: 1, output: 2, packets: 1, bytes: 64, firstMs: 0, lastMs: 0, srcPort: 1, dstPort: 2, tcpFlags: 0, proto: 17, tos: 0, srcAs: 0, dstAs: 0, srcMask: 0, dstMask: 0 };
const v5 = (sequence: number, records: number, engineId = 0): Uint8Array =>
  v5Packet({ sysUptimeMs: 0, unixSecs: 1700000000, unixNsecs: 0, sequence, engineType: 0, engineId, sampling: 0 }, Array<V5Record>(records).fill(rec));
const TPL = { id: 256, fields: [{ id: 8, length: 4 }, { id: 12, length: 4 }, { id: 1, length: 4 }] };
const flow = concat(ip4('10.0.0.1'), ip4('10.0.0.2'), u32(1));
const v9 = (sequence: number): Uint8Array => v9Packet({ sysUptimeMs: 0, unixSecs: 1700000000, sequence, sourceId: 1, count: 2 }, [templateSet(0, [TPL]), dataSet(256, [flow, flow, flow])]);
const ipfix = (sequence: number, records: number, domainId = 1): Uint8Array =>
  ipfixMessage({ exportTime: 1700000000, sequence, domainId }, [templateSet(2, [TPL]), dataSet(256, Array<Uint8Array>(records).fill(flow))]);

describe('SequenceTracker', () => {
  it('classifies in-order numbers, gaps, late datagrams and restarts, modulo 2^32', () => {
    const stats = new ExporterStats();
    const t = new SequenceTracker();
    assert.equal(t.check(0xfffffffe, stats), SEQUENCE_IN_ORDER, 'first number primes the tracker');
    t.advance(0xfffffffe, 3, true);
    assert.equal(t.check(1, stats), SEQUENCE_IN_ORDER, 'wraps through 2^32');
    t.advance(1, 1, true);
    assert.equal(t.check(12, stats), SEQUENCE_GAP);
    t.advance(12, 1, true);
    assert.equal(t.check(5, stats), SEQUENCE_REORDERED);
    assert.equal(t.check(3000000000, stats), SEQUENCE_RESET);
    assert.deepEqual([stats.sequenceGaps, stats.sequenceLost, stats.sequenceReordered, stats.sequenceResets], [1, 10, 1, 1]);
  });

  it('does not judge the number after a datagram whose increment was unknown', () => {
    const stats = new ExporterStats();
    const t = new SequenceTracker();
    t.check(100, stats);
    t.advance(100, 4, false);
    assert.equal(t.check(999, stats), SEQUENCE_IN_ORDER);
  });
});

describe('sequence checks per protocol', () => {
  it('NetFlow v5 counts flows, per engine', () => {
    const h = new Harness({ disableChecks: false });
    assert.equal(h.feed(v5(100, 3)).sequenceMismatch, false);
    assert.equal(h.feed(v5(103, 2)).sequenceMismatch, false);
    assert.equal(h.feed(v5(7, 1, 9)).sequenceMismatch, false, 'another engine has its own numbering');
    const out = h.feed(v5(110, 1));
    assert.equal(out.sequenceMismatch, true);
    assert.deepEqual([out.sequenceExpected, out.sequenceReceived], [105, 110]);
    assert.equal(h.stats().sequenceLost, 5);
  });

  it('NetFlow v9 counts datagrams', () => {
    const h = new Harness({ disableChecks: false });
    h.feed(v9(41));
    assert.equal(h.feed(v9(42)).sequenceMismatch, false);
    assert.equal(h.feed(v9(44)).sequenceMismatch, true);
    assert.equal(h.stats().sequenceGaps, 1);
    assert.equal(h.stats().sequenceLost, 1);
  });

  it('IPFIX counts data records', () => {
    const h = new Harness({ disableChecks: false });
    h.feed(ipfix(1000, 3));
    assert.equal(h.feed(ipfix(1003, 5)).sequenceMismatch, false);
    assert.equal(h.feed(ipfix(1008, 1, 2)).sequenceMismatch, false, 'another domain has its own numbering');
    assert.equal(h.feed(ipfix(1010, 1)).sequenceMismatch, true);
    assert.equal(h.stats().sequenceLost, 2);
  });

  it('counts but does not report mismatches with nfacctd_disable_checks (the default)', () => {
    const h = new Harness();
    h.feed(v9(1));
    assert.equal(h.feed(v9(5)).sequenceMismatch, false);
    assert.equal(h.stats().sequenceGaps, 1);
  });
});
