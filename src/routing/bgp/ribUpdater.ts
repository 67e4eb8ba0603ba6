/**
 * Applies decoded UPDATEs to a peer's RIB and tells the message log what
 * happened, in pmacct's order (bgp_parse_update_msg): withdrawn IPv4
 * routes, IPv4 NLRI, then for AFI 1 and then AFI 2 the MP_REACH_NLRI
 * prefixes and the MP_UNREACH_NLRI ones.
 *
 * - An announcement stores the route with the interned attribute set
 *   (replacing the one it had) and is logged as "update", also when
 *   nothing changed, as pmacct does.
 * - A withdrawal of a known route removes it and is logged as "withdraw"
 *   with the attributes it had; a withdrawal of an unknown route changes
 *   nothing and is not logged (pmbgpd 1.7.7 with an exabgp peer).
 * - An UPDATE to treat as withdraw (RFC 7606) withdraws what it announces.
 * - purge() empties the RIB when a session ends, logging each route as
 *   "delete", family by family in pmacct's table order.
 *
 * Hot path: one attribute set is interned per region of NLRI, not per
 * prefix; prefixes are read into a reused entry.
 */
import { AFI_IPV4, AFI_IPV6, SAFI_UNICAST } from '../../decode/bgp/bgpConstants.ts';
import { isSupportedFamily, NlriEntry, NlriReader } from '../../decode/bgp/nlriReader.ts';
import type { UpdateMessage } from '../../decode/bgp/updateMessage.ts';
import { ipv4Text, ipv6Text } from '../../model/ipText.ts';
import type { AttributeTable } from './attributeTable.ts';
import { RouteRecord, type LogType } from './bgpJsonLines.ts';
import type { BgpPeer } from './bgpPeer.ts';
import { PeerRib } from './peerRib.ts';
import { rdText } from '../../decode/bgp/routeDistinguisher.ts';

/** Receives each route event; null when nothing listens (no msglog), which skips building the record. */
export type RouteEventSink = ((peer: BgpPeer, type: LogType, route: RouteRecord) => void) | null;

export class RibUpdater {
  private readonly attributes: AttributeTable;
  private readonly sink: RouteEventSink;
  private readonly reader = new NlriReader();
  private readonly entry = new NlriEntry();
  private readonly record = new RouteRecord();

  constructor(attributes: AttributeTable, sink: RouteEventSink) {
    this.attributes = attributes;
    this.sink = sink;
  }

  apply(peer: BgpPeer, u: UpdateMessage): void {
    peer.counters.updates++;
    if (u.treatAsWithdraw) peer.counters.treatedAsWithdraw++;
    peer.counters.attributesDiscarded += u.discarded;
    const withdrawAll = u.treatAsWithdraw !== null;
    this.withdrawRegion(peer, u.bytes, u.withdrawnStart, u.withdrawnEnd, AFI_IPV4, SAFI_UNICAST);
    if (u.nlriEnd > u.nlriStart) {
      if (withdrawAll) this.withdrawRegion(peer, u.bytes, u.nlriStart, u.nlriEnd, AFI_IPV4, SAFI_UNICAST, true);
      else this.announceRegion(peer, u, u.nlriStart, u.nlriEnd, AFI_IPV4, SAFI_UNICAST, NEXT_HOP_ATTRIBUTE);
    }
    for (let afi = AFI_IPV4; afi <= AFI_IPV6; afi++) {
      if (u.reachPresent && u.reachAfi === afi) {
        if (!isSupportedFamily(u.reachAfi, u.reachSafi)) peer.counters.ignoredFamilies++;
        else if (withdrawAll) this.withdrawRegion(peer, u.bytes, u.reachStart, u.reachEnd, u.reachAfi, u.reachSafi, true);
        else this.announceRegion(peer, u, u.reachStart, u.reachEnd, u.reachAfi, u.reachSafi, MP_NEXT_HOP);
      }
      if (u.unreachPresent && u.unreachAfi === afi) {
        if (!isSupportedFamily(u.unreachAfi, u.unreachSafi)) peer.counters.ignoredFamilies++;
        else this.withdrawRegion(peer, u.bytes, u.unreachStart, u.unreachEnd, u.unreachAfi, u.unreachSafi);
      }
    }
    if (u.reachPresent && u.reachAfi !== AFI_IPV4 && u.reachAfi !== AFI_IPV6) peer.counters.ignoredFamilies++;
    if (u.unreachPresent && u.unreachAfi !== AFI_IPV4 && u.unreachAfi !== AFI_IPV6) peer.counters.ignoredFamilies++;
  }

  private announceRegion(peer: BgpPeer, u: UpdateMessage, start: number, end: number, afi: number, safi: number, nextHopSource: number): void {
    if (end <= start) return;
    const attributes = this.attributes;
    const addPath = peer.addPath(afi, safi);
    const reader = this.reader;
    const entry = this.entry;
    reader.reset(u.bytes, start, end, afi, safi, addPath, false, 0);
    const table = peer.rib.table(afi, safi);
    // The region's reference, released once every prefix took its own.
    // An MP_REACH_NLRI without a usable next hop reads as 0.0.0.0, as pmacct prints it.
    const attrId = nextHopSource === NEXT_HOP_ATTRIBUTE
      ? attributes.internWithNextHop(u.attributes, 4, u.attributes.nextHop)
      : u.reachNextHopFamily === 6
        ? attributes.internWithNextHop(u.attributes, 6, u.reachNextHop)
        : attributes.internWithNextHop(u.attributes, 4, u.reachNextHopFamily === 4 ? u.reachNextHop : NO_NEXT_HOP);
    const sink = this.sink;
    for (;;) {
      const r = reader.next(entry);
      if (r === 0 || typeof r === 'object') break;
      if (r === -1) {
        peer.counters.skippedPrefixes++;
        continue;
      }
      PeerRib.writeKey(table, entry);
      attributes.retain(attrId);
      const previous = table.put(entry.length, entry.pathId, attrId, entry.label);
      if (previous >= 0) attributes.release(previous);
      peer.counters.prefixesAnnounced++;
      if (sink) sink(peer, 'update', this.fill(afi, safi, entry, addPath, attrId, entry.label));
    }
    attributes.release(attrId);
  }

  /** `announced`: the region is an announcement treated as withdraw, whose label stacks read as announced. */
  private withdrawRegion(peer: BgpPeer, bytes: Uint8Array, start: number, end: number, afi: number, safi: number, announced = false): void {
    if (end <= start) return;
    const table = peer.rib.existing(afi, safi);
    if (!table) return;
    const addPath = peer.addPath(afi, safi);
    const reader = this.reader;
    const entry = this.entry;
    reader.reset(bytes, start, end, afi, safi, addPath, !announced, 0);
    const sink = this.sink;
    for (;;) {
      const r = reader.next(entry);
      if (r === 0 || typeof r === 'object') break;
      if (r === -1) {
        peer.counters.skippedPrefixes++;
        continue;
      }
      PeerRib.writeKey(table, entry);
      const slot = table.remove(entry.length, entry.pathId);
      if (slot < 0) continue;
      const attrId = table.removedValue;
      peer.counters.prefixesWithdrawn++;
      if (sink) sink(peer, 'withdraw', this.fill(afi, safi, entry, addPath, attrId, table.labelAt(slot)));
      this.attributes.release(attrId);
    }
  }

  private fill(afi: number, safi: number, entry: NlriEntry, addPath: boolean, attrId: number, label: number): RouteRecord {
    const r = this.record;
    r.afi = afi;
    r.safi = safi;
    r.prefix = `${afi === AFI_IPV4 ? ipv4Text(entry.address) : ipv6Text(entry.address)}/${entry.length}`;
    r.pathId = addPath ? entry.pathId : -1;
    r.attrId = attrId;
    r.label = label;
    r.rd = entry.hasRd ? rdText(entry.rd, 0) : null;
    return r;
  }

  /** Drops every route of the peer; logs each as "delete" when `logDeletes`. */
  purge(peer: BgpPeer, logDeletes: boolean): void {
    const sink = logDeletes ? this.sink : null;
    const r = this.record;
    for (const family of peer.rib.families()) {
      const table = family.table;
      const slots = sink ? table.sortedSlots() : null;
      if (slots && sink) {
        const addPath = peer.addPath(family.afi, family.safi);
        for (let i = 0; i < slots.length; i++) {
          const slot = slots[i]!;
          r.afi = family.afi;
          r.safi = family.safi;
          r.prefix = peer.rib.prefixText(table, slot);
          r.pathId = addPath ? table.pathIdAt(slot) : -1;
          r.attrId = table.valueAt(slot);
          r.label = table.labelAt(slot);
          r.rd = table.rdWords > 0 ? peer.rib.rdText(table, slot) : null;
          sink(peer, 'delete', r);
        }
      }
      for (let slot = 0, left = table.size; left > 0; slot++) {
        if (!table.isLive(slot)) continue;
        this.attributes.release(table.valueAt(slot));
        left--;
      }
      table.clear();
    }
  }
}

/** Where a region's next hop comes from: the NEXT_HOP attribute (IPv4 NLRI field) or MP_REACH_NLRI. */
const NEXT_HOP_ATTRIBUTE = 0;
const MP_NEXT_HOP = 1;

const NO_NEXT_HOP = new Uint8Array(4);
