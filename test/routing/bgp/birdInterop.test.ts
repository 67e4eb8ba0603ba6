// Interop with bird2 (apt): an iBGP session in a 4-octet AS from 127.0.0.2,
// IPv4 unicast with ADD-PATH (bird `add paths tx`: every route of a prefix
// in its table, here from three static protocols) and IPv6 unicast. Export
// filters set standard (well-known included), extended and large
// communities, LOCAL_PREF, MED, ORIGIN and prepend 2- and 4-octet ASNs.
// The table tsacct dumps must equal what bird says it exports
// (`birdc show route all export tsacct`, parsed in birdRoutes.ts), after a
// withdrawal too; then bird shuts the session down. About 3 s.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { join } from 'node:path';
import { expectedFromBird, parseBirdRoutes } from './birdRoutes.ts';
import {
  freePort, hasCommand, startBird, startDumpingCollector, stopInterop, tempDir, waitFor, waitForEstablished, type BirdSpeaker, type TestCollector,
} from './bgpTestKit.ts';
import { canonical, dumpedRoutes } from './dumpedRoutes.ts';

const AS = 4200000020;

/** `listenPort`: bird's own listening port (it opens one; 179 is not ours to take). */
function birdConfig(port: number, listenPort: number): string {
  return `
router id 10.0.0.20;
protocol device {}
protocol static static_a {
  ipv4;
  route 203.0.113.0/24 blackhole;
  route 198.51.100.0/24 blackhole;
  route 100.64.0.0/10 blackhole;
}
protocol static static_b {
  ipv4;
  route 203.0.113.0/24 blackhole;
  route 100.64.0.0/10 blackhole;
}
protocol static static_c {
  ipv4;
  route 203.0.113.0/24 blackhole;
}
protocol static static_v6 {
  ipv6;
  route 2001:db8:100::/48 blackhole;
  route 2001:db8:200::/40 blackhole;
}
filter to_tsacct {
  if proto = "static_a" then {
    bgp_next_hop = 192.0.2.1;
    bgp_community.add((65000,100));
    bgp_community.add((65535,65281));
    bgp_community.add((64512,7));
    bgp_large_community.add((4200000001,1,2));
    bgp_large_community.add((65000,7,8));
    bgp_ext_community.add((rt, 65000, 300));
    bgp_ext_community.add((ro, 65000, 4));
    bgp_local_pref = 200;
    bgp_med = 50;
    bgp_path.prepend(4200000001);
    bgp_path.prepend(65020);
  } else if proto = "static_b" then {
    bgp_next_hop = 192.0.2.2;
    bgp_origin = ORIGIN_EGP;
    bgp_path.prepend(4200000002);
    bgp_path.prepend(4200000002);
  } else if proto = "static_c" then {
    bgp_next_hop = 192.0.2.3;
    bgp_origin = ORIGIN_INCOMPLETE;
    bgp_med = 0;
    bgp_large_community.add((4294967295,4294967295,4294967295));
  } else {
    bgp_next_hop = 2001:db8::1;
    bgp_community.add((65000,1));
    bgp_large_community.add((1,2,3));
    bgp_ext_community.add((rt, 4200000001, 9));
    if net = 2001:db8:200::/40 then bgp_path.prepend(65010);
  }
  accept;
}
protocol bgp tsacct {
  local 127.0.0.2 port ${listenPort} as ${AS};
  neighbor 127.0.0.1 port ${port} as ${AS};
  hold time 9;
  connect delay time 1;
  connect retry time 1;
  ipv4 { import none; export filter to_tsacct; add paths tx; };
  ipv6 { import none; export filter to_tsacct; };
}
`;
}

describe('interop: bird2 announcing to tsacct', { skip: !hasCommand('bird') && 'bird2 is not installed (apt-get install bird2)' }, () => {
  let dir = '';
  let c: TestCollector;
  let bird: BirdSpeaker;
  const dumpFile = (): string => join(dir, 'dump-127_0_0_2.json');

  /** bird's exported routes, as tsacct must dump them, sorted. */
  const birdExport = (): string[] => parseBirdRoutes(bird.cli(['show', 'route', 'all', 'export', 'tsacct'])).map((r) => canonical(expectedFromBird(r))).sort();

  before(async () => {
    dir = tempDir('tsacct-bird-');
    c = await startDumpingCollector('127.0.0.1', dir);
    bird = startBird(birdConfig(c.port, await freePort()), dir);
    await waitForEstablished(c, 'bird');
  });

  after(() => stopInterop(bird, c, dir));

  it('negotiates 4-octet ASNs and ADD-PATH for IPv4 only', () => {
    const peer = c.collector.peers()[0]!;
    assert.equal(peer.address, '127.0.0.2');
    assert.equal(peer.peerAs, AS);
    assert.equal(peer.fourOctetAs, true);
    assert.equal(peer.addPath(1, 1), true);
    assert.equal(peer.addPath(2, 1), false);
  });

  it('dumps the routes bird exports, several paths per prefix included', async () => {
    let expected: string[] = [];
    await waitFor("bird's export of 8 routes", () => (expected = birdExport()).length === 8);
    await waitFor(`${expected.length} routes in the RIB`, () => c.collector.peers()[0]?.rib.routeCount === expected.length);
    await c.collector.dumpTables();
    const dumped = dumpedRoutes(dumpFile());
    assert.deepEqual(dumped.map(canonical).sort(), expected);
    // The three paths of 203.0.113.0/24 carry three path identifiers; IPv6 (no ADD-PATH) none.
    const ids = (prefix: string): unknown[] => dumped.filter((d) => d.ip_prefix === prefix).map((d) => d.as_path_id);
    assert.equal(new Set(ids('203.0.113.0/24')).size, 3);
    assert.equal(new Set(ids('100.64.0.0/10')).size, 2);
    assert.deepEqual(ids('2001:db8:100::/48'), [undefined]);
  });

  it('follows a withdrawal of one path of a prefix', async () => {
    bird.cli(['disable', 'static_b']);
    // bird may still list the disabled protocol's routes for a moment: wait until its own export shows 6.
    let expected: string[] = [];
    await waitFor("bird's export without static_b", () => (expected = birdExport()).length === 6);
    await waitFor(`${expected.length} routes in the RIB`, () => c.collector.peers()[0]?.rib.routeCount === expected.length);
    await c.collector.dumpTables();
    assert.deepEqual(dumpedRoutes(dumpFile()).map(canonical).sort(), expected);
  });

  it('ends with bird\'s Cease (Administrative Shutdown) and drops the peer\'s routes', async () => {
    bird.cli(['disable', 'tsacct']);
    await waitFor('the session to end', () => c.collector.peers().length === 0);
    assert.match(c.logs.join('\n'), /\[10\.0\.0\.20\] BGP_NOTIFICATION received \(6, 2\)/);
    assert.equal(c.collector.attributes.size, 0);
    assert.equal(c.collector.failures, 0);
  });
});
