/**
 * Hand-built sFlow version 2 and 4 datagrams (RFC 3176 and sflow.org's
 * sflow_version_4.txt), written byte by byte from the specification, not
 * with tsacct's decoder: flow samples with raw packet headers (Ethernet,
 * 802.1Q, IPv4/IPv6, TCP/UDP/ICMP; raw IPv4 and IPv6 headers), sampled
 * IPv4/IPv6 records, the extended switch, router, gateway (v2: a plain AS
 * list; v4: AS path segments, communities, local preference), user and URL
 * records, and counter samples of every counters_version (generic,
 * Ethernet, Token Ring, FDDI, 100BaseVG, WAN, VLAN), which carry no length
 * and must be skipped by their version's size.
 *
 * pmacct 1.7.7 (sfacctd) read the captures for the references beside them
 * (test/fixtures/sflow/crafted__sflow-v2.* and crafted__sflow-v4.*). Run
 * this file to rewrite the captures:
 *
 *   node test/decode/sflow/craftedV2V4Captures.ts
 */
import { join } from 'node:path';
import { concat, ip4, ip6, mac, u16, u32, u64, u8, type Bytes } from '../netflow/datagramBuilder.ts';
import { writeUdpPcap, type CraftedDatagram } from '../netflow/udpCapture.ts';
import { SFLOW_FIXTURES } from './sflowCapture.ts';

/** Capture time of every crafted datagram: 2023-11-14 22:13:20 UTC. */
const T = 1700000000;

// ---- packets inside raw header records ----

function ethernet(dst: string, src: string, etype: number, payload: Bytes): Bytes {
  return concat(mac(dst), mac(src), u16(etype), payload);
}

function dot1q(dst: string, src: string, vlan: number, priority: number, etype: number, payload: Bytes): Bytes {
  return concat(mac(dst), mac(src), u16(0x8100), u16((priority << 13) | vlan), u16(etype), payload);
}

function ipv4(src: string, dst: string, proto: number, tos: number, l4: Bytes): Bytes {
  return concat(
    u8(0x45), u8(tos), u16(20 + l4.length), u16(0x1234), u16(0x4000), u8(64), u8(proto), u16(0),
    ip4(src), ip4(dst), l4,
  );
}

function ipv6(src: string, dst: string, next: number, trafficClass: number, l4: Bytes): Bytes {
  return concat(
    u32((6 << 28) | (trafficClass << 20)), u16(l4.length), u8(next), u8(64),
    ip6(src), ip6(dst), l4,
  );
}

function tcp(sport: number, dport: number, flags: number): Bytes {
  return concat(u16(sport), u16(dport), u32(1000), u32(2000), u8(5 << 4), u8(flags), u16(65535), u16(0), u16(0));
}

function udp(sport: number, dport: number, payloadLength: number): Bytes {
  return concat(u16(sport), u16(dport), u16(8 + payloadLength), u16(0), new Uint8Array(payloadLength));
}

function icmp(type: number, code: number): Bytes {
  return concat(u8(type), u8(code), u16(0), u32(0x00010001));
}

// ---- XDR pieces ----

function opaque(bytes: Bytes): Bytes {
  const pad = (4 - (bytes.length % 4)) % 4;
  return concat(u32(bytes.length), bytes, new Uint8Array(pad));
}

function xdrString(text: string): Bytes {
  return opaque(new TextEncoder().encode(text));
}

function address(text: string): Bytes {
  return text.includes(':') ? concat(u32(2), ip6(text)) : concat(u32(1), ip4(text));
}

// ---- sFlow v2/v4 structures ----

const SAMPLE_FLOW = 1;
const SAMPLE_COUNTERS = 2;

/** packet_information: HEADER = 1, IPV4 = 2, IPV6 = 3. */
function headerData(protocol: number, frameLength: number, header: Bytes): Bytes {
  return concat(u32(1), u32(protocol), u32(frameLength), opaque(header));
}

function sampledIpv4(length: number, proto: number, src: string, dst: string, sport: number, dport: number, tcpFlags: number, tos: number): Bytes {
  return concat(u32(2), u32(length), u32(proto), ip4(src), ip4(dst), u32(sport), u32(dport), u32(tcpFlags), u32(tos));
}

function sampledIpv6(length: number, proto: number, src: string, dst: string, sport: number, dport: number, tcpFlags: number, priority: number): Bytes {
  return concat(u32(3), u32(length), u32(proto), ip6(src), ip6(dst), u32(sport), u32(dport), u32(tcpFlags), u32(priority));
}

/** extended_information_type: SWITCH = 1, ROUTER = 2, GATEWAY = 3, USER = 4, URL = 5. */
function extSwitch(inVlan: number, inPriority: number, outVlan: number, outPriority: number): Bytes {
  return concat(u32(1), u32(inVlan), u32(inPriority), u32(outVlan), u32(outPriority));
}

function extRouter(nextHop: string, srcMask: number, dstMask: number): Bytes {
  return concat(u32(2), address(nextHop), u32(srcMask), u32(dstMask));
}

/** Version 2 gateway: the destination path is a plain list of ASNs. */
function extGatewayV2(as: number, srcAs: number, srcPeerAs: number, path: number[]): Bytes {
  return concat(u32(3), u32(as), u32(srcAs), u32(srcPeerAs), u32(path.length), ...path.map(u32));
}

/** Version 4 gateway: path segments (type 1 set, 2 sequence), communities, local preference. */
function extGatewayV4(as: number, srcAs: number, srcPeerAs: number, segments: [number, number[]][], communities: number[], localPref: number): Bytes {
  return concat(
    u32(3), u32(as), u32(srcAs), u32(srcPeerAs),
    u32(segments.length), ...segments.map(([type, asns]) => concat(u32(type), u32(asns.length), ...asns.map(u32))),
    u32(communities.length), ...communities.map(u32),
    u32(localPref),
  );
}

function extUser(srcUser: string, dstUser: string): Bytes {
  return concat(u32(4), xdrString(srcUser), xdrString(dstUser));
}

function extUrl(direction: number, url: string): Bytes {
  return concat(u32(5), u32(direction), xdrString(url));
}

interface FlowSampleSpec {
  sequence: number;
  sourceIndex: number;
  rate: number;
  input: number;
  output: number;
  data: Bytes;
  extended?: Bytes[];
}

function flowSample(s: FlowSampleSpec): Bytes {
  const extended = s.extended ?? [];
  return concat(
    u32(SAMPLE_FLOW), u32(s.sequence), u32(s.sourceIndex), u32(s.rate), u32(s.rate * s.sequence * 10), u32(0),
    u32(s.input), u32(s.output), s.data, u32(extended.length), ...extended,
  );
}

/** if_counters (88 bytes), values derived from `seed` so every block differs. */
function genericCounters(ifIndex: number, seed: number): Bytes {
  return concat(
    u32(ifIndex), u32(6), u64(1_000_000_000), u32(1), u32(3),
    u64(5_000_000_000 + seed), u32(100 + seed), u32(200 + seed), u32(300 + seed), u32(4), u32(5), u32(6),
    u64(7_000_000_000 + seed), u32(400 + seed), u32(500 + seed), u32(600 + seed), u32(7), u32(8), u32(0),
  );
}

function words(count: number, first: number): Bytes {
  return concat(...Array.from({ length: count }, (_, i) => u32(first + i)));
}

/** counters_version: GENERIC 1, ETHERNET 2, TOKENRING 3, FDDI 4, VG 5, WAN 6, VLAN 7. */
function counterSample(sequence: number, sourceIndex: number, version: number, body: Bytes): Bytes {
  return concat(u32(SAMPLE_COUNTERS), u32(sequence), u32(sourceIndex), u32(30), u32(version), body);
}

function vgSpecific(): Bytes {
  // dot12 counters: 64-bit octet counters at their places (80 bytes).
  return concat(
    u32(1), u64(2), u32(3), u64(4), u32(5), u32(6), u32(7), u32(8),
    u32(9), u64(10), u32(11), u64(12), u64(13), u64(14),
  );
}

function vlanCounters(vlan: number): Bytes {
  return concat(u32(vlan), u64(9_000_000_000), u32(11), u32(12), u32(13), u32(14));
}

function datagram(version: 2 | 4, agent: string, sequence: number, uptime: number, samples: Bytes[]): Bytes {
  return concat(u32(version), address(agent), u32(sequence), u32(uptime), u32(samples.length), ...samples);
}

const MAC_A = '00:11:22:33:44:55';
const MAC_B = '00:aa:bb:cc:dd:01';
const MAC_C = '02:00:5e:10:00:07';

/** Flow samples both versions carry the same way. */
function commonFlowSamples(): Bytes[] {
  return [
    // Ethernet, IPv4 TCP (PSH ACK), DSCP AF11.
    flowSample({
      sequence: 1, sourceIndex: 3, rate: 256, input: 3, output: 5,
      data: headerData(1, 1514, ethernet(MAC_A, MAC_B, 0x0800, ipv4('10.1.1.1', '10.2.2.2', 6, 0x28, tcp(40000, 443, 0x18)))),
    }),
    // 802.1Q VLAN 42 priority 5, IPv4 UDP.
    flowSample({
      sequence: 2, sourceIndex: 3, rate: 256, input: 3, output: 6,
      data: headerData(1, 90, dot1q(MAC_C, MAC_B, 42, 5, 0x0800, ipv4('10.1.1.3', '224.0.0.251', 17, 0, udp(5353, 5353, 16)))),
    }),
  ];
}

function v4Datagrams(): CraftedDatagram[] {
  const agent = '192.0.2.41';
  const a = datagram(4, agent, 1000, 3_600_000, [
    ...commonFlowSamples(),
    // Ethernet, IPv6 TCP SYN; router (IPv6 next hop) and gateway.
    flowSample({
      sequence: 3, sourceIndex: 4, rate: 512, input: 4, output: 7,
      data: headerData(1, 86, ethernet(MAC_B, MAC_A, 0x86dd, ipv6('2001:db8:1::10', '2001:db8:2::20', 6, 0, tcp(51000, 22, 0x02)))),
      extended: [
        extRouter('2001:db8:ff::1', 48, 64),
        extGatewayV4(65000, 64500, 64501, [[2, [64510, 64511]], [1, [64520, 64521]]], [(65000 << 16) | 100, 0xffffff01], 200),
      ],
    }),
    counterSample(1, 3, 1, genericCounters(3, 1)),
  ]);
  const b = datagram(4, agent, 1001, 3_630_000, [
    counterSample(2, 5, 2, concat(genericCounters(5, 2), words(13, 21))),
    counterSample(3, 42, 7, vlanCounters(42)),
    // ICMP echo; a switch record after the header sets the VLAN.
    flowSample({
      sequence: 6, sourceIndex: 3, rate: 256, input: 11, output: 12,
      data: headerData(1, 98, ethernet(MAC_A, MAC_C, 0x0800, ipv4('10.5.5.5', '10.6.6.6', 1, 0, icmp(8, 0)))),
      extended: [extSwitch(100, 6, 0, 0)],
    }),
    // Tagged header (VLAN 7), then a switch record with only an egress VLAN.
    flowSample({
      sequence: 7, sourceIndex: 3, rate: 256, input: 13, output: 14,
      data: headerData(1, 66, dot1q(MAC_A, MAC_B, 7, 2, 0x0800, ipv4('10.7.7.7', '10.8.8.8', 6, 0, tcp(2222, 3333, 0x10)))),
      extended: [extSwitch(0, 0, 300, 4)],
    }),
  ]);
  const c = datagram(4, '2001:db8::41', 7, 42_000, [
    counterSample(4, 1, 3, concat(genericCounters(1, 3), words(18, 40))),
    // Raw IPv4 header (header_protocol 11), TCP FIN ACK.
    flowSample({
      sequence: 8, sourceIndex: 1, rate: 1024, input: 1, output: 2,
      data: headerData(11, 60, ipv4('192.168.10.1', '192.168.20.2', 6, 0, tcp(80, 33000, 0x11))),
    }),
    counterSample(5, 2, 5, concat(genericCounters(2, 5), vgSpecific())),
    counterSample(6, 3, 4, genericCounters(3, 6)),
    counterSample(7, 4, 6, genericCounters(4, 7)),
    // Raw IPv6 header (header_protocol 12), UDP.
    flowSample({
      sequence: 9, sourceIndex: 1, rate: 1024, input: 1, output: 3,
      data: headerData(12, 72, ipv6('2001:db8:5::1', '2001:db8:6::2', 17, 0, udp(4500, 4500, 24))),
    }),
  ]);
  return [
    { src: '198.51.100.7', payload: a, tsSec: T, dstPort: 6343 },
    { src: '198.51.100.7', payload: b, tsSec: T + 1, dstPort: 6343 },
    { src: '198.51.100.8', payload: c, tsSec: T + 2, dstPort: 6343 },
  ];
}

function v2Datagrams(): CraftedDatagram[] {
  const agent = '192.0.2.42';
  const a = datagram(2, agent, 500, 1_000, [
    ...commonFlowSamples(),
    // Ethernet, IPv4 TCP; router and a version 2 gateway (plain AS list).
    flowSample({
      sequence: 3, sourceIndex: 4, rate: 512, input: 4, output: 7,
      data: headerData(1, 1000, ethernet(MAC_B, MAC_A, 0x0800, ipv4('172.16.1.1', '172.16.2.2', 6, 0, tcp(60000, 80, 0x10)))),
      extended: [extRouter('172.16.0.1', 16, 24), extGatewayV2(65000, 64500, 64501, [64510, 64511, 64520])],
    }),
    counterSample(1, 3, 2, concat(genericCounters(3, 1), words(13, 60))),
  ]);
  const b = datagram(2, agent, 501, 31_000, [
    counterSample(2, 3, 1, genericCounters(3, 2)),
    // Tagged header (VLAN 15 priority 1) and a switch record agreeing with it.
    flowSample({
      sequence: 4, sourceIndex: 3, rate: 256, input: 8, output: 9,
      data: headerData(1, 1500, dot1q(MAC_C, MAC_A, 15, 1, 0x0800, ipv4('10.9.9.9', '10.10.10.10', 6, 0xb8, tcp(8080, 40001, 0x12)))),
      extended: [extSwitch(15, 1, 0, 0)],
    }),
    counterSample(3, 15, 7, vlanCounters(15)),
    // Ethernet, IPv6 UDP.
    flowSample({
      sequence: 5, sourceIndex: 3, rate: 256, input: 8, output: 10,
      data: headerData(1, 200, ethernet(MAC_A, MAC_B, 0x86dd, ipv6('2001:db8:a::1', '2001:db8:b::2', 17, 0x2e, udp(547, 546, 32)))),
    }),
  ]);
  return [
    { src: '198.51.100.9', payload: a, tsSec: T, dstPort: 6343 },
    { src: '198.51.100.9', payload: b, tsSec: T + 1, dstPort: 6343 },
  ];
}

/**
 * Sampled IPv4/IPv6 records and the extended user and URL records, in both
 * versions. tshark 4.0 does not decode these v2/v4 structures (its dissector
 * skips their bodies), so they are kept apart from the tshark-checked captures.
 */
function sampledIpDatagrams(): CraftedDatagram[] {
  const v4 = datagram(4, '192.0.2.43', 20, 5_000, [
    // Sampled IPv4 with switch, user and URL records.
    flowSample({
      sequence: 4, sourceIndex: 3, rate: 256, input: 8, output: 9,
      data: sampledIpv4(576, 17, '10.3.3.3', '10.4.4.4', 1234, 53, 0, 0x10),
      extended: [extSwitch(10, 3, 20, 0), extUser('alice', 'bob'), extUrl(1, 'http://example.com/x')],
    }),
    // Sampled IPv6 ICMPv6 with an IPv4 next hop.
    flowSample({
      sequence: 5, sourceIndex: 3, rate: 256, input: 8, output: 10,
      data: sampledIpv6(1280, 58, '2001:db8::1', '2001:db8::2', 128, 0, 0, 0),
      extended: [extRouter('192.0.2.254', 24, 16)],
    }),
    counterSample(1, 3, 1, genericCounters(3, 9)),
  ]);
  const v2 = datagram(2, '192.0.2.44', 30, 6_000, [
    flowSample({
      sequence: 1, sourceIndex: 3, rate: 100, input: 1, output: 2,
      data: sampledIpv4(1500, 6, '10.11.0.1', '10.12.0.2', 8080, 40001, 0x12, 0),
      extended: [extSwitch(15, 1, 0, 0), extUser('carol', '')],
    }),
    flowSample({
      sequence: 2, sourceIndex: 3, rate: 100, input: 1, output: 3,
      data: sampledIpv6(200, 17, '2001:db8:a::1', '2001:db8:b::2', 547, 546, 0, 0),
      extended: [extGatewayV2(65010, 64600, 64601, [64610])],
    }),
  ]);
  return [
    { src: '198.51.100.10', payload: v4, tsSec: T, dstPort: 6343 },
    { src: '198.51.100.11', payload: v2, tsSec: T + 1, dstPort: 6343 },
  ];
}

export const CRAFTED_SFLOW_CAPTURES: Record<string, () => CraftedDatagram[]> = {
  'crafted__sflow-v2': v2Datagrams,
  'crafted__sflow-v4': v4Datagrams,
  'crafted__sflow-v2v4-sampled-ip': sampledIpDatagrams,
};

if (import.meta.main) {
  for (const [name, build] of Object.entries(CRAFTED_SFLOW_CAPTURES)) writeUdpPcap(join(SFLOW_FIXTURES, `${name}.pcap`), build());
}
