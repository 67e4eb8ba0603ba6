// Interop with gobgpd (apt): a 4-octet-AS iBGP session from 127.0.0.2 with
// IPv4 unicast (ADD-PATH send), IPv6 unicast and VPNv4/VPNv6 (route
// distinguishers of types 0 and 1, MPLS labels); routes with standard,
// extended and large communities, MED, LOCAL_PREF, AS sets. The table tsacct
// dumps must equal what gobgpd says it sent (`gobgp neighbor … adj-out -j`),
// turned into pmacct's texts by the rules written out below from the RFCs —
// not by tsacct's code. Then a withdrawal and the session's end.
// gobgpd's first connection attempt comes after a few seconds: this file
// takes about 12 s.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { join } from 'node:path';
import {
  freePort, hasCommand, readLines, startDumpingCollector, startGobgpd, stopInterop, tempDir, waitFor, waitForEstablished, type GobgpSpeaker, type TestCollector,
} from './bgpTestKit.ts';
import { canonical } from './dumpedRoutes.ts';

const AS = 4200000010;

interface GobgpAttr {
  type: number;
  value?: number | { type: number; subtype: number; value: string }[] | { ASN: number; LocalData1: number; LocalData2: number }[];
  as_paths?: { segment_type: number; asns: number[] }[];
  nexthop?: string;
  metric?: number;
  communities?: number[];
}

interface GobgpNlri {
  prefix: string;
  labels?: number[];
  rd?: { type: number; admin: number | string; assigned: number };
}

type GobgpRib = Record<string, { nlri: GobgpNlri; attrs: GobgpAttr[] }[]>;

/**
 * pmacct's text of a route from gobgp's JSON: RFC 4271 origin codes, RFC 1997/4360/8092 community layouts;
 * a VPN route's distinguisher as "type:administrator:assigned" (RFC 4364 §4.2) and its label as a number.
 */
function expectedRoute(afi: number, safi: number, nlri: GobgpNlri, attrs: GobgpAttr[]): Record<string, unknown> {
  const r: Record<string, unknown> = { afi, safi, ip_prefix: nlri.prefix };
  if (nlri.rd) r.rd = `${nlri.rd.type}:${nlri.rd.admin}:${nlri.rd.assigned}`;
  if (nlri.labels) r.label = String(nlri.labels[0]);
  for (const a of attrs) {
    switch (a.type) {
      case 1: r.origin = ['i', 'e', 'u'][a.value as number]; break;
      case 2: r.as_path = (a.as_paths ?? []).map((s) => (s.segment_type === 1 ? `{${[...s.asns].sort((x, y) => x - y).join(',')}}` : s.asns.join(' '))).join(' '); break;
      case 3: case 14: r.bgp_nexthop = a.nexthop; break;
      case 4: r.med = a.metric; break;
      case 5: r.local_pref = a.value; break;
      case 8: {
        const names: Record<number, string> = { 0xffffff01: 'no-export', 0xffffff02: 'no-advertise', 0xffffff03: 'local-AS' };
        r.comms = [...(a.communities ?? [])].sort((x, y) => x - y).map((c) => names[c] ?? `${Math.floor(c / 65536)}:${c % 65536}`).join(' ');
        break;
      }
      case 16: r.ecomms = (a.value as { subtype: number; value: string }[]).map((e) => `${e.subtype === 2 ? 'RT' : 'SoO'}:${e.value}`).sort().join(' '); break;
      case 32: {
        const list = a.value as { ASN: number; LocalData1: number; LocalData2: number }[];
        r.lcomms = [...list].sort((x, y) => x.ASN - y.ASN || x.LocalData1 - y.LocalData1 || x.LocalData2 - y.LocalData2)
          .map((l) => `${l.ASN}:${l.LocalData1}:${l.LocalData2}`).join(' ');
        break;
      }
      default: break;
    }
  }
  return r;
}

describe('interop: gobgpd announcing to tsacct', { skip: !hasCommand('gobgpd') && 'gobgpd is not installed (apt-get install gobgpd)' }, () => {
  let dir = '';
  let c: TestCollector;
  let gobgp: GobgpSpeaker;
  let pathIdOf198 = -1;

  before(async () => {
    dir = tempDir('tsacct-gobgp-');
    c = await startDumpingCollector('127.0.0.1', dir, [`bgp_daemon_msglog_file: ${join(dir, 'msglog-$peer_src_ip.json')}`]);
    const toml = `
[global.config]
  as = ${AS}
  router-id = "10.0.0.2"
  port = -1
[[neighbors]]
  [neighbors.config]
    neighbor-address = "127.0.0.1"
    peer-as = ${AS}
  [neighbors.transport.config]
    remote-port = ${c.port}
    local-address = "127.0.0.2"
  [neighbors.timers.config]
    connect-retry = 1
    hold-time = 9
    keepalive-interval = 3
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "ipv4-unicast"
    [neighbors.afi-safis.add-paths.config]
      send-max = 8
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "ipv6-unicast"
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "l3vpn-ipv4-unicast"
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "l3vpn-ipv6-unicast"
`;
    gobgp = startGobgpd(toml, dir, await freePort());
    await waitForEstablished(c, 'gobgpd', 25_000);
  });

  after(() => stopInterop(gobgp, c, dir));

  it('presents itself in the peer\'s AS and the session carries 4-octet ASNs and ADD-PATH', () => {
    const session = c.collector.sessionList()[0]!;
    assert.equal(session.peer.peerAs, AS);
    assert.equal(session.peer.fourOctetAs, true);
    assert.equal(session.peer.addPath(1, 1), true);
    assert.equal(session.peer.addPath(2, 1), false);
    assert.match(c.logs.join('\n'), /BGP_OPEN: Local AS: 4200000010 Remote AS: 4200000010 HoldTime: 9/);
  });

  it('dumps the table gobgpd says it announced', async () => {
    gobgp.cli(['global', 'rib', 'add', '203.0.113.0/24', 'identifier', '1', 'nexthop', '192.0.2.1', 'aspath', '65020,4200000001',
      'community', '65000:100,no-export', 'large-community', '4200000001:1:2,65000:7:8', 'med', '50', 'local-pref', '200', 'rt', '65000:300', 'origin', 'igp', '-a', 'ipv4']);
    gobgp.cli(['global', 'rib', 'add', '203.0.113.0/24', 'identifier', '2', 'nexthop', '192.0.2.2', 'aspath', '65030,{65050,65040}', 'origin', 'egp', '-a', 'ipv4']);
    gobgp.cli(['global', 'rib', 'add', '198.51.100.0/24', 'identifier', '3', 'nexthop', '192.0.2.3', 'origin', 'incomplete', '-a', 'ipv4']);
    gobgp.cli(['global', 'rib', 'add', '2001:db8:100::/48', 'nexthop', '2001:db8::1', 'aspath', '65010,65020', 'community', '65000:1', '-a', 'ipv6']);
    gobgp.cli(['global', 'rib', 'add', '2001:db8:200::/40', 'nexthop', '2001:db8::2', 'large-community', '1:2:3', '-a', 'ipv6']);
    gobgp.cli(['global', 'rib', '-a', 'vpnv4', 'add', '10.10.0.0/24', 'label', '100', 'rd', '65000:100', 'rt', '65000:100', 'nexthop', '192.0.2.10']);
    gobgp.cli(['global', 'rib', '-a', 'vpnv4', 'add', '10.20.0.0/16', 'label', '2000', 'rd', '192.0.2.9:8', 'rt', '65000:5', 'nexthop', '192.0.2.11', 'med', '7', 'community', '65000:9']);
    gobgp.cli(['global', 'rib', '-a', 'vpnv4', 'add', '10.20.0.0/16', 'label', '1048575', 'rd', '65000:101', 'nexthop', '192.0.2.12', 'aspath', '4200000003']);
    gobgp.cli(['global', 'rib', '-a', 'vpnv6', 'add', '2001:db8:9::/48', 'label', '300', 'rd', '65000:6', 'nexthop', '2001:db8::9', 'large-community', '65000:1:1']);
    const peer = () => c.collector.peers()[0]!;
    await waitFor('9 routes in the RIB', () => peer().rib.routeCount === 9);

    const expected: string[] = [];
    for (const [afi, safi, family] of [[1, 1, 'ipv4'], [2, 1, 'ipv6'], [1, 128, 'vpnv4'], [2, 128, 'vpnv6']] as const) {
      const rib = JSON.parse(gobgp.cli(['neighbor', '127.0.0.1', 'adj-out', '-a', family, '-j'])) as GobgpRib;
      for (const paths of Object.values(rib)) for (const p of paths) expected.push(canonical(expectedRoute(afi, safi, p.nlri, p.attrs)));
    }
    assert.equal(expected.length, 9);
    const result = await c.collector.dumpTables();
    assert.deepEqual(result, { tables: 1, entries: 9, files: [join(dir, 'dump-127_0_0_2.json')] });
    const lines = readLines(join(dir, 'dump-127_0_0_2.json')).map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(lines.map((l) => l.event_type), ['dump_init', ...Array<string>(9).fill('dump'), 'dump_close']);
    const dumped = lines.filter((l) => l.event_type === 'dump');
    assert.deepEqual(dumped.map(canonical).sort(), expected.sort());
    // gobgpd numbers the paths it sends itself (its adj-out JSON does not show them): the two paths of
    // 203.0.113.0/24 have two identifiers, the other families (no ADD-PATH) none.
    const ids = dumped.map((l) => [l.ip_prefix, l.as_path_id ?? null] as const);
    assert.equal(new Set(ids.filter(([p]) => p === '203.0.113.0/24').map(([, id]) => id)).size, 2);
    assert.deepEqual(dumped.filter((l) => l.afi === 2 || l.safi === 128).map((l) => l.as_path_id ?? null), [null, null, null, null, null, null]);
    pathIdOf198 = ids.find(([p]) => p === '198.51.100.0/24')![1] as number;
    assert.deepEqual(lines.at(-1), { timestamp: lines[0]!.timestamp, peer_ip_src: '127.0.0.2', peer_tcp_port: peer().port, event_type: 'dump_close', entries: 9, tables: 1, seq: lines[0]!.seq });
  });

  it('logs a withdrawal with the attributes the route had', async () => {
    gobgp.cli(['global', 'rib', 'del', '198.51.100.0/24', 'identifier', '3', '-a', 'ipv4']);
    const file = join(dir, 'msglog-127_0_0_2.json');
    await waitFor('the withdrawal', () => readLines(file).some((l) => l.includes('"withdraw"')));
    const withdraw = readLines(file).map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.log_type === 'withdraw')!;
    assert.deepEqual([withdraw.ip_prefix, withdraw.as_path_id, withdraw.bgp_nexthop, withdraw.origin], ['198.51.100.0/24', pathIdOf198, '192.0.2.3', 'u']);
  });

  it('deletes the remaining routes when the peer ends the session, then closes the log', async () => {
    await gobgp.stop();
    const file = join(dir, 'msglog-127_0_0_2.json');
    await waitFor('log_close', () => readLines(file).some((l) => l.includes('"log_close"')));
    const events = readLines(file).map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(events.map((e) => e.log_type ?? e.event_type), ['log_init', ...Array<string>(9).fill('update'), 'withdraw', ...Array<string>(8).fill('delete'), 'log_close']);
    // seq numbers rise (the dump took one of its own, as pmacct's dump events do).
    const seqs = events.map((e) => e.seq as number);
    assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b));
    assert.equal(new Set(seqs).size, seqs.length);
    assert.match(c.logs.join('\n'), /BGP_NOTIFICATION received \(6, 3\)/);
    assert.equal(c.collector.attributes.size, 0);
  });
});
