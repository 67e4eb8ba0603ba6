/**
 * Malformed and hostile datagrams: each is counted under its kind, decoding
 * keeps what came before the damage, and nothing throws.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DECODE_OK, DECODE_PARTIAL, DECODE_REJECTED } from '../../../src/decode/netflow/decodeOutcome.ts';
import { concat, dataSet, ip4, ipfixMessage, optionsTemplateSetV9, set, templateSet, u16, u32, v5Packet, v9Packet, type V5Record } from './datagramBuilder.ts';
import { Harness } from './decoderHarness.ts';

const TPL = { id: 256, fields: [{ id: 8, length: 4 }, { id: 12, length: 4 }, { id: 1, length: 4 }] };
const flow = concat(ip4('10.0.0.1'), ip4('10.0.0.2'), u32(1));
const ipfix = (sets: Uint8Array[]): Uint8Array => ipfixMessage({ exportTime: 1, sequence: 0, domainId: 0 }, sets);
const rec: V5Record = { src: '10.0.0.1', dst: '10.0.0.2', nextHop: '0.0.0.0', input: 1, output: 2, packets: 1, bytes: 64, firstMs: 0, lastMs: 0, srcPort: 1, dstPort: 2, tcpFlags: 0, proto: 17, tos: 0, srcAs: 0, dstAs: 0, srcMask: 0, dstMask: 0 };

describe('malformed datagrams are counted, never thrown', () => {
  it('too short to hold a version or a header', () => {
    const h = new Harness();
    for (const p of [new Uint8Array(0), Uint8Array.of(0), Uint8Array.of(0, 5, 0, 1), Uint8Array.of(0, 9, 0, 0, 0), Uint8Array.of(0, 10)]) {
      const out = h.feed(p);
      assert.equal(out.status, DECODE_REJECTED);
      assert.equal(out.malformed, 'shortHeader');
    }
    assert.equal(h.stats().malformed.shortHeader, 5);
    assert.equal(h.stats().datagrams, 5);
  });

  it('versions other than 5, 9 and 10 (pmacct 1.7.7 drops v1, v7 and v8 too)', () => {
    const h = new Harness();
    for (const v of [1, 7, 8, 11, 0xffff]) assert.equal(h.feed(concat(u16(v), new Uint8Array(60))).malformed, 'unsupportedVersion');
  });

  it('NetFlow v5 whose length does not match its count is dropped whole, as pmacct does', () => {
    const h = new Harness();
    const good = v5Packet({ sysUptimeMs: 0, unixSecs: 0, unixNsecs: 0, sequence: 0, engineType: 0, engineId: 0, sampling: 0 }, [rec, rec]);
    assert.equal(h.feed(good.subarray(0, good.length - 1)).malformed, 'v5LengthMismatch');
    assert.equal(h.feed(concat(good, Uint8Array.of(0))).malformed, 'v5LengthMismatch');
    const tooMany = good.slice();
    tooMany[3] = 31;
    assert.equal(h.feed(tooMany).malformed, 'v5LengthMismatch');
    assert.equal(h.take().length, 0);
    assert.equal(h.feed(good).status, DECODE_OK);
    assert.equal(h.take().length, 2);
  });

  it('set headers and lengths that lie', () => {
    const h = new Harness();
    const header = ipfix([templateSet(2, [TPL])]);
    const cases: [Uint8Array, string][] = [
      [concat(header, u16(256), u16(2)), 'setLengthInvalid'],
      [concat(header, u16(256), u16(400), flow), 'setLengthInvalid'],
      [concat(header, u16(256)), 'setHeaderTruncated'],
    ];
    for (const [payload, kind] of cases) {
      payload[2] = payload.length >> 8;
      payload[3] = payload.length & 0xff;
      const out = h.feed(payload);
      assert.equal(out.status, DECODE_PARTIAL);
      assert.equal(out.malformed, kind);
    }
  });

  it('an IPFIX length field differing from the datagram: extra bytes ignored, a short message decoded as far as it goes', () => {
    const h = new Harness();
    const msg = ipfix([templateSet(2, [TPL]), dataSet(256, [flow])]);
    const out = h.feed(concat(msg, Uint8Array.of(0xde, 0xad, 0xbe, 0xef)));
    assert.equal(out.malformed, 'ipfixLengthMismatch');
    assert.equal(h.take().length, 1);
  });

  it('bad options templates: zero scopes in IPFIX, v9 lengths not multiple of 4', () => {
    const h = new Harness();
    assert.equal(h.feed(ipfix([set(3, concat(u16(300), u16(1), u16(0), u16(8), u16(4)))])).malformed, 'templateInvalid');
    assert.equal(h.feed(ipfix([set(3, concat(u16(300), u16(1), u16(2), u16(8), u16(4)))])).malformed, 'templateInvalid');
    const v9 = v9Packet({ sysUptimeMs: 0, unixSecs: 0, sequence: 0, sourceId: 0, count: 1 }, [set(1, concat(u16(300), u16(3), u16(4), u16(1), u16(4), u16(8), u16(4)))]);
    assert.equal(h.feed(v9).malformed, 'templateInvalid');
    const fine = v9Packet({ sysUptimeMs: 0, unixSecs: 0, sequence: 0, sourceId: 0, count: 1 }, [optionsTemplateSetV9(300, [{ id: 1, length: 4 }], [{ id: 48, length: 1 }])]);
    assert.equal(h.feed(fine).status, DECODE_OK);
  });

  it('templates announcing absurd field counts', () => {
    const h = new Harness();
    assert.equal(h.feed(ipfix([set(2, concat(u16(256), u16(65535), u16(8), u16(4)))])).malformed, 'templateTooManyFields');
    assert.equal(h.feed(ipfix([set(2, concat(u16(256), u16(200), u16(8), u16(4)))])).malformed, 'templateTruncated');
  });

  it('per-exporter domain limit and global exporter limit', () => {
    const h = new Harness({ maxDomainsPerExporter: 2, maxExporters: 2 });
    for (const d of [1, 2]) assert.equal(h.feed(ipfixMessage({ exportTime: 0, sequence: 0, domainId: d }, [])).status, DECODE_OK);
    assert.equal(h.feed(ipfixMessage({ exportTime: 0, sequence: 0, domainId: 3 }, [])).malformed, 'limitExceeded');
    h.feed(ipfix([]), '192.0.2.2');
    assert.equal(h.feed(ipfix([]), '192.0.2.3').malformed, 'limitExceeded');
    assert.equal(h.decoder.rejectedForExporterLimit, 1);
  });

  it('an exception thrown by the consumer is the consumer\'s', () => {
    const h = new Harness();
    const msg = ipfix([templateSet(2, [TPL]), dataSet(256, [flow])]);
    assert.throws(() => h.decoder.decode(msg, { key: 'x', family: 4, address: new Uint8Array(16) }, 0, 0, () => {
      throw new Error('consumer failed');
    }), /consumer failed/);
  });
});
