/**
 * Fills the reused FlowRecord from one v9/IPFIX data record, following the
 * template's compiled RecordLayout. This is the hot path: reads straight
 * from the datagram bytes, no allocation (except the string of a pmacct
 * `label` field, which only pmacct's own nfprobe exports).
 */
import {
  AF_INET,
  AF_INET6,
  SAMPLING_DIRECTION_EGRESS,
  SAMPLING_DIRECTION_INGRESS,
  type FlowRecord,
  type IpField,
  type TimeField,
} from '../../model/flowRecord.ts';
import type { DatagramContext } from './datagramContext.ts';
import type { FrameSection } from './frameSection.ts';
import {
  MPLS_LABEL_FIELDS,
  NEXT_HOP_BGP_V4,
  NEXT_HOP_BGP_V6,
  NEXT_HOP_IP_V6,
  SAMPLING_BY_SAMPLER_ID,
  SAMPLING_INLINE_INTERVAL,
  TIME_DELTA_MICROSECONDS,
  TIME_MICROSECONDS_PAIR,
  TIME_MILLISECONDS,
  TIME_OBSERVATION_MILLISECONDS,
  TIME_SECONDS,
  TIME_SYSUPTIME,
  type RecordLayout,
} from './recordLayout.ts';
import { RECORD_EVENT, RECORD_FRAME, RECORD_IPV4, RECORD_IPV6, RECORD_UNCLASSIFIED } from './recordContext.ts';
import type { Template } from './template.ts';
import { readPadded, readU16, readU24, readU32, readU64, readUint } from './wireReaders.ts';

const ETHERTYPE_IPV4 = 0x800;
const ETHERTYPE_IPV6 = 0x86dd;
const TWO_POW_32 = 0x100000000;
/** pmacct's marker for a route distinguisher made from a VRF id; printed "vrfid:<id>". */
export const RD_TYPE_VRFID = 0xffff;

/**
 * Tells IPv4 from IPv6 from event records the way pmacct's
 * NF_evaluate_flow_type() does; RECORD_UNCLASSIFIED records are dropped.
 */
export function classifyRecord(L: RecordLayout, t: Template, b: Uint8Array, base: number): number {
  if (L.isEvent) return RECORD_EVENT;
  let kind = RECORD_UNCLASSIFIED;
  if (L.ipVersion >= 0 && t.lengths[L.ipVersion] > 0) {
    const v = b[base + t.offsets[L.ipVersion]];
    if (v === 4) kind = RECORD_IPV4;
    else if (v === 6) kind = RECORD_IPV6;
  }
  if (kind === RECORD_UNCLASSIFIED) {
    if (L.hasV4Address && L.hasV6Address) {
      // pmacct looks at the first byte of sourceIPv4Address (or of the record when there is none).
      const probe = L.v4Probe >= 0 ? b[base + t.offsets[L.v4Probe]] : b[base];
      kind = probe !== 0 ? RECORD_IPV4 : RECORD_IPV6;
    } else if (L.hasV4Address) kind = RECORD_IPV4;
    else if (L.hasV6Address) kind = RECORD_IPV6;
  }
  return L.hasFrameSection ? RECORD_FRAME : kind;
}

/** Fills `rec` (already reset) from the record at `base`; `kind` comes from classifyRecord(). */
export function fillRecord(L: RecordLayout, t: Template, b: Uint8Array, base: number, kind: number, rec: FlowRecord, ctx: DatagramContext): void {
  const offs = t.offsets;
  const lens = t.lengths;
  let i: number;

  // --- L3 addresses, masks and NAT addresses depend on how pmacct sees the
  // record: IPv4, IPv6, an event (both tried), or what its packet carries.
  let asV4: boolean;
  let asV6: boolean;
  const frame = ctx.frame;
  if (kind === RECORD_FRAME) {
    parseFrame(L, offs, lens, b, base, frame);
    asV4 = frame.l3 === ETHERTYPE_IPV4;
    asV6 = frame.l3 === ETHERTYPE_IPV6;
  } else {
    asV4 = kind === RECORD_IPV4 || kind === RECORD_EVENT;
    asV6 = kind === RECORD_IPV6 || kind === RECORD_EVENT;
  }
  if (asV4) {
    if ((i = L.srcV4) >= 0) setAddress(rec.srcHost, b, base + offs[i], lens[i], AF_INET);
    if ((i = L.dstV4) >= 0) setAddress(rec.dstHost, b, base + offs[i], lens[i], AF_INET);
    if ((i = L.srcMaskV4) >= 0 && lens[i] > 0) rec.srcMask = b[base + offs[i]];
    if ((i = L.dstMaskV4) >= 0 && lens[i] > 0) rec.dstMask = b[base + offs[i]];
    if ((i = L.postNatSrcV4) >= 0) setAddress(rec.postNatSrcHost, b, base + offs[i], lens[i], AF_INET);
    if ((i = L.postNatDstV4) >= 0) setAddress(rec.postNatDstHost, b, base + offs[i], lens[i], AF_INET);
  }
  if (asV6) {
    // For events pmacct tries IPv6 after IPv4 (NAT64 logs): present IPv6 fields win.
    if ((i = L.srcV6) >= 0) setAddress(rec.srcHost, b, base + offs[i], lens[i], AF_INET6);
    if ((i = L.dstV6) >= 0) setAddress(rec.dstHost, b, base + offs[i], lens[i], AF_INET6);
    if (!asV4) {
      if ((i = L.srcMaskV6) >= 0 && lens[i] > 0) rec.srcMask = b[base + offs[i]];
      if ((i = L.dstMaskV6) >= 0 && lens[i] > 0) rec.dstMask = b[base + offs[i]];
    }
  }
  if ((i = L.etype) >= 0 && lens[i] === 2) rec.etype = readU16(b, base + offs[i]);
  else if (kind === RECORD_FRAME) rec.etype = frame.l3;
  else rec.etype = asV6 && !asV4 ? ETHERTYPE_IPV6 : ETHERTYPE_IPV4;

  // --- L2
  if ((i = L.srcMac) >= 0) copyMac(rec.srcMac, b, base + offs[i], lens[i]);
  if ((i = L.dstMac) >= 0) copyMac(rec.dstMac, b, base + offs[i], lens[i]);
  const direction = (i = L.direction) >= 0 && lens[i] > 0 ? b[base + offs[i]] : -1;
  rec.vlan = vlanOf(L, offs, lens, b, base, direction);
  if ((i = L.cos) >= 0 && lens[i] > 0) rec.cos = b[base + offs[i]];
  if (direction >= 0 && lens[L.direction] === 1) {
    if (direction === 0) rec.samplingDirection = SAMPLING_DIRECTION_INGRESS;
    else if (direction === 1) rec.samplingDirection = SAMPLING_DIRECTION_EGRESS;
  }

  // --- L4
  if ((i = L.proto) >= 0 && lens[i] > 0) rec.proto = b[base + offs[i]];
  if ((i = L.tos) >= 0 && lens[i] > 0) rec.tos = b[base + offs[i]];
  if ((i = L.tcpFlags) >= 0) {
    const len = lens[i];
    // A 2-byte tcpControlBits (RFC 7125) is read whole; pmacct 1.7.7 reads it as 0.
    if (len === 1) rec.tcpFlags = b[base + offs[i]];
    else if (len === 2) rec.tcpFlags = readU16(b, base + offs[i]);
  }
  if ((i = L.srcPort) >= 0) rec.srcPort = readPadded(b, base + offs[i], lens[i], 2);
  if ((i = L.dstPort) >= 0) rec.dstPort = readPadded(b, base + offs[i], lens[i], 2);

  // --- routing
  if ((i = L.srcAs) >= 0) rec.srcAs = shortOrLong(b, base + offs[i], lens[i]);
  if ((i = L.dstAs) >= 0) rec.dstAs = shortOrLong(b, base + offs[i], lens[i]);
  rec.peerSrcAs = (i = L.peerSrcAs) >= 0 ? shortOrLong(b, base + offs[i], lens[i]) : 0;
  rec.peerDstAs = (i = L.peerDstAs) >= 0 ? shortOrLong(b, base + offs[i], lens[i]) : 0;
  if ((i = L.inIface) >= 0) rec.inIface = shortOrLong(b, base + offs[i], lens[i]);
  if ((i = L.outIface) >= 0) rec.outIface = shortOrLong(b, base + offs[i], lens[i]);
  if (asV6 && !asV4) {
    if ((i = L.nextHopV6Field) >= 0) setNextHop(L.nextHopV6Kind, rec, b, base + offs[i], lens[i], true);
  } else if ((i = L.nextHopV4Field) >= 0) setNextHop(L.nextHopV4Kind, rec, b, base + offs[i], lens[i], false);

  // --- counters
  if ((i = L.bytes) >= 0) rec.bytes = counter(b, base + offs[i], lens[i]);
  if ((i = L.packets) >= 0) rec.packets = counter(b, base + offs[i], lens[i]);
  const flows = (i = L.flows) >= 0 ? counter(b, base + offs[i], lens[i]) : 0;
  rec.flows = flows === 0 ? 1 : flows;

  // --- times
  if (L.startKind !== 0) readTime(L.startKind, L.startField, L, offs, lens, b, base, ctx, rec.timestampStart);
  if (rec.timestampStart.sec === 0) rec.timestampStart.set(ctx.exportSecs, 0);
  if (L.endKind !== 0) readTime(L.endKind, L.endField, L, offs, lens, b, base, ctx, rec.timestampEnd);
  rec.accountingTimeSec = accountingTime(L, offs, lens, b, base, ctx, rec);

  // --- sampling
  rec.samplingRate = samplingRateOf(L, offs, lens, b, base, ctx);

  // --- MPLS
  fillMpls(L, offs, lens, b, base, rec);
  fillRouteDistinguisher(L, offs, lens, b, base, direction < 0 ? 0 : direction, rec);
  if ((i = L.pwId) >= 0) rec.mplsPwId = readPadded(b, base + offs[i], lens[i], 4);

  // --- NAT / firewall events
  if ((i = L.natEvent) >= 0 && lens[i] > 0) rec.natEvent = b[base + offs[i]];
  if ((i = L.fwEvent) >= 0 && lens[i] > 0) rec.fwEvent = b[base + offs[i]];
  if ((i = L.postNatSrcPort) >= 0) rec.postNatSrcPort = readPadded(b, base + offs[i], lens[i], 2);
  if ((i = L.postNatDstPort) >= 0) rec.postNatDstPort = readPadded(b, base + offs[i], lens[i], 2);

  // --- tunnels: layer2SegmentId type 1 is VXLAN, its VNI the low 24 bits
  if ((i = L.layer2SegmentId) >= 0 && lens[i] === 8 && b[base + offs[i]] === 1) rec.vxlan = readU24(b, base + offs[i] + 5);

  // --- template facts for pre_tag_map (pmacct copies min(len, 2) bytes of IE 245 into a 16-bit value)
  rec.flowsetId = t.id;
  rec.isBiFlow = L.isBiFlow;
  if ((i = L.dot1qCustomerVlan) >= 0 && lens[i] > 0) rec.cvlan = lens[i] === 1 ? b[base + offs[i]] << 8 : readU16(b, base + offs[i]);
  if ((i = L.forwardingStatus) >= 0 && lens[i] === 1) rec.fwdStatus = b[base + offs[i]];

  // --- tags from a pmacct nfprobe
  if ((i = L.tag) >= 0) rec.tag = readWide(b, base + offs[i], lens[i]);
  if ((i = L.tag2) >= 0) rec.tag2 = readWide(b, base + offs[i], lens[i]);
  if ((i = L.label) >= 0) rec.label = latin1(b, base + offs[i], lens[i]);

  if (kind === RECORD_FRAME) fillFromFrame(L, b, direction, asV4, asV6, frame, rec);
}

/** Parses the record's packet when it is Ethernet (dataLinkFrameType absent or 1). */
function parseFrame(L: RecordLayout, offs: Int32Array, lens: Int32Array, b: Uint8Array, base: number, frame: FrameSection): void {
  let i = L.frameType;
  if (i >= 0 && readPadded(b, base + offs[i], lens[i], 2) !== 1) {
    frame.clear();
    return;
  }
  i = L.frameSection;
  frame.parse(b, base + offs[i], base + offs[i] + lens[i]);
}

/**
 * What pmacct takes from the packet when the record's own fields are
 * absent: addresses, ports, protocol, ToS, TCP flags, MACs, VLAN and CoS
 * (VLAN only without flowDirection), MPLS labels, and the IP length as
 * bytes (one packet) when the record has no counters.
 */
function fillFromFrame(L: RecordLayout, b: Uint8Array, direction: number, asV4: boolean, asV6: boolean, frame: FrameSection, rec: FlowRecord): void {
  if (frame.srcAddress >= 0) {
    if (asV4) {
      if (L.srcV4 < 0) rec.srcHost.setV4(b, frame.srcAddress);
      if (L.dstV4 < 0) rec.dstHost.setV4(b, frame.dstAddress);
    } else if (asV6) {
      if (L.srcV6 < 0) rec.srcHost.setV6(b, frame.srcAddress);
      if (L.dstV6 < 0) rec.dstHost.setV6(b, frame.dstAddress);
    }
  }
  if (frame.mac >= 0) {
    if (L.dstMac < 0) copyMac(rec.dstMac, b, frame.mac, 6);
    if (L.srcMac < 0) copyMac(rec.srcMac, b, frame.mac + 6, 6);
  }
  if (frame.vlanTci >= 0) {
    const anyVlanField = L.vlanIn >= 0 || L.vlanOut >= 0 || L.dot1qVlan >= 0 || L.postDot1qVlan >= 0;
    if (direction < 0 && !anyVlanField) rec.vlan = frame.vlanTci & 0x0fff;
    if (L.cos < 0) rec.cos = frame.vlanTci >>> 13;
  }
  if (L.proto < 0) rec.proto = frame.proto;
  if (L.tos < 0) rec.tos = frame.tos;
  if (L.tcpFlags < 0) rec.tcpFlags = frame.tcpFlags;
  if (L.srcPort < 0) rec.srcPort = frame.srcPort;
  if (L.dstPort < 0) rec.dstPort = frame.dstPort;
  if (rec.bytes === 0 && rec.packets === 0) {
    rec.bytes = frame.ipBytes;
    rec.packets = 1;
  }
  if (rec.mplsLabelTop === 0) rec.mplsLabelTop = frame.mplsTop;
  if (rec.mplsLabelBottom === 0) rec.mplsLabelBottom = frame.mplsBottom;
  if (rec.mplsStackDepth === 0) rec.mplsStackDepth = frame.mplsDepth;
}

/** Copies an address; pmacct copies min(len, size) bytes, the rest stays zero. */
function setAddress(ip: IpField, b: Uint8Array, off: number, len: number, family: number): void {
  if (len <= 0) return;
  if (family === AF_INET) {
    if (len >= 4) ip.setV4(b, off);
    else {
      ip.setV4Number(0);
      for (let k = 0; k < len; k++) ip.bytes[k] = b[off + k];
    }
  } else {
    if (len >= 16) ip.setV6(b, off);
    else {
      ip.bytes.fill(0);
      for (let k = 0; k < len; k++) ip.bytes[k] = b[off + k];
      ip.family = AF_INET6;
    }
  }
}

/** Fills bgpNextHop or ipNextHop; IPv4 next hops of IPv6 records become IPv4-mapped, as in pmacct. */
function setNextHop(kind: number, rec: FlowRecord, b: Uint8Array, off: number, len: number, v6Record: boolean): void {
  const ip = kind === NEXT_HOP_BGP_V4 || kind === NEXT_HOP_BGP_V6 ? rec.bgpNextHop : rec.ipNextHop;
  if (kind === NEXT_HOP_BGP_V6 || kind === NEXT_HOP_IP_V6) setAddress(ip, b, off, len, AF_INET6);
  else if (!v6Record) setAddress(ip, b, off, len, AF_INET);
  else if (len > 0) {
    const bytes = ip.bytes;
    bytes.fill(0);
    bytes[10] = 0xff;
    bytes[11] = 0xff;
    for (let k = 0; k < 4 && k < len; k++) bytes[12 + k] = b[off + k];
    ip.family = AF_INET6;
  }
}

function copyMac(mac: Uint8Array, b: Uint8Array, off: number, len: number): void {
  const n = len < 6 ? len : 6;
  for (let k = 0; k < n; k++) mac[k] = b[off + k];
}

/**
 * With flowDirection, pmacct takes vlanId (58, else dot1qVlanId 243) for
 * ingress and postVlanId (59, else postDot1qVlanId 254) for egress;
 * without it, the first of 58, 59, 243, 254.
 */
function vlanOf(L: RecordLayout, offs: Int32Array, lens: Int32Array, b: Uint8Array, base: number, direction: number): number {
  let i: number;
  if (direction >= 0) {
    if (direction === 0) i = L.vlanIn >= 0 ? L.vlanIn : L.dot1qVlan;
    else if (direction === 1) i = L.vlanOut >= 0 ? L.vlanOut : L.postDot1qVlan;
    else return 0;
  } else {
    i = L.vlanIn >= 0 ? L.vlanIn : L.vlanOut >= 0 ? L.vlanOut : L.dot1qVlan >= 0 ? L.dot1qVlan : L.postDot1qVlan;
  }
  return i >= 0 ? readPadded(b, base + offs[i], lens[i], 2) : 0;
}

function shortOrLong(b: Uint8Array, off: number, len: number): number {
  if (len === 4) return readU32(b, off);
  if (len === 2) return readU16(b, off);
  return 0;
}

function counter(b: Uint8Array, off: number, len: number): number {
  if (len === 4) return readU32(b, off);
  if (len === 8) return readU64(b, off);
  return 0;
}

/** Up to 8 bytes as pmacct copies them into a 64-bit integer (short fields land high). */
function readWide(b: Uint8Array, off: number, len: number): number {
  if (len >= 8) return readU64(b, off);
  return readUint(b, off, len) * 256 ** (8 - len);
}

function latin1(b: Uint8Array, off: number, len: number): string {
  let s = '';
  for (let k = 0; k < len && b[off + k] !== 0; k++) s += String.fromCharCode(b[off + k]);
  return s;
}

/** Reads a start or end time of the given kind into `out` (left untouched when absent). */
function readTime(kind: number, i: number, L: RecordLayout, offs: Int32Array, lens: Int32Array, b: Uint8Array, base: number, ctx: DatagramContext, out: TimeField): void {
  const off = base + offs[i];
  const len = lens[i];
  switch (kind) {
    case TIME_SYSUPTIME:
      if (len < 4) return;
      if (ctx.version === 9) out.set(sysUptimeToSeconds(ctx.exportSecs, ctx.sysUptimeMs, readU32(b, off)), 0);
      else if (L.systemInitTime >= 0 && lens[L.systemInitTime] === 8) {
        // pmacct keeps the init time in 32-bit seconds and adds whole seconds of the offset.
        const initSec = Math.floor(readU64(b, base + offs[L.systemInitTime]) / 1000) % TWO_POW_32;
        out.set((initSec + Math.floor(readU32(b, off) / 1000)) % TWO_POW_32, 0);
      }
      return;
    case TIME_MILLISECONDS:
    case TIME_OBSERVATION_MILLISECONDS:
      if (len === 8) out.setMillis(readU64(b, off));
      return;
    case TIME_MICROSECONDS_PAIR:
      if (len === 16) out.set(readU64(b, off), readU64(b, off + 8));
      return;
    case TIME_SECONDS:
      if (len === 4) out.set(readU32(b, off), 0);
      else if (len === 8) out.set(readU64(b, off), 0);
      return;
    case TIME_DELTA_MICROSECONDS:
      if (ctx.version === 10 && len === 4) {
        // A delta reaching before 1970 leaves the time unset (pmacct's unsigned result would be absurd).
        const us = Math.max(0, ctx.exportSecs * 1e6 - readU32(b, off));
        const sec = Math.floor(us / 1e6);
        out.set(sec, us - sec * 1e6);
      }
      return;
    default:
      return;
  }
}

/**
 * A first/last switched time this far *after* the header's sysUptime is
 * read as such (exporters stamp the header a little before the last
 * packet of a flow); pmacct 1.7.7's unsigned arithmetic turns it into a
 * time ~49.7 days in the past. Beyond the window the values make no sense
 * either way and pmacct's arithmetic is kept.
 */
const AHEAD_OF_UPTIME_WINDOW_MS = 3600 * 1000;

/**
 * unix_secs - (sysUptime - switched) / 1000 in whole seconds, as pmacct
 * computes it, modulo 2^32 ms so an uptime that wrapped after 49.7 days
 * still works; see AHEAD_OF_UPTIME_WINDOW_MS for the one deviation.
 */
export function sysUptimeToSeconds(exportSecs: number, sysUptimeMs: number, switchedMs: number): number {
  // All three are unsigned 32-bit: >>> 0 keeps the arithmetic modulo 2^32 without floating-point modulo.
  const behind = (sysUptimeMs - switchedMs) >>> 0;
  const ahead = (switchedMs - sysUptimeMs) >>> 0;
  if (behind !== 0 && ahead <= AHEAD_OF_UPTIME_WINDOW_MS) return (exportSecs + Math.floor(ahead / 1000)) >>> 0;
  // 32-bit unsigned like pmacct: an export time smaller than the uptime wraps forward.
  return (exportSecs - Math.floor(behind / 1000)) >>> 0;
}

/**
 * pmacct's pdata->time_start, used for time bins: 0 with nfacctd_time_new
 * (the consumer then uses arrival time); with nfacctd_time_secs the v9
 * uptimes are read as seconds; otherwise timestamp_start.
 */
function accountingTime(L: RecordLayout, offs: Int32Array, lens: Int32Array, b: Uint8Array, base: number, ctx: DatagramContext, rec: FlowRecord): number {
  if (ctx.timeNew) return 0;
  if (ctx.timeSecs && ctx.version === 9 && L.firstSwitched >= 0 && lens[L.firstSwitched] >= 4) {
    // Uptimes read as seconds: pmacct's unsigned difference, kept as is.
    return (ctx.exportSecs - ((ctx.sysUptimeMs - readU32(b, base + offs[L.firstSwitched]) + TWO_POW_32) % TWO_POW_32) + TWO_POW_32) % TWO_POW_32;
  }
  return rec.timestampStart.sec;
}

/**
 * pmacct's NF_sampling_rate_handler: a sampler id is looked up in the
 * domain's options, then in the system-scoped ones; an inline interval is
 * the rate; otherwise sampler 0 (or the last one defined) is looked up.
 * 0 means unknown.
 */
function samplingRateOf(L: RecordLayout, offs: Int32Array, lens: Int32Array, b: Uint8Array, base: number, ctx: DatagramContext): number {
  let i: number;
  if (L.samplingKind === SAMPLING_INLINE_INTERVAL) {
    let rate = 0;
    if ((i = L.samplingInterval) >= 0) rate = shortOrLong(b, base + offs[i], lens[i]) || rate;
    if ((i = L.samplerInterval) >= 0 && (lens[i] === 2 || lens[i] === 4)) rate = shortOrLong(b, base + offs[i], lens[i]);
    return rate;
  }
  let samplerId = 0;
  if (L.samplingKind === SAMPLING_BY_SAMPLER_ID) {
    const len = (i = L.samplerId) >= 0 ? lens[i] : 0;
    if (len === 1 || len === 2 || len === 4) {
      const off = base + offs[i];
      samplerId = len === 1 ? b[off] : len === 2 ? readU16(b, off) : readU32(b, off);
    } else if ((i = L.selectorId) >= 0 && lens[i] === 8) {
      // pmacct keeps sampler ids in 32 bits: the low half of the 64-bit selectorId.
      samplerId = readU32(b, base + offs[i] + 4);
    }
  }
  let rate = ctx.domain.sampling.find(samplerId, true);
  if (rate < 0) rate = ctx.system.sampling.find(samplerId, false);
  return rate < 0 ? 0 : rate;
}

/** Top label (70), bottom label (first of 70..78 with the BoS bit) and depth, label values without EXP/BoS. */
function fillMpls(L: RecordLayout, offs: Int32Array, lens: Int32Array, b: Uint8Array, base: number, rec: FlowRecord): void {
  if (!L.hasMplsLabels) return;
  const labels = L.mplsLabels;
  let i = labels[0];
  if (i >= 0 && lens[i] === 3) rec.mplsLabelTop = readU24(b, base + offs[i]) >>> 4;
  let depth = 0;
  let last = 0;
  let bottomFound = false;
  for (let k = 0; k < MPLS_LABEL_FIELDS; k++) {
    i = labels[k];
    if (i < 0 || lens[i] !== 3) continue;
    const entry = readU24(b, base + offs[i]);
    depth++;
    last = entry >>> 4;
    if (entry & 1) {
      rec.mplsLabelBottom = last;
      bottomFound = true;
      break;
    }
  }
  if (last !== 0 || bottomFound) rec.mplsStackDepth = depth;
}

/**
 * Ingress/egress VRF ids (234/235) become a "vrfid" route distinguisher,
 * chosen by flowDirection, before any exported mplsVpnRouteDistinguisher
 * (90) is looked at, as pmacct 1.7.7 does.
 */
function fillRouteDistinguisher(L: RecordLayout, offs: Int32Array, lens: Int32Array, b: Uint8Array, base: number, direction: number, rec: FlowRecord): void {
  if (L.ingressVrf < 0 && L.egressVrf < 0 && L.mplsVpnRd < 0) return;
  let i: number;
  const ingress = (i = L.ingressVrf) >= 0 ? readPadded(b, base + offs[i], lens[i], 4) : 0;
  const egress = (i = L.egressVrf) >= 0 ? readPadded(b, base + offs[i], lens[i], 4) : 0;
  let vrf = 0;
  if (ingress !== 0 && (direction === 0 || egress === 0)) vrf = ingress;
  if (egress !== 0 && (direction !== 0 || ingress === 0)) vrf = egress;
  const rd = rec.mplsVpnRd;
  if (vrf !== 0) {
    rd[0] = RD_TYPE_VRFID >>> 8;
    rd[1] = RD_TYPE_VRFID & 0xff;
    rd[4] = vrf >>> 24;
    rd[5] = (vrf >>> 16) & 0xff;
    rd[6] = (vrf >>> 8) & 0xff;
    rd[7] = vrf & 0xff;
    return;
  }
  if ((i = L.mplsVpnRd) >= 0) {
    const n = lens[i] < 8 ? lens[i] : 8;
    const off = base + offs[i];
    for (let k = 0; k < n; k++) rd[k] = b[off + k];
  }
}
