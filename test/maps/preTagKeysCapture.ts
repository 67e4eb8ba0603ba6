/**
 * Writes test/fixtures/maps/pretag-keys-crafted.pcap: NetFlow v9, IPFIX and
 * v5 datagrams carrying what the golden captures lack for pre_tag_map's
 * NetFlow keys: initiatorOctets/responderOctets (231/232, is_bi_flow),
 * dot1qCustomerVlanId (245, cvlan) in 2 and 1 bytes, forwardingStatus (89,
 * fwdstatus) in 1 byte with codes of each class and in 4 bytes, 2- and
 * 4-byte AS fields (src_as/dst_as), flowDirection, and three templates
 * (flowset_id). Every record has its own source address so the outputs
 * tell them apart. Built with the shared datagram builders, not tsacct's
 * decoder; pmacct 1.7.7's output on it is stored beside it
 * (pretag-keys-crafted.out, see test/fixtures/maps/README.md).
 *
 *   node test/maps/preTagKeysCapture.ts
 */
import { join } from 'node:path';
import * as b from '../decode/netflow/datagramBuilder.ts';
import { writeUdpPcap, type CraftedDatagram } from '../decode/netflow/udpCapture.ts';

const { u8, u16, u32, u64, ip4, concat } = b;
const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'maps');
/** 2023-11-14 22:13:20 UTC, as the other crafted captures. */
const T = 1700000000;
const F = (id: number, length: number): b.FieldSpec => ({ id, length });

/** v9 template 300: a bi-flow (231 and 232) with cvlan in 2 bytes and a 1-byte fwdstatus. */
const V9_BIFLOW: b.TemplateSpec = {
  id: 300,
  fields: [F(8, 4), F(12, 4), F(1, 4), F(2, 4), F(4, 1), F(10, 4), F(14, 4), F(16, 2), F(17, 2), F(231, 4), F(232, 4), F(245, 2), F(89, 1), F(61, 1)],
};
/** v9 template 301: 231 alone (not a bi-flow), cvlan in 1 byte, fwdstatus in 4 bytes, 4-byte AS numbers. */
const V9_ONE_SIDED: b.TemplateSpec = {
  id: 301,
  fields: [F(8, 4), F(12, 4), F(1, 4), F(2, 4), F(4, 1), F(16, 4), F(17, 4), F(231, 4), F(245, 1), F(89, 4)],
};
/** v9 template 302: none of the fields. */
const V9_PLAIN: b.TemplateSpec = { id: 302, fields: [F(8, 4), F(12, 4), F(1, 4), F(2, 4), F(4, 1)] };
/** IPFIX template 400: a bi-flow with cvlan and a 1-byte fwdstatus, no AS numbers. */
const IPFIX_BIFLOW: b.TemplateSpec = {
  id: 400,
  fields: [F(8, 4), F(12, 4), F(1, 8), F(2, 8), F(4, 1), F(231, 8), F(232, 8), F(245, 2), F(89, 1)],
};

function biflowRecord(n: number, srcAs: number, dstAs: number, cvlan: number, fwd: number, direction: number): b.Bytes {
  return concat(
    ip4(`10.30.0.${n}`), ip4('10.99.0.1'), u32(1000 + n), u32(n), u8(6), u32(10 + n), u32(20 + n),
    u16(srcAs), u16(dstAs), u32(600 + n), u32(400 + n), u16(cvlan), u8(fwd), u8(direction),
  );
}

function oneSidedRecord(n: number, srcAs: number, dstAs: number, cvlan: number, fwd: number): b.Bytes {
  return concat(ip4(`10.31.0.${n}`), ip4('10.99.0.1'), u32(1000 + n), u32(n), u8(17), u32(srcAs), u32(dstAs), u32(700 + n), u8(cvlan), u32(fwd));
}

function plainRecord(n: number): b.Bytes {
  return concat(ip4(`10.32.0.${n}`), ip4('10.99.0.1'), u32(1000 + n), u32(n), u8(1));
}

function ipfixRecord(n: number, cvlan: number, fwd: number): b.Bytes {
  return concat(ip4(`10.40.0.${n}`), ip4('10.99.0.1'), u64(2000 + n), u64(n), u8(6), u64(900 + n), u64(800 + n), u16(cvlan), u8(fwd));
}

function v5(n: number, srcAs: number, dstAs: number): b.V5Record {
  return {
    src: `10.50.0.${n}`, dst: '10.99.0.1', nextHop: '0.0.0.0', input: 3, output: 4, packets: n, bytes: 3000 + n,
    firstMs: 1000, lastMs: 2000, srcPort: 1024, dstPort: 80, tcpFlags: 0x18, proto: 6, tos: 0, srcAs, dstAs, srcMask: 24, dstMask: 24,
  };
}

export function preTagKeysDatagrams(): CraftedDatagram[] {
  const v9 = b.v9Packet({ sysUptimeMs: 5000, unixSecs: T, sequence: 1, sourceId: 1, count: 12 }, [
    b.templateSet(0, [V9_BIFLOW, V9_ONE_SIDED, V9_PLAIN]),
    // fwdstatus codes: 0 unknown class, 0x42 forwarded (66), 0x80 dropped class (128), 0x83 dropped (131), 0xc1 consumed (193)
    b.dataSet(300, [
      biflowRecord(1, 65001, 64500, 100, 0x00, 0),
      biflowRecord(2, 65002, 64500, 100, 0x42, 1),
      biflowRecord(3, 65001, 0, 200, 0x80, 0),
      biflowRecord(4, 0, 64501, 0, 0x83, 1),
      biflowRecord(5, 65001, 64500, 4095, 0xc1, 0),
    ]),
    b.dataSet(301, [
      oneSidedRecord(1, 65001, 4200000001, 5, 0x40),
      oneSidedRecord(2, 4200000002, 0, 0, 0x42),
    ]),
    b.dataSet(302, [plainRecord(1), plainRecord(2)], 2),
  ]);
  const ipfix = b.ipfixMessage({ exportTime: T, sequence: 1, domainId: 5 }, [
    b.templateSet(2, [IPFIX_BIFLOW]),
    b.dataSet(400, [ipfixRecord(1, 100, 0x42), ipfixRecord(2, 300, 0xc0)]),
  ]);
  const nf5 = b.v5Packet({ sysUptimeMs: 5000, unixSecs: T, unixNsecs: 0, sequence: 1, engineType: 0, engineId: 0, sampling: 0 }, [
    v5(1, 65001, 64500),
    v5(2, 65002, 0),
  ]);
  // v5 first: pmacct 1.7.7 does not clear its bi-flow flag for v5 records, which then
  // inherit the last v9/IPFIX record's; before any, it is false, as tsacct always has it.
  return [
    { src: '192.0.2.22', payload: nf5, tsSec: T },
    { src: '192.0.2.20', payload: v9, tsSec: T },
    { src: '192.0.2.21', payload: ipfix, tsSec: T },
  ];
}

if (import.meta.main) writeUdpPcap(join(FIXTURES, 'pretag-keys-crafted.pcap'), preTagKeysDatagrams());
