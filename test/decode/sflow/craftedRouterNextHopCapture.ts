/**
 * Writes test/fixtures/sflow/crafted-router-next-hop.pcap: one sFlow v5
 * datagram whose flow samples pair the extended router record (sFlow v5
 * spec, "extended_router", format 1002: next hop, source and destination
 * mask lengths) with and without an extended gateway (1003), in both
 * orders, for IPv4 and IPv6 packets: the cases where use_ip_next_hop takes
 * peer_dst_ip from the router's next hop. The corpus has no IPv4 sample
 * with a router record and no gateway. Bytes laid out from the spec, not by
 * tsacct's encoder, so pmacct 1.7.7's output on the file is an independent
 * reference (`crafted-router-next-hop.pmacct-*.conf/.out` beside it).
 *
 *   node test/decode/sflow/craftedRouterNextHopCapture.ts
 */
import { join } from 'node:path';
import { concat, ip6, u32, type Bytes } from '../netflow/datagramBuilder.ts';
import { writeUdpPcap } from '../netflow/udpCapture.ts';
import { ethernet, ipv4, tcp } from '../packet/packetBuilder.ts';
import { SFLOW_FIXTURES } from './sflowCapture.ts';
import { datagramV5, flowRecord, flowSample, rawHeaderRecord, sflowAddress } from './sflowV5Builder.ts';

/** Raw header record: Ethernet / IPv4 / TCP from 192.0.2.<n> to 198.51.100.<n>. */
function sampledHeader(n: number): Bytes {
  return rawHeaderRecord(1, ethernet('00:00:5e:00:53:01', '00:00:5e:00:53:02', 0x0800, ipv4(`192.0.2.${n}`, `198.51.100.${n}`, 6, 0, tcp(12345, 443, 0x18))));
}

/** Sampled IPv6 record (format 4): a 120-byte TCP packet from 2001:db8:1::<n> to 2001:db8:2::<n>. */
function sampledIpv6(n: number): Bytes {
  return flowRecord(4, concat(u32(120), u32(6), ip6(`2001:db8:1::${n}`), ip6(`2001:db8:2::${n}`), u32(443), u32(50000), u32(0x18), u32(0)));
}

/** Extended router (1002): next hop, masks /(16+n) and /(20+n) so each sample's masks tell it apart. */
function routerRecord(nextHop: string, n: number): Bytes {
  return flowRecord(1002, concat(sflowAddress(nextHop), u32(16 + n), u32(20 + n)));
}

/** Extended gateway (1003): BGP next hop, one AS_SEQUENCE ending at AS 65000+n, no communities. */
function gatewayRecord(nextHop: string, n: number): Bytes {
  return flowRecord(1003, concat(sflowAddress(nextHop), u32(64500), u32(0), u32(0), u32(1), u32(2), u32(1), u32(65000 + n), u32(0), u32(100)));
}

const samples: Bytes[][] = [
  // IPv4 packet, router next hop only: use_ip_next_hop's case.
  [sampledHeader(1), routerRecord('10.1.0.1', 1)],
  // Router then gateway, gateway then router: the BGP next hop wins either way.
  [sampledHeader(2), routerRecord('10.1.0.2', 2), gatewayRecord('10.0.0.2', 2)],
  [sampledHeader(3), gatewayRecord('10.0.0.3', 3), routerRecord('10.1.0.3', 3)],
  // A zero next hop is still an address.
  [sampledHeader(4), routerRecord('0.0.0.0', 4)],
  // IPv6 packets: IPv6 router next hop (taken even without the key), IPv4 one.
  [sampledIpv6(5), routerRecord('2001:db8:ff::5', 5)],
  [sampledIpv6(6), routerRecord('10.1.0.6', 6)],
  // No router record.
  [sampledHeader(7)],
  // IPv4 packet whose gateway gives an IPv6 BGP next hop, with an IPv4 router next hop.
  [sampledHeader(8), routerRecord('10.1.0.8', 8), gatewayRecord('2001:db8::8', 8)],
];

const payload = datagramV5('127.0.0.1', 0, 1, 123456, samples.map((records, i) => flowSample(i + 1, 1000, records)));
writeUdpPcap(join(SFLOW_FIXTURES, 'crafted-router-next-hop.pcap'), [{ src: '127.0.0.1', payload, tsSec: 1_700_000_000, dstPort: 6343 }]);
