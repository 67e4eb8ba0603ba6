/**
 * The JSON lines of pmacct's BGP message log and table dump
 * (docs/MSGLOG_DUMP_FORMATS, byte for byte as pmbgpd 1.7.7 writes them
 * with jansson: ", " and ": " separators, keys in pmacct's order, absent
 * attributes omitted):
 *
 *   log_init / log_close:  seq, timestamp, peer_ip_src, peer_tcp_port, event_type
 *   log (a route):         seq, log_type, timestamp, peer_ip_src, peer_tcp_port, event_type, <route>
 *   dump_init:             timestamp, peer_ip_src, peer_tcp_port, event_type, dump_period, seq
 *   dump (a route):        seq, timestamp, peer_ip_src, peer_tcp_port, event_type, <route>
 *   dump_close:            timestamp, peer_ip_src, peer_tcp_port, event_type, entries, tables, seq
 *
 * <route> is afi, safi, ip_prefix, as_path_id (ADD-PATH families only),
 * then the attributes (bgp_nexthop, as_path, comms, ecomms, lcomms,
 * origin as i/e/u, local_pref, med, aigp, psid_li), then rd and rd_origin
 * (MPLS VPN) and label (labeled unicast and VPN) as strings.
 *
 * The texts written here come from addresses, numbers and the attribute
 * texts, which hold no character JSON must escape.
 */
import { SAFI_LABELED_UNICAST, SAFI_MPLS_VPN } from '../../decode/bgp/bgpConstants.ts';
import type { AttributeTable } from './attributeTable.ts';

/** pmacct's bgp_origin_print: IGP "i", EGP "e", INCOMPLETE "u". */
export const ORIGIN_LETTERS: readonly string[] = ['i', 'e', 'u'];

/** One route as a log or dump line describes it; reused from line to line. */
export class RouteRecord {
  afi = 0;
  safi = 0;
  prefix = '';
  /** The ADD-PATH path identifier, or -1 when the family has no ADD-PATH. */
  pathId = -1;
  /** Attribute set id, or -1 when the line has no attributes. */
  attrId = -1;
  label = -1;
  rd: string | null = null;
}

/** Who the lines are about: peer_ip_src and peer_tcp_port. */
export interface PeerIdentity {
  readonly address: string;
  readonly port: number;
}

export function routeFields(r: RouteRecord, attributes: AttributeTable): string {
  let s = `"afi": ${r.afi}, "safi": ${r.safi}, "ip_prefix": "${r.prefix}"`;
  if (r.pathId >= 0) s += `, "as_path_id": ${r.pathId}`;
  const id = r.attrId;
  if (id >= 0) {
    s += `, "bgp_nexthop": "${attributes.nextHopText(id)}", "as_path": "${attributes.asPathText(id)}"`;
    const comms = attributes.communitiesText(id);
    if (comms !== null) s += `, "comms": "${comms}"`;
    const ecomms = attributes.extCommunitiesText(id);
    if (ecomms !== null) s += `, "ecomms": "${ecomms}"`;
    const lcomms = attributes.largeCommunitiesText(id);
    if (lcomms !== null) s += `, "lcomms": "${lcomms}"`;
    s += `, "origin": "${ORIGIN_LETTERS[attributes.originOf(id)]}"`;
    if (attributes.hasLocalPref(id)) s += `, "local_pref": ${attributes.localPrefOf(id)}`;
    if (attributes.hasMed(id)) s += `, "med": ${attributes.medOf(id)}`;
    if (attributes.hasAigp(id)) s += `, "aigp": ${attributes.aigpOf(id)}`;
    const psid = attributes.prefixSidLabelIndexOf(id);
    if (psid !== 0) s += `, "psid_li": ${psid}`;
  }
  if (r.safi === SAFI_MPLS_VPN && r.rd !== null) s += `, "rd": "${r.rd}", "rd_origin": "bgp"`;
  if ((r.safi === SAFI_LABELED_UNICAST || r.safi === SAFI_MPLS_VPN) && r.label >= 0) s += `, "label": "${r.label}"`;
  return s;
}

function peerFields(peer: PeerIdentity): string {
  return `"peer_ip_src": "${peer.address}", "peer_tcp_port": ${peer.port}`;
}

export function logInitLine(seq: number, timestamp: string, peer: PeerIdentity): string {
  return `{"seq": ${seq}, "timestamp": "${timestamp}", ${peerFields(peer)}, "event_type": "log_init"}\n`;
}

export function logCloseLine(seq: number, timestamp: string, peer: PeerIdentity): string {
  return `{"seq": ${seq}, "timestamp": "${timestamp}", ${peerFields(peer)}, "event_type": "log_close"}\n`;
}

export type LogType = 'update' | 'withdraw' | 'delete';

export function logRouteLine(seq: number, logType: LogType, timestamp: string, peer: PeerIdentity, route: string): string {
  return `{"seq": ${seq}, "log_type": "${logType}", "timestamp": "${timestamp}", ${peerFields(peer)}, "event_type": "log", ${route}}\n`;
}

export function dumpInitLine(seq: number, timestamp: string, peer: PeerIdentity, period: number): string {
  return `{"timestamp": "${timestamp}", ${peerFields(peer)}, "event_type": "dump_init", "dump_period": ${period}, "seq": ${seq}}\n`;
}

export function dumpRouteLine(seq: number, timestamp: string, peer: PeerIdentity, route: string): string {
  return `{"seq": ${seq}, "timestamp": "${timestamp}", ${peerFields(peer)}, "event_type": "dump", ${route}}\n`;
}

export function dumpCloseLine(seq: number, timestamp: string, peer: PeerIdentity, entries: number, tables: number): string {
  return `{"timestamp": "${timestamp}", ${peerFields(peer)}, "event_type": "dump_close", "entries": ${entries}, "tables": ${tables}, "seq": ${seq}}\n`;
}
