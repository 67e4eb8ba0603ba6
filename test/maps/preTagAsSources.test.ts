/**
 * pre_tag_map src_as / dst_as by nfacctd_as / sfacctd_as, on the cases the
 * golden (test/golden/bgpCorrelation 'pretag-as-*') does not reach: no BGP
 * daemon with longest, the export's AS numbers kept apart from the ones the
 * BGP lookup wrote into the record, sfacctd with file. Expected values are
 * worked out by hand from pmacct 1.7.7's handlers (src/pretag_handlers.c:
 * the BGP check, then the export's when BGP's value differs); the case
 * without a BGP daemon was also run through nfacctd 1.7.7 on the NetFlow v5
 * capture (`src_as=0` tags every flow, `src_as=-0` none), with the same tags.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FlowRecord, type IpField } from '../../src/model/flowRecord.ts';
import { parsePreTagMap, type PreTagDaemon } from '../../src/maps/preTagMap.ts';
import { parseNetworksFile } from '../../src/maps/networksFile.ts';
import { preTagBgpKeys } from '../../src/enrich/preTagBgpKeys.ts';
import { NO_ROUTE, type BgpRouteView } from '../../src/routing/bgp/bgpRouteView.ts';
import type { AttributeTable } from '../../src/routing/bgp/attributeTable.ts';
import { parseIp } from '../../src/model/ipText.ts';

const MAP = [
  'set_tag=1 src_as=100',
  'set_tag=2 dst_as=-200',
  'set_tag=3 src_as=0',
  '',
].join('\n');

function record(): FlowRecord {
  const r = new FlowRecord();
  r.reset();
  r.peerSrcIp.setV4Number(0xc0000201);
  r.exportProtoVersion = 9;
  return r;
}

function setAddress(field: IpField, text: string): void {
  field.clear();
  field.family = parseIp(text, field.bytes);
}

type MutableView = BgpRouteView & { srcRoute: number; dstRoute: number; exportedSrcAs: number; exportedDstAs: number };

/** Routes 0..n-1 whose last AS is lastAs[id]. */
function fakeView(lastAs: number[]): MutableView {
  const attributes = { lastAsOf: (id: number) => lastAs[id]! } as unknown as AttributeTable;
  return {
    attributes, srcRoute: NO_ROUTE, dstRoute: NO_ROUTE, dstFromVpn: false,
    mappedPeerSrcAs: 0, mappedSrcLocalPref: 0, mappedSrcMed: 0, exportedSrcAs: 0, exportedDstAs: 0,
    nextHopIs: () => false,
    firstAsnOf: () => 0,
  };
}

test('longest / fallback without a BGP daemon: BGP has no route (AS 0), else the export\'s AS', () => {
  for (const asSource of ['longest', 'fallback']) {
    const map = parsePreTagMap(MAP, 'f.map', { daemon: 'nfacctd', asSource });
    const r = record();
    const tag = (src: number, dst: number): number => {
      r.srcAs = src;
      r.dstAs = dst;
      map.apply(r);
      return r.tag;
    };
    assert.equal(tag(100, 200), 1, asSource);
    // dst_as=-200: BGP's 0 and the export's 300 both differ.
    assert.equal(tag(7, 300), 2, asSource);
    // dst_as=-200 fails on the export's 200; src_as=0 matches BGP's 0 whatever the export says.
    assert.equal(tag(7, 200), 3, asSource);
  }
});

for (const daemon of ['nfacctd', 'sfacctd'] as const satisfies readonly PreTagDaemon[]) {
  test(`${daemon} longest with bgp_daemon: BGP's last AS or the AS exported before the lookup`, () => {
    const view = fakeView([100, 200, 0]);
    const map = parsePreTagMap(MAP, 'f.map', {
      daemon, asSource: 'longest',
      bgpKey: preTagBgpKeys(view, { peerSrcAsType: undefined, srcLocalPrefType: undefined, asFromBgp: true, asFallback: true, daemon }),
    });
    const r = record();
    // The record's AS numbers are what the lookup wrote; the map reads the exported ones from the view.
    r.srcAs = 100;
    r.dstAs = 200;
    const tag = (src: number, dst: number, exportedSrc: number, exportedDst: number): number => {
      view.srcRoute = src;
      view.dstRoute = dst;
      view.exportedSrcAs = exportedSrc;
      view.exportedDstAs = exportedDst;
      map.apply(r);
      return r.tag;
    };
    assert.equal(tag(0, NO_ROUTE, 5, 5), 1, 'src_as=100 from BGP');
    assert.equal(tag(1, 1, 100, 5), 1, 'src_as=100 from the export, BGP says 200');
    // src: BGP 200, export 5; dst: BGP 100 (route 0), export 300: neither is 200.
    assert.equal(tag(1, 0, 5, 300), 2);
    // A route (or an export) with 200 fails dst_as=-200 (BGP found 200, the export 7); no route: src_as=0 matches.
    assert.equal(tag(NO_ROUTE, 1, 7, 7), 3);
    assert.equal(tag(NO_ROUTE, 0, 7, 200), 3);
    // A route whose path is empty (AS 0) and an export of 9: src_as=0 still matches on BGP's side.
    assert.equal(tag(2, 1, 9, 9), 3);
    // Neither source gives 0, 100, and the destination is 200 by the export.
    assert.equal(tag(1, 2, 9, 200), 0);
  });
}

test('sfacctd_as file: the networks_file\'s AS of the addresses, 0 where none; negation', () => {
  const table = parseNetworksFile('100,10.0.0.0/8\n200,10.1.0.0/16\n300,2001:db8::/32\n');
  const networksAs = (a: IpField): number => {
    const id = a.family === 4 ? table.v4.lookupBytes(a.bytes, 0) : table.v6.lookup(a.bytes, 0);
    return id >= 0 ? table.asns[id]! : 0;
  };
  const map = parsePreTagMap('set_tag=1 src_as=100 dst_as=-200\nset_tag=2 src_as=300\nset_tag=3 dst_as=0\n', 'f.map', { daemon: 'sfacctd', asSource: 'file', networksAs });
  const r = record();
  // What the export carried does not count.
  r.srcAs = 300;
  r.dstAs = 200;
  const tag = (src: string, dst: string): number => {
    setAddress(r.srcHost, src);
    setAddress(r.dstHost, dst);
    map.apply(r);
    return r.tag;
  };
  assert.equal(tag('10.2.0.1', '10.3.0.1'), 1);
  assert.equal(tag('10.2.0.1', '10.1.0.1'), 0);
  assert.equal(tag('2001:db8::1', '10.1.0.1'), 2);
  assert.equal(tag('192.0.2.1', '192.0.2.2'), 3);
});
