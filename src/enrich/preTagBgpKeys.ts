/**
 * pre_tag_map's BGP keys (nfacctd, sfacctd with bgp_daemon), read on the
 * routes the flow's BGP lookup found, as pmacct 1.7.7's pretag handlers
 * read pptrs->bgp_src_info / bgp_dst_info (checked against nfacctd 1.7.7:
 * golden test/golden/bgpCorrelation 'pretag-bgp'). pre_tag_map is
 * evaluated after the lookup and the source maps, as pmacct evaluates it
 * in exec_plugins after bgp_srcdst_lookup:
 *
 * - src_as / dst_as (nfacctd_as bgp): the last AS of the source /
 *   destination route's path, 0 without a route. With longest / fallback
 *   the rule's value matches that or the AS the export carried (golden
 *   'pretag-as-longest', 'pretag-as-fallback', 'pretag-as-sfacctd').
 * - peer_dst_as: the first AS of the destination route's path; peer_src_as:
 *   the source route's first AS with bgp_peer_src_as_type bgp, the
 *   bgp_peer_src_as_map value with `map`, else 0.
 * - local_pref: the destination route's; src_local_pref: the source
 *   route's with bgp_src_local_pref_type bgp, the map's with `map`, else 0.
 * - all but mpls_vpn_rd need nfacctd_as / sfacctd_as bgp, longest or
 *   fallback: otherwise pmacct drops the line with a warning.
 * - comms / src_comms: community patterns (bgp_stdcomm_pattern's syntax,
 *   comma-separated); the rule matches when one of the route's standard
 *   communities fits. pmacct ignores a leading '-' there (no negation).
 * - mpls_vpn_rd: the destination route's RD: it matches only a route found
 *   in a VPN table, whose RD is the one flow_to_rd_map gave the flow.
 */
import type { PreTagMapOptions } from '../maps/preTagMap.ts';
import { LineProblem } from '../maps/mapFile.ts';
import type { FlowRecord } from '../model/flowRecord.ts';
import { parseRd } from '../decode/bgp/routeDistinguisher.ts';
import { NO_ROUTE, type BgpRouteView } from '../routing/bgp/bgpRouteView.ts';
import { filterCommunities, firstAsnOfText, parsePatterns, TextMemo } from './bgpTextFilters.ts';

export interface PreTagBgpSettings {
  /** bgp_peer_src_as_type and bgp_src_local_pref_type as 'bgp', 'map' or other. */
  peerSrcAsType: string | undefined;
  srcLocalPrefType: string | undefined;
  /** Whether nfacctd_as / sfacctd_as takes AS numbers from BGP (bgp, longest, fallback), and the daemon's name. */
  asFromBgp: boolean;
  /** nfacctd_as / sfacctd_as longest or fallback: src_as / dst_as also match the export's AS numbers. */
  asFallback?: boolean;
  daemon: 'nfacctd' | 'sfacctd';
}

/** The keys pmacct installs only when AS numbers come from BGP (else the line is dropped). */
const NEED_AS_BGP = new Set(['peer_src_as', 'peer_dst_as', 'src_local_pref', 'local_pref', 'src_comms', 'comms']);

function atoi(v: string): number {
  const m = /^\s*\+?(\d+)/.exec(v);
  return m ? Number(m[1]) % 0x100000000 : 0;
}

/** The bgpKey option of the pre_tag_map of a daemon whose BGP lookup is `view`. */
export function preTagBgpKeys(view: BgpRouteView, settings: PreTagBgpSettings): NonNullable<PreTagMapOptions['bgpKey']> {
  const attrs = (): BgpRouteView['attributes'] => view.attributes;
  const number = (get: () => number, n: number, negate: boolean) => (): boolean => (get() === n) !== negate;
  // pmacct's BGP check, then (when BGP's value differs) the export protocol's.
  const either = (bgp: () => number, exported: () => number, n: number, negate: boolean) => (): boolean => (bgp() === n || exported() === n) !== negate;
  const comms = (side: 'src' | 'dst', value: string) => {
    const patterns = parsePatterns(value);
    const memo = new TextMemo((text) => filterCommunities(text, patterns) !== '');
    return (): boolean => {
      const route = side === 'src' ? view.srcRoute : view.dstRoute;
      if (route === NO_ROUTE) return false;
      const text = attrs().communitiesText(route);
      return text !== null && memo.get(text);
    };
  };
  return (key, value, negate) => {
    if (NEED_AS_BGP.has(key) && !settings.asFromBgp) {
      throw new LineProblem(`'${key}' requires '${settings.daemon}_as_new: [ bgp | longest ]' to be specified.`);
    }
    const n = atoi(value);
    switch (key) {
      case 'src_as':
      case 'dst_as': {
        const src = key === 'src_as';
        const bgpAs = src
          ? (): number => (view.srcRoute === NO_ROUTE ? 0 : attrs().lastAsOf(view.srcRoute))
          : (): number => (view.dstRoute === NO_ROUTE ? 0 : attrs().lastAsOf(view.dstRoute));
        if (settings.asFallback !== true) return number(bgpAs, n, negate);
        return either(bgpAs, src ? () => view.exportedSrcAs : () => view.exportedDstAs, n, negate);
      }
      case 'peer_dst_as':
        return number(() => (view.dstRoute === NO_ROUTE ? 0 : firstAsnOfText(attrs().asPathText(view.dstRoute))), n, negate);
      case 'peer_src_as':
        if (settings.peerSrcAsType === 'map') return number(() => view.mappedPeerSrcAs, n, negate);
        if (settings.peerSrcAsType !== 'bgp') return number(() => 0, n, negate);
        return number(() => (view.srcRoute === NO_ROUTE ? 0 : firstAsnOfText(attrs().asPathText(view.srcRoute))), n, negate);
      case 'local_pref':
        return number(() => (view.dstRoute === NO_ROUTE ? 0 : attrs().localPrefOf(view.dstRoute)), n, negate);
      case 'src_local_pref':
        if (settings.srcLocalPrefType === 'map') return number(() => view.mappedSrcLocalPref, n, negate);
        if (settings.srcLocalPrefType !== 'bgp') return number(() => 0, n, negate);
        return number(() => (view.srcRoute === NO_ROUTE ? 0 : attrs().localPrefOf(view.srcRoute)), n, negate);
      case 'comms':
      case 'src_comms':
        // pmacct takes the '-' as part of the pattern text: put it back.
        return comms(key === 'comms' ? 'dst' : 'src', negate ? '-' + value : value);
      case 'mpls_vpn_rd': {
        const rd = parseRd(value);
        if (rd === null) throw new LineProblem(`Invalid Route Distinguisher '${value}'.`);
        return (rec: FlowRecord): boolean => {
          let same = view.dstFromVpn;
          for (let i = 0; i < 8 && same; i++) same = rec.mplsVpnRd[i] === rd[i];
          return same !== negate;
        };
      }
      default:
        return null;
    }
  };
}
