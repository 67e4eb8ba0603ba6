/**
 * Options templates and records: sampling rates by sampler id (v9 system
 * scope, IPFIX observation domain scope, RFC 5476 packet interval/space),
 * inline sampling intervals, the exporter address option, and
 * nfacctd_account_options. Expectations follow pmacct 1.7.7's lookups
 * (NF_sampling_rate_handler and the options branch of process_v9_packet);
 * the crafted__v9-nat-sampling-uptime and akvorado__*sampling* references
 * check the same against the binary.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { concat, dataSet, ip4, ipfixMessage, optionsTemplateSetIpfix, optionsTemplateSetV9, templateSet, u16, u32, u8, v9Packet, type Bytes, type FieldSpec } from './datagramBuilder.ts';
import { Harness } from './decoderHarness.ts';

const F = (id: number, length: number): FieldSpec => ({ id, length });
const v9 = (sourceId: number, flowsets: Bytes[], sequence = 0): Bytes =>
  v9Packet({ sysUptimeMs: 1000, unixSecs: 1700000000, sequence, sourceId, count: flowsets.length }, flowsets);
const ipfix = (domainId: number, sets: Bytes[]): Bytes => ipfixMessage({ exportTime: 1700000000, sequence: 0, domainId }, sets);
const WITH_SAMPLER = { id: 256, fields: [F(8, 4), F(12, 4), F(1, 4), F(2, 4), F(48, 2)] };
const PLAIN = { id: 257, fields: [F(8, 4), F(12, 4), F(1, 4), F(2, 4)] };
const withSampler = (src: string, id: number): Bytes => concat(ip4(src), ip4('10.0.0.254'), u32(1000), u32(10), u16(id));
const plain = (src: string): Bytes => concat(ip4(src), ip4('10.0.0.254'), u32(1000), u32(10));

describe('sampling from options', () => {
  it('v9 system-scoped sampler definitions apply to every source id of the exporter', () => {
    const h = new Harness();
    h.feed(v9(0, [optionsTemplateSetV9(300, [F(1, 4)], [F(48, 2), F(50, 4)]), dataSet(300, [concat(u32(0), u16(7), u32(512)), concat(u32(0), u16(8), u32(64))], 2)]));
    h.feed(v9(42, [templateSet(0, [WITH_SAMPLER]), dataSet(256, [withSampler('10.0.0.1', 7), withSampler('10.0.0.2', 8), withSampler('10.0.0.3', 9)])]));
    assert.deepEqual(h.take().map((r) => r.samplingRate), [512, 64, 0]);
    assert.equal(h.stats().optionRecords, 2);
  });

  it('a record without sampler id takes sampler 0, or else the last sampler of its domain', () => {
    const h = new Harness();
    h.feed(v9(5, [optionsTemplateSetV9(300, [F(2, 4)], [F(48, 1), F(34, 4)]), dataSet(300, [concat(u32(1), u8(3), u32(30)), concat(u32(2), u8(4), u32(40))])]));
    h.feed(v9(5, [templateSet(0, [PLAIN, WITH_SAMPLER]), dataSet(257, [plain('10.0.0.1')]), dataSet(256, [withSampler('10.0.0.2', 0)])]));
    assert.deepEqual(h.take().map((r) => r.samplingRate), [40, 40]);
    // Another source id of the same exporter has no sampler of its own (and the options were not system-scoped).
    h.feed(v9(6, [templateSet(0, [PLAIN]), dataSet(257, [plain('10.0.0.3')])]));
    assert.deepEqual(h.take().map((r) => r.samplingRate), [0]);
  });

  it('IPFIX packet interval and space (RFC 5476) give 1 in (interval + space) / interval', () => {
    const h = new Harness();
    h.feed(ipfix(9, [optionsTemplateSetIpfix(300, [F(149, 4)], [F(305, 4), F(306, 4)]), dataSet(300, [concat(u32(9), u32(1), u32(9))])]));
    h.feed(ipfix(9, [templateSet(2, [PLAIN]), dataSet(257, [plain('10.0.0.1')])]));
    assert.equal(h.take()[0]!.samplingRate, 10);
  });

  it('an inline samplingInterval is the rate; samplerRandomInterval overrides it', () => {
    const h = new Harness();
    const tpl = { id: 258, fields: [F(8, 4), F(12, 4), F(1, 4), F(34, 2)] };
    const tpl2 = { id: 259, fields: [F(8, 4), F(12, 4), F(1, 4), F(34, 4), F(50, 2)] };
    h.feed(ipfix(1, [templateSet(2, [tpl, tpl2]), dataSet(258, [concat(ip4('10.0.0.1'), ip4('10.0.0.2'), u32(1), u16(100))]), dataSet(259, [concat(ip4('10.0.0.1'), ip4('10.0.0.2'), u32(1), u32(100), u16(200))])]));
    assert.deepEqual(h.take().map((r) => r.samplingRate), [100, 200]);
  });
});

describe('exporter address and accounted options', () => {
  it('an IPFIX exporterIPv4Address option becomes peer_src_ip for its domain only', () => {
    const h = new Harness();
    h.feed(ipfix(1, [optionsTemplateSetIpfix(300, [F(144, 4)], [F(130, 4)]), dataSet(300, [concat(u32(1), ip4('203.0.113.7'))]), templateSet(2, [PLAIN])]));
    h.feed(ipfix(1, [dataSet(257, [plain('10.0.0.1')])]));
    h.feed(ipfix(2, [templateSet(2, [PLAIN]), dataSet(257, [plain('10.0.0.2')])]));
    assert.deepEqual(h.take().map((r) => r.peerSrcIp), ['203.0.113.7', '192.0.2.1']);
  });

  it('a v9 system-scoped exporter address is not used for peer_src_ip, as in pmacct 1.7.7', () => {
    const h = new Harness();
    h.feed(v9(0, [optionsTemplateSetV9(300, [F(1, 4)], [F(130, 4)]), dataSet(300, [concat(u32(0), ip4('203.0.113.7'))]), templateSet(0, [PLAIN]), dataSet(257, [plain('10.0.0.1')])]));
    assert.deepEqual(h.take().map((r) => r.peerSrcIp), ['192.0.2.1']);
  });

  it('with nfacctd_account_options, options records are emitted as events', () => {
    const h = new Harness({ accountOptions: true });
    h.feed(ipfix(1, [optionsTemplateSetIpfix(300, [F(144, 4)], [F(8, 4), F(305, 4), F(306, 4)]), dataSet(300, [concat(u32(1), ip4('10.1.1.1'), u32(1), u32(99))])]));
    const [r] = h.take();
    assert.equal(r!.src, '10.1.1.1');
    assert.equal(r!.isEvent, true);
  });
});
