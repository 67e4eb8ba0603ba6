/**
 * The BGP lookup stage on RIBs a scripted speaker fills in an in-process
 * collector: the cases the golden (test/golden/bgpCorrelation) does not
 * reach because its speaker announces plain IPv4 unicast from the
 * exporter's own address — ADD-PATH next-hop selection, the
 * labeled-unicast fallback, IPv6, VPN routes by the route distinguisher
 * flow_to_rd_map gives a flow (not the one it carries), the router-id match, bgp_agent_map rules, following
 * default routes (bgp_follow_default) — plus pmacct's
 * first-AS reading of AS path texts. Expected values are the scenario's
 * routes, worked out by hand.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfigText } from '../../src/config/index.ts';
import { memoryLogger } from '../../src/core/logger.ts';
import { addPathCapability, fourOctetAsCapability, multiprotocolCapability } from '../../src/decode/bgp/bgpOpen.ts';
import { encodeUpdate, rdAs2 } from '../../src/decode/bgp/updateEncoder.ts';
import { bgpLookupStage, firstAsnOfText } from '../../src/enrich/bgpLookupStage.ts';
import { parseBgpAgentMap } from '../../src/maps/bgpAgentMap.ts';
import { FlowRecord } from '../../src/model/flowRecord.ts';
import { ipText } from '../../src/model/ipText.ts';
import { removeDir, startTestCollector, tempDir } from '../routing/bgp/bgpTestKit.ts';
import { TestPeer } from '../routing/bgp/bgpTestPeer.ts';

const v4 = (text: string): number => text.split('.').reduce((n, p) => n * 256 + Number(p), 0);

function flow(exporter: string, src: string, dst: string, nextHop?: string): FlowRecord {
  const rec = new FlowRecord();
  rec.reset();
  rec.peerSrcIp.setV4Number(v4(exporter));
  rec.srcHost.setV4Number(v4(src));
  rec.dstHost.setV4Number(v4(dst));
  if (nextHop) rec.bgpNextHop.setV4Number(v4(nextHop));
  return rec;
}

test('pmacct reads the first AS of a path text: a confederation\'s first member, 0 for a set or an empty path', () => {
  assert.equal(firstAsnOfText('64500 4200000001 15169'), 64500);
  assert.equal(firstAsnOfText('(65001 65002) 2916'), 65001);
  assert.equal(firstAsnOfText('{15169,15170}'), 0);
  assert.equal(firstAsnOfText(''), 0);
});

test('bgp_agent_map: bgp_ip (or id) and ip are required; the first rule of the exporter\'s family wins', () => {
  const warnings: string[] = [];
  const map = parseBgpAgentMap('bgp_ip=127.0.0.6 ip=10.0.0.0/8\nid=127.0.0.7 ip=10.1.0.0/16\nip=10.2.0.0/16\nbgp_ip=::1 ip=2001:db8::/32\n', 'a.map', { warn: (m) => warnings.push(m) });
  assert.deepEqual(warnings, ["[a.map:3] required key missing. Required keys are: 'bgp_ip', 'ip'. Line ignored."]);
  assert.equal(map.rules.length, 3);
  assert.equal(map.ruleFor(flow('10.1.2.3', '1.1.1.1', '2.2.2.2'))?.line, 1);
  assert.equal(map.ruleFor(flow('192.0.2.1', '1.1.1.1', '2.2.2.2')), null);
});

test('ADD-PATH, labeled unicast, VPN, router id and agent map lookups', { timeout: 30_000 }, async () => {
  const dir = tempDir('tsacct-bgp-lookup-');
  const c = await startTestCollector('bgp_daemon_ip: 127.0.0.1\nbgp_daemon_port: 179\n');
  const peers: TestPeer[] = [];
  try {
    // 127.0.0.7: ADD-PATH for IPv4 unicast, labeled unicast and VPNv4.
    const a = await TestPeer.open({
      port: c.port, localAddress: '127.0.0.7', as: 64496, bgpId: v4('10.0.0.7'),
      capabilities: [multiprotocolCapability(1, 1), multiprotocolCapability(2, 1), multiprotocolCapability(1, 4), multiprotocolCapability(1, 128), fourOctetAsCapability(64496), addPathCapability([{ afi: 1, safi: 1, sendReceive: 2 }])],
    });
    peers.push(a);
    a.send(encodeUpdate({ addPath: true, origin: 0, asPath: [64501, 65001], nextHop: '192.0.2.1', nlri: [{ prefix: '10.1.0.0/16', pathId: 1 }] }));
    a.send(encodeUpdate({ addPath: true, origin: 0, asPath: [64502, 65002], nextHop: '192.0.2.2', nlri: [{ prefix: '10.1.0.0/16', pathId: 2 }] }));
    a.send(encodeUpdate({ addPath: true, origin: 0, asPath: [64503, 65003], nextHop: '192.0.2.3', nlri: [{ prefix: '10.0.0.0/8', pathId: 1 }] }));
    a.send(encodeUpdate({ origin: 0, asPath: [64504, 65004], mpReach: { afi: 1, safi: 4, nextHop: '192.0.2.4', nlri: [{ prefix: '172.16.0.0/12', labels: [100] }] } }));
    a.send(encodeUpdate({ origin: 0, asPath: [64505, 65005], mpReach: { afi: 1, safi: 128, nextHop: '192.0.2.5', nlri: [{ prefix: '10.1.0.0/16', labels: [200], rd: rdAs2(65000, 1) }] } }));
    a.send(encodeUpdate({ origin: 0, asPath: [64506, 4200000006], communities: [(64506 << 16) | 6], mpReach: { afi: 2, safi: 1, nextHop: '2001:db8::6', nlri: [{ prefix: '2001:db8:100::/48' }] } }));
    const peer = (): ReturnType<typeof c.collector.peers>[number] | undefined => c.collector.peers().find((p) => p.address === '127.0.0.7');
    await a.until(() => (peer()?.rib.routeCount ?? 0) === 6, 'six routes');

    const mapFile = join(dir, 'agent.map');
    writeFileSync(mapFile, 'bgp_ip=127.0.0.7 ip=198.51.100.9\n');
    const rdMapFile = join(dir, 'flow_to_rd.map');
    writeFileSync(rdMapFile, 'id=0:65000:1 ip=127.0.0.7 in=7\n');
    const config = loadConfigText('nfacctd', `bgp_daemon: true\nnfacctd_as: bgp\nnfacctd_net: bgp\nbgp_agent_map: ${mapFile}\nflow_to_rd_map: ${rdMapFile}\nplugins: print\naggregate: src_as, dst_as, as_path, peer_dst_ip, peer_dst_as, dst_mask\n`, 'n.conf');
    const stage = bgpLookupStage(config, memoryLogger(), c.collector);
    const look = (rec: FlowRecord): { dstAs: number; path: string; nh: string; mask: number; srcAs: number } => {
      stage(rec);
      return { dstAs: rec.dstAs, path: rec.asPath, nh: rec.bgpNextHop.family ? ipText(rec.bgpNextHop.family, rec.bgpNextHop.bytes) : '', mask: rec.dstMask, srcAs: rec.srcAs };
    };

    // ADD-PATH: the path whose next hop is the flow's, a shorter prefix when no path of the longest one has it, none without a next hop.
    assert.deepEqual(look(flow('127.0.0.7', '172.16.1.1', '10.1.2.3', '192.0.2.2')), { dstAs: 65002, path: '64502 65002', nh: '192.0.2.2', mask: 16, srcAs: 65004 });
    assert.deepEqual(look(flow('127.0.0.7', '172.16.1.1', '10.1.2.3', '192.0.2.3')), { dstAs: 65003, path: '64503 65003', nh: '192.0.2.3', mask: 8, srcAs: 65004 });
    assert.deepEqual(look(flow('127.0.0.7', '172.16.1.1', '10.1.2.3')), { dstAs: 0, path: '', nh: '', mask: 0, srcAs: 65004 });
    // VPN: the route distinguisher flow_to_rd_map gives the flow selects the VPNv4 route, and becomes its mpls_vpn_rd.
    const vpn = flow('127.0.0.7', '203.0.113.1', '10.1.2.3');
    vpn.inIface = 7;
    assert.deepEqual(look(vpn), { dstAs: 65005, path: '64505 65005', nh: '192.0.2.5', mask: 16, srcAs: 0 });
    assert.deepEqual([...vpn.mplsVpnRd], [...rdAs2(65000, 1)]);
    // An RD the flow carries itself (IPFIX mplsVpnRouteDistinguisher) leaves the lookup in unicast, as in pmacct 1.7.7.
    const ownRd = flow('127.0.0.7', '203.0.113.1', '10.1.2.3');
    ownRd.mplsVpnRd.set(rdAs2(65000, 1));
    assert.deepEqual(look(ownRd), { dstAs: 0, path: '', nh: '', mask: 0, srcAs: 0 });
    // The exporter is the peer's BGP identifier (router-id match), and an agent-mapped exporter.
    assert.equal(look(flow('10.0.0.7', '172.16.1.1', '10.1.2.3', '192.0.2.1')).dstAs, 65001);
    assert.equal(look(flow('198.51.100.9', '172.16.1.1', '10.1.2.3', '192.0.2.1')).dstAs, 65001);
    // IPv6: the IPv6 unicast RIB, its MP_REACH_NLRI next hop.
    const six = flow('127.0.0.7', '172.16.1.1', '10.1.2.3');
    six.srcHost.setV6(Uint8Array.of(0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1), 0);
    six.dstHost.setV6(Uint8Array.of(0x20, 0x01, 0x0d, 0xb8, 0x01, 0x00, 0, 7, 0, 0, 0, 0, 0, 0, 0, 1), 0);
    assert.deepEqual(look(six), { dstAs: 4200000006, path: '64506 4200000006', nh: '2001:db8::6', mask: 48, srcAs: 0 });
    assert.equal(six.stdComm, '64506:6');
    // No peer for the exporter: nothing from BGP.
    assert.deepEqual(look(flow('198.51.100.10', '172.16.1.1', '10.1.2.3', '192.0.2.1')), { dstAs: 0, path: '', nh: '', mask: 0, srcAs: 0 });
  } finally {
    for (const p of peers) p.close();
    await c.stop();
    removeDir(dir);
  }
});

test('bgp_follow_default: a default route sends the lookup on to the peer at its next hop', { timeout: 30_000 }, async () => {
  const c = await startTestCollector('bgp_daemon_ip: 127.0.0.1\nbgp_daemon_port: 179\n');
  const peers: TestPeer[] = [];
  try {
    // The exporter's peer: a default route via 127.0.0.9 and one specific route via a next hop that is no peer.
    const a = await TestPeer.open({ port: c.port, localAddress: '127.0.0.8', as: 64496, bgpId: v4('10.0.0.8'), addPath: false });
    peers.push(a);
    a.send(encodeUpdate({ origin: 0, asPath: [64700], nextHop: '127.0.0.9', nlri: [{ prefix: '0.0.0.0/0' }] }));
    a.send(encodeUpdate({ origin: 0, asPath: [64701, 10094], nextHop: '192.0.2.30', nlri: [{ prefix: '61.6.0.0/16' }] }));
    const b = await TestPeer.open({ port: c.port, localAddress: '127.0.0.9', as: 64496, bgpId: v4('10.0.0.9'), addPath: false });
    peers.push(b);
    b.send(encodeUpdate({ origin: 0, asPath: [64500, 15169], nextHop: '192.0.2.1', nlri: [{ prefix: '172.217.0.0/16' }] }));
    b.send(encodeUpdate({ origin: 0, asPath: [4200000003, 10094], nextHop: '192.0.2.8', nlri: [{ prefix: '202.160.0.0/16' }] }));
    const routes = (address: string): number => c.collector.peers().find((p) => p.address === address)?.rib.routeCount ?? 0;
    await b.until(() => routes('127.0.0.8') === 2 && routes('127.0.0.9') === 2, 'the routes of both peers');

    const stageWith = (follow: number) => bgpLookupStage(
      loadConfigText('nfacctd', `bgp_daemon: true\nnfacctd_as: bgp\nbgp_follow_default: ${follow}\nplugins: print\naggregate: src_as, dst_as, as_path\n`, 'n.conf'),
      memoryLogger(), c.collector,
    );
    const look = (stage: ReturnType<typeof stageWith>, src: string, dst: string): [number, number, string] => {
      const rec = flow('127.0.0.8', src, dst);
      stage(rec);
      return [rec.srcAs, rec.dstAs, rec.asPath];
    };
    const follow = stageWith(1);
    // Both sides on the default route: looked up again at 127.0.0.9.
    assert.deepEqual(look(follow, '172.217.1.1', '202.160.1.1'), [15169, 10094, '4200000003 10094']);
    // Only one side found at 127.0.0.9: the other has no route.
    assert.deepEqual(look(follow, '198.51.100.1', '202.160.1.1'), [0, 10094, '4200000003 10094']);
    // The destination's specific route was the last lookup: its next hop (no peer) ends the search, and the
    // source, on the default route, is left without one (pmacct's bgp_srcdst_lookup does the same).
    assert.deepEqual(look(follow, '172.217.1.1', '61.6.1.1'), [0, 10094, '64701 10094']);
    // Without bgp_follow_default the default route is a route like any other.
    assert.deepEqual(look(stageWith(0), '172.217.1.1', '202.160.1.1'), [64700, 64700, '64700']);
  } finally {
    for (const p of peers) p.close();
    await c.stop();
  }
});

test('bgp_follow_nexthop: peer_dst_ip is the next hop where the walk through internal next hops ends', { timeout: 30_000 }, async () => {
  const c = await startTestCollector('bgp_daemon_ip: 127.0.0.1\nbgp_daemon_port: 179\n');
  const peers: TestPeer[] = [];
  try {
    // The exporter's peer reaches 10.0.0.0/8 via 127.0.0.11 (a peer), which reaches it via 127.0.0.12 (no peer) or outside.
    const a = await TestPeer.open({ port: c.port, localAddress: '127.0.0.10', as: 64496, bgpId: v4('10.0.0.10'), addPath: false });
    peers.push(a);
    a.send(encodeUpdate({ origin: 0, asPath: [64900], nextHop: '127.0.0.11', nlri: [{ prefix: '10.0.0.0/8' }] }));
    a.send(encodeUpdate({ origin: 0, asPath: [64901], nextHop: '192.0.2.40', nlri: [{ prefix: '172.16.0.0/12' }] }));
    const b = await TestPeer.open({ port: c.port, localAddress: '127.0.0.11', as: 64496, bgpId: v4('10.0.0.11'), addPath: false });
    peers.push(b);
    b.send(encodeUpdate({ origin: 0, asPath: [64902], nextHop: '127.0.0.12', nlri: [{ prefix: '10.1.0.0/16' }] }));
    b.send(encodeUpdate({ origin: 0, asPath: [64903], nextHop: '198.51.100.1', nlri: [{ prefix: '10.2.0.0/16' }] }));
    const routes = (address: string): number => c.collector.peers().find((p) => p.address === address)?.rib.routeCount ?? 0;
    await b.until(() => routes('127.0.0.10') === 2 && routes('127.0.0.11') === 2, 'the routes of both peers');

    const stageWith = (external: boolean) => bgpLookupStage(
      loadConfigText('nfacctd', `bgp_daemon: true\nnfacctd_as: bgp\nnfacctd_net: bgp\nbgp_follow_nexthop: 127.0.0.0/8\nbgp_follow_nexthop_external: ${external}\nplugins: print\naggregate: dst_as, peer_dst_ip\n`, 'n.conf'),
      memoryLogger(), c.collector,
    );
    const look = (stage: ReturnType<typeof stageWith>, dst: string): [number, string] => {
      const rec = flow('127.0.0.10', '192.0.2.99', dst);
      stage(rec);
      return [rec.dstAs, rec.bgpNextHop.family ? ipText(rec.bgpNextHop.family, rec.bgpNextHop.bytes) : ''];
    };
    const internal = stageWith(false);
    // 127.0.0.11's route goes on to 127.0.0.12 (internal, no peer): that route's next hop; dst_as stays the exporter's route's.
    assert.deepEqual(look(internal, '10.1.2.3'), [64900, '127.0.0.12']);
    // 127.0.0.11's route leaves (198.51.100.1): the last followed route, the exporter's, gives 127.0.0.11.
    assert.deepEqual(look(internal, '10.2.2.3'), [64900, '127.0.0.11']);
    // Not in the prefixes: the route's own next hop.
    assert.deepEqual(look(internal, '172.16.2.3'), [64901, '192.0.2.40']);
    // bgp_follow_nexthop_external: the route where the walk stopped.
    const external = stageWith(true);
    assert.deepEqual(look(external, '10.2.2.3'), [64900, '198.51.100.1']);
    assert.deepEqual(look(external, '172.16.2.3'), [64901, '192.0.2.40']);
  } finally {
    for (const p of peers) p.close();
    await c.stop();
  }
});
