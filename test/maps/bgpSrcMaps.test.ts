/**
 * The maps evaluated around the BGP lookup, on the cases the golden
 * (test/golden/bgpCorrelation: 'src-maps', 'flow-to-rd', 'pretag-bgp')
 * does not reach with NetFlow v5: sFlow's src_mac / vlan, NetFlow v9's
 * MPLS bottom label, the exported BGP next hop, pmacct's warnings for bad
 * lines, the community patterns of pre_tag_map. The routes are a fake
 * BgpRouteView; expected values are worked out by hand from pmacct
 * 1.7.7's handlers (src/pretag_handlers.c).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FlowRecord } from '../../src/model/flowRecord.ts';
import { NO_ROUTE, type BgpRouteView } from '../../src/routing/bgp/bgpRouteView.ts';
import type { AttributeTable } from '../../src/routing/bgp/attributeTable.ts';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memoryLogger } from '../../src/core/logger.ts';
import { loadReloadableMap, reloadOne } from '../../src/maps/mapReloader.ts';
import { bgpSrcMapValue, loadBgpSrcMap, parseBgpSrcMap } from '../../src/maps/bgpSrcMap.ts';
import { parseFlowToRdMap } from '../../src/maps/flowToRdMap.ts';
import { parsePreTagMap } from '../../src/maps/preTagMap.ts';
import { preTagBgpKeys } from '../../src/enrich/preTagBgpKeys.ts';
import { parseIp } from '../../src/model/ipText.ts';

interface FakeRoute { path: string; nextHop: string; comms: string | null; localPref: number; lastAs: number }

/** A view over routes 0..n-1 (route ids index `routes`). */
function fakeView(routes: FakeRoute[]): BgpRouteView & { srcRoute: number; dstRoute: number; dstFromVpn: boolean } {
  const attributes = {
    asPathText: (id: number) => routes[id]!.path,
    communitiesText: (id: number) => routes[id]!.comms,
    localPrefOf: (id: number) => routes[id]!.localPref,
    medOf: (id: number) => routes[id]!.localPref + 1000,
    lastAsOf: (id: number) => routes[id]!.lastAs,
  } as unknown as AttributeTable;
  return {
    attributes,
    srcRoute: NO_ROUTE,
    dstRoute: NO_ROUTE,
    dstFromVpn: false,
    mappedPeerSrcAs: 0,
    mappedSrcLocalPref: 0,
    mappedSrcMed: 0,
    exportedSrcAs: 0,
    exportedDstAs: 0,
    nextHopIs(route, family, bytes) {
      const b = new Uint8Array(16);
      const f = parseIp(routes[route]!.nextHop, b);
      return f === family && b.every((x, i) => x === bytes[i]);
    },
    firstAsnOf: (route) => Number(routes[route]!.path.split(' ')[0] ?? 0),
  };
}

function v4(text: string): number {
  return text.split('.').reduce((a, o) => a * 256 + Number(o), 0);
}

function record(exporter: string, version: number): FlowRecord {
  const r = new FlowRecord();
  r.reset();
  r.peerSrcIp.setV4Number(v4(exporter));
  r.exportProtoVersion = version;
  return r;
}

const ROUTES: FakeRoute[] = [
  { path: '64500 15169', nextHop: '192.0.2.1', comms: '64500:100 64500:200', localPref: 200, lastAs: 15169 },
  { path: '64502 3356 32934', nextHop: '192.0.2.4', comms: null, localPref: 90, lastAs: 32934 },
];

test('bgp_peer_src_as_map: src_mac and vlan match sFlow, never NetFlow v5; bgp_nexthop and peer_dst_as read the source route', () => {
  const view = fakeView(ROUTES);
  const text = [
    'id=65001 ip=192.0.2.200 src_mac=00:01:02:03:04:05',
    'id=65002 ip=192.0.2.200 vlan=20',
    'id=65003 ip=192.0.2.200 bgp_nexthop=192.0.2.4',
    'id=65004 ip=192.0.2.200 peer_dst_as=64500 in=3',
    'id=bgp ip=192.0.2.200 in=4',
    '',
  ].join('\n');
  const sf = parseBgpSrcMap(text, 'peers.map', view, 'sfacctd');
  const nf = parseBgpSrcMap(text, 'peers.map', view, 'nfacctd');
  const r = record('192.0.2.200', 5);
  r.srcMac.set([0, 1, 2, 3, 4, 5]);
  r.vlan = 20;
  assert.equal(bgpSrcMapValue(sf, r, view), 65001);
  // NetFlow v5 has no MAC or VLAN: those rules fail, the next ones are tried.
  assert.equal(bgpSrcMapValue(nf, r, view), 0);
  view.srcRoute = 1;
  assert.equal(bgpSrcMapValue(nf, r, view), 65003);
  view.srcRoute = 0;
  r.inIface = 3;
  assert.equal(bgpSrcMapValue(nf, r, view), 65004);
  // id=bgp: the source route's first AS, 0 without a route.
  r.inIface = 4;
  assert.equal(bgpSrcMapValue(nf, r, view), 64500);
  // The same rule in a local preference or MED map: the source route's LOCAL_PREF or MED (docs/compat.md).
  assert.equal(bgpSrcMapValue(nf, r, view, 'src_local_pref'), 200);
  assert.equal(bgpSrcMapValue(nf, r, view, 'src_med'), 1200);
  view.srcRoute = NO_ROUTE;
  assert.equal(bgpSrcMapValue(nf, r, view), 0);
  // Another exporter: no rule.
  assert.equal(bgpSrcMapValue(nf, record('192.0.2.201', 5), view), 0);
});

test('source maps: bad lines are dropped with pmacct\'s warnings', () => {
  const warnings: string[] = [];
  const map = parseBgpSrcMap([
    'id=1.2 ip=192.0.2.1',
    'id=5 ip=192.0.2.1 nexthop=192.0.2.9',
    'id=6 ip=192.0.2.1 in=x',
    'ip=192.0.2.1 in=3',
    'id=7 ip=192.0.2.1 in=3 in=4',
    'id=8 ip=192.0.2.1',
    '',
  ].join('\n'), 'm.map', fakeView(ROUTES), 'nfacctd', { warn: (m) => warnings.push(m) });
  assert.deepEqual(map.rules.map((r) => r.value), [8]);
  assert.deepEqual(warnings, [
    '[m.map:1] Invalid set_tag/id specified (non-digit chars). Line ignored.',
    "[m.map:2] unknown key 'nexthop'. Ignored.",
    "[m.map:3] bad 'in' value: 'x'. Line ignored.",
    "[m.map:4] required key missing. Required keys are: 'id'. Line ignored.",
    "[m.map:5] Multiple 'in' clauses part of the same statement. Line ignored.",
  ]);
});

test('flow_to_rd_map: mpls_label_bottom on NetFlow v9 only, the exported BGP next hop, RD types 0/1/2', () => {
  const text = [
    'id=0:65512:1 ip=192.0.2.200 mpls_label_bottom=16001',
    'id=1:192.168.1.1:7 ip=192.0.2.200 bgp_nexthop=198.51.100.1',
    'id=2:4200000000:9 ip=192.0.2.0/24 out=5',
    '',
  ].join('\n');
  const map = parseFlowToRdMap(text, 'rd.map', { daemon: 'nfacctd', exportedNextHop: true });
  const v9 = record('192.0.2.200', 9);
  v9.mplsLabelBottom = 16001;
  assert.deepEqual([...map.ruleFor(v9)!.value], [0, 0, 0xff, 0xe8, 0, 0, 0, 1]);
  const v5 = record('192.0.2.200', 5);
  v5.mplsLabelBottom = 16001;
  assert.equal(map.ruleFor(v5), null);
  v5.bgpNextHop.setV4Number(v4('198.51.100.1'));
  assert.deepEqual([...map.ruleFor(v5)!.value], [0, 1, 192, 168, 1, 1, 0, 7]);
  const other = record('192.0.2.9', 5);
  other.outIface = 5;
  assert.deepEqual([...map.ruleFor(other)!.value], [0, 2, 0xfa, 0x56, 0xea, 0, 0, 9]);
  // nfacctd_net bgp: the destination route is not looked up yet when the map runs; bgp_nexthop only matches negated.
  const bgpNet = parseFlowToRdMap('id=0:1:1 ip=192.0.2.200 bgp_nexthop=198.51.100.1\nid=0:1:2 ip=192.0.2.200 bgp_nexthop=-198.51.100.1\n', 'rd.map', { daemon: 'nfacctd', exportedNextHop: false });
  assert.equal(bgpNet.ruleFor(v5)!.line, 2);
  const warnings: string[] = [];
  parseFlowToRdMap('id=3:1:1 ip=192.0.2.1\nid=0:0:1 ip=192.0.2.1\n', 'rd.map', { daemon: 'nfacctd', exportedNextHop: true, warn: (m) => warnings.push(m) });
  assert.deepEqual(warnings, [
    "[rd.map:1] Invalid Route Distinguisher '3:1:1'. Line ignored.",
    "[rd.map:2] Invalid Route Distinguisher '0:0:1'. Line ignored.",
  ]);
});

test('pre_tag_map BGP keys: comms/src_comms patterns, local_pref, peer_src_as by its type, mpls_vpn_rd of a VPN route', () => {
  const view = fakeView(ROUTES);
  const map = parsePreTagMap([
    'set_tag=1 ip=192.0.2.200 comms=64500:2..',
    'set_tag=2 ip=192.0.2.200 src_comms=64500:1',
    'set_tag=3 ip=192.0.2.200 mpls_vpn_rd=0:65512:1',
    'set_tag=4 ip=192.0.2.200 local_pref=90 peer_src_as=0',
    '',
  ].join('\n'), 'pretag.map', { daemon: 'nfacctd', bgpKey: preTagBgpKeys(view, { peerSrcAsType: undefined, srcLocalPrefType: undefined, asFromBgp: true, daemon: 'nfacctd' }) });
  const r = record('192.0.2.200', 5);
  const tag = (src: number, dst: number, vpn = false): number => {
    view.srcRoute = src;
    view.dstRoute = dst;
    view.dstFromVpn = vpn;
    map.apply(r);
    return r.tag;
  };
  assert.equal(tag(NO_ROUTE, 0), 1);
  assert.equal(tag(0, 1), 2);
  r.mplsVpnRd.set([0, 0, 0xff, 0xe8, 0, 0, 0, 1]);
  assert.equal(tag(NO_ROUTE, 1, true), 3);
  // Without bgp_peer_src_as_type bgp or map, pmacct's peer_src_as key reads 0.
  assert.equal(tag(NO_ROUTE, 1, false), 4);
  assert.equal(tag(NO_ROUTE, NO_ROUTE), 0);
  // AS numbers not from BGP: pmacct drops the lines of every BGP key but mpls_vpn_rd.
  const warnings: string[] = [];
  const asNetflow = parsePreTagMap('set_tag=1 ip=192.0.2.200 comms=64500:2..\nset_tag=2 ip=192.0.2.200 mpls_vpn_rd=0:65512:1\n', 'pretag.map', {
    daemon: 'nfacctd', warn: (m) => warnings.push(m),
    bgpKey: preTagBgpKeys(view, { peerSrcAsType: undefined, srcLocalPrefType: undefined, asFromBgp: false, daemon: 'nfacctd' }),
  });
  assert.deepEqual(asNetflow.rules.map((x) => x.line), [2]);
  assert.deepEqual(warnings, ["[pretag.map:1] 'comms' requires 'nfacctd_as_new: [ bgp | longest ]' to be specified. Line ignored."]);
});

test('source maps reload on SIGUSR2 (reloadOne): the new rules apply, a broken file keeps the old ones', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tsacct-src-maps-'));
  try {
    const view = fakeView(ROUTES);
    const file = join(dir, 'peers.map');
    writeFileSync(file, 'id=65001 ip=192.0.2.200\n');
    const holder = loadReloadableMap(file, true, memoryLogger(), () => loadBgpSrcMap(file, 'bgp_peer_src_as_map', view, 'nfacctd'));
    const r = record('192.0.2.200', 5);
    assert.equal(bgpSrcMapValue(holder.map, r, view), 65001);
    writeFileSync(file, 'id=65002 ip=192.0.2.200\n');
    assert.equal(reloadOne(holder), true);
    assert.equal(bgpSrcMapValue(holder.map, r, view), 65002);
    rmSync(file);
    assert.equal(reloadOne(holder), false);
    assert.equal(bgpSrcMapValue(holder.map, r, view), 65002);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
