/**
 * Flow/BGP correlation (bgp_daemon in nfacctd and sfacctd), with pmacct
 * 1.7.7's semantics (bgp_srcdst_lookup, then the per-primitive handlers
 * bgp_ext_handler, bgp_src/dst_nmask_handler, bgp_peer_dst_ip_handler
 * and the export-protocol handlers they compete with):
 *
 * 1. The peer: the BGP session whose address is the exporter's (the
 *    flow's peer_src_ip), or whose BGP identifier is (unless
 *    bgp_disable_router_id_check), or, when a bgp_agent_map rule matches
 *    the exporter, the session at the rule's bgp_ip.
 * 2. Longest-prefix lookups of the source and destination addresses in
 *    that peer's RIB for the flow's family: unicast, or the VPN table
 *    under the flow's route distinguisher when it carries one; a side not
 *    found there is looked up again in the labeled-unicast table. With
 *    ADD-PATH the destination route is the path whose next hop is the
 *    flow's BGP next hop (a shorter prefix when none is). With
 *    bgp_follow_default, a default route sends the lookup on to the peer
 *    at its next hop; with bgp_follow_nexthop, peer_dst_ip is the next hop
 *    the peer its route's next hop leads to has.
 * 3. "Longest match": the export protocol's mask competes with the BGP
 *    prefix length per side; BGP wins when its prefix is at least as long.
 *    With nfacctd_net longest/fallback only the winner fills the side's
 *    primitives; otherwise every configured source writes, in pmacct's
 *    order (masks and peer_dst_ip: BGP then export protocol; AS numbers:
 *    export protocol then BGP).
 * 4. The record's fields are set accordingly: src/dst AS (last AS of the
 *    path) and peer_dst_as (first AS) by nfacctd_as, masks and peer_dst_ip
 *    by nfacctd_net, the destination route's AS path, communities,
 *    LOCAL_PREF and MED, and the source route's (src_*) where
 *    bgp_src_*_type is bgp; peer_src_as by bgp_peer_src_as_type.
 *
 * The texts pass through bgp_aspath_radius and the community patterns
 * (bgpTextFilters.ts) as pmacct shapes them.
 *
 * These choices are global here (pmacct resolves nfacctd_net per plugin):
 * the daemon refuses a plugin-level nfacctd_net that differs from the
 * global one when bgp_daemon is on. Texts are the RIB's interned strings,
 * assigned by reference; nothing is allocated per flow.
 */
import { ConfigError, type LoadedConfig } from '../config/index.ts';
import type { EnrichStage } from '../core/pipeline.ts';
import type { Logger } from '../core/logger.ts';
import { AFI_IPV4, AFI_IPV6, SAFI_LABELED_UNICAST, SAFI_MPLS_VPN, SAFI_UNICAST } from '../decode/bgp/bgpConstants.ts';
import type { MutablePrefixTable } from '../lookup/mutablePrefixTable.ts';
import { loadBgpAgentMap, type BgpAgentMap } from '../maps/bgpAgentMap.ts';
import { LineProblem, parseMapPrefix } from '../maps/mapFile.ts';
import { loadReloadableMap, type MapHolder } from '../maps/mapReloader.ts';
import { AF_INET, AF_INET6, type FlowRecord, type IpField } from '../model/flowRecord.ts';
import { parseIp } from '../model/ipText.ts';
import type { AttributeTable } from '../routing/bgp/attributeTable.ts';
import type { BgpPeer } from '../routing/bgp/bgpPeer.ts';
import { loadBgpSrcMap, bgpSrcMapValue, type BgpSrcMap } from '../maps/bgpSrcMap.ts';
import { loadFlowToRdMap, type FlowToRdMap } from '../maps/flowToRdMap.ts';
import { NO_ROUTE, type BgpRouteView } from '../routing/bgp/bgpRouteView.ts';
import { BgpPeerCache } from './bgpPeerCache.ts';
import { aspathRadius, communityAsn, filterCommunities, firstAsnOfText, parsePatterns, TextMemo } from './bgpTextFilters.ts';

export { firstAsnOfText } from './bgpTextFilters.ts';

/** What the stage needs of the BGP daemon: its live peers and the attribute sets their routes point to. */
export interface BgpRibSource {
  readonly attributes: AttributeTable;
  /** The live sessions, in connection order (read per flow: must not allocate). */
  sessionList(): readonly { readonly peer: BgpPeer }[];
  /**
   * Bumped whenever a session comes or goes or learns its BGP identifier:
   * the lookup caches which peer answers for an address under one
   * generation. Without it, every flow scans the sessions.
   */
  readonly generation?: number;
}

/** pmacct's NF_NET_* / NF_AS_* bits, as the values of nfacctd_net and nfacctd_as set them. */
const KEEP = 1;
const BGP = 2;
const FALLBACK = 4;

function sourceFlags(value: string | undefined): number {
  switch (value) {
    case undefined:
    case 'netflow':
    case 'sflow':
      return KEEP;
    case 'bgp':
      return BGP;
    case 'longest':
    case 'fallback':
      return KEEP | BGP | FALLBACK;
    default:
      // file, mask: the plugin's networks_file / networks_mask stage; igp, bmp: not in tsacct.
      return 0;
  }
}

export interface BgpLookupSettings {
  /** nfacctd_as / sfacctd_as and nfacctd_net / sfacctd_net as KEEP|BGP|FALLBACK bits. */
  as: number;
  net: number;
  /** bgp_peer_src_as_type: netflow/sflow (export protocol) or bgp. */
  peerSrcAsFromBgp: boolean;
  /** bgp_peer_src_as_type, bgp_src_local_pref_type, bgp_src_med_type `map`: the value comes from that map. */
  peerSrcAsFromMap: boolean;
  srcLocalPrefFromMap: boolean;
  srcMedFromMap: boolean;
  /** bgp_src_*_type: bgp fills the src_* primitive from the source route. */
  srcAsPath: boolean;
  srcStdComm: boolean;
  srcExtComm: boolean;
  srcLrgComm: boolean;
  srcLocalPref: boolean;
  srcMed: boolean;
  routerIdCheck: boolean;
  /** bgp_aspath_radius (0: whole paths). */
  aspathRadius: number;
  /** bgp_stdcomm_pattern, bgp_extcomm_pattern, bgp_lrgcomm_pattern, bgp_stdcomm_pattern_to_asn (empty: none). */
  stdCommPatterns: string[];
  extCommPatterns: string[];
  lrgCommPatterns: string[];
  stdCommToAsnPatterns: string[];
  /** bgp_lrgcomm_pattern_to_asn: tried after the standard communities (empty: none). */
  lrgCommToAsnPatterns: string[];
  /** bgp_peer_as_skip_subas. */
  skipSubAs: boolean;
  /** bgp_follow_default: default routes followed at most this many times. */
  followDefault: number;
  /** bgp_follow_nexthop prefixes (empty: off) and bgp_follow_nexthop_external. */
  followNextHop: { family: number; net: Uint8Array; bits: number }[];
  followNextHopExternal: boolean;
}

export function bgpLookupSettings(config: LoadedConfig): BgpLookupSettings {
  const g = config.global;
  const net = g.str('nfacctd_net');
  for (const p of config.plugins) {
    const own = p.config.str('nfacctd_net');
    if (own !== net && (sourceFlags(own) & BGP || sourceFlags(net) & BGP)) {
      const at = p.config.where('nfacctd_net');
      throw new ConfigError([`${at ? `${at.file}:${at.line}` : 'command line'}: plugin '${p.name}': a per-plugin ${config.daemon === 'sfacctd' ? 'sfacctd_net' : 'nfacctd_net'} different from the global one is not implemented in tsacct with bgp_daemon (set it globally)`]);
    }
  }
  const refused: string[] = [];
  for (const [key, map] of SRC_MAP_KEYS) {
    if (g.str(key) !== 'map' || g.has(map)) continue;
    const at = g.where(key);
    refused.push(`${at ? `${at.file}:${at.line}` : 'command line'}: ${key}: 'map' needs ${map}`);
  }
  if (refused.length > 0) throw new ConfigError(refused);
  const isBgp = (key: string): boolean => g.str(key) === 'bgp';
  return {
    as: sourceFlags(g.str('nfacctd_as')),
    net: sourceFlags(net),
    peerSrcAsFromBgp: isBgp('bgp_peer_src_as_type'),
    peerSrcAsFromMap: g.str('bgp_peer_src_as_type') === 'map',
    srcLocalPrefFromMap: g.str('bgp_src_local_pref_type') === 'map',
    srcMedFromMap: g.str('bgp_src_med_type') === 'map',
    srcAsPath: isBgp('bgp_src_as_path_type'),
    srcStdComm: isBgp('bgp_src_std_comm_type'),
    srcExtComm: isBgp('bgp_src_ext_comm_type'),
    srcLrgComm: isBgp('bgp_src_lrg_comm_type'),
    srcLocalPref: isBgp('bgp_src_local_pref_type'),
    srcMed: isBgp('bgp_src_med_type'),
    routerIdCheck: !g.bool('bgp_disable_router_id_check'),
    aspathRadius: g.has('bgp_aspath_radius') ? g.int('bgp_aspath_radius') : 0,
    stdCommPatterns: parsePatterns(g.str('bgp_stdcomm_pattern')),
    extCommPatterns: parsePatterns(g.str('bgp_extcomm_pattern')),
    lrgCommPatterns: parsePatterns(g.str('bgp_lrgcomm_pattern')),
    stdCommToAsnPatterns: parsePatterns(g.str('bgp_stdcomm_pattern_to_asn')),
    lrgCommToAsnPatterns: parsePatterns(g.str('bgp_lrgcomm_pattern_to_asn')),
    skipSubAs: g.bool('bgp_peer_as_skip_subas'),
    followDefault: g.int('bgp_follow_default'),
    followNextHop: followNextHopPrefixes(config),
    followNextHopExternal: g.bool('bgp_follow_nexthop_external'),
  };
}

/** The *_type keys whose `map` value reads the map named beside them. */
const SRC_MAP_KEYS: readonly [type: string, map: string][] = [
  ['bgp_peer_src_as_type', 'bgp_peer_src_as_map'],
  ['bgp_src_local_pref_type', 'bgp_src_local_pref_map'],
  ['bgp_src_med_type', 'bgp_src_med_map'],
];

/** bgp_follow_nexthop: IPv4/IPv6 prefixes, refused by name when one is not a prefix. */
function followNextHopPrefixes(config: LoadedConfig): { family: number; net: Uint8Array; bits: number }[] {
  const g = config.global;
  if (!g.has('bgp_follow_nexthop')) return [];
  return g.list('bgp_follow_nexthop').map((item) => {
    try {
      return parseMapPrefix('bgp_follow_nexthop prefix', item);
    } catch (err) {
      if (!(err instanceof LineProblem)) throw err;
      const at = g.where('bgp_follow_nexthop');
      throw new ConfigError([`${at ? `${at.file}:${at.line}` : 'command line'}: bgp_follow_nexthop: ${err.message}`]);
    }
  });
}

/** The bgp_agent_map of the config (reloaded on SIGUSR2), or null. */
export function bgpAgentMapOf(config: LoadedConfig, logger: Logger): MapHolder<BgpAgentMap> | null {
  const g = config.global;
  const file = g.str('bgp_agent_map');
  if (file === undefined) return null;
  return loadReloadableMap(file, g.bool('maps_refresh'), logger, () =>
    loadBgpAgentMap(file, { maxEntries: g.int('maps_entries'), maxRowLength: g.int('maps_row_len'), warn: (m) => logger.warn(m) }),
  );
}

/** The maps the lookup evaluates around itself, as pmacct does (null: not configured). */
export interface BgpLookupMaps {
  agentMap: MapHolder<BgpAgentMap> | null;
  flowToRd?: MapHolder<FlowToRdMap> | null;
  peerSrcAs?: MapHolder<BgpSrcMap> | null;
  srcLocalPref?: MapHolder<BgpSrcMap> | null;
  srcMed?: MapHolder<BgpSrcMap> | null;
}

/** The per-flow lookup; build with bgpLookupStage(). It is the BgpRouteView of the flow last applied. */
export class BgpLookup implements BgpRouteView {
  private readonly settings: BgpLookupSettings;
  private readonly source: BgpRibSource;
  private readonly agentMap: MapHolder<BgpAgentMap> | null;
  /** Parsed peer addresses, by their text (a handful of distinct values). */
  private readonly addressCache = new Map<string, Uint8Array>();
  /** The peer of each exporter (or bgp_ip) seen, valid for one session-set generation. */
  private readonly peerCache = new BgpPeerCache<BgpPeer>();
  private readonly paths: number[] = [];
  /** Parsed next hops by attribute-set id (17 bytes: address, family) and the texts they were parsed from. */
  private nextHopBytes = new Uint8Array(0);
  private readonly nextHopTexts: string[] = [];
  // The route texts as the settings shape them (identity when a setting is off).
  private readonly asPathOut: (text: string) => string;
  private readonly stdCommOut: (text: string) => string;
  private readonly extCommOut: (text: string) => string;
  private readonly lrgCommOut: (text: string) => string;
  /** AS numbers from bgp_stdcomm_pattern_to_asn: [origin (src/dst AS), peer (peer AS)]; null when unset. */
  private readonly commAsn: TextMemo<[number, number]> | null;
  /** The same from bgp_lrgcomm_pattern_to_asn and the large communities (first part: peer AS, second: origin). */
  private readonly lrgCommAsn: TextMemo<[number, number]> | null;
  // Results of the last lookup (attribute-set ids, prefix lengths).
  private srcAttr = NO_ROUTE;
  private dstAttr = NO_ROUTE;
  private srcLength = 0;
  private dstLength = 0;
  /** The route the last single lookup returned (pmacct's `info`), for bgp_follow_default. */
  private lastAttr = NO_ROUTE;
  /** bgp_follow_nexthop's answer: the route peer_dst_ip comes from instead (BGP-sourced peer_dst_ip only). */
  private nextHopAttr = NO_ROUTE;

  /** flow_to_rd_map and the source maps (bgpSrcMap.ts); set by bgpLookupOf() once the view exists. */
  maps: Omit<BgpLookupMaps, 'agentMap'> = {};
  /** The RD flow_to_rd_map gave the flow (the VPN lookup's), or null: unicast. */
  private lookupRd: Uint8Array | null = null;
  private vpnDst = false;
  mappedPeerSrcAs = 0;
  mappedSrcLocalPref = 0;
  mappedSrcMed = 0;
  exportedSrcAs = 0;
  exportedDstAs = 0;

  constructor(settings: BgpLookupSettings, source: BgpRibSource, agentMap: MapHolder<BgpAgentMap> | null) {
    this.settings = settings;
    this.source = source;
    this.agentMap = agentMap;
    const shaped = (active: boolean, f: (text: string) => string): ((text: string) => string) => {
      if (!active) return (text) => text;
      const memo = new TextMemo(f);
      return (text) => memo.get(text);
    };
    const s = settings;
    this.asPathOut = shaped(s.aspathRadius > 0, (t) => aspathRadius(t, s.aspathRadius));
    this.stdCommOut = shaped(s.stdCommPatterns.length > 0, (t) => filterCommunities(t, s.stdCommPatterns));
    this.extCommOut = shaped(s.extCommPatterns.length > 0, (t) => filterCommunities(t, s.extCommPatterns));
    this.lrgCommOut = shaped(s.lrgCommPatterns.length > 0, (t) => filterCommunities(t, s.lrgCommPatterns));
    this.commAsn = s.stdCommToAsnPatterns.length === 0 ? null : new TextMemo((t) => {
      const kept = filterCommunities(t, s.stdCommToAsnPatterns);
      return [communityAsn(kept, true), communityAsn(kept, false)];
    });
    this.lrgCommAsn = s.lrgCommToAsnPatterns.length === 0 ? null : new TextMemo((t) => {
      const kept = filterCommunities(t, s.lrgCommToAsnPatterns);
      return [communityAsn(kept, true), communityAsn(kept, false)];
    });
  }

  get attributes(): AttributeTable {
    return this.source.attributes;
  }

  get srcRoute(): number {
    return this.srcAttr;
  }

  get dstRoute(): number {
    return this.dstAttr;
  }

  get dstFromVpn(): boolean {
    return this.vpnDst && this.dstAttr !== NO_ROUTE;
  }

  nextHopIs(route: number, family: number, bytes: Uint8Array): boolean {
    const o = this.nextHopOffset(route);
    return this.nextHopBytes[o + 16] === family && sameAddress(this.nextHopBytes, o, bytes, family);
  }

  firstAsnOf(route: number): number {
    const asn = firstAsnOfText(this.source.attributes.asPathText(route), this.settings.skipSubAs);
    return asn !== 0 ? asn : this.asnFromCommunities(route, false);
  }

  /** An AS number from the route's standard communities (bgp_stdcomm_pattern_to_asn), 0 without. */
  private asnFromCommunities(attr: number, origin: boolean): number {
    let asn = 0;
    if (this.commAsn !== null) {
      const comms = this.source.attributes.communitiesText(attr);
      if (comms !== null) asn = this.commAsn.get(comms)[origin ? 0 : 1];
    }
    if (asn === 0 && this.lrgCommAsn !== null) {
      const large = this.source.attributes.largeCommunitiesText(attr);
      if (large !== null) asn = this.lrgCommAsn.get(large)[origin ? 0 : 1];
    }
    return asn;
  }

  /** Family (byte 16) and 16 address bytes of an address text, parsed once. */
  private addressOf(text: string): Uint8Array {
    let a = this.addressCache.get(text);
    if (a === undefined) {
      a = new Uint8Array(17);
      a[16] = parseIp(text, a);
      // Bounded: next hops come and go with the routes.
      if (this.addressCache.size >= 65536) this.addressCache.clear();
      this.addressCache.set(text, a);
    }
    return a;
  }

  /** The peer answering for this flow, or null. */
  private peerFor(rec: FlowRecord): BgpPeer | null {
    const rule = this.agentMap?.map.ruleFor(rec) ?? null;
    if (rule !== null) return this.peerAt(rule.bgpFamily, rule.bgpAddress);
    return this.peerAt(rec.peerSrcIp.family, rec.peerSrcIp.bytes);
  }

  /** The live peer whose session address (or, unless bgp_disable_router_id_check, BGP identifier) is the address. */
  private peerAt(family: number, bytes: Uint8Array, offset = 0): BgpPeer | null {
    if (family === 0) return null;
    const generation = this.source.generation;
    if (generation === undefined) return this.scanPeers(family, bytes, offset);
    const known = this.peerCache.get(generation, family, bytes, offset);
    if (known !== undefined) return known;
    const peer = this.scanPeers(family, bytes, offset);
    this.peerCache.set(generation, family, peer);
    return peer;
  }

  /** peerAt() without the cache: every live session in connection order. */
  private scanPeers(family: number, bytes: Uint8Array, offset: number): BgpPeer | null {
    const sessions = this.source.sessionList();
    const o = offset;
    for (let i = 0; i < sessions.length; i++) {
      const peer = sessions[i]!.peer;
      const a = this.addressOf(peer.address);
      if (a[16] === family && sameAddress(bytes, o, a, family)) return peer;
      if (this.settings.routerIdCheck && family === AF_INET && peer.bgpId !== 0 &&
        peer.bgpId === (((bytes[o]! << 24) | (bytes[o + 1]! << 16) | (bytes[o + 2]! << 8) | bytes[o + 3]!) >>> 0)) return peer;
    }
    return null;
  }

  /** Applies the correlation to `rec` (the stage). */
  apply(rec: FlowRecord): void {
    this.srcAttr = NO_ROUTE;
    this.dstAttr = NO_ROUTE;
    this.exportedSrcAs = rec.srcAs;
    this.exportedDstAs = rec.dstAs;
    // flow_to_rd_map first: only the RD it gives sends the lookup to the VPN RIB (pmacct's bitr).
    const toRd = this.maps.flowToRd?.map.ruleFor(rec) ?? null;
    this.lookupRd = toRd === null ? null : toRd.value;
    if (toRd !== null) rec.mplsVpnRd.set(toRd.value);
    const family = rec.srcHost.family !== 0 ? rec.srcHost.family : rec.dstHost.family;
    let peer = family === AF_INET || family === AF_INET6 ? this.peerFor(rec) : null;
    let follow = this.settings.followDefault;
    let vpn = false;
    while (peer !== null) {
      this.lastAttr = NO_ROUTE;
      vpn = this.lookup(peer, rec, family);
      if (follow === 0 || vpn) break;
      peer = this.defaultRouteNextPeer();
      follow--;
    }
    this.vpnDst = vpn;
    this.nextHopAttr = NO_ROUTE;
    if (this.settings.followNextHop.length > 0 && this.dstAttr !== NO_ROUTE && !vpn) this.followNextHop(rec, family);
    // The source maps, after the lookup whose source route their keys read (pmacct's bpas, blp, bmed).
    const m = this.maps;
    this.mappedPeerSrcAs = m.peerSrcAs ? bgpSrcMapValue(m.peerSrcAs.map, rec, this) : 0;
    this.mappedSrcLocalPref = m.srcLocalPref ? bgpSrcMapValue(m.srcLocalPref.map, rec, this, 'src_local_pref') : 0;
    this.mappedSrcMed = m.srcMed ? bgpSrcMapValue(m.srcMed.map, rec, this, 'src_med') : 0;
    this.fill(rec);
  }

  /**
   * bgp_follow_default, as pmacct's bgp_srcdst_lookup does it: a side
   * whose route is the default route counts as not found; while a side is
   * not found and a default route was, the lookup starts again (for the
   * sides not found) at the peer that is the next hop of the route the
   * last lookup returned — the destination's when it was looked up, even
   * when the default route was the source's. Null: no further round.
   */
  private defaultRouteNextPeer(): BgpPeer | null {
    let sawDefault = false;
    if (this.srcAttr !== NO_ROUTE && this.srcLength === 0) {
      this.srcAttr = NO_ROUTE;
      sawDefault = true;
    }
    if (this.dstAttr !== NO_ROUTE && this.dstLength === 0) {
      this.dstAttr = NO_ROUTE;
      sawDefault = true;
    }
    if (this.srcAttr !== NO_ROUTE && this.dstAttr !== NO_ROUTE) return null;
    if (!sawDefault || this.lastAttr === NO_ROUTE) return null;
    const o = this.nextHopOffset(this.lastAttr);
    return this.peerAt(this.nextHopBytes[o + 16]!, this.nextHopBytes, o);
  }

  /**
   * bgp_follow_nexthop, as pmacct's bgp_follow_nexthop_lookup: from the
   * exporter's peer, the destination is looked up (unicast) and, while the
   * route's next hop lies in a bgp_follow_nexthop prefix, looked up again
   * at the peer that next hop is (at most 20 hops, the peer's own address
   * once). The answer is the last route whose next hop was followed, or,
   * with bgp_follow_nexthop_external, the route where the walk stopped.
   */
  private followNextHop(rec: FlowRecord, family: number): void {
    const afi = family === AF_INET ? AFI_IPV4 : AFI_IPV6;
    const prefixes = this.settings.followNextHop;
    let peer = this.peerFor(rec);
    let ttl = 20;
    let self = 1;
    let saved = NO_ROUTE;
    while (peer !== null) {
      const table = peer.rib.existing(afi, SAFI_UNICAST);
      if (table === undefined) break;
      writeKey(table, rec.dstHost, null);
      const slot = table.longestMatch();
      if (slot < 0) break;
      const attr = table.valueAt(slot);
      const o = this.nextHopOffset(attr);
      const nh = this.nextHopBytes;
      const nhFamily = nh[o + 16]!;
      let matched = false;
      for (let i = 0; i < prefixes.length && !matched; i++) {
        const p = prefixes[i]!;
        matched = p.family === nhFamily && prefixContains(p.net, p.bits, nh, o);
      }
      if (!(matched && self > 0 && ttl > 0)) {
        if (this.settings.followNextHopExternal) saved = attr;
        break;
      }
      const peerAddress = this.addressOf(peer.address);
      if (peerAddress[16] === nhFamily && sameAddress(nh, o, peerAddress, nhFamily)) self--;
      saved = attr;
      ttl--;
      peer = this.peerAt(nhFamily, nh, o);
    }
    this.nextHopAttr = saved;
  }

  /** Looks the sides not found yet up in the peer's RIBs; true when that was a VPN lookup. */
  private lookup(peer: BgpPeer, rec: FlowRecord, family: number): boolean {
    const afi = family === AF_INET ? AFI_IPV4 : AFI_IPV6;
    const hasRd = this.lookupRd !== null;
    const safi = hasRd ? SAFI_MPLS_VPN : SAFI_UNICAST;
    const rib = peer.rib;
    const table = rib.existing(afi, safi);
    if (table !== undefined) this.lookupIn(table, peer, afi, safi, rec, hasRd);
    if (this.srcAttr === NO_ROUTE || this.dstAttr === NO_ROUTE) {
      // pmacct tries the labeled-unicast RIB for a side the first table did not answer.
      const labeled = rib.existing(afi, SAFI_LABELED_UNICAST);
      if (labeled !== undefined) this.lookupIn(labeled, peer, afi, SAFI_LABELED_UNICAST, rec, false);
    }
    return hasRd;
  }

  private lookupIn(table: MutablePrefixTable, peer: BgpPeer, afi: number, safi: number, rec: FlowRecord, withRd: boolean): void {
    if (this.srcAttr === NO_ROUTE && rec.srcHost.family !== 0) {
      writeKey(table, rec.srcHost, withRd ? this.lookupRd : null);
      const slot = table.longestMatch();
      this.lastAttr = slot >= 0 ? table.valueAt(slot) : NO_ROUTE;
      if (slot >= 0) {
        this.srcAttr = this.lastAttr;
        this.srcLength = table.lengthAt(slot);
      }
    }
    if (this.dstAttr === NO_ROUTE && rec.dstHost.family !== 0) {
      writeKey(table, rec.dstHost, withRd ? this.lookupRd : null);
      const slot = peer.addPath(afi, safi) ? this.pathByNextHop(table, rec.bgpNextHop) : table.longestMatch();
      this.lastAttr = slot >= 0 ? table.valueAt(slot) : NO_ROUTE;
      if (slot >= 0) {
        this.dstAttr = this.lastAttr;
        this.dstLength = table.lengthAt(slot);
      }
    }
  }

  /** ADD-PATH: the longest prefix with a path whose next hop is the flow's (pmacct's bgp_lookup_node_match_cmp_bgp). */
  private pathByNextHop(table: MutablePrefixTable, flowNextHop: IpField): number {
    for (let from = table.maxLength; from >= 0;) {
      const slot = table.longestMatch(from);
      if (slot < 0) return -1;
      const paths = this.paths;
      paths.length = 0;
      table.findPaths(slot, paths);
      for (let i = 0; i < paths.length; i++) {
        const o = this.nextHopOffset(table.valueAt(paths[i]!));
        const nh = this.nextHopBytes;
        if (nh[o + 16] !== 0 && nh[o + 16] === flowNextHop.family && sameAddress(nh, o, flowNextHop.bytes, flowNextHop.family)) return paths[i]!;
      }
      from = table.lengthAt(slot) - 1;
    }
    return -1;
  }

  /** Sets the record's BGP-sourced fields from the lookup results. */
  private fill(rec: FlowRecord): void {
    const s = this.settings;
    const attrs = this.source.attributes;
    const src = this.srcAttr;
    const dst = this.dstAttr;
    // Longest match per side: BGP takes over when its prefix is at least as long as the exporter's mask.
    const srcMethod = src !== NO_ROUTE && this.srcLength >= rec.srcMask ? BGP : KEEP;
    const dstMethod = dst !== NO_ROUTE && this.dstLength >= rec.dstMask ? BGP : KEEP;
    const netFallback = (s.net & FALLBACK) !== 0;
    const srcKeep = !netFallback || srcMethod === KEEP;
    const dstKeep = !netFallback || dstMethod === KEEP;
    const srcBgp = src !== NO_ROUTE && (!netFallback || srcMethod === BGP);
    const dstBgp = dst !== NO_ROUTE && (!netFallback || dstMethod === BGP);

    // Masks and peer_dst_ip (nfacctd_net): BGP's handler runs first, the export protocol's after it.
    if (s.net & BGP) {
      const keepNet = (s.net & KEEP) !== 0;
      if (!(keepNet && srcKeep)) rec.srcMask = srcBgp ? this.srcLength : 0;
      if (!(keepNet && dstKeep)) {
        rec.dstMask = dstBgp ? this.dstLength : 0;
        if (dstBgp) this.setNextHop(rec, this.nextHopAttr !== NO_ROUTE ? this.nextHopAttr : dst);
        else rec.bgpNextHop.clear();
      }
    }

    // AS numbers (nfacctd_as): the export protocol's handler first, then BGP's.
    const asKeep = (s.as & KEEP) !== 0;
    const asBgp = (s.as & BGP) !== 0;
    if (!(asKeep && srcKeep)) rec.srcAs = 0;
    // peer_src_as comes from the export protocol unless bgp_peer_src_as_type says bgp.
    if (!(asKeep && srcKeep) || s.peerSrcAsFromBgp) rec.peerSrcAs = 0;
    if (!(asKeep && dstKeep)) {
      rec.dstAs = 0;
      rec.peerDstAs = 0;
    }
    if (!asKeep) {
      // sFlow's extended gateway fills these; only KEEP lets them through.
      rec.asPath = '';
      rec.stdComm = '';
      rec.localPref = 0;
    }
    if (asBgp && srcBgp) {
      rec.srcAs = attrs.lastAsOf(src);
      if (rec.srcAs === 0) rec.srcAs = this.asnFromCommunities(src, true);
      if (s.srcAsPath) rec.srcAsPath = this.asPathOut(attrs.asPathText(src));
      if (s.srcStdComm) rec.srcStdComm = this.stdCommOut(attrs.communitiesText(src) ?? '');
      if (s.srcExtComm) rec.srcExtComm = this.extCommOut(attrs.extCommunitiesText(src) ?? '');
      if (s.srcLrgComm) rec.srcLrgComm = this.lrgCommOut(attrs.largeCommunitiesText(src) ?? '');
      if (s.srcLocalPref) rec.srcLocalPref = attrs.localPrefOf(src);
      if (s.srcMed) rec.srcMed = attrs.medOf(src);
      if (s.peerSrcAsFromBgp) {
        rec.peerSrcAs = firstAsnOfText(attrs.asPathText(src), s.skipSubAs);
        if (rec.peerSrcAs === 0) rec.peerSrcAs = this.asnFromCommunities(src, false);
      }
    }
    // `map` types: the map's value, whatever the lookup found (0 when no rule matched).
    if (s.peerSrcAsFromMap) rec.peerSrcAs = this.mappedPeerSrcAs;
    if (s.srcLocalPrefFromMap) rec.srcLocalPref = this.mappedSrcLocalPref;
    if (s.srcMedFromMap) rec.srcMed = this.mappedSrcMed;
    if (asBgp && dstBgp) {
      // The destination route's own attributes: bgp_follow_nexthop changes peer_dst_ip only (as in 1.7.7).
      rec.dstAs = attrs.lastAsOf(dst);
      if (rec.dstAs === 0) rec.dstAs = this.asnFromCommunities(dst, true);
      const path = attrs.asPathText(dst);
      rec.asPath = this.asPathOut(path);
      rec.peerDstAs = firstAsnOfText(path, s.skipSubAs);
      if (rec.peerDstAs === 0) rec.peerDstAs = this.asnFromCommunities(dst, false);
      rec.stdComm = this.stdCommOut(attrs.communitiesText(dst) ?? '');
      rec.extComm = this.extCommOut(attrs.extCommunitiesText(dst) ?? '');
      rec.lrgComm = this.lrgCommOut(attrs.largeCommunitiesText(dst) ?? '');
      rec.localPref = attrs.localPrefOf(dst);
      rec.med = attrs.medOf(dst);
    }
  }

  /**
   * Where a route's next hop sits in nextHopBytes (16 address bytes, then
   * the family), parsed once per attribute set: the text the set had when
   * parsed is kept beside it, so a set id reused for another next hop is
   * parsed again. An offset rather than a view: nothing allocated per flow.
   */
  private nextHopOffset(attr: number): number {
    const text = this.source.attributes.nextHopText(attr);
    const o = attr * 17;
    if (this.nextHopTexts[attr] === text) return o;
    if (o + 17 > this.nextHopBytes.length) {
      const grown = new Uint8Array(Math.max(o + 17, this.nextHopBytes.length * 2));
      grown.set(this.nextHopBytes);
      this.nextHopBytes = grown;
    }
    while (this.nextHopTexts.length < attr) this.nextHopTexts.push('');
    this.nextHopTexts[attr] = text;
    const slot = this.nextHopBytes.subarray(o, o + 17);
    slot[16] = parseIp(text, slot);
    return o;
  }

  private setNextHop(rec: FlowRecord, attr: number): void {
    const o = this.nextHopOffset(attr);
    const a = this.nextHopBytes;
    const nh = rec.bgpNextHop;
    if (a[o + 16] === AF_INET) {
      nh.setV4(a, o);
    } else if (a[o + 16] === AF_INET6) {
      nh.setV6(a, o);
    } else nh.clear();
  }
}

/** Whether the address at `offset` of `a` lies in net/bits (net's host bits cleared). */
function prefixContains(net: Uint8Array, bits: number, a: Uint8Array, offset: number): boolean {
  let i = 0;
  for (; bits >= 8; bits -= 8, i++) if (a[offset + i] !== net[i]) return false;
  return bits === 0 || (a[offset + i]! & ((0xff << (8 - bits)) & 0xff)) === net[i];
}

function sameAddress(a: Uint8Array, offset: number, b: Uint8Array, family: number): boolean {
  const n = family === AF_INET ? 4 : 16;
  for (let i = 0; i < n; i++) if (a[offset + i] !== b[i]) return false;
  return true;
}

/** Writes the lookup key for `host` (and the route distinguisher of a VPN table) into `table.key`. */
function writeKey(table: MutablePrefixTable, host: IpField, rd: Uint8Array | null): void {
  const key = table.key;
  let k = 0;
  if (table.rdWords === 2) {
    const r = rd!;
    key[k++] = ((r[0]! << 24) | (r[1]! << 16) | (r[2]! << 8) | r[3]!) >>> 0;
    key[k++] = ((r[4]! << 24) | (r[5]! << 16) | (r[6]! << 8) | r[7]!) >>> 0;
  }
  const a = host.bytes;
  for (let w = 0; w < table.addressWords; w++) {
    const o = w * 4;
    key[k++] = ((a[o]! << 24) | (a[o + 1]! << 16) | (a[o + 2]! << 8) | a[o + 3]!) >>> 0;
  }
}

/** The lookup of a daemon with a BGP thread, its maps loaded (reloaded on SIGUSR2). */
export function bgpLookupOf(config: LoadedConfig, logger: Logger, source: BgpRibSource, daemon: 'nfacctd' | 'sfacctd' = 'nfacctd'): BgpLookup {
  const settings = bgpLookupSettings(config);
  const lookup = new BgpLookup(settings, source, bgpAgentMapOf(config, logger));
  const g = config.global;
  const options = { maxEntries: g.int('maps_entries'), maxRowLength: g.int('maps_row_len'), warn: (m: string) => logger.warn(m) };
  const srcMap = (on: boolean, key: string): MapHolder<BgpSrcMap> | null => {
    const file = g.str(key);
    if (!on || file === undefined) return null;
    return loadReloadableMap(file, g.bool('maps_refresh'), logger, () => loadBgpSrcMap(file, key, lookup, daemon, options));
  };
  lookup.maps = {
    flowToRd: flowToRdMapOf(config, logger, daemon),
    peerSrcAs: srcMap(settings.peerSrcAsFromMap, 'bgp_peer_src_as_map'),
    srcLocalPref: srcMap(settings.srcLocalPrefFromMap, 'bgp_src_local_pref_map'),
    srcMed: srcMap(settings.srcMedFromMap, 'bgp_src_med_map'),
  };
  return lookup;
}

/** The flow_to_rd_map of the config (reloaded on SIGUSR2), or null. */
export function flowToRdMapOf(config: LoadedConfig, logger: Logger, daemon: 'nfacctd' | 'sfacctd'): MapHolder<FlowToRdMap> | null {
  const g = config.global;
  const file = g.str('flow_to_rd_map');
  if (file === undefined) return null;
  const exportedNextHop = (sourceFlags(g.str('nfacctd_net')) & KEEP) !== 0;
  return loadReloadableMap(file, g.bool('maps_refresh'), logger, () =>
    loadFlowToRdMap(file, { daemon, exportedNextHop, maxEntries: g.int('maps_entries'), maxRowLength: g.int('maps_row_len'), warn: (m) => logger.warn(m) }),
  );
}

/** The stage for a daemon with a BGP thread. */
export function bgpLookupStage(config: LoadedConfig, logger: Logger, source: BgpRibSource, daemon: 'nfacctd' | 'sfacctd' = 'nfacctd'): EnrichStage {
  const lookup = bgpLookupOf(config, logger, source, daemon);
  return (rec) => lookup.apply(rec);
}
