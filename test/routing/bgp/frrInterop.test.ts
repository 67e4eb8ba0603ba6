// Interop with frr's bgpd (apt, run alone: no zebra): an iBGP session in a
// 4-octet AS from 127.0.0.3, signed with TCP MD5 (`neighbor … password`,
// the collector's bgp_daemon_md5_file, on an IPv4 listening socket), IPv4
// and IPv6 unicast. Route-maps on the originated networks set standard
// (well-known included), extended (2- and 4-octet AS route targets) and
// large communities, LOCAL_PREF, MED, ORIGIN, next hops and prepend
// 4-octet ASNs. The table tsacct dumps must equal frr's own view of the
// routes (frrRoutes.ts), also after a network is withdrawn. About 4 s.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadNativeTcpMd5 } from '../../../src/routing/bgp/tcpMd5.ts';
import { frrBgpdPath, startDumpingCollector, startFrrBgpd, stopInterop, tempDir, waitFor, waitForEstablished, type FrrSpeaker, type TestCollector } from './bgpTestKit.ts';
import { canonical, dumpedRoutes } from './dumpedRoutes.ts';
import { frrExport } from './frrRoutes.ts';

const AS = 4200000030;
const PASSWORD = 'frrsecret';

function frrConfig(port: number): string {
  return `
hostname tsacct-interop
route-map SETA permit 10
 set ip next-hop 192.0.2.30
 set community 65000:100 no-export 64512:5 65535:65283
 set large-community 4200000001:1:2 65000:7:8
 set extcommunity rt 65000:300 4200000001:5
 set local-preference 200
 set metric 50
 set as-path prepend 65020 4200000001
!
route-map SETB permit 10
 set ip next-hop 192.0.2.31
 set origin incomplete
!
route-map SETC permit 10
 set ip next-hop 192.0.2.32
 set origin egp
 set extcommunity soo 65000:4
 set as-path prepend 4200000002 4200000002
!
route-map SET6 permit 10
 set ipv6 next-hop global 2001:db8::30
 set community 65000:1
 set large-community 1:2:3
!
router bgp ${AS}
 bgp router-id 10.0.0.30
 no bgp default ipv4-unicast
 no bgp network import-check
 neighbor 127.0.0.1 remote-as ${AS}
 neighbor 127.0.0.1 port ${port}
 neighbor 127.0.0.1 update-source 127.0.0.3
 neighbor 127.0.0.1 password ${PASSWORD}
 neighbor 127.0.0.1 timers 3 9
 neighbor 127.0.0.1 timers connect 1
 address-family ipv4 unicast
  network 203.0.113.0/24 route-map SETA
  network 198.51.100.0/24 route-map SETB
  network 100.64.0.0/10 route-map SETC
  neighbor 127.0.0.1 activate
 exit-address-family
 address-family ipv6 unicast
  network 2001:db8:300::/48 route-map SET6
  network 2001:db8:400::/40 route-map SET6
  neighbor 127.0.0.1 activate
 exit-address-family
!
`;
}

describe('interop: frr bgpd announcing to tsacct, TCP MD5 signed', {
  skip: (!frrBgpdPath() && 'frr is not installed (apt-get install frr)') ||
    (!loadNativeTcpMd5() && 'build/tcpMd5.node is not built (node scripts/buildNative.ts)'),
}, () => {
  let dir = '';
  let c: TestCollector;
  let frr: FrrSpeaker;
  const dumpFile = (): string => join(dir, 'dump-127_0_0_3.json');
  const frrRoutes = (): string[] => [...frrExport(frr.vtysh, 1), ...frrExport(frr.vtysh, 2)].map(canonical).sort();
  /** frr's routes once it lists `count`: a network just added or removed shows in its table for a moment without paths. */
  const frrRoutesWhen = async (count: number, what: string): Promise<string[]> => {
    let routes: string[] = [];
    await waitFor(what, () => {
      try {
        routes = frrRoutes();
      } catch {
        return false;
      }
      return routes.length === count;
    });
    return routes;
  };

  before(async () => {
    dir = tempDir('tsacct-frr-');
    const md5File = join(dir, 'bgp_md5.lst');
    writeFileSync(md5File, `127.0.0.3, ${PASSWORD}\n`);
    c = await startDumpingCollector('127.0.0.1', dir, [`bgp_daemon_md5_file: ${md5File}`]);
    frr = startFrrBgpd(frrConfig(c.port), dir);
    await waitForEstablished(c, 'frr');
  });

  after(() => stopInterop(frr, c, dir));

  it('establishes a signed session with 4-octet ASNs', () => {
    const peer = c.collector.peers()[0]!;
    assert.equal(peer.address, '127.0.0.3');
    assert.equal(peer.peerAs, AS);
    assert.equal(peer.fourOctetAs, true);
    assert.match(c.logs.join('\n'), /BGP_OPEN: Local AS: 4200000030 Remote AS: 4200000030 HoldTime: 9/);
    assert.match(frr.vtysh('show bgp neighbors 127.0.0.1'), /Peer Authentication Enabled/);
  });

  it('dumps the routes frr originates', async () => {
    const expected = await frrRoutesWhen(5, 'frr to originate its 5 networks');
    await waitFor('5 routes in the RIB', () => c.collector.peers()[0]?.rib.routeCount === 5);
    await c.collector.dumpTables();
    assert.deepEqual(dumpedRoutes(dumpFile()).map(canonical).sort(), expected);
  });

  it('follows a withdrawn network', async () => {
    frr.vtysh('configure terminal', `router bgp ${AS}`, 'address-family ipv4 unicast', 'no network 198.51.100.0/24');
    const expected = await frrRoutesWhen(4, 'frr to drop the network from its own table');
    await waitFor('4 routes in the RIB', () => c.collector.peers()[0]?.rib.routeCount === 4);
    await c.collector.dumpTables();
    assert.deepEqual(dumpedRoutes(dumpFile()).map(canonical).sort(), expected);
  });

  it('drops the peer\'s routes when frr stops', async () => {
    await frr.stop();
    await waitFor('the session to end', () => c.collector.peers().length === 0);
    assert.equal(c.collector.attributes.size, 0);
    assert.equal(c.collector.failures, 0);
  });
});
