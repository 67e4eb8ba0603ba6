/**
 * Writes test/fixtures/maps/primitives-ptr-crafted.pcap: one sFlow v5
 * datagram whose raw packet header records probe where pmacct 1.7.7's
 * packet_ptr layers point (aggregate_primitives, sfacctd): TCP with and
 * without options, UDP, ICMP, an 802.1Q tag, an MPLS stack, IPv6 with a
 * hop-by-hop header, a later IPv4 fragment, a cut-short header, and header
 * protocols 11 (IPv4), 12 (IPv6), 13 (MPLS) and 7 (PPP). Each sample has
 * its own source address so the outputs tell them apart. Built from the
 * RFCs with the shared packet builders, not by tsacct's code; pmacct's
 * output on it is stored beside it (primitives-ptr-crafted-*.pmacct.out).
 *
 *   node test/maps/customPrimitivesPtrCapture.ts
 */
import { join } from 'node:path';
import { concat, ip4, mac, mplsEntry, u16, u32, u8, type Bytes } from '../decode/netflow/datagramBuilder.ts';
import { writeUdpPcap } from '../decode/netflow/udpCapture.ts';
import { dot1q, ethernet, icmp, ipv4, ipv6, tcp, udp } from '../decode/packet/packetBuilder.ts';
import { datagramV5, flowSample, rawHeaderRecord } from '../decode/sflow/sflowV5Builder.ts';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'maps');
const ETHERNET = 1;
const PPP = 7;
const IPV4 = 11;
const IPV6 = 12;
const MPLS = 13;
const DST = '00:00:5e:00:53:01';
const SRC = '00:00:5e:00:53:02';
const text = (s: string): Bytes => new TextEncoder().encode(s);

/** TCP with a 12-byte option block (data offset 8), then `payload`. */
function tcpWithOptions(sport: number, dport: number, flags: number, payload: Bytes): Bytes {
  const options = concat(u8(1), u8(1), u8(8), u8(10), u32(0x11223344), u32(0x55667788));
  return concat(u16(sport), u16(dport), u32(1000), u32(2000), u8(8 << 4), u8(flags), u16(512), u16(0), u16(0), options, payload);
}

/** IPv4 header with a fragment offset (8-byte units, no DF). */
function ipv4Fragment(src: string, dst: string, proto: number, offset: number, body: Bytes): Bytes {
  return concat(u8(0x45), u8(0), u16(20 + body.length), u16(0x4321), u16(offset), u8(63), u8(proto), u16(0), ip4(src), ip4(dst), body);
}

const label = (value: number, bottom: boolean): Bytes => concat(mplsEntry(value, 0, bottom), u8(61));
const tcpPayload = text('GET / HTTP/1.1\r\n');
const udpPayload = concat(text('dnsq'), new Uint8Array([0, 1, 2, 3]));

const headers: Array<[protocol: number, frame: Bytes, cut?: number]> = [
  // 1: plain TCP carrying a payload
  [ETHERNET, ethernet(DST, SRC, 0x800, ipv4('10.1.0.1', '10.1.0.2', 6, 0, concat(tcp(1001, 80, 0x18), tcpPayload)))],
  // 2: TCP with options: where does payload point?
  [ETHERNET, ethernet(DST, SRC, 0x800, ipv4('10.1.0.2', '10.1.0.3', 6, 0, tcpWithOptions(1002, 80, 0x10, tcpPayload)))],
  // 3: UDP
  [ETHERNET, ethernet(DST, SRC, 0x800, ipv4('10.1.0.3', '10.1.0.4', 17, 0, udp(1003, 53, udpPayload)))],
  // 4: ICMP echo
  [ETHERNET, ethernet(DST, SRC, 0x800, ipv4('10.1.0.4', '10.1.0.5', 1, 0, icmp(8, 0)))],
  // 5: 802.1Q VLAN 291, priority 5
  [ETHERNET, dot1q(DST, SRC, 291, 5, 0x800, ipv4('10.1.0.5', '10.1.0.6', 17, 0, udp(1005, 53, udpPayload)))],
  // 6: MPLS two labels over Ethernet
  [ETHERNET, ethernet(DST, SRC, 0x8847, concat(label(24001, false), label(16006, true), ipv4('10.1.0.6', '10.1.0.7', 6, 0, tcp(1006, 443, 0x12))))],
  // 7: IPv6 with a hop-by-hop header, UDP
  [ETHERNET, ethernet(DST, SRC, 0x86dd, ipv6('2001:db8::7', '2001:db8::8', 0, 0, concat(u8(17), u8(0), new Uint8Array(6), udp(1007, 53, udpPayload))))],
  // 8: IPv6 TCP
  [ETHERNET, ethernet(DST, SRC, 0x86dd, ipv6('2001:db8::8', '2001:db8::9', 6, 0, concat(tcp(1008, 443, 0x02), tcpPayload)))],
  // 9: a later IPv4 fragment (offset 185 × 8)
  [ETHERNET, ethernet(DST, SRC, 0x800, ipv4Fragment('10.1.0.9', '10.1.0.10', 17, 185, concat(udpPayload, udpPayload)))],
  // 10: TCP cut after 40 bytes (6 bytes of TCP header)
  [ETHERNET, ethernet(DST, SRC, 0x800, ipv4('10.1.0.10', '10.1.0.11', 6, 0, concat(tcp(1010, 80, 0x11), tcpPayload))), 40],
  // 11: TCP header (URG, urgent pointer 0x1234) exactly at the end (no payload, 54 bytes): its last bytes are the packet's last
  [ETHERNET, ethernet(DST, SRC, 0x800, ipv4('10.1.0.11', '10.1.0.12', 6, 0, concat(u16(1011), u16(80), u32(1000), u32(2000), u8(5 << 4), u8(0x30), u16(512), u16(0), u16(0x1234))))],
  // 12: bare IPv4 (header protocol 11)
  [IPV4, ipv4('10.1.0.12', '10.1.0.13', 6, 0, concat(tcp(1012, 80, 0x18), tcpPayload))],
  // 13: bare IPv6 (header protocol 12)
  [IPV6, ipv6('2001:db8::13', '2001:db8::14', 17, 0, udp(1013, 53, udpPayload))],
  // 14: MPLS header protocol 13
  [MPLS, concat(label(16014, true), ipv4('10.1.0.14', '10.1.0.15', 17, 0, udp(1014, 53, udpPayload)))],
  // 15: PPP header protocol 7
  [PPP, concat(u8(0xff), u8(0x03), u16(0x0021), ipv4('10.1.0.15', '10.1.0.16', 6, 0, concat(tcp(1015, 80, 0x18), tcpPayload)))],
  // 16: GRE (protocol 47): an L4 that is neither TCP nor UDP nor ICMP
  [ETHERNET, ethernet(DST, SRC, 0x800, ipv4('10.1.0.16', '10.1.0.17', 47, 0, concat(u16(0x2000), u16(0x0800), u32(0xdeadbeef), u32(0xcafef00d))))],
  // 17: 802.3 length field with SNAP carrying IPv4
  [ETHERNET, concat(mac(DST), mac(SRC), u16(48), u8(0xaa), u8(0xaa), u8(0x03), u8(0), u8(0), u8(0), u16(0x800), ipv4('10.1.0.17', '10.1.0.18', 17, 0, udp(1017, 53, udpPayload)))],
];

const samples = headers.map(([protocol, frame, cut], i) => flowSample(i + 1, 1000, [rawHeaderRecord(protocol, frame, cut)]));
const payload = datagramV5('127.0.0.5', 0, 1, 60_000, samples);
writeUdpPcap(join(FIXTURES, 'primitives-ptr-crafted.pcap'), [{ src: '127.0.0.5', payload, tsSec: 1_700_000_000, dstPort: 6343 }]);
