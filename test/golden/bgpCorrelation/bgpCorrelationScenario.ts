/**
 * The flow/BGP correlation golden scenario, shared by regenerate.ts
 * (pmacct 1.7.7's nfacctd and sfacctd) and bgpCorrelation.test.ts (tsacct):
 *
 * - a scripted BGP speaker (test/routing/bgp/bgpTestPeer.ts) opens a
 *   session to the collector from a 127.0.0.x address and announces the
 *   IPv4 routes of ROUTES, written for the addresses of the NetFlow v5
 *   capture test/fixtures/netflow-v5/akvorado__nfv5.pcap (29 flows from
 *   exporter 10.19.144.41): /15 to /24 prefixes, some less specific and
 *   some more specific than the masks the exporter sent, AS paths with
 *   4-octet ASNs, an AS set, a confederation segment and an empty path,
 *   standard/extended/large communities, LOCAL_PREF, MED, several next
 *   hops; some addresses have no route;
 * - the collector reads the capture (pcap_savefile) after
 *   pcap_savefile_delay, once the routes are in; the capture's exporter
 *   address is rewritten to the speaker's address (127.0.0.5) so that the
 *   peer is found by address, except in the bgp_agent_map case, which
 *   keeps 10.19.144.41 and maps it to the speaker at 127.0.0.6;
 * - the print plugin writes the aggregates at exit; outputs are compared
 *   sorted (header first);
 * - the sfacctd case replays the sFlow capture of the golden
 *   sflow-extended-gateway (agents 172.16.0.3 and 49.49.49.49, mapped to
 *   the speaker by bgp_agent_map) against routes written for its
 *   addresses, IPv6 included: with sfacctd_as bgp the extended gateway's
 *   AS numbers, path and communities give way to BGP's.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AS_CONFED_SEQUENCE, AS_SEQUENCE, AS_SET, SAFI_MPLS_VPN } from '../../../src/decode/bgp/bgpConstants.ts';
import { fourOctetAsCapability, multiprotocolCapability } from '../../../src/decode/bgp/bgpOpen.ts';
import { parseRd } from '../../../src/decode/bgp/routeDistinguisher.ts';
import { encodeUpdate, routeTarget, type UpdateSpec } from '../../../src/decode/bgp/updateEncoder.ts';
import { TestPeer } from '../../routing/bgp/bgpTestPeer.ts';
import { freePort, waitFor } from '../../routing/bgp/bgpTestKit.ts';
import { sortOutput, type GoldenDeviation } from '../goldenCases.ts';

export const scenarioDir = import.meta.dirname;
export const CAPTURE = join(scenarioDir, '..', '..', 'fixtures', 'netflow-v5', 'akvorado__nfv5.pcap');

/** A large community as the encoder takes it. */
type Large = [number, number, number];
/** An 8-byte extended community: transitive IPv4-address route origin (type 0x01, subtype 0x03). */
const routeOrigin4 = (a: number, b: number, c: number, d: number, value: number): Uint8Array => Uint8Array.of(0x01, 0x03, a, b, c, d, value >>> 8, value & 0xff);

interface Route {
  prefix: string;
  spec: Omit<UpdateSpec, 'nlri'>;
  /** An IPv4 VPN route (SAFI 128, label 16001) under this RD, e.g. "0:65512:1". */
  rd?: string;
}

const seq = (...asns: number[]): { type: number; asns: number[] } => ({ type: AS_SEQUENCE, asns });

export const ROUTES: readonly Route[] = [
  { prefix: '172.217.0.0/16', spec: { asPath: [seq(64500, 15169)], nextHop: '192.0.2.1', communities: [(64500 << 16) | 100, (64500 << 16) | 200], localPref: 200, med: 10 } },
  { prefix: '172.217.24.0/24', spec: { asPath: [seq(64500, 4200000001, 15169)], nextHop: '192.0.2.2', localPref: 120, extCommunities: [routeTarget(64500, 1)], largeCommunities: [[4200000001, 1, 2] as Large] } },
  { prefix: '142.250.0.0/15', spec: { asPath: [seq(64501, 15169)], nextHop: '192.0.2.1', communities: [(64501 << 16) | 1] } },
  { prefix: '142.250.207.0/24', spec: { asPath: [seq(4200000002, 15169)], nextHop: '192.0.2.3', med: 50, largeCommunities: [[64500, 7, 8] as Large, [4200000002, 0, 1] as Large] } },
  { prefix: '157.240.0.0/16', spec: { asPath: [seq(64502, 3356, 32934)], nextHop: '192.0.2.4', communities: [(3356 << 16) | 100, (64502 << 16) | 300, 0xffffff01], localPref: 90 } },
  { prefix: '61.6.0.0/16', spec: { asPath: [seq(10094)], nextHop: '192.0.2.5', localPref: 300, med: 5, communities: [(10094 << 16) | 1] } },
  { prefix: '61.6.236.0/22', spec: { asPath: [seq(64510, 10094)], nextHop: '192.0.2.6', extCommunities: [routeTarget(10094, 22), routeOrigin4(192, 0, 2, 6, 7)], largeCommunities: [[10094, 0, 22] as Large] } },
  { prefix: '202.152.70.0/24', spec: { asPath: [seq(10101)], nextHop: '192.0.2.7' } },
  { prefix: '202.160.0.0/16', spec: { asPath: [seq(4200000003, 64520, 10094)], nextHop: '192.0.2.8', med: 100, localPref: 150, communities: [(64520 << 16) | 10] } },
  // An internal route: empty AS path.
  { prefix: '119.160.128.0/17', spec: { asPath: [], nextHop: '192.0.2.9', localPref: 100, communities: [(64520 << 16) | 64999] } },
  { prefix: '161.202.192.0/19', spec: { asPath: [seq(64503, 36351)], nextHop: '192.0.2.10', communities: [(64503 << 16) | 36351] } },
  // A path ending in an AS set, and one starting with a confederation segment.
  { prefix: '74.125.0.0/16', spec: { asPath: [seq(64500), { type: AS_SET, asns: [15169, 15170] }], nextHop: '192.0.2.1' } },
  { prefix: '92.223.95.0/24', spec: { asPath: [{ type: AS_CONFED_SEQUENCE, asns: [65001, 65002] }, seq(2916)], nextHop: '192.0.2.11', localPref: 110 } },
  // For the sFlow capture of the sfacctd case (test/golden/sflow-extended-gateway), an IPv6 route among them.
  { prefix: '191.87.0.0/16', spec: { asPath: [seq(64600, 26615)], nextHop: '192.0.2.20', communities: [(64600 << 16) | 1] } },
  { prefix: '45.90.161.0/24', spec: { asPath: [seq(64601, 4200000009)], nextHop: '192.0.2.21', localPref: 250 } },
  { prefix: '53.53.0.0/16', spec: { asPath: [seq(64602)], nextHop: '192.0.2.22' } },
  { prefix: '2a0c:8880::/32', spec: { asPath: [seq(64603, 4200000010)], nextHop: '2001:db8::23', communities: [(64603 << 16) | 3] } },
];

/**
 * bgp_follow_nexthop: the exporter's peer sends ROUTES with 202.160.0.0/16
 * via 127.0.0.8, a second peer; that one's route for it goes via
 * `onward` (another 127.0.0.x, no peer, or an outside address).
 */
export function nextHopChain(onward: string): { first: Route[]; second: Route[] } {
  return {
    first: ROUTES.map((r) => (r.prefix === '202.160.0.0/16' ? { prefix: r.prefix, spec: { ...r.spec, nextHop: '127.0.0.8' } } : r)),
    second: [
      { prefix: '202.160.0.0/16', spec: { asPath: [seq(64800, 10094)], nextHop: onward, communities: [(64800 << 16) | 1], localPref: 55 } },
      { prefix: '61.6.0.0/16', spec: { asPath: [seq(64801, 10094)], nextHop: '127.0.0.5' } },
    ],
  };
}

/** The UPDATEs a speaker sends (one route each, ORIGIN IGP). */
export function updates(routes: readonly Route[] = ROUTES): Uint8Array[] {
  return routes.map((r) => {
    if (r.rd !== undefined) {
      const { nextHop, ...rest } = r.spec;
      return encodeUpdate({ origin: 0, ...rest, mpReach: { afi: 1, safi: SAFI_MPLS_VPN, nextHop: nextHop!, nlri: [{ prefix: r.prefix, rd: parseRd(r.rd)!, labels: [16001] }] } });
    }
    if (!r.prefix.includes(':')) return encodeUpdate({ origin: 0, ...r.spec, nlri: [{ prefix: r.prefix }] });
    const { nextHop, ...rest } = r.spec;
    return encodeUpdate({ origin: 0, ...rest, mpReach: { afi: 2, safi: 1, nextHop: nextHop!, nlri: [{ prefix: r.prefix }] } });
  });
}

export type CollectorDaemon = 'nfacctd' | 'sfacctd';

/** What a collector run replays and who feeds it BGP (the config aside). */
export interface CollectorSetup {
  /** nfacctd (the default) on the NetFlow v5 capture, or sfacctd on an sFlow one (`capture`, used as is). */
  daemon?: CollectorDaemon;
  /** The capture to replay as is; default: the NetFlow v5 one, its exporter rewritten unless `agentMap`. */
  capture?: string;
  /** The speaker's address; the capture's exporter is rewritten to it unless `agentMap`. */
  speaker: string;
  /** The speaker's routes (default ROUTES), and more speakers. */
  routes?: readonly Route[];
  otherSpeakers?: readonly { address: string; routes: readonly Route[] }[];
  agentMap?: string;
  /** Map files written into the run's folder, by name; `{dir}` in a case's `extra` stands for that folder. */
  files?: Readonly<Record<string, string>>;
}

/** The pmacct/tsacct config lines every collector run starts with: BGP listener, capture replay, UTC times. */
export function collectorBaseLines(dir: string, port: number): string[] {
  return [
    'daemonize: false',
    'bgp_daemon: true',
    'bgp_daemon_ip: 127.0.0.1',
    `bgp_daemon_port: ${port}`,
    `pcap_savefile: ${join(dir, 'capture.pcap')}`,
    'pcap_savefile_delay: 3',
    'pcap_savefile_wait: false',
    'timestamps_utc: true',
  ];
}

/** nfacctd_as/nfacctd_net and every source-route attribute from BGP. */
export const ALL_FROM_BGP_LINES: readonly string[] = [
  'nfacctd_as: bgp',
  'nfacctd_net: bgp',
  'bgp_peer_src_as_type: bgp',
  'bgp_src_as_path_type: bgp',
  'bgp_src_std_comm_type: bgp',
  'bgp_src_ext_comm_type: bgp',
  'bgp_src_lrg_comm_type: bgp',
  'bgp_src_local_pref_type: bgp',
  'bgp_src_med_type: bgp',
];

export interface CorrelationCase extends CollectorSetup {
  name: string;
  output: 'csv' | 'json';
  aggregate: string;
  extra: string[];
  /** peer_dst_ip comes from BGP (nfacctd_net bgp or longest): see checkedBgpNextHops(). */
  bgpNextHops?: boolean;
  /** peer_dst_ip is NetFlow v5's next hop (use_ip_next_hop): see checkedIpNextHops(). */
  ipNextHops?: boolean;
  /** Lines where tsacct differs from pmacct 1.7.7 on purpose (docs/compat.md), substituted into pmacct's output. */
  deviations?: readonly GoldenDeviation[];
  /** pre_tag_map mpls_vpn_rd rules: the RD of each tag they set, and the tag pmacct 1.7.7 gives instead: see checkedVpnRdTags(). */
  vpnRdTags?: { tags: Readonly<Record<string, string>>; pmacctTag: string };
}

/**
 * pmacct 1.7.7's pre_tag_map never matches a positive mpls_vpn_rd rule
 * (docs/compat.md, "pre_tag_map mpls_vpn_rd"): tsacct tags a flow whose
 * destination route it found in the VPN table under that RD. Every line of
 * tsacct's CSV output with such a tag must have that RD and a destination
 * route (an AS path); no line with pmacct's tag may. Returns the output
 * with those tags replaced by pmacct's, to compare with pmacct's.
 */
export function checkedVpnRdTags(out: string, c: CorrelationCase): { text: string; problems: string[] } {
  const { tags, pmacctTag } = c.vpnRdTags!;
  const problems: string[] = [];
  const lines = out.split('\n').filter(Boolean);
  const header = lines[0]!.split(',');
  const at = (name: string): number => header.indexOf(name);
  const rds = new Set(Object.values(tags));
  const text = lines.map((line, i) => {
    if (i === 0) return line;
    const f = line.split(',');
    const tag = f[at('TAG')]!;
    const inVpn = f[at('AS_PATH')] !== '';
    const want = tags[tag];
    if (want !== undefined) {
      if (f[at('MPLS_VPN_RD')] !== want || !inVpn) problems.push(`${line}: tag ${tag} needs RD ${want} and a destination route`);
      f[at('TAG')] = pmacctTag;
    } else if (rds.has(f[at('MPLS_VPN_RD')]!) && inVpn) {
      problems.push(`${line}: a destination route under ${f[at('MPLS_VPN_RD')]} should have been tagged`);
    }
    return f.join(',');
  });
  return { text: sortOutput(text.join('\n'), 'csv'), problems };
}

/**
 * Packets per next hop in the capture's 29 flows, as tshark 4.0 decodes
 * them (`tshark -d udp.port==9990,cflow -V`: NextHop and Packets of each
 * flow, added up by hand).
 */
export const PACKETS_BY_V5_NEXT_HOP: Readonly<Record<string, number>> = {
  '202.160.6.113': 35, '202.160.6.115': 9, '61.6.255.146': 2, '61.6.255.150': 32,
};

/**
 * pmacct 1.7.7 ignores use_ip_next_hop for NetFlow v5 (peer_dst_ip stays
 * empty; docs/compat.md): tsacct prints the exported next hop. The
 * packets of tsacct's lines per next hop must be tshark's; the output with
 * peer_ip_dst blanked and equal lines added up is returned for the
 * comparison with pmacct's (JSON lines).
 */
export function checkedIpNextHops(out: string): { text: string; problems: string[] } {
  const problems: string[] = [];
  const perHop = new Map<string, number>();
  const merged = new Map<string, { packets: number; bytes: number }>();
  for (const line of out.split('\n').filter(Boolean)) {
    const rec = JSON.parse(line) as Record<string, unknown>;
    const hop = String(rec.peer_ip_dst);
    perHop.set(hop, (perHop.get(hop) ?? 0) + Number(rec.packets));
    const key = line.replace(/"peer_ip_dst": "[^"]*"/, '"peer_ip_dst": ""').replace(/, "packets": \d+, "bytes": \d+\}$/, '');
    const m = merged.get(key) ?? { packets: 0, bytes: 0 };
    m.packets += Number(rec.packets);
    m.bytes += Number(rec.bytes);
    merged.set(key, m);
  }
  const got = Object.fromEntries([...perHop.entries()].sort());
  const want = Object.fromEntries(Object.entries(PACKETS_BY_V5_NEXT_HOP).sort());
  if (JSON.stringify(got) !== JSON.stringify(want)) problems.push(`packets per next hop ${JSON.stringify(got)}, tshark: ${JSON.stringify(want)}`);
  const lines = [...merged.entries()].map(([key, m]) => `${key}, "packets": ${m.packets}, "bytes": ${m.bytes}}`);
  return { text: sortOutput(lines.join('\n'), 'json'), problems };
}

/** The networks_file of the pretag-as cases: ASes neither the export nor BGP gives. */
const NETWORKS_LST = ['64999,172.217.0.0/16', '65001,61.6.236.0/22', '65002,202.160.0.0/16', '15169,142.250.0.0/15', ''].join('\n');

export const CASES: readonly CorrelationCase[] = [
  {
    name: 'dst-attributes',
    speaker: '127.0.0.5',
    output: 'csv',
    aggregate: 'src_as, dst_as, peer_src_ip, peer_dst_ip, peer_dst_as, as_path, local_pref, std_comm',
    extra: ['nfacctd_as: bgp'],
  },
  {
    name: 'src-attributes-bgp-net',
    speaker: '127.0.0.5',
    output: 'json',
    aggregate: 'src_as, dst_as, med, ext_comm, lrg_comm, src_as_path, src_std_comm, src_ext_comm, src_lrg_comm, src_local_pref, src_med, peer_src_as, src_net, dst_net, peer_dst_ip',
    extra: [...ALL_FROM_BGP_LINES],
    bgpNextHops: true,
  },
  {
    name: 'longest',
    speaker: '127.0.0.5',
    output: 'csv',
    aggregate: 'src_as, dst_as, src_net, dst_net, src_mask, dst_mask, peer_dst_ip, peer_dst_as, as_path',
    extra: ['nfacctd_as: longest', 'nfacctd_net: longest'],
    bgpNextHops: true,
  },
  {
    name: 'agent-map',
    speaker: '127.0.0.6',
    agentMap: 'bgp_ip=127.0.0.6 ip=10.19.144.41\n',
    output: 'json',
    aggregate: 'src_as, dst_as, peer_src_ip, peer_dst_ip, peer_dst_as, as_path, std_comm, ext_comm, lrg_comm, dst_net',
    extra: ['nfacctd_as: bgp', 'nfacctd_net: bgp'],
    bgpNextHops: true,
  },
  {
    name: 'text-filters',
    speaker: '127.0.0.5',
    output: 'csv',
    aggregate: 'src_as, dst_as, peer_src_as, peer_dst_as, as_path, src_as_path, std_comm, ext_comm, lrg_comm',
    extra: [
      'nfacctd_as: bgp',
      'bgp_peer_src_as_type: bgp',
      'bgp_src_as_path_type: bgp',
      'bgp_aspath_radius: 2',
      'bgp_stdcomm_pattern: 64500:.00, 10094, 502:3, 6452.:1.',
      'bgp_extcomm_pattern: RT:10094',
      'bgp_lrgcomm_pattern: 10094:0:, 64500:.:8',
      'bgp_stdcomm_pattern_to_asn: 64520:',
      'bgp_peer_as_skip_subas: true',
    ],
  },
  {
    name: 'ip-next-hop',
    speaker: '127.0.0.5',
    output: 'json',
    aggregate: 'dst_as, peer_dst_ip, peer_dst_as, as_path, dst_mask',
    extra: ['nfacctd_as: bgp', 'use_ip_next_hop: true'],
    ipNextHops: true,
  },
  {
    name: 'sfacctd-gateway',
    daemon: 'sfacctd',
    capture: join(scenarioDir, '..', 'sflow-extended-gateway', 'capture.pcap'),
    speaker: '127.0.0.5',
    agentMap: 'bgp_ip=127.0.0.5 ip=172.16.0.3\nbgp_ip=127.0.0.5 ip=49.49.49.49\n',
    output: 'csv',
    aggregate: 'src_host, dst_host, src_as, dst_as, peer_dst_as, peer_dst_ip, as_path, std_comm, local_pref',
    extra: ['sfacctd_as: bgp'],
  },
  {
    name: 'follow-nexthop',
    speaker: '127.0.0.5',
    routes: nextHopChain('127.0.0.9').first,
    otherSpeakers: [{ address: '127.0.0.8', routes: nextHopChain('127.0.0.9').second }],
    output: 'csv',
    aggregate: 'dst_as, peer_dst_as, as_path, std_comm, local_pref',
    extra: ['nfacctd_as: bgp', 'bgp_follow_nexthop: 127.0.0.0/8'],
  },
  {
    name: 'follow-nexthop-external',
    speaker: '127.0.0.5',
    routes: nextHopChain('198.51.100.1').first,
    otherSpeakers: [{ address: '127.0.0.8', routes: nextHopChain('198.51.100.1').second }],
    output: 'csv',
    aggregate: 'dst_as, peer_dst_as, as_path, std_comm, local_pref',
    extra: ['nfacctd_as: bgp', 'bgp_follow_nexthop: 127.0.0.0/8, 10.0.0.0/8', 'bgp_follow_nexthop_external: true'],
  },
  {
    // bgp_peer_src_as_map, bgp_src_local_pref_map, bgp_src_med_map: interfaces, the source route's next hop and first AS, 'bgp'.
    name: 'src-maps',
    speaker: '127.0.0.5',
    files: {
      'peers.map': [
        'id=65101 ip=127.0.0.5 in=116',
        'id=65102 ip=127.0.0.5 in=115 bgp_nexthop=192.0.2.4',
        'id=65103 ip=127.0.0.5 in=115 peer_dst_as=64501',
        'id=bgp ip=127.0.0.5 in=117',
        'id=65104 ip=127.0.0.5 in=-118 bgp_nexthop=192.0.2.1',
        'id=65105 ip=10.0.0.0/8',
        '',
      ].join('\n'),
      'lpref.map': [
        'id=100 ip=127.0.0.5 in=115 bgp_nexthop=-192.0.2.1',
        'id=bgp ip=127.0.0.5 in=116',
        'id=80 ip=127.0.0.0/8 bgp_nexthop=192.0.2.1',
        '',
      ].join('\n'),
      'med.map': [
        'id=7 ip=127.0.0.5 out=86',
        'id=bgp ip=127.0.0.5 in=117',
        'id=9 ip=127.0.0.5 peer_dst_as=64502',
        'id=11 ip=127.0.0.5 src_mac=00:01:02:03:04:05',
        '',
      ].join('\n'),
    },
    output: 'csv',
    aggregate: 'in_iface, out_iface, src_as, peer_src_as, src_local_pref, src_med',
    // id=bgp in the local preference map: the source route's LOCAL_PREF (92.223.95.0/24: 110), not its first AS.
    deviations: [{ compat: 'bgp-src-map-id-bgp', pmacct: '2916,65001,0,65101,116,124,1,344', tsacct: '2916,110,0,65101,116,124,1,344' }],
    extra: [
      'nfacctd_as: bgp',
      'bgp_peer_src_as_type: map',
      'bgp_peer_src_as_map: {dir}/peers.map',
      'bgp_src_local_pref_type: map',
      'bgp_src_local_pref_map: {dir}/lpref.map',
      'bgp_src_med_type: map',
      'bgp_src_med_map: {dir}/med.map',
    ],
  },
  {
    // pre_tag_map keys on the BGP lookup's routes: evaluated after it.
    name: 'pretag-bgp',
    speaker: '127.0.0.5',
    files: {
      'pretag.map': [
        'set_tag=1 ip=127.0.0.5 peer_dst_as=64510 jeq=two',
        'set_tag=2 ip=127.0.0.5 local_pref=300 jeq=two',
        'set_tag=3 ip=127.0.0.5 comms=64520:10 jeq=two',
        'set_tag=4 ip=127.0.0.5 dst_as=10101 jeq=two',
        'set_tag=5 ip=127.0.0.5 local_pref=100 comms=64520:6499. jeq=two',
        'set_tag=6 ip=127.0.0.5 jeq=two',
        'set_tag2=11 ip=127.0.0.5 peer_src_as=64501 label=two',
        'set_tag2=12 ip=127.0.0.5 src_local_pref=90',
        'set_tag2=13 ip=127.0.0.5 src_comms=64500:100',
        'set_tag2=14 ip=127.0.0.5 src_as=15170',
        'set_tag2=15 ip=127.0.0.5 peer_src_as=-0 src_as=-15169',
        'set_tag2=16 ip=127.0.0.5 mpls_vpn_rd=0:65512:1',
        '',
      ].join('\n'),
    },
    output: 'csv',
    aggregate: 'tag, tag2, src_as, dst_as, peer_src_as, peer_dst_as, local_pref',
    extra: [
      'nfacctd_as: bgp',
      'bgp_peer_src_as_type: bgp',
      'bgp_src_local_pref_type: bgp',
      'pre_tag_map: {dir}/pretag.map',
    ],
  },
  {
    // flow_to_rd_map: flows it gives an RD are looked up in the VPN RIB under it; pre_tag_map's mpls_vpn_rd.
    name: 'flow-to-rd',
    speaker: '127.0.0.5',
    routes: [
      ...ROUTES,
      { prefix: '61.6.0.0/16', rd: '0:65512:1', spec: { asPath: [seq(65512, 10094)], nextHop: '192.0.2.30', localPref: 77 } },
      { prefix: '202.152.0.0/16', rd: '0:65512:1', spec: { asPath: [seq(65512, 10101)], nextHop: '192.0.2.30' } },
      { prefix: '202.160.0.0/16', rd: '0:65512:1', spec: { asPath: [seq(65512, 4200000003, 10094)], nextHop: '192.0.2.31' } },
      { prefix: '172.217.0.0/16', rd: '0:65512:1', spec: { asPath: [seq(65513, 15169)], nextHop: '192.0.2.32' } },
      { prefix: '157.240.0.0/16', rd: '0:65512:1', spec: { asPath: [seq(65513, 32934)], nextHop: '192.0.2.32' } },
      { prefix: '202.160.0.0/16', rd: '1:192.168.1.1:7', spec: { asPath: [seq(65520, 10094)], nextHop: '192.0.2.33' } },
      { prefix: '142.250.0.0/15', rd: '1:192.168.1.1:7', spec: { asPath: [seq(65521, 15169)], nextHop: '192.0.2.33' } },
      { prefix: '61.6.0.0/16', rd: '2:4200000000:9', spec: { asPath: [seq(65530, 10094)], nextHop: '192.0.2.34' } },
    ],
    files: {
      'pretag.map': [
        'set_tag=1 ip=127.0.0.5 mpls_vpn_rd=0:65512:1',
        'set_tag=2 ip=127.0.0.5 mpls_vpn_rd=1:192.168.1.1:7',
        'set_tag=3 ip=127.0.0.5 mpls_vpn_rd=-2:4200000000:9',
        '',
      ].join('\n'),
      'flow_to_rd.map': [
        'id=0:65512:1 ip=127.0.0.5 in=116',
        'id=1:192.168.1.1:7 ip=127.0.0.5 out=124',
        'id=2:4200000000:9 ip=127.0.0.5 in=117 bgp_nexthop=0.0.0.0',
        '',
      ].join('\n'),
    },
    output: 'csv',
    aggregate: 'tag, in_iface, out_iface, mpls_vpn_rd, src_as, dst_as, as_path, local_pref',
    vpnRdTags: { tags: { 1: '0:65512:1', 2: '1:192.168.1.1:7' }, pmacctTag: '3' },
    extra: ['nfacctd_as: bgp', 'flow_to_rd_map: {dir}/flow_to_rd.map', 'pre_tag_map: {dir}/pretag.map'],
  },
  {
    // bgp_lrgcomm_pattern_to_asn: the internal route (empty AS path) carries a large community to read AS numbers from.
    name: 'lrgcomm-to-asn',
    speaker: '127.0.0.5',
    routes: ROUTES.map((r) => (r.prefix === '119.160.128.0/17' ? { prefix: r.prefix, spec: { ...r.spec, largeCommunities: [[64999, 65010, 1] as Large, [64998, 65011, 2] as Large] } } : r)),
    output: 'csv',
    aggregate: 'src_as, dst_as, peer_src_as, peer_dst_as, as_path, lrg_comm',
    extra: ['nfacctd_as: bgp', 'bgp_peer_src_as_type: bgp', 'bgp_lrgcomm_pattern_to_asn: 64998:'],
  },
  {
    name: 'as-netflow',
    speaker: '127.0.0.5',
    output: 'csv',
    aggregate: 'src_as, dst_as, peer_dst_as, peer_dst_ip, as_path, local_pref, src_mask, dst_mask',
    extra: [],
  },
  // pre_tag_map src_as / dst_as with nfacctd_as longest / fallback (BGP and NetFlow), file and longest with a networks_file.
  pretagAsCase('pretag-as-longest', ['nfacctd_as: longest']),
  pretagAsCase('pretag-as-fallback', ['nfacctd_as: fallback']),
  pretagAsCase('pretag-as-file', ['nfacctd_as: file', 'networks_file: {dir}/networks.lst']),
  pretagAsCase('pretag-as-longest-file', ['nfacctd_as: longest', 'networks_file: {dir}/networks.lst']),
  {
    // sfacctd_as longest: BGP's value or the extended gateway's (flows without a source route: 104.26.8.24, 52.52.52.52).
    name: 'pretag-as-sfacctd',
    daemon: 'sfacctd',
    capture: join(scenarioDir, '..', 'sflow-extended-gateway', 'capture.pcap'),
    speaker: '127.0.0.5',
    agentMap: 'bgp_ip=127.0.0.5 ip=172.16.0.3\nbgp_ip=127.0.0.5 ip=49.49.49.49\n',
    files: {
      'pretag.map': [
        'set_tag=1 src_as=4200000009 jeq=two',
        'set_tag=2 src_as=13335 jeq=two',
        'set_tag=3 src_as=64000 jeq=two',
        'set_tag=4 jeq=two',
        'set_tag2=11 dst_as=203361 label=two',
        'set_tag2=12 dst_as=-26615',
        'set_tag2=13 dst_as=0',
        '',
      ].join('\n'),
    },
    output: 'csv',
    aggregate: 'tag, tag2, src_host, dst_host',
    // pmacct 1.7.7's sfacctd lets a rule pass whenever BGP has a route for the side, whatever its AS; tsacct
    // matches BGP's or the gateway's AS, as nfacctd does (2a0c:: is 4200000010 in BGP, 0 in the gateway, etc.).
    deviations: [
      { compat: 'pretag-as-sources', pmacct: '1,11,2a0c:8880:2:0:185:21:130:38,2a0c:8880:2:0:185:21:130:39,3,4554', tsacct: '4,12,2a0c:8880:2:0:185:21:130:38,2a0c:8880:2:0:185:21:130:39,3,4554' },
      { compat: 'pretag-as-sources', pmacct: '1,11,45.90.161.148,191.87.91.27,1,64', tsacct: '1,0,45.90.161.148,191.87.91.27,1,64' },
      { compat: 'pretag-as-sources', pmacct: '2,11,104.26.8.24,45.90.161.46,1,439', tsacct: '2,12,104.26.8.24,45.90.161.46,1,439' },
    ],
    extra: ['sfacctd_as: longest', 'pre_tag_map: {dir}/pretag.map'],
  },
];

/**
 * A pre_tag_map case on the NetFlow v5 capture whose src_as / dst_as rules
 * tell the AS sources apart: 74.125.0.0/16 is AS 15170 in BGP (an AS set's
 * last) but 15169 in the export; 104.22.0.0 has no route (BGP: 0) and is
 * 13335 in the export; 119.160.128.0/17's route has an empty path (0)
 * where the export says 10094; 202.160.21.0/27 is 0 in the export, 10094
 * in BGP; NETWORKS_LST gives its own ASes. Aggregated by tag and hosts.
 */
function pretagAsCase(name: string, asLines: string[]): CorrelationCase {
  return {
    name,
    speaker: '127.0.0.5',
    files: {
      'pretag.map': [
        'set_tag=1 src_as=15170 jeq=two',
        'set_tag=2 src_as=13335 jeq=two',
        'set_tag=3 dst_as=10094 src_as=-15169 jeq=two',
        'set_tag=4 src_as=64999 jeq=two',
        'set_tag=5 dst_as=-10094 src_as=-0 jeq=two',
        'set_tag=6 src_as=0 jeq=two',
        'set_tag=7 jeq=two',
        'set_tag2=11 src_as=-0 dst_as=-0 label=two',
        'set_tag2=12 dst_as=10101',
        'set_tag2=13 src_as=32934 dst_as=0',
        'set_tag2=14 dst_as=65002',
        '',
      ].join('\n'),
      'networks.lst': NETWORKS_LST,
    },
    output: 'csv',
    aggregate: 'tag, tag2, src_host, dst_host',
    extra: [...asLines, 'pre_tag_map: {dir}/pretag.map'],
  };
}

export function storedPath(c: CorrelationCase): string {
  return join(scenarioDir, `${c.name}.pmacct.out`);
}

/**
 * The capture with its exporter (the IPv4 source of every datagram) set
 * to `address`: IPv4 header checksum recomputed, UDP checksum cleared
 * (0: none, valid for IPv4). Classic pcap, Ethernet frames.
 */
export function rewriteExporter(pcap: Uint8Array, address: string): Uint8Array {
  const out = Uint8Array.from(pcap);
  const view = new DataView(out.buffer);
  const le = view.getUint32(0, true) === 0xa1b2c3d4;
  const a = address.split('.').map(Number);
  for (let off = 24; off + 16 <= out.length;) {
    const caplen = view.getUint32(off + 8, le);
    const frame = off + 16;
    if (view.getUint16(frame + 12) === 0x0800) {
      const ip = frame + 14;
      const ihl = (out[ip]! & 0x0f) * 4;
      out.set(a, ip + 12);
      view.setUint16(ip + 10, 0);
      let sum = 0;
      for (let i = 0; i < ihl; i += 2) sum += view.getUint16(ip + i);
      while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
      view.setUint16(ip + 10, ~sum & 0xffff);
      if (out[ip + 9] === 17) view.setUint16(ip + ihl + 6, 0);
    }
    off = frame + caplen;
  }
  return out;
}

/** The collector's config (pmacct's and tsacct's alike). */
export function configText(c: CorrelationCase, dir: string, port: number): string {
  return [
    ...collectorBaseLines(dir, port),
    ...(c.agentMap ? [`bgp_agent_map: ${join(dir, 'bgp_agent.map')}`] : []),
    ...c.extra.map((line) => line.replaceAll('{dir}', dir)),
    'plugins: print[out]',
    `aggregate[out]: ${c.aggregate}`,
    `print_output[out]: ${c.output}`,
    `print_output_file[out]: ${join(dir, 'out.txt')}`,
    'print_refresh_time[out]: 3600',
    '',
  ].join('\n');
}

/** A collector run: the speaker's address, the exporter rewrite or agent map, the config text. */
export interface CollectorRun extends CollectorSetup {
  /** The config, given the run's folder and BGP port. */
  config: (dir: string, port: number) => string;
}

/**
 * Starts `command` on the run's config in `dir`, has the speaker announce
 * ROUTES as soon as the collector listens, and returns once the collector
 * has read the capture and exited.
 */
export async function runCollector(run: CollectorRun, dir: string, command: CollectorCommand): Promise<void> {
  const port = await freePort();
  const capture = run.capture ? readFileSync(run.capture) : run.agentMap ? readFileSync(CAPTURE) : rewriteExporter(readFileSync(CAPTURE), run.speaker);
  writeFileSync(join(dir, 'capture.pcap'), capture);
  if (run.agentMap) writeFileSync(join(dir, 'bgp_agent.map'), run.agentMap);
  for (const [name, text] of Object.entries(run.files ?? {})) writeFileSync(join(dir, name), text);
  const conf = join(dir, 'collector.conf');
  writeFileSync(conf, run.config(dir, port));
  const [cmd, args] = command(conf, run.daemon ?? 'nfacctd');
  let logs = '';
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (d: Buffer) => (logs += d.toString()));
  child.stderr.on('data', (d: Buffer) => (logs += d.toString()));
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => { exited = true; resolve(); }));
  const peers: TestPeer[] = [];
  try {
    await waitFor('the collector to accept the BGP session', () => exited || logs.includes('waiting for BGP data'), 20_000);
    if (exited) throw new Error(`collector exited early:\n${logs}`);
    const speakers = [{ address: run.speaker, routes: run.routes ?? ROUTES }, ...(run.otherSpeakers ?? [])];
    for (const [i, s] of speakers.entries()) {
      // VPN routes need the IPv4 VPN family in the OPEN; the other cases keep the plain one.
      const vpn = s.routes.some((r) => r.rd !== undefined);
      const capabilities = vpn ? [multiprotocolCapability(1, 1), multiprotocolCapability(2, 1), multiprotocolCapability(1, SAFI_MPLS_VPN), fourOctetAsCapability(64496)] : undefined;
      const peer = await TestPeer.open({ port, localAddress: s.address, as: 64496, bgpId: 0x0a000005 + i, addPath: false, capabilities });
      peers.push(peer);
      for (const u of updates(s.routes)) peer.send(u);
    }
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`collector did not exit:\n${logs}`)), 60_000)));
    try {
      await Promise.race([exit, late]);
    } finally {
      clearTimeout(timer);
    }
  } finally {
    for (const peer of peers) peer.close();
    if (!exited) child.kill('SIGINT');
    await exit;
    // TSACCT_LOGS=1 shows the collector's log (to see why a backend wrote nothing).
    if (process.env.TSACCT_LOGS) process.stderr.write(logs);
  }
}

/** How to start a collector: the command line for a config file and daemon. */
export type CollectorCommand = (conf: string, daemon: CollectorDaemon) => [string, string[]];

/** Runs one print-plugin case; returns its output, sorted. */
export async function runCase(c: CorrelationCase, dir: string, command: CollectorCommand): Promise<string> {
  writeFileSync(join(dir, 'out.txt'), '');
  await runCollector({ ...c, config: (d, port) => configText(c, d, port) }, dir, command);
  return sortOutput(readFileSync(join(dir, 'out.txt'), 'utf8'), c.output);
}

/**
 * pmacct 1.7.7 prints peer_dst_ip empty whenever it would come from BGP
 * (docs/compat.md, "peer_dst_ip from BGP"): tsacct prints the destination
 * route's next hop. This checks every line of tsacct's output against the
 * scenario by hand: the route is the one of ROUTES whose network is the
 * line's dst_net (with dst_mask when printed); its next hop, or nothing
 * when no route has that network. Returns the output with peer_dst_ip
 * blanked, to compare with pmacct's.
 */
export function checkedBgpNextHops(out: string, c: CorrelationCase): { text: string; problems: string[] } {
  const problems: string[] = [];
  const routeNextHop = (net: string, mask: string | undefined): string => {
    const r = ROUTES.find((x) => x.prefix.split('/')[0] === net && (mask === undefined || x.prefix.split('/')[1] === mask));
    return r?.spec.nextHop ?? '';
  };
  const lines = out.split('\n').filter(Boolean);
  if (c.output === 'json') {
    const text = lines.map((line) => {
      const rec = JSON.parse(line) as Record<string, unknown>;
      const want = routeNextHop(String(rec.net_dst), undefined);
      if (rec.peer_ip_dst !== want) problems.push(`${line}: peer_ip_dst should be '${want}'`);
      return line.replace(/"peer_ip_dst": "[^"]*"/, '"peer_ip_dst": ""');
    });
    return { text: text.map((l) => l + '\n').join(''), problems };
  }
  const header = lines[0]!.split(',');
  const at = (name: string): number => header.indexOf(name);
  const text = lines.map((line, i) => {
    if (i === 0) return line;
    const f = line.split(',');
    const want = routeNextHop(f[at('DST_NET')]!, f[at('DST_MASK')]);
    if (f[at('PEER_DST_IP')] !== want) problems.push(`${line}: PEER_DST_IP should be '${want}'`);
    f[at('PEER_DST_IP')] = '';
    return f.join(',');
  });
  return { text: text.map((l) => l + '\n').join(''), problems };
}
