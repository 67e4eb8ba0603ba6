/**
 * Writes test/fixtures/sflow/crafted-gateway-edges.pcap: one sFlow v5
 * datagram whose flow samples carry extended gateway records (sFlow v5
 * spec, "extended_gateway", format 1003) at the edges of pmacct's AS-path
 * and community texts: AS_SET segments, an empty first or last segment, no
 * segment, the well-known communities, a long path and many communities,
 * IPv6 BGP next hops for IPv4 and IPv6 packets and the reverse. The bytes
 * are laid out from the spec, not by tsacct's encoder, so pmacct 1.7.7's
 * output on the file is an independent reference
 * (`crafted-gateway-edges.pmacct-*.conf/.out` beside it).
 *
 *   node test/decode/sflow/craftedGatewayCapture.ts
 */
import { join } from 'node:path';
import { concat, ip4, ip6, mac, u16, u32, u8, type Bytes } from '../netflow/datagramBuilder.ts';
import { writeUdpPcap } from '../netflow/udpCapture.ts';
import { SFLOW_FIXTURES } from './sflowCapture.ts';

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

function record(format: number, body: Bytes): Bytes {
  return concat(u32(format), u32(body.length), body);
}

/** Raw header record: Ethernet / IPv4 / TCP of a 100-byte frame from 192.0.2.<n> to 198.51.100.<n>. */
function sampledHeader(n: number): Bytes {
  const tcp = concat(u16(12345), u16(443), u32(1), u32(0), u8(0x50), u8(0x18), u16(0x2000), u16(0), u16(0));
  const ip = concat(u8(0x45), u8(0), u16(86), u16(1), u16(0), u8(64), u8(6), u16(0), ip4(`192.0.2.${n}`), ip4(`198.51.100.${n}`));
  const frame = concat(mac('00:00:5e:00:53:01'), mac('00:00:5e:00:53:02'), u16(0x0800), ip, tcp);
  const padding = new Uint8Array((4 - (frame.length % 4)) % 4);
  return record(1, concat(u32(1), u32(100), u32(4), u32(frame.length), frame, padding));
}

/** Sampled IPv6 record (format 4): a 120-byte TCP packet from 2001:db8:1::<n> to 2001:db8:2::<n>. */
function sampledIpv6(n: number): Bytes {
  return record(4, concat(u32(120), u32(6), ip6(`2001:db8:1::${n}`), ip6(`2001:db8:2::${n}`), u32(443), u32(50000), u32(0x18), u32(0)));
}

function gatewayRecord(g: Gateway): Bytes {
  const nextHop = g.nextHop.includes(':') ? concat(u32(2), ip6(g.nextHop)) : concat(u32(1), ip4(g.nextHop));
  const path = g.segments.map(([type, asns]) => concat(u32(type), u32(asns.length), ...asns.map(u32)));
  return record(1003, concat(
    nextHop, u32(64500), u32(g.srcAs), u32(g.srcPeerAs), u32(g.segments.length), ...path,
    u32(g.communities.length), ...g.communities.map(u32), u32(g.localPref),
  ));
}

function flowSample(sequence: number, g: Gateway): Bytes {
  const records = [g.ipv6Flow ? sampledIpv6(sequence) : sampledHeader(sequence), gatewayRecord(g)];
  const body = concat(u32(sequence), u32(5), u32(1000), u32(sequence * 1000), u32(0), u32(3), u32(4), u32(records.length), ...records);
  return concat(u32(1), u32(body.length), body);
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

// sFlow v5 header: agent 127.0.0.1, sub-agent 0, sequence 1, uptime, samples.
const payload = concat(u32(5), u32(1), ip4('127.0.0.1'), u32(0), u32(1), u32(123456), u32(gateways.length), ...gateways.map((g, i) => flowSample(i + 1, g)));
writeUdpPcap(join(SFLOW_FIXTURES, 'crafted-gateway-edges.pcap'), [{ src: '127.0.0.1', payload, tsSec: 1_700_000_000, dstPort: 6343 }]);
