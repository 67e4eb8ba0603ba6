/**
 * bgp_peer_src_as_map, bgp_src_local_pref_map, bgp_src_med_map (nfacctd,
 * sfacctd; with bgp_peer_src_as_type / bgp_src_local_pref_type /
 * bgp_src_med_type `map`): the value of peer_src_as, src_local_pref or
 * src_med for a flow, by its exporter and interfaces and by the route of
 * its source address. pmacct 1.7.7 semantics (bpas_map_dictionary,
 * BPAS_* handlers, pretag_id_handler), checked against nfacctd 1.7.7
 * (golden test/golden/bgpCorrelation 'src-maps'):
 *
 * - keys: id (the value, or `bgp`), ip, in, out, bgp_nexthop (the source
 *   route's next hop), peer_dst_as (the source route's first AS), src_mac
 *   and vlan (NetFlow v9/IPFIX and sFlow; never matching NetFlow v5); '-'
 *   negates a MATCH key; the first matching rule wins (firstMatchMap.ts).
 * - evaluated after the BGP lookup, before pre_tag_map; the value applies
 *   whether or not a source route was found (0 when no rule matches).
 * - `id=bgp` gives the source route's value (0 without a route): its first
 *   AS, LOCAL_PREF or MED. pmacct 1.7.7 answers the first AS in all three
 *   maps, an AS number as local preference or MED (docs/compat.md, "id=bgp
 *   in bgp_src_local_pref_map and bgp_src_med_map").
 */
import type { FlowRecord } from '../model/flowRecord.ts';
import type { BgpRouteView } from '../routing/bgp/bgpRouteView.ts';
import { NO_ROUTE } from '../routing/bgp/bgpRouteView.ts';
import { LineProblem, readMapFile, type MapFileOptions } from './mapFile.ts';
import { FirstMatchMap, interfaceKey, leadingNumber, nextHopAddress, parseFirstMatchMap, type KeyParser } from './firstMatchMap.ts';
import { macMatch, parseMac } from './preTagMap.ts';

/** A rule's value: a number, or FROM_BGP (`id=bgp`). */
export const FROM_BGP = -1;

export type BgpSrcMap = FirstMatchMap<number>;

const isNetflow = (rec: FlowRecord): boolean => rec.exportProtoVersion === 9 || rec.exportProtoVersion === 10;

function keys(view: BgpRouteView, nfacctd: boolean): Record<string, KeyParser> {
  return {
    in: interfaceKey('in'),
    out: interfaceKey('out'),
    bgp_nexthop: (value, negate) => {
      const { family, bytes } = nextHopAddress(value);
      return () => {
        const src = view.srcRoute;
        return (src !== NO_ROUTE && view.nextHopIs(src, family, bytes)) !== negate;
      };
    },
    peer_dst_as: (value, negate) => {
      const n = leadingNumber(value);
      return () => {
        const src = view.srcRoute;
        return ((src === NO_ROUTE ? 0 : view.firstAsnOf(src)) === n) !== negate;
      };
    },
    src_mac: (value, negate) => {
      const m = macMatch((r) => r.srcMac, parseMac(value), negate, nfacctd);
      return nfacctd ? (r) => isNetflow(r) && m(r) : m;
    },
    vlan: (value, negate) => {
      const n = leadingNumber(value);
      return nfacctd ? (r) => isNetflow(r) && (r.vlan === n) !== negate : (r) => (r.vlan === n) !== negate;
    },
  };
}

function parseId(value: string): number {
  if (value.startsWith('bgp')) return FROM_BGP;
  if (!/^\d+$/.test(value)) throw new LineProblem('Invalid set_tag/id specified (non-digit chars).');
  const n = Number(value);
  // The primitives are 32-bit in pmacct (as_t, u_int32_t): the 64-bit id is cut when assigned.
  return n % 0x100000000;
}

export function parseBgpSrcMap(text: string, file: string, view: BgpRouteView, daemon: 'nfacctd' | 'sfacctd', options: MapFileOptions = {}): BgpSrcMap {
  return parseFirstMatchMap(text, file, options, { keys: keys(view, daemon === 'nfacctd'), parseId });
}

export function loadBgpSrcMap(file: string, key: string, view: BgpRouteView, daemon: 'nfacctd' | 'sfacctd', options: MapFileOptions = {}): BgpSrcMap {
  return parseBgpSrcMap(readMapFile(file, key), file, view, daemon, options);
}

/** What `id=bgp` reads on the source route, per map. */
export type SrcMapKind = 'peer_src_as' | 'src_local_pref' | 'src_med';

/** The value the map gives the flow (0 without a matching rule); FROM_BGP resolved on the source route. */
export function bgpSrcMapValue(map: BgpSrcMap, rec: FlowRecord, view: BgpRouteView, kind: SrcMapKind = 'peer_src_as'): number {
  const rule = map.ruleFor(rec);
  if (rule === null) return 0;
  if (rule.value !== FROM_BGP) return rule.value;
  const src = view.srcRoute;
  if (src === NO_ROUTE) return 0;
  if (kind === 'src_local_pref') return view.attributes.localPrefOf(src);
  if (kind === 'src_med') return view.attributes.medOf(src);
  return view.firstAsnOf(src);
}
