/**
 * Hand-built export datagrams that pin down how pmacct 1.7.7 maps fields:
 * each capture was run through the nfacctd binary (see
 * test/fixtures/netflow/regenerate-pmacct-references.sh) and its output kept
 * beside it as crafted__*.pmacct-csv.out; the tests compare the decoder with
 * those files. Run this file to rewrite the captures:
 *
 *   node test/decode/netflow/craftedCaptures.ts
 */
import { join } from 'node:path';
import * as b from './datagramBuilder.ts';
import { NETFLOW_FIXTURES } from './fixturePaths.ts';
import { writeUdpPcap, type CraftedDatagram } from './udpCapture.ts';

const { u8, u16, u24, u32, u64, ip4, ip6, mac, concat, mplsEntry } = b;

/** Export time of every crafted datagram: 2023-11-14 22:13:20 UTC. */
export const CRAFTED_EXPORT_TIME = 1700000000;
const T = CRAFTED_EXPORT_TIME;
const F = (id: number, length: number): b.FieldSpec => ({ id, length });

/** One IPFIX template with most fields a record can fill (two records). */
function ipfixFields(): CraftedDatagram[] {
  const fields = [
    F(8, 4), F(12, 4), F(7, 2), F(11, 2), F(4, 1), F(5, 1), F(6, 2),
    F(10, 4), F(14, 4), F(16, 4), F(17, 4), F(9, 1), F(13, 1),
    F(15, 4), F(18, 4), F(1, 8), F(2, 8), F(3, 4),
    F(56, 6), F(80, 6), F(58, 2), F(244, 1), F(61, 1),
    F(152, 8), F(153, 8), F(70, 3), F(71, 3), F(72, 3),
    F(90, 8), F(249, 4), F(351, 8),
  ];
  const rec = (i: number): b.Bytes =>
    concat(
      ip4(`10.0.0.${i}`), ip4('192.168.1.2'), u16(12345), u16(80), u8(6), u8(184), u16(0x0012),
      u32(100), u32(200), u32(65001), u32(4200000001), u8(24), u8(16),
      ip4('10.9.9.9'), ip4('10.8.8.8'), u64(1500 * i), u64(i), u32(3),
      mac('00:11:22:33:44:55'), mac('66:77:88:99:aa:bb'), u16(42), u8(5), u8(1),
      u64(T * 1000 - 5123), u64(T * 1000 - 1456), mplsEntry(1000, 5, false), mplsEntry(2000, 0, false), mplsEntry(3000, 7, true),
      concat(u16(0), u16(65000), u32(100)), u32(77), concat(u8(1), new Uint8Array(4), u24(5000)),
    );
  const msg = b.ipfixMessage({ exportTime: T, sequence: 1000, domainId: 7 }, [b.templateSet(2, [{ id: 300, fields }]), b.dataSet(300, [rec(1), rec(2)])]);
  return [{ src: '192.0.2.10', payload: msg, tsSec: T }];
}

/** IPFIX time encodings, counter precedence, IPv4/IPv6 selection, records pmacct drops. */
function ipfixTimesIpVersions(): CraftedDatagram[] {
  const templates: b.TemplateSpec[] = [
    { id: 301, fields: [F(27, 16), F(28, 16), F(29, 1), F(30, 1), F(62, 16), F(63, 16), F(23, 4), F(24, 4), F(85, 8), F(86, 8), F(150, 4), F(151, 4), F(4, 1), F(139, 2), F(58, 2), F(59, 2), F(61, 1)] },
    { id: 302, fields: [F(8, 4), F(12, 4), F(21, 4), F(22, 4), F(4, 1), F(32, 2), F(1, 4), F(2, 4)] },
    { id: 303, fields: [F(8, 4), F(12, 4), F(21, 4), F(22, 4), F(160, 8), F(1, 4), F(2, 4)] },
    { id: 304, fields: [F(8, 4), F(12, 4), F(154, 8), F(155, 8), F(1, 4), F(2, 4)] },
    { id: 305, fields: [F(8, 4), F(12, 4), F(156, 8), F(157, 8), F(1, 4), F(2, 4)] },
    { id: 306, fields: [F(8, 4), F(12, 4), F(158, 4), F(159, 4), F(1, 4), F(2, 4)] },
    { id: 307, fields: [F(56, 6), F(80, 6), F(1, 4), F(2, 4)] },
    { id: 308, fields: [F(8, 4), F(12, 4), F(27, 16), F(28, 16), F(1, 4), F(2, 4)] },
    { id: 309, fields: [F(8, 4), F(12, 4), F(23, 4), F(85, 8), F(1, 4), F(24, 4), F(2, 4), F(7, 2), F(11, 2), F(4, 1), F(6, 1)] },
    { id: 310, fields: [F(8, 4), F(12, 4), F(60, 1), F(27, 16), F(1, 4), F(2, 4)] },
  ];
  const ntp = (sec: number, frac: bigint): bigint => ((BigInt(sec) + 2208988800n) << 32n) + frac;
  const data = [
    b.dataSet(301, [concat(ip6('2001:db8::1'), ip6('2001:db8::2'), u8(48), u8(64), ip6('fe80::1'), ip6('2001:db8:ffff::1'), u32(111), u32(11), u64(2222), u64(22), u32(T - 100), u32(T - 50), u8(58), u16(0x8000), u16(10), u16(20), u8(0))]),
    b.dataSet(302, [concat(ip4('10.2.0.1'), ip4('10.2.0.2'), u32(5000), u32(3000), u8(1), u16(0x0803), u32(302), u32(3))]),
    b.dataSet(303, [concat(ip4('10.3.0.1'), ip4('10.3.0.2'), u32(5500), u32(3300), u64((T - 3600) * 1000 + 250), u32(303), u32(3))]),
    b.dataSet(304, [concat(ip4('10.4.0.1'), ip4('10.4.0.2'), u64(ntp(T - 10, 1n << 31n)), u64(ntp(T - 5, 0n)), u32(304), u32(3))]),
    b.dataSet(305, [concat(ip4('10.5.0.1'), ip4('10.5.0.2'), u64(BigInt(T - 10) * 1000000000n + 123456789n), u64(BigInt(T - 5) * 1000000000n), u32(305), u32(3))]),
    b.dataSet(306, [concat(ip4('10.6.0.1'), ip4('10.6.0.2'), u32(2500000), u32(1000000), u32(306), u32(3))]),
    b.dataSet(307, [concat(mac('00:00:00:00:00:07'), mac('00:00:00:00:00:08'), u32(307), u32(3))]),
    b.dataSet(308, [
      concat(ip4('0.0.0.0'), ip4('10.8.0.2'), ip6('2001:db8::8'), ip6('2001:db8::9'), u32(308), u32(3)),
      concat(ip4('10.8.0.1'), ip4('10.8.0.2'), ip6('2001:db8::8'), ip6('2001:db8::9'), u32(3080), u32(3)),
    ]),
    b.dataSet(309, [concat(ip4('10.9.0.1'), ip4('10.9.0.2'), u32(9023), u64(9085), u32(9001), u32(24), u32(2), u16(1), u16(2), u8(17), u8(0x1b))]),
    b.dataSet(310, [concat(ip4('10.10.0.1'), ip4('10.10.0.2'), u8(6), ip6('2001:db8::10'), u32(310), u32(3))]),
  ];
  const msg = b.ipfixMessage({ exportTime: T, sequence: 1000, domainId: 7 }, [b.templateSet(2, templates), ...data]);
  return [{ src: '192.0.2.10', payload: msg, tsSec: T }];
}

/** NetFlow v9: NSEL/NEL events, v9 sampling options and inline interval, sysUptime-relative times. */
function v9NatSamplingUptime(): CraftedDatagram[] {
  const hdr = (sequence: number, count: number): b.V9Header => ({ sysUptimeMs: 100000, unixSecs: T, sequence, sourceId: 33, count });
  const templates: b.TemplateSpec[] = [
    { id: 400, fields: [F(8, 4), F(12, 4), F(7, 2), F(11, 2), F(4, 1), F(233, 1), F(40005, 1), F(40001, 4), F(40002, 4), F(40003, 2), F(40004, 2), F(231, 4), F(232, 4), F(323, 8)] },
    { id: 401, fields: [F(8, 4), F(12, 4), F(233, 1), F(40005, 1), F(2, 4)] },
    { id: 402, fields: [F(27, 16), F(28, 16), F(281, 16), F(282, 16), F(230, 1), F(7, 2), F(11, 2), F(227, 2), F(228, 2)] },
    { id: 403, fields: [F(8, 4), F(12, 4), F(22, 4), F(21, 4), F(1, 4), F(2, 4), F(34, 4), F(6, 1), F(4, 1)] },
    { id: 404, fields: [F(8, 4), F(12, 4), F(1, 4), F(2, 4), F(48, 1)] },
  ];
  const p1 = b.v9Packet(hdr(50, 8), [
    b.templateSet(0, templates),
    b.optionsTemplateSetV9(500, [F(1, 4)], [F(48, 1), F(49, 1), F(50, 4)]),
    b.dataSet(500, [concat(u32(0), u8(5), u8(2), u32(100)), concat(u32(0), u8(6), u8(2), u32(1000))], 2),
  ]);
  const p2 = b.v9Packet(hdr(51, 8), [
    b.dataSet(400, [concat(ip4('10.40.0.1'), ip4('10.40.0.2'), u16(1111), u16(2222), u8(6), u8(2), u8(3), ip4('198.51.100.1'), ip4('198.51.100.2'), u16(3333), u16(4444), u32(400), u32(4000), u64(BigInt(T) * 1000n - 777n))]),
    b.dataSet(401, [concat(ip4('10.41.0.1'), ip4('10.41.0.2'), u8(5), u8(4), u32(401))]),
    b.dataSet(402, [concat(ip6('2001:db8::42'), ip6('2001:db8::43'), ip6('2001:db8:1::42'), ip6('2001:db8:1::43'), u8(1), u16(5), u16(6), u16(7), u16(8))]),
    b.dataSet(403, [
      concat(ip4('10.43.0.1'), ip4('10.43.0.2'), u32(90500), u32(99999), u32(403), u32(3), u32(64), u8(0x12), u8(17)),
      concat(ip4('10.43.0.3'), ip4('10.43.0.4'), u32(100500), u32(100999), u32(4030), u32(3), u32(64), u8(0x12), u8(6)),
    ]),
    b.dataSet(404, [
      concat(ip4('10.44.0.1'), ip4('10.44.0.2'), u32(404), u32(4), u8(5)),
      concat(ip4('10.44.0.3'), ip4('10.44.0.4'), u32(4040), u32(4), u8(6)),
      concat(ip4('10.44.0.5'), ip4('10.44.0.6'), u32(40400), u32(4), u8(9)),
    ]),
  ]);
  return [
    { src: '192.0.2.20', payload: p1, tsSec: T },
    { src: '192.0.2.20', payload: p2, tsSec: T },
  ];
}

/** NetFlow v5 (ports by protocol, sampling header, uptime wrap) plus v1 and v7, which pmacct 1.7.7 drops. */
function v5v1v7(): CraftedDatagram[] {
  const r: b.V5Record = { src: '10.5.0.1', dst: '10.5.0.2', nextHop: '10.5.0.254', input: 3, output: 4, packets: 10, bytes: 1000, firstMs: 90500, lastMs: 99999, srcPort: 53, dstPort: 1024, tcpFlags: 0x1b, proto: 17, tos: 8, srcAs: 65001, dstAs: 65002, srcMask: 24, dstMask: 16 };
  const v5 = b.v5Packet({ sysUptimeMs: 100000, unixSecs: T, unixNsecs: 500000000, sequence: 77, engineType: 1, engineId: 9, sampling: 0x4000 | 100 }, [
    r,
    { ...r, src: '10.5.0.3', proto: 1, dstPort: 0x0303, srcPort: 7, firstMs: 100500, lastMs: 100600 },
    { ...r, src: '10.5.0.4', proto: 6, srcPort: 80 },
  ]);
  const v1 = concat(u16(1), u16(1), u32(100000), u32(T), u32(0), ip4('10.1.0.1'), ip4('10.1.0.2'), ip4('10.1.0.254'), u16(1), u16(2), u32(5), u32(500), u32(90000), u32(95000), u16(80), u16(8080), u16(0), u8(6), u8(0), u8(2), u8(0), u16(0), u32(0));
  const v7 = concat(u16(7), u16(1), u32(100000), u32(T), u32(0), u32(5), u32(0), ip4('10.7.0.1'), ip4('10.7.0.2'), ip4('10.7.0.254'), u16(1), u16(2), u32(5), u32(700), u32(90000), u32(95000), u16(80), u16(8080), u8(0), u8(2), u8(6), u8(0), u16(1), u16(2), u8(8), u8(8), u16(0), u32(0));
  return [
    { src: '192.0.2.30', payload: v5, tsSec: T },
    { src: '192.0.2.31', payload: v1, tsSec: T },
    { src: '192.0.2.32', payload: v7, tsSec: T },
  ];
}

/** VRF ids versus mplsVpnRouteDistinguisher, and an exporter address from IPFIX options. */
function ipfixVrfExporterOption(): CraftedDatagram[] {
  const m1 = b.ipfixMessage({ exportTime: T, sequence: 10, domainId: 3 }, [
    b.templateSet(2, [
      { id: 600, fields: [F(8, 4), F(12, 4), F(1, 4), F(2, 4), F(234, 4), F(235, 4), F(61, 1)] },
      { id: 601, fields: [F(8, 4), F(12, 4), F(1, 4), F(2, 4), F(234, 4), F(90, 8)] },
      { id: 602, fields: [F(8, 4), F(12, 4), F(1, 4), F(2, 4), F(90, 8)] },
    ]),
    b.optionsTemplateSetIpfix(700, [F(234, 4)], [F(235, 4), F(90, 8)]),
    b.optionsTemplateSetIpfix(701, [F(144, 4)], [F(130, 4)]),
    b.dataSet(700, [concat(u32(7), u32(0), u16(1), u16(65000), u32(7))]),
    b.dataSet(701, [concat(u32(1), ip4('203.0.113.99'))]),
  ]);
  const m2 = b.ipfixMessage({ exportTime: T, sequence: 13, domainId: 3 }, [
    b.dataSet(600, [
      concat(ip4('10.60.0.1'), ip4('10.60.0.2'), u32(1), u32(1), u32(5), u32(0), u8(0)),
      concat(ip4('10.60.0.3'), ip4('10.60.0.4'), u32(1), u32(1), u32(7), u32(9), u8(0)),
      concat(ip4('10.60.0.5'), ip4('10.60.0.6'), u32(1), u32(1), u32(7), u32(9), u8(1)),
    ]),
    b.dataSet(601, [concat(ip4('10.61.0.1'), ip4('10.61.0.2'), u32(1), u32(1), u32(5), concat(u16(2), u32(65536 * 3 + 1), u16(4)))]),
    b.dataSet(602, [
      concat(ip4('10.62.0.1'), ip4('10.62.0.2'), u32(1), u32(1), concat(u16(1), ip4('192.0.2.1'), u16(300))),
      concat(ip4('10.62.0.3'), ip4('10.62.0.4'), u32(1), u32(1), concat(u16(2), u32(70000), u16(301))),
    ]),
  ]);
  return [
    { src: '192.0.2.40', payload: m1, tsSec: T },
    { src: '192.0.2.40', payload: m2, tsSec: T },
  ];
}

/** peer_dst_ip sources: BGP and IP next hops of both families in IPv4 and IPv6 records. */
function ipfixNextHops(): CraftedDatagram[] {
  const common = (src: b.Bytes, dst: b.Bytes): b.Bytes => concat(src, dst, u32(1), u32(1));
  const m = b.ipfixMessage({ exportTime: T, sequence: 1, domainId: 1 }, [
    b.templateSet(2, [
      { id: 800, fields: [F(27, 16), F(28, 16), F(1, 4), F(2, 4), F(18, 4)] },
      { id: 801, fields: [F(8, 4), F(12, 4), F(1, 4), F(2, 4), F(18, 4), F(63, 16)] },
      { id: 802, fields: [F(27, 16), F(28, 16), F(1, 4), F(2, 4), F(63, 16)] },
      { id: 803, fields: [F(8, 4), F(12, 4), F(1, 4), F(2, 4), F(63, 16)] },
      { id: 804, fields: [F(27, 16), F(28, 16), F(1, 4), F(2, 4), F(18, 4), F(63, 16)] },
      { id: 805, fields: [F(8, 4), F(12, 4), F(1, 4), F(2, 4), F(15, 4), F(63, 16)] },
      { id: 806, fields: [F(27, 16), F(28, 16), F(1, 4), F(2, 4), F(15, 4), F(62, 16)] },
    ]),
    b.dataSet(800, [concat(common(ip6('2001:db8::800'), ip6('2001:db8::1')), ip4('0.0.0.0')), concat(common(ip6('2001:db8::8001'), ip6('2001:db8::1')), ip4('1.2.3.4'))]),
    b.dataSet(801, [concat(common(ip4('10.0.8.1'), ip4('10.0.0.1')), ip4('1.2.3.4'), ip6('2001:db8::ff'))]),
    b.dataSet(802, [concat(common(ip6('2001:db8::802'), ip6('2001:db8::1')), ip6('2001:db8::ff'))]),
    b.dataSet(803, [concat(common(ip4('10.0.8.3'), ip4('10.0.0.1')), ip6('2001:db8::ff'))]),
    b.dataSet(804, [concat(common(ip6('2001:db8::804'), ip6('2001:db8::1')), ip4('1.2.3.4'), ip6('2001:db8::ff'))]),
    b.dataSet(805, [concat(common(ip4('10.0.8.5'), ip4('10.0.0.1')), ip4('5.6.7.8'), ip6('2001:db8::ff'))]),
    b.dataSet(806, [concat(common(ip6('2001:db8::806'), ip6('2001:db8::1')), ip4('5.6.7.8'), ip6('2001:db8::fe'))]),
  ]);
  return [{ src: '192.0.2.50', payload: m, tsSec: T }];
}

/** Two options templates in one v9 options flowset (pmacct 1.7.7 reads only the first). */
function v9TwoOptionsTemplates(): CraftedDatagram[] {
  const body = concat(
    concat(u16(300), u16(4), u16(8), u16(1), u16(4), u16(48), u16(1), u16(50), u16(4)),
    concat(u16(301), u16(4), u16(8), u16(1), u16(4), u16(48), u16(2), u16(34), u16(4)),
  );
  const p = b.v9Packet({ sysUptimeMs: 1000, unixSecs: T, sequence: 1, sourceId: 0, count: 6 }, [
    b.set(1, body),
    b.dataSet(300, [concat(u32(0), u8(5), u32(100))], 3),
    b.dataSet(301, [concat(u32(0), u16(6), u32(1000))], 2),
    b.templateSet(0, [{ id: 400, fields: [F(8, 4), F(12, 4), F(1, 4), F(2, 4), F(48, 2)] }]),
    b.dataSet(400, [concat(ip4('10.0.0.1'), ip4('10.0.0.2'), u32(1), u32(1), u16(5)), concat(ip4('10.0.0.3'), ip4('10.0.0.4'), u32(1), u32(1), u16(6))]),
  ]);
  return [{ src: '192.0.2.60', payload: p, tsSec: T }];
}

export const CRAFTED_CAPTURES: Record<string, () => CraftedDatagram[]> = {
  'crafted__v9-two-options-templates': v9TwoOptionsTemplates,
  'crafted__ipfix-next-hops': ipfixNextHops,
  'crafted__ipfix-fields': ipfixFields,
  'crafted__ipfix-times-ip-versions': ipfixTimesIpVersions,
  'crafted__v9-nat-sampling-uptime': v9NatSamplingUptime,
  'crafted__v5-v1-v7': v5v1v7,
  'crafted__ipfix-vrf-exporter-option': ipfixVrfExporterOption,
};

if (import.meta.main) {
  for (const [name, build] of Object.entries(CRAFTED_CAPTURES)) writeUdpPcap(join(NETFLOW_FIXTURES, `${name}.pcap`), build());
}
