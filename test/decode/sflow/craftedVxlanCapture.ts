/**
 * Writes test/fixtures/sflow/crafted-vxlan.pcap: one sFlow v5 datagram of
 * flow samples whose raw packet headers are VXLAN (UDP port 4789, RFC 7348)
 * with different inner packets: IPv4 TCP, an 802.1Q-tagged inner frame,
 * ICMP, IPv6, a VXLAN header without the I flag, an IPv6 outer header, an
 * inner packet cut short by the sampled header length, a packet from port
 * 4789 (not to it) and VXLAN inside VXLAN. Built from the RFCs with
 * test/decode/packet/packetBuilder.ts, not by tsacct's code, so pmacct
 * 1.7.7's output on it (`crafted-vxlan.pmacct-*.conf/.out` beside it) is an
 * independent reference for the tunnel_* primitives.
 *
 *   node test/decode/sflow/craftedVxlanCapture.ts
 */
import { join } from 'node:path';
import type { Bytes } from '../netflow/datagramBuilder.ts';
import { writeUdpPcap } from '../netflow/udpCapture.ts';
import { dot1q, ethernet, icmp, ipv4, ipv6, tcp, udp, vxlan } from '../packet/packetBuilder.ts';
import { SFLOW_FIXTURES } from './sflowCapture.ts';
import { datagramV5, flowSample, rawHeaderRecord } from './sflowV5Builder.ts';

const OUTER_DST = '00:00:5e:00:53:aa';
const OUTER_SRC = '00:00:5e:00:53:bb';
const INNER_DST = '02:00:00:00:00:01';
const INNER_SRC = '02:00:00:00:00:02';
const IPV4 = 0x0800;
const IPV6 = 0x86dd;

/** Outer Ethernet / IPv4 UDP from 192.0.2.<n>:<sport> to 198.51.100.1:<dport> around `payload`. */
function outerV4(n: number, payload: Bytes, sport = 49152 + n, dport = 4789): Bytes {
  return ethernet(OUTER_DST, OUTER_SRC, IPV4, ipv4(`192.0.2.${n}`, '198.51.100.1', 17, 0, udp(sport, dport, payload)));
}

function innerV4Tcp(src: string, dst: string, tos: number): Bytes {
  return ethernet(INNER_DST, INNER_SRC, IPV4, ipv4(src, dst, 6, tos, tcp(40000, 80, 0x02)));
}

const headers: Array<{ frame: Bytes; cut?: number }> = [
  { frame: outerV4(1, vxlan(100, innerV4Tcp('10.1.0.1', '10.1.0.2', 0x28))) },
  { frame: outerV4(2, vxlan(200, dot1q(INNER_DST, INNER_SRC, 300, 5, IPV4, ipv4('10.2.0.1', '10.2.0.2', 17, 0, udp(5353, 53, new Uint8Array(8)))))) },
  { frame: outerV4(3, vxlan(300, ethernet(INNER_DST, INNER_SRC, IPV4, ipv4('10.3.0.1', '10.3.0.2', 1, 0, icmp(8, 0))))) },
  { frame: outerV4(4, vxlan(400, ethernet(INNER_DST, INNER_SRC, IPV6, ipv6('2001:db8:4::1', '2001:db8:4::2', 6, 0xb8, tcp(40001, 443, 0x10))))) },
  { frame: outerV4(5, vxlan(500, innerV4Tcp('10.5.0.1', '10.5.0.2', 0), 0x00)) },
  {
    frame: ethernet(OUTER_DST, OUTER_SRC, IPV6, ipv6('2001:db8:6::1', '2001:db8:6::2', 17, 0, udp(49158, 4789, vxlan(600, innerV4Tcp('10.6.0.1', '10.6.0.2', 0))))),
  },
  // Cut 8 bytes into the inner IPv4 header: the inner MACs are there, its addresses are not.
  { frame: outerV4(7, vxlan(700, innerV4Tcp('10.7.0.1', '10.7.0.2', 0))), cut: 14 + 20 + 8 + 8 + 14 + 8 },
  { frame: outerV4(8, vxlan(800, innerV4Tcp('10.8.0.1', '10.8.0.2', 0)), 4789, 9999) },
  {
    frame: outerV4(9, vxlan(900, ethernet(INNER_DST, INNER_SRC, IPV4, ipv4('10.9.0.1', '10.9.0.2', 17, 0, udp(49000, 4789, vxlan(901, innerV4Tcp('10.9.1.1', '10.9.1.2', 0))))))),
  },
];

const samples = headers.map((h, i) => flowSample(i + 1, 2048, [rawHeaderRecord(1, h.frame, h.cut)]));
const payload = datagramV5('127.0.0.2', 1, 1, 7_200_000, samples);
writeUdpPcap(join(SFLOW_FIXTURES, 'crafted-vxlan.pcap'), [{ src: '127.0.0.2', payload, tsSec: 1_700_000_000, dstPort: 6343 }]);
