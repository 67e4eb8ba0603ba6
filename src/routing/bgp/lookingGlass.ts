/**
 * pmacct's BGP looking glass (docs/LOOKING_GLASS_FORMAT, bgp_lg.c): a
 * request is a few JSON texts — pmacct's ZeroMQ frames — and so is the
 * reply. Transports: ZeroMQ (lookingGlassZmq.ts, bgp_daemon_lg) and the
 * HTTP API (POST /api/v1/bgp/lg).
 *
 *   query_type 1, IP lookup:  {"query_type": 1, "queries": 1}
 *                             {"ip_prefix": "192.0.2.1", "peer_ip_src": "10.0.0.1"[, "peer_tcp_port": 179][, "rd": "0:65000:1"]}
 *     reply {"results": n, "query_type": 1}, then n route objects as the
 *     message log prints them with "event_type": "lglass" (no seq, no
 *     timestamp); with no result, "text": "prefix not found" / "peer not
 *     found" / "lookup error" in the first object.
 *   query_type 2, get peers:  {"query_type": 2, "queries": 1}
 *     reply {"results": n, "query_type": 2}, then per connected peer
 *     {"peer_ip_src", "peer_id", "peer_tcp_port", "peer_as"}.
 *   anything else: {"results": 0, "query_type": 0, "text": "unsupported query_type"}.
 *
 * Lookup as bgp_lg_daemon_ip_lookup(): the peer by address (and TCP port
 * when given and not 0); the longest prefix of the peer's unicast table
 * (MPLS VPN table with an rd, the rd matching exactly) that covers the
 * queried address or prefix, else of its labeled-unicast table.
 *
 * Unlike pmacct 1.7.7 ("ADD-PATH code not currently supported"), which
 * answers one of the prefix's paths — which one depends on how the
 * query is written — every ADD-PATH path of the matched prefix is a result,
 * in path-id order (docs/compat.md, "BGP looking glass").
 */
import { AFI_IPV4, AFI_IPV6, SAFI_LABELED_UNICAST, SAFI_MPLS_VPN, SAFI_UNICAST } from '../../decode/bgp/bgpConstants.ts';
import { parseRd } from '../../decode/bgp/routeDistinguisher.ts';
import { AF_INET } from '../../model/flowRecord.ts';
import { ipv6Text, parseIp } from '../../model/ipText.ts';
import type { AttributeTable } from './attributeTable.ts';
import { routeFields, RouteRecord } from './bgpJsonLines.ts';
import type { BgpPeer } from './bgpPeer.ts';

export const LG_QT_IP_LOOKUP = 1;
export const LG_QT_GET_PEERS = 2;

/** What the looking glass reads: the connected peers and the attribute table of their routes. */
export interface LookingGlassSource {
  readonly attributes: AttributeTable;
  peers(): readonly BgpPeer[];
}

interface IpLookupQuery {
  address: Uint8Array;
  afi: number;
  length: number;
  peerAddress: string;
  peerPort: number;
  /** The route distinguisher's 8 bytes, or null. */
  rd: Uint8Array | null;
}

/** The lookup's outcome when it has no result, as pmacct words it. */
type LookupError = 'prefix not found' | 'peer not found' | 'lookup error';

function parseObject(text: string | undefined): Record<string, unknown> | null {
  if (text === undefined) return null;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** jansson's json_integer_value: the integer, or 0 for anything else. */
function integerValue(value: unknown): number {
  return typeof value === 'number' && Number.isInteger(value) ? value : 0;
}

/** pmacct's str2prefix: an address (a host route) or "address/length". */
function parsePrefix(text: string, out: Uint8Array): { afi: number; length: number } | null {
  const slash = text.indexOf('/');
  const family = parseIp(slash < 0 ? text : text.slice(0, slash), out);
  if (family === 0) return null;
  const afi = family === AF_INET ? AFI_IPV4 : AFI_IPV6;
  const max = afi === AFI_IPV4 ? 32 : 128;
  if (slash < 0) return { afi, length: max };
  const lengthText = text.slice(slash + 1);
  if (!/^\d+$/.test(lengthText) || Number(lengthText) > max) return null;
  return { afi, length: Number(lengthText) };
}

function parseIpLookup(text: string | undefined): IpLookupQuery | null {
  const o = parseObject(text);
  if (!o) return null;
  let peerPort = 0;
  if (o['peer_tcp_port'] !== undefined) {
    peerPort = integerValue(o['peer_tcp_port']);
    if (peerPort < 0 || peerPort > 65535) return null;
  }
  const peerText = o['peer_ip_src'];
  const peerBytes = new Uint8Array(16);
  if (typeof peerText !== 'string' || parseIp(peerText, peerBytes) === 0) return null;
  const prefixText = o['ip_prefix'];
  const address = new Uint8Array(16);
  const prefix = typeof prefixText === 'string' ? parsePrefix(prefixText, address) : null;
  if (!prefix) return null;
  let rd: Uint8Array | null = null;
  if (o['rd'] !== undefined) {
    rd = typeof o['rd'] === 'string' ? parseRd(o['rd']) : null;
    if (!rd) return null;
  }
  // Peers are known by their text (BgpPeer.address), RFC 5952 for IPv6.
  const peerAddress = peerText.includes(':') ? ipv6Text(peerBytes) : peerText;
  return { address, afi: prefix.afi, length: prefix.length, peerAddress, peerPort, rd };
}

export class BgpLookingGlass {
  private readonly source: LookingGlassSource;
  private readonly record = new RouteRecord();
  private readonly paths: number[] = [];

  constructor(source: LookingGlassSource) {
    this.source = source;
  }

  /** The reply frames for a request's frames (header first). */
  answer(frames: readonly string[]): string[] {
    const header = parseObject(frames[0]);
    const type = header ? integerValue(header['query_type']) : 0;
    if (type === LG_QT_IP_LOOKUP) return this.ipLookup(frames[1]);
    if (type === LG_QT_GET_PEERS) return this.getPeers();
    return ['{"results": 0, "query_type": 0, "text": "unsupported query_type"}'];
  }

  private getPeers(): string[] {
    const peers = this.source.peers();
    const out = [`{"results": ${peers.length}, "query_type": ${LG_QT_GET_PEERS}}`];
    for (const p of peers) {
      out.push(`{"peer_ip_src": "${p.address}", "peer_id": "${p.bgpIdText}", "peer_tcp_port": ${p.port}, "peer_as": ${p.peerAs}}`);
    }
    return out;
  }

  private ipLookup(body: string | undefined): string[] {
    const query = parseIpLookup(body);
    const results: string[] = [];
    const error = query ? this.lookup(query, results) : 'lookup error';
    if (results.length === 0) return [`{"results": 0, "query_type": ${LG_QT_IP_LOOKUP}, "text": "${error ?? 'prefix not found'}"}`];
    return [`{"results": ${results.length}, "query_type": ${LG_QT_IP_LOOKUP}}`, ...results];
  }

  /** Appends the matching routes' objects to `out`; returns why there are none, or null. */
  private lookup(q: IpLookupQuery, out: string[]): LookupError | null {
    const peer = this.source.peers().find((p) => p.address === q.peerAddress && (q.peerPort === 0 || p.port === q.peerPort));
    if (!peer) return 'peer not found';
    const first = q.rd ? SAFI_MPLS_VPN : SAFI_UNICAST;
    if (this.match(peer, q, first, out) || this.match(peer, q, SAFI_LABELED_UNICAST, out)) return null;
    return 'prefix not found';
  }

  private match(peer: BgpPeer, q: IpLookupQuery, safi: number, out: string[]): boolean {
    const table = peer.rib.existing(q.afi, safi);
    if (!table) return false;
    const key = table.key;
    let k = 0;
    if (table.rdWords === 2) {
      const rd = q.rd ?? new Uint8Array(8);
      key[k++] = ((rd[0]! << 24) | (rd[1]! << 16) | (rd[2]! << 8) | rd[3]!) >>> 0;
      key[k++] = ((rd[4]! << 24) | (rd[5]! << 16) | (rd[6]! << 8) | rd[7]!) >>> 0;
    }
    const a = q.address;
    for (let w = 0; w < table.addressWords; w++) {
      const o = w * 4;
      key[k++] = ((a[o]! << 24) | (a[o + 1]! << 16) | (a[o + 2]! << 8) | a[o + 3]!) >>> 0;
    }
    const slot = table.longestMatch(Math.min(q.length, table.maxLength));
    if (slot < 0) return false;
    const paths = this.paths;
    paths.length = 0;
    table.findPaths(slot, paths);
    paths.sort((x, y) => table.pathIdAt(x) - table.pathIdAt(y));
    const addPath = peer.addPath(q.afi, safi);
    const r = this.record;
    for (const s of paths) {
      r.afi = q.afi;
      r.safi = safi;
      r.prefix = peer.rib.prefixText(table, s);
      r.pathId = addPath ? table.pathIdAt(s) : -1;
      r.attrId = table.valueAt(s);
      r.label = table.labelAt(s);
      r.rd = table.rdWords > 0 ? peer.rib.rdText(table, s) : null;
      out.push(`{"peer_ip_src": "${peer.address}", "peer_tcp_port": ${peer.port}, "event_type": "lglass", ${routeFields(r, this.source.attributes)}}`);
    }
    return paths.length > 0;
  }
}
