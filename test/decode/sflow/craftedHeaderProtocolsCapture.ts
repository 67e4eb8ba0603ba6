/**
 * Writes test/fixtures/sflow/crafted-header-protocols.pcap: one sFlow v5
 * datagram whose raw packet header records start at other layers than
 * Ethernet: MPLS (header_protocol 13) with one or two labels over IPv4 and
 * IPv6 (explicit-null and ordinary labels), PPP (7) with and without the
 * address/control bytes, with a compressed protocol field, carrying IPv4,
 * IPv6 and MPLS, and bare IPv4 (11) / IPv6 (12). Built from the RFCs
 * (3032, 1661/1662) with the shared packet builders, and, for comparison,
 * an Ethernet frame with a two-label stack, not by tsacct's code;
 * pmacct 1.7.7's output on it is stored beside it
 * (`crafted-header-protocols.pmacct-*.conf/.out`).
 *
 *   node test/decode/sflow/craftedHeaderProtocolsCapture.ts
 */
import { join } from 'node:path';
import { concat, mplsEntry, u16, u8, type Bytes } from '../netflow/datagramBuilder.ts';
import { writeUdpPcap } from '../netflow/udpCapture.ts';
import { ethernet, ipv4, ipv6, tcp, udp } from '../packet/packetBuilder.ts';
import { SFLOW_FIXTURES } from './sflowCapture.ts';
import { datagramV5, flowSample, rawHeaderRecord } from './sflowV5Builder.ts';

const ETHERNET = 1;
const MPLS = 13;
const PPP = 7;
const IPV4 = 11;
const IPV6 = 12;

/** A 4-byte label stack entry (RFC 3032): datagramBuilder's mplsEntry is NetFlow's 3-byte form, plus TTL 64. */
const label = (value: number, bottom: boolean): Bytes => concat(mplsEntry(value, 0, bottom), u8(64));
const v4Tcp = (n: number): Bytes => ipv4(`10.0.${n}.1`, `10.0.${n}.2`, 6, 0x10, tcp(1000 + n, 80, 0x12));
const v4Udp = (n: number): Bytes => ipv4(`10.0.${n}.1`, `10.0.${n}.2`, 17, 0, udp(2000 + n, 53, new Uint8Array(12)));
const v6Tcp = (n: number): Bytes => ipv6(`2001:db8:${n}::1`, `2001:db8:${n}::2`, 6, 0x20, tcp(3000 + n, 443, 0x18));

const headers: Array<[protocol: number, frame: Bytes]> = [
  [MPLS, concat(label(16001, true), v4Tcp(1))],
  [MPLS, concat(label(24000, false), label(16002, true), v4Udp(2))],
  [MPLS, concat(label(2, true), v6Tcp(3))],
  [MPLS, concat(label(0, true), v4Tcp(4))],
  [PPP, concat(u8(0xff), u8(0x03), u16(0x0021), v4Tcp(5))],
  [PPP, concat(u16(0x0021), v4Udp(6))],
  [PPP, concat(u8(0x21), v4Tcp(7))],
  [PPP, concat(u8(0xff), u8(0x03), u16(0x0057), v6Tcp(8))],
  [PPP, concat(u8(0xff), u8(0x03), u16(0x0281), label(17000, true), v4Tcp(9))],
  [PPP, concat(u8(0xff), u8(0x03), u16(0xc021), new Uint8Array(16))],
  [ETHERNET, ethernet('00:00:5e:00:53:01', '00:00:5e:00:53:02', 0x8847, concat(label(24001, false), label(16010, true), v4Tcp(10)))],
  [IPV4, v4Tcp(11)],
  [IPV6, v6Tcp(12)],
];

const samples = headers.map(([protocol, frame], i) => flowSample(i + 1, 512, [rawHeaderRecord(protocol, frame)]));
const payload = datagramV5('127.0.0.3', 0, 1, 60_000, samples);
writeUdpPcap(join(SFLOW_FIXTURES, 'crafted-header-protocols.pcap'), [{ src: '127.0.0.3', payload, tsSec: 1_700_000_000, dstPort: 6343 }]);
