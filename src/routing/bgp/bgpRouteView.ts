/**
 * What the BGP lookup of the current flow found, for the maps pmacct 1.7.7
 * evaluates on it afterwards (bgp_peer_src_as_map, bgp_src_local_pref_map,
 * bgp_src_med_map, then pre_tag_map's BGP keys): the source and
 * destination routes as pmacct's pptrs->bgp_src_info / bgp_dst_info, and
 * the values the source maps gave (pptrs->bpas, blp, bmed). Read per flow;
 * nothing here allocates.
 */
import type { AttributeTable } from './attributeTable.ts';

export const NO_ROUTE = -1;

export interface BgpRouteView {
  /** The route table's attribute sets. */
  readonly attributes: AttributeTable;
  /** Attribute-set ids of the last flow's source and destination routes (NO_ROUTE: none). */
  readonly srcRoute: number;
  readonly dstRoute: number;
  /** Whether the destination route came from a VPN table (its RD is then the flow's lookup RD). */
  readonly dstFromVpn: boolean;
  /** The values bgp_peer_src_as_map, bgp_src_local_pref_map and bgp_src_med_map gave the last flow (0: no match). */
  readonly mappedPeerSrcAs: number;
  readonly mappedSrcLocalPref: number;
  readonly mappedSrcMed: number;
  /**
   * The source / destination AS numbers the flow carried from the export,
   * as they were before the lookup replaced them (nfacctd_as longest and
   * fallback keep them for pre_tag_map's src_as / dst_as).
   */
  readonly exportedSrcAs: number;
  readonly exportedDstAs: number;
  /** Whether the route's next hop is this address (family and its 16 bytes). */
  nextHopIs(route: number, family: number, bytes: Uint8Array): boolean;
  /** The route's first AS as pmacct's evaluate_first_asn gives it (bgp_peer_as_skip_subas, then bgp_stdcomm_pattern_to_asn). */
  firstAsnOf(route: number): number;
}
