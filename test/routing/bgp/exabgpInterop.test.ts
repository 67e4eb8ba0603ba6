// Interop with exabgp (apt) over IPv6 transport: the collector listens on
// ::1 and exabgp peers from ::1 in a 4-octet AS, announcing from its
// configuration IPv6 unicast with ADD-PATH (two paths of one prefix), IPv4
// unicast and VPNv4 (route distinguisher, label), with standard (well-known
// included), extended and large communities, MED and LOCAL_PREF. exabgp's
// API process receives every UPDATE exabgp sends, decoded by exabgp as JSON
// (exabgpRoutes.ts): the table tsacct dumps must equal those routes, path
// identifiers included. (test/golden/bgp/ has more exabgp sessions, against
// pmbgpd 1.7.7's output.) About 2 s.
import assert from 'node:assert/strict';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  hasCommand, readLines, startDumpingCollector, startExabgp, stopInterop, tempDir, waitFor, waitForEstablished, type Speaker, type TestCollector,
} from './bgpTestKit.ts';
import { canonical, dumpedRoutes } from './dumpedRoutes.ts';
import { routesExabgpSent } from './exabgpRoutes.ts';

const AS = 4200000040;

function exabgpConfig(dir: string, port: number): string {
  return `process sent {
  run ${join(dir, 'sent.sh')};
  encoder json;
}
neighbor ::1 {
  router-id 10.0.0.40;
  local-address ::1;
  local-as ${AS};
  peer-as ${AS};
  hold-time 30;
  connect ${port};
  capability { asn4 enable; add-path send; }
  family { ipv4 unicast; ipv6 unicast; ipv4 mpls-vpn; }
  add-path { ipv6 unicast; }
  api { processes [ sent ]; send { parsed; update; } }
  static {
    route 2001:db8:100::/48 next-hop 2001:db8::1 as-path [ 4200000001 65010 ] community [ 65000:1 no-export ] large-community [ 4200000001:1:2 ] med 5 path-information 1;
    route 2001:db8:100::/48 next-hop 2001:db8::2 as-path [ 65030 ] origin egp path-information 2;
    route 2001:db8:200::/40 next-hop 2001:db8::3 origin incomplete extended-community [ target:4200000001:9 ] path-information 7;
    route 203.0.113.0/24 next-hop 192.0.2.1 extended-community [ target:65000:300 origin:65000:4 ] local-preference 300;
    route 10.20.0.0/16 rd 65000:1 next-hop 192.0.2.1 label 200 extended-community [ target:65000:1 ];
    route 10.30.0.0/16 rd 192.0.2.9:5 next-hop 192.0.2.2 label 1048575 community [ 64512:7 ];
  }
}
`;
}

describe('interop: exabgp announcing to tsacct over IPv6', { skip: !hasCommand('exabgp') && 'exabgp is not installed (apt-get install exabgp)' }, () => {
  let dir = '';
  let c: TestCollector;
  let exabgp: Speaker;
  const sent = (): string[] => readLines(join(dir, 'sent.json'));

  before(async () => {
    dir = tempDir('tsacct-exabgp-');
    // exabgp's API process: every message exabgp sends, as JSON lines, into sent.json (until exabgp closes its
    // stdin). Not `exec cat`: the shell must keep its stdout, exabgp's pipe from the process, open, or exabgp
    // takes the process for dead.
    writeFileSync(join(dir, 'sent.sh'), `#!/bin/sh\ncat > ${join(dir, 'sent.json')}\n`);
    chmodSync(join(dir, 'sent.sh'), 0o755);
    c = await startDumpingCollector('::1', dir);
    exabgp = startExabgp(exabgpConfig(dir, c.port), dir);
    await waitForEstablished(c, 'exabgp');
  });

  after(() => stopInterop(exabgp, c, dir));

  it('negotiates 4-octet ASNs and ADD-PATH for IPv6 unicast only', () => {
    const peer = c.collector.peers()[0]!;
    assert.equal(peer.address, '::1');
    assert.equal(peer.peerAs, AS);
    assert.equal(peer.fourOctetAs, true);
    assert.equal(peer.addPath(2, 1), true);
    assert.equal(peer.addPath(1, 1), false);
  });

  it('dumps the routes exabgp says it sent, path identifiers included', async () => {
    // exabgp sends its End-of-RIB markers after the routes of the three families.
    await waitFor('exabgp\'s End-of-RIB markers', () => sent().filter((l) => l.includes('"eor"')).length === 3);
    const expected = routesExabgpSent(sent());
    assert.equal(expected.length, 6);
    await waitFor('6 routes in the RIB', () => c.collector.peers()[0]?.rib.routeCount === 6);
    await c.collector.dumpTables();
    const dumped = dumpedRoutes(join(dir, 'dump-__1.json'));
    assert.deepEqual(dumped.map(canonical).sort(), expected.map(canonical).sort());
    const ids = (routes: Record<string, unknown>[]): string[] => routes.map((r) => `${String(r.ip_prefix)} ${String(r.bgp_nexthop)} ${String(r.as_path_id ?? '-')}`).sort();
    assert.deepEqual(ids(dumped), ids(expected));
  });

  it('drops the peer\'s routes when exabgp stops', async () => {
    await exabgp.stop();
    await waitFor('the session to end', () => c.collector.peers().length === 0);
    assert.equal(c.collector.attributes.size, 0);
    assert.equal(c.collector.failures, 0);
  });
});
