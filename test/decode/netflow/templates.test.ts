/**
 * Template handling in NetFlow v9 and IPFIX: ordering inside a datagram,
 * scoping by exporter and observation domain, withdrawals, refreshes,
 * variable-length and enterprise fields, padding, invalid templates.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DECODE_OK, DECODE_PARTIAL } from '../../../src/decode/netflow/decodeOutcome.ts';
import { concat, dataSet, ipfixMessage, ip4, optionsTemplateSetIpfix, set, templateSet, u16, u32, u8, v9Packet, varLen, type Bytes, type FieldSpec, type TemplateSpec } from './datagramBuilder.ts';
import { Harness } from './decoderHarness.ts';

const F = (id: number, length: number, pen?: number): FieldSpec => (pen === undefined ? { id, length } : { id, length, pen });
/** srcIPv4, dstIPv4, srcPort, dstPort, protocol, octets, packets. */
const BASIC: TemplateSpec = { id: 256, fields: [F(8, 4), F(12, 4), F(7, 2), F(11, 2), F(4, 1), F(1, 4), F(2, 4)] };
const basicRecord = (src: string, bytes: number): Bytes => concat(ip4(src), ip4('10.255.0.1'), u16(1000), u16(80), u8(6), u32(bytes), u32(1));
const ipfix = (sets: Bytes[], domainId = 1, sequence = 0): Bytes => ipfixMessage({ exportTime: 1700000000, sequence, domainId }, sets);

describe('template order and scope', () => {
  it('uses a template defined earlier in the same datagram', () => {
    const h = new Harness();
    const outcome = h.feed(ipfix([templateSet(2, [BASIC]), dataSet(256, [basicRecord('10.0.0.1', 100), basicRecord('10.0.0.2', 200)])]));
    assert.equal(outcome.status, DECODE_OK);
    assert.deepEqual(h.take().map((r) => [r.src, r.bytes]), [['10.0.0.1', 100], ['10.0.0.2', 200]]);
  });

  it('counts data before its template as a template miss, and decodes it once the template is known', () => {
    const h = new Harness();
    const data = dataSet(256, [basicRecord('10.0.0.1', 100)]);
    const first = h.feed(ipfix([data, templateSet(2, [BASIC])]));
    assert.equal(first.templateMisses, 1);
    assert.equal(first.status, DECODE_OK);
    assert.equal(h.take().length, 0);
    assert.equal(h.stats().templateMisses, 1);
    h.feed(ipfix([data]));
    assert.equal(h.take().length, 1);
  });

  it('keeps templates apart per exporter and per observation domain', () => {
    const h = new Harness();
    const other: TemplateSpec = { id: 256, fields: [F(12, 4), F(8, 4), F(1, 4)] };
    h.feed(ipfix([templateSet(2, [BASIC])], 1), '192.0.2.1');
    h.feed(ipfix([templateSet(2, [other])], 1), '192.0.2.2');
    h.feed(ipfix([templateSet(2, [other])], 2), '192.0.2.1');
    h.feed(ipfix([dataSet(256, [basicRecord('10.0.0.1', 100)])], 1), '192.0.2.1');
    h.feed(ipfix([dataSet(256, [concat(ip4('10.9.9.9'), ip4('10.0.0.2'), u32(7))])], 1), '192.0.2.2');
    h.feed(ipfix([dataSet(256, [concat(ip4('10.9.9.8'), ip4('10.0.0.3'), u32(8))])], 2), '192.0.2.1');
    assert.deepEqual(h.take().map((r) => [r.src, r.dst, r.bytes, r.peerSrcIp]), [
      ['10.0.0.1', '10.255.0.1', 100, '192.0.2.1'],
      ['10.0.0.2', '10.9.9.9', 7, '192.0.2.2'],
      ['10.0.0.3', '10.9.9.8', 8, '192.0.2.1'],
    ]);
  });

  it('withdraws one template (field count 0) and all templates (template id = set id)', () => {
    const h = new Harness();
    const second: TemplateSpec = { ...BASIC, id: 257 };
    h.feed(ipfix([templateSet(2, [BASIC, second]), optionsTemplateSetIpfix(300, [F(144, 4)], [F(130, 4)])]));
    assert.equal(h.stats().templates, 3);
    h.feed(ipfix([set(2, concat(u16(256), u16(0)))]));
    assert.equal(h.stats().templates, 2);
    assert.equal(h.feed(ipfix([dataSet(256, [basicRecord('10.0.0.1', 1)])])).templateMisses, 1);
    h.feed(ipfix([dataSet(257, [basicRecord('10.0.0.1', 1)])]));
    assert.equal(h.take().length, 1);
    h.feed(ipfix([set(2, concat(u16(2), u16(0)))]));
    assert.equal(h.stats().templates, 1, 'the options template stays');
    assert.equal(h.stats().templateWithdrawals, 2);
    assert.equal(h.feed(ipfix([dataSet(257, [basicRecord('10.0.0.1', 1)])])).templateMisses, 1);
  });

  it('keeps the compiled template when it is announced again unchanged, replaces it when it changes', () => {
    const h = new Harness();
    h.feed(ipfix([templateSet(2, [BASIC])]));
    h.feed(ipfix([templateSet(2, [BASIC]), dataSet(256, [basicRecord('10.0.0.1', 1)])]));
    h.feed(ipfix([templateSet(2, [{ id: 256, fields: [F(8, 4), F(1, 8)] }]), dataSet(256, [concat(ip4('10.0.0.9'), u32(0), u32(5))])]));
    assert.deepEqual(h.take().map((r) => [r.src, r.bytes]), [['10.0.0.1', 1], ['10.0.0.9', 5]]);
    assert.equal(h.stats().templates, 1);
    assert.equal(h.stats().templateUpdates, 3);
  });
});

describe('field encodings', () => {
  it('reads variable-length fields with one- and three-byte lengths, and the fields after them', () => {
    const h = new Harness();
    h.rawFields = [[0, 82], [29305, 82]];
    const tpl: TemplateSpec = { id: 400, fields: [F(8, 4), F(82, 0xffff), F(12, 4), F(82, 0xffff, 29305), F(1, 4)] };
    const long = new Uint8Array(300).fill(0x61);
    const rec1 = concat(ip4('10.0.0.1'), varLen(Uint8Array.from([0x65, 0x74, 0x68, 0x30])), ip4('10.0.0.2'), varLen(long), u32(10));
    const rec2 = concat(ip4('10.0.0.3'), varLen(new Uint8Array(0)), ip4('10.0.0.4'), varLen(Uint8Array.of(1), true), u32(20));
    const outcome = h.feed(ipfix([templateSet(2, [tpl]), dataSet(400, [rec1, rec2], 3)]));
    assert.equal(outcome.status, DECODE_OK);
    const got = h.take();
    assert.deepEqual(got.map((r) => [r.src, r.dst, r.bytes]), [['10.0.0.1', '10.0.0.2', 10], ['10.0.0.3', '10.0.0.4', 20]]);
    assert.equal(Buffer.from(got[0]!.raw.get('0:82')!).toString(), 'eth0');
    assert.equal(got[0]!.raw.get('29305:82')!.length, 300);
    assert.equal(got[1]!.raw.get('0:82')!.length, 0);
    assert.deepEqual([...got[1]!.raw.get('29305:82')!], [1]);
  });

  it('stops at a variable length running past its set and counts it', () => {
    const h = new Harness();
    const tpl: TemplateSpec = { id: 400, fields: [F(8, 4), F(82, 0xffff)] };
    const rec = concat(ip4('10.0.0.1'), u8(40), new Uint8Array(10));
    const outcome = h.feed(ipfix([templateSet(2, [tpl]), dataSet(400, [rec])]));
    assert.equal(outcome.status, DECODE_PARTIAL);
    assert.equal(outcome.malformed, 'variableLengthOverrun');
    assert.equal(h.stats().malformed.variableLengthOverrun, 1);
    assert.equal(h.take().length, 0);
  });

  it('keeps enterprise fields in the template so records decode and their bytes can be read', () => {
    const h = new Harness();
    h.rawFields = [[9, 12235], [6871, 40]];
    const tpl: TemplateSpec = { id: 500, fields: [F(12235, 6, 9), F(8, 4), F(40, 2, 6871), F(12, 4), F(1, 4)] };
    const rec = concat(Uint8Array.of(1, 2, 3, 4, 5, 6), ip4('10.0.0.1'), u16(0xbeef), ip4('10.0.0.2'), u32(33));
    h.feed(ipfix([templateSet(2, [tpl]), dataSet(500, [rec])]));
    const [r] = h.take();
    assert.equal(r!.src, '10.0.0.1');
    assert.equal(r!.dst, '10.0.0.2');
    assert.equal(r!.bytes, 33);
    assert.deepEqual([...r!.raw.get('9:12235')!], [1, 2, 3, 4, 5, 6]);
    assert.deepEqual([...r!.raw.get('6871:40')!], [0xbe, 0xef]);
  });

  it('skips zero padding at the end of template, data and v9 flowsets', () => {
    const h = new Harness();
    const out = h.feed(ipfix([templateSet(2, [BASIC], 4), dataSet(256, [basicRecord('10.0.0.1', 1)], 3)]));
    assert.equal(out.status, DECODE_OK);
    assert.equal(h.take().length, 1);
    const v9 = v9Packet({ sysUptimeMs: 1000, unixSecs: 1700000000, sequence: 1, sourceId: 0, count: 2 }, [
      templateSet(0, [BASIC], 2),
      dataSet(256, [basicRecord('10.0.0.2', 2)], 1),
    ]);
    assert.equal(h.feed(v9, '192.0.2.9').status, DECODE_OK);
    assert.equal(h.take().length, 1);
  });

  it('reads a 2-byte tcpControlBits whole (pmacct 1.7.7 reads it as 0)', () => {
    const h = new Harness();
    const tpl: TemplateSpec = { id: 600, fields: [F(8, 4), F(12, 4), F(6, 2), F(1, 4)] };
    h.feed(ipfix([templateSet(2, [tpl]), dataSet(600, [concat(ip4('10.0.0.1'), ip4('10.0.0.2'), u16(0x0112), u32(1))])]));
    assert.equal(h.take()[0]!.tcpFlags, 0x112);
  });
});

describe('invalid templates', () => {
  it('counts a template id below 256 and goes on with the next template of the set', () => {
    const h = new Harness();
    const out = h.feed(ipfix([templateSet(2, [{ ...BASIC, id: 17 }, BASIC]), dataSet(256, [basicRecord('10.0.0.1', 1)])]));
    assert.equal(out.malformed, 'templateInvalid');
    assert.equal(h.stats().malformed.templateInvalid, 1);
    assert.equal(h.take().length, 1);
  });

  it('counts a v9 template without fields', () => {
    const h = new Harness();
    const p = v9Packet({ sysUptimeMs: 0, unixSecs: 0, sequence: 0, sourceId: 0, count: 1 }, [set(0, concat(u16(300), u16(0)))]);
    assert.equal(h.feed(p).malformed, 'templateInvalid');
  });

  it('refuses a template whose record would be empty', () => {
    const h = new Harness();
    const out = h.feed(ipfix([templateSet(2, [{ id: 700, fields: [F(8, 0), F(12, 0)] }]), dataSet(700, [new Uint8Array(8)])]));
    assert.equal(out.malformed, 'templateZeroLength');
    assert.equal(out.templateMisses, 1);
  });

  it('counts a template running past its set', () => {
    const h = new Harness();
    const body = concat(u16(256), u16(5), u16(8), u16(4));
    assert.equal(h.feed(ipfix([set(2, body)])).malformed, 'templateTruncated');
  });

  it('expires templates not announced since a given time', () => {
    const h = new Harness();
    h.feed(ipfix([templateSet(2, [BASIC])]), '192.0.2.1', 1000);
    h.feed(ipfix([templateSet(2, [BASIC])]), '192.0.2.2', 2000);
    assert.equal(h.decoder.templateCount, 2);
    assert.equal(h.decoder.expireTemplates(1500), 1);
    assert.equal(h.decoder.templateCount, 1);
    assert.equal(h.feed(ipfix([dataSet(256, [basicRecord('10.0.0.1', 1)])]), '192.0.2.1').templateMisses, 1);
    assert.equal(h.feed(ipfix([dataSet(256, [basicRecord('10.0.0.1', 1)])]), '192.0.2.2').templateMisses, 0);
  });

  it('bounds the templates kept across all exporters', () => {
    const h = new Harness({ maxTemplatesTotal: 2 });
    h.feed(ipfix([templateSet(2, [BASIC])]), '192.0.2.1');
    h.feed(ipfix([templateSet(2, [BASIC])]), '192.0.2.2');
    assert.equal(h.feed(ipfix([templateSet(2, [BASIC])]), '192.0.2.3').malformed, 'limitExceeded');
    h.decoder.forgetExporter('192.0.2.1');
    assert.equal(h.feed(ipfix([templateSet(2, [BASIC])]), '192.0.2.3').malformed, null);
  });

  it('enforces the per-exporter template limit', () => {
    const h = new Harness({ maxTemplatesPerExporter: 2 });
    const out = h.feed(ipfix([templateSet(2, [BASIC, { ...BASIC, id: 257 }, { ...BASIC, id: 258 }])]));
    assert.equal(out.malformed, 'limitExceeded');
    assert.equal(h.stats().templates, 2);
  });
});
