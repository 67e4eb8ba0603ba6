/**
 * Writes test/fixtures/sflow/crafted-gateway-edges.pcap: one sFlow v5
 * datagram whose flow samples carry extended gateway records (sFlow v5
 * spec, "extended_gateway", format 1003) at the edges of pmacct's AS-path
 * and community texts: AS_SET segments, an empty first or last segment, no
 * segment, the well-known communities, a long path and many communities,
 * IPv6 BGP next hops for IPv4 and IPv6 packets and the reverse; and the
 * router next hops and switch VLANs pmacct falls back to. The bytes
 * are laid out from the spec, not by tsacct's encoder, so pmacct 1.7.7's
 * output on the file is an independent reference
 * (`crafted-gateway-edges.pmacct-*.conf/.out` beside it).
 *
 *   node test/decode/sflow/craftedGatewayCapture.ts
 */
import { join } from 'node:path';
import { concat, ip6, u32, type Bytes } from '../netflow/datagramBuilder.ts';
import { writeUdpPcap } from '../netflow/udpCapture.ts';
import { ethernet, ipv4, tcp } from '../packet/packetBuilder.ts';
import { SFLOW_FIXTURES } from './sflowCapture.ts';
import { datagramV5, flowRecord, flowSample, rawHeaderRecord, sflowAddress } from './sflowV5Builder.ts';

const AS_SET = 1;
const AS_SEQUENCE = 2;

interface Gateway {
  nextHop: string;
  srcAs: number;
  srcPeerAs: number;
  segments: Array<[type: number, asns: number[]]>;
  communities: number[];
  localPref: number;
  /** The sampled packet is IPv6 (a sampled IPv6 record) rather than an IPv4 header. */
  ipv6Flow?: boolean;
}

/** Raw header record: Ethernet / IPv4 / TCP from 192.0.2.<n> to 198.51.100.<n>. */
function sampledHeader(n: number): Bytes {
  return rawHeaderRecord(1, ethernet('00:00:5e:00:53:01', '00:00:5e:00:53:02', 0x0800, ipv4(`192.0.2.${n}`, `198.51.100.${n}`, 6, 0, tcp(12345, 443, 0x18))));
}

/** Sampled IPv6 record (format 4): a 120-byte TCP packet from 2001:db8:1::<n> to 2001:db8:2::<n>. */
function sampledIpv6(n: number): Bytes {
  return flowRecord(4, concat(u32(120), u32(6), ip6(`2001:db8:1::${n}`), ip6(`2001:db8:2::${n}`), u32(443), u32(50000), u32(0x18), u32(0)));
}

function gatewayRecord(g: Gateway): Bytes {
  const path = g.segments.map(([type, asns]) => concat(u32(type), u32(asns.length), ...asns.map(u32)));
  return flowRecord(1003, concat(
    sflowAddress(g.nextHop), u32(64500), u32(g.srcAs), u32(g.srcPeerAs), u32(g.segments.length), ...path,
    u32(g.communities.length), ...g.communities.map(u32), u32(g.localPref),
  ));
}

const longPath = Array.from({ length: 60 }, (_, i) => 4_200_000_000 + i);
const manyCommunities = Array.from({ length: 40 }, (_, i) => (65000 + i) * 65536 + i);

const gateways: Gateway[] = [
  { nextHop: '10.0.0.1', srcAs: 65100, srcPeerAs: 65101, segments: [[AS_SEQUENCE, [65001, 65002, 65003]]], communities: [65001 * 65536 + 1, 0xffffff01, 0, 0xffffff03, 0xffffff02], localPref: 200 },
  { nextHop: '10.0.0.2', srcAs: 0, srcPeerAs: 0, segments: [[AS_SEQUENCE, [65010]], [AS_SET, [65020, 65021]]], communities: [], localPref: 0 },
  { nextHop: '10.0.0.3', srcAs: 1, srcPeerAs: 2, segments: [[AS_SEQUENCE, [65030, 65031]], [AS_SEQUENCE, []]], communities: [0xffffffff], localPref: 4294967295 },
  { nextHop: '10.0.0.4', srcAs: 3, srcPeerAs: 4, segments: [[AS_SEQUENCE, []], [AS_SEQUENCE, [65040, 65041]]], communities: [1], localPref: 5 },
  { nextHop: '2001:db8::1', srcAs: 5, srcPeerAs: 6, segments: [], communities: [], localPref: 100 },
  { nextHop: '2001:db8::1', srcAs: 9, srcPeerAs: 10, segments: [[AS_SEQUENCE, [65050]]], communities: [], localPref: 100, ipv6Flow: true },
  { nextHop: '10.0.0.8', srcAs: 11, srcPeerAs: 12, segments: [[AS_SEQUENCE, [65060]]], communities: [], localPref: 100, ipv6Flow: true },
  { nextHop: '10.0.0.6', srcAs: 7, srcPeerAs: 8, segments: [[AS_SEQUENCE, longPath]], communities: manyCommunities, localPref: 50 },
];

/** Extended router (1002): next hop, source and destination mask lengths. */
function routerRecord(nextHop: string): Bytes {
  return flowRecord(1002, concat(sflowAddress(nextHop), u32(24), u32(48)));
}

/** Extended switch (1001): ingress VLAN and priority, egress VLAN and priority. */
function switchRecord(inVlan: number, inPriority: number, outVlan: number, outPriority: number): Bytes {
  return flowRecord(1001, concat(u32(inVlan), u32(inPriority), u32(outVlan), u32(outPriority)));
}

// Beside the gateway cases, the next-hop and VLAN fall-backs pmacct applies at the end of a sample:
// an IPv6 packet with only a router next hop (IPv6, then IPv4), an IPv4 packet with an IPv6 router
// next hop, and a switch record with only egress VLAN and priority.
const others: Bytes[][] = [
  [sampledIpv6(20), routerRecord('2001:db8:ff::11')],
  [sampledIpv6(21), routerRecord('10.0.0.21')],
  [sampledHeader(22), routerRecord('2001:db8:ff::22')],
  [sampledHeader(23), switchRecord(0, 0, 300, 4)],
];

const samples = [
  ...gateways.map((g, i) => flowSample(i + 1, 1000, [g.ipv6Flow ? sampledIpv6(i + 1) : sampledHeader(i + 1), gatewayRecord(g)])),
  ...others.map((records, i) => flowSample(20 + i, 1000, records)),
];
const payload = datagramV5('127.0.0.1', 0, 1, 123456, samples);
writeUdpPcap(join(SFLOW_FIXTURES, 'crafted-gateway-edges.pcap'), [{ src: '127.0.0.1', payload, tsSec: 1_700_000_000, dstPort: 6343 }]);
