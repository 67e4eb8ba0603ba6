/**
 * A data template compiled into a plan: for each primitive, the index of
 * the one field pmacct 1.7.7 would read it from (or -1), chosen once when
 * the template arrives, so decoding a record is a straight run of reads.
 *
 * The choices follow nfacctd's handlers (pkt_handlers.c and nfacctd.c),
 * checked against the 1.7.7 binary where noted in the tests:
 * - where several fields can carry a value, the first present in pmacct's
 *   order wins (bytes: 1, then 85, then 23, then 352; in_iface: 10, then
 *   252; src_mac: 56, then 81; ports: 7, then 180, then 182; …);
 * - a field id repeated in a template counts once, the last occurrence
 *   wins (pmacct indexes fields below 384 by id);
 * - length rules are pmacct's: counters 4 or 8 bytes, AS and ifIndex 2 or
 *   4, tcp flags exactly 1 (a 2-byte tcpControlBits reads as 0 in 1.7.7; we
 *   decode it: see compat notes), MPLS label entries exactly 3;
 * - variable-length fields count as present; their actual length is
 *   checked per record.
 */
import { IE, PMACCT_IE_LABEL, PMACCT_IE_TAG, PMACCT_IE_TAG2, PMACCT_PEN, VARIABLE_LENGTH } from './informationElements.ts';
import type { Template } from './template.ts';

/** How a flow start or end time is carried. */
export const TIME_NONE = 0;
/** flowStart/EndSysUpTime (22/21): header-relative in v9; needs systemInitTimeMilliseconds (160) in IPFIX. */
export const TIME_SYSUPTIME = 1;
export const TIME_MILLISECONDS = 2;
/** flowStart/EndMicroseconds: pmacct only reads a 16-byte (seconds, microseconds) pair. */
export const TIME_MICROSECONDS_PAIR = 3;
/** A microseconds field that pmacct does not understand: it stops the search, nothing is set. */
export const TIME_UNREADABLE = 4;
export const TIME_OBSERVATION_MILLISECONDS = 5;
export const TIME_SECONDS = 6;
/** flowStart/EndDeltaMicroseconds (158/159): before the IPFIX export time. */
export const TIME_DELTA_MICROSECONDS = 7;

/** Which sampling information a data record carries. */
export const SAMPLING_LOOKUP_DEFAULT = 0;
export const SAMPLING_BY_SAMPLER_ID = 1;
export const SAMPLING_INLINE_INTERVAL = 2;

/** pmacct looks at MPLS label fields 70..78 for the bottom label and the stack depth. */
export const MPLS_LABEL_FIELDS = 9;

/** Ids below this are "legacy" in pmacct: indexed by id, the last occurrence wins. */
const LEGACY_FIELD_LIMIT = 384;

export class RecordLayout {
  // classification
  /** No byte counter in the template, or a natEvent field: pmacct treats the record as an event. */
  isEvent = false;
  /** dataLinkFrameSection (315) or layer2packetSection (104): the record carries a packet. */
  hasFrameSection = false;
  /** The packet field: layer2packetSection when present, else dataLinkFrameSection. */
  frameSection = -1;
  /** dataLinkFrameType (408): the packet is parsed only when absent or 1 (Ethernet). */
  frameType = -1;
  ipVersion = -1;
  hasV4Address = false;
  hasV6Address = false;
  /** Field whose first byte tells v4 from v6 when a template has both: sourceIPv4Address, or -1 for the record's first byte. */
  v4Probe = -1;

  // L2
  srcMac = -1;
  dstMac = -1;
  direction = -1;
  vlanIn = -1;
  vlanOut = -1;
  dot1qVlan = -1;
  postDot1qVlan = -1;
  cos = -1;
  etype = -1;

  // L3 / L4
  srcV4 = -1;
  dstV4 = -1;
  srcV6 = -1;
  dstV6 = -1;
  srcMaskV4 = -1;
  dstMaskV4 = -1;
  srcMaskV6 = -1;
  dstMaskV6 = -1;
  proto = -1;
  tos = -1;
  tcpFlags = -1;
  srcPort = -1;
  dstPort = -1;

  // routing
  srcAs = -1;
  dstAs = -1;
  peerSrcAs = -1;
  peerDstAs = -1;
  inIface = -1;
  outIface = -1;
  /** peer_dst_ip source for IPv4 (and event) records: one of NEXT_HOP_*, and its field. */
  nextHopV4Kind = 0;
  nextHopV4Field = -1;
  /** peer_dst_ip source for IPv6 records. */
  nextHopV6Kind = 0;
  nextHopV6Field = -1;

  // counters
  bytes = -1;
  packets = -1;
  flows = -1;

  // times
  startKind = TIME_NONE;
  startField = -1;
  endKind = TIME_NONE;
  endField = -1;
  /** systemInitTimeMilliseconds (160), used with IPFIX 21/22. */
  systemInitTime = -1;
  /** flowStartSysUpTime (22), kept apart for nfacctd_time_secs accounting time. */
  firstSwitched = -1;

  // sampling
  samplingKind = SAMPLING_LOOKUP_DEFAULT;
  samplerId = -1;
  selectorId = -1;
  samplingInterval = -1;
  samplerInterval = -1;

  // MPLS
  readonly mplsLabels = new Int32Array(MPLS_LABEL_FIELDS).fill(-1);
  hasMplsLabels = false;
  mplsVpnRd = -1;
  ingressVrf = -1;
  egressVrf = -1;
  pwId = -1;

  // NAT / firewall
  natEvent = -1;
  fwEvent = -1;
  postNatSrcV4 = -1;
  postNatDstV4 = -1;
  postNatSrcPort = -1;
  postNatDstPort = -1;

  // tunnels
  layer2SegmentId = -1;

  // pre_tag_map template facts
  /** Both initiatorOctets and responderOctets present: pmacct's flow_type.is_bi. */
  isBiFlow = false;
  dot1qCustomerVlan = -1;
  forwardingStatus = -1;

  // tags exported by a pmacct nfprobe (IPFIX, pmacct's PEN)
  tag = -1;
  tag2 = -1;
  label = -1;
}

/** Finds fields of a template the way pmacct's template cache does. */
class FieldFinder {
  private readonly t: Template;

  constructor(t: Template) {
    this.t = t;
  }

  /** The field with this IANA id and a usable length (as pmacct would see it), or -1. */
  find(id: number, accepts: (len: number) => boolean = nonEmpty): number {
    const t = this.t;
    let found = -1;
    for (let i = 0; i < t.fieldCount; i++) {
      if (t.ids[i] !== id || t.pens[i] !== 0) continue;
      if (id >= LEGACY_FIELD_LIMIT) {
        // pmacct's extended field database returns the first occurrence, whatever its length.
        return accepts(t.declaredLengths[i]) ? i : -1;
      }
      found = i;
    }
    return found >= 0 && accepts(t.declaredLengths[found]) ? found : -1;
  }

  /** The first of these ids that is present, or -1. */
  first(ids: readonly number[], accepts: (len: number) => boolean = nonEmpty): number {
    for (const id of ids) {
      const i = this.find(id, accepts);
      if (i >= 0) return i;
    }
    return -1;
  }

  enterprise(pen: number, id: number): number {
    return this.t.fieldIndex(pen, id);
  }

  declaredLength(i: number): number {
    return this.t.declaredLengths[i];
  }
}

function nonEmpty(len: number): boolean {
  return len > 0;
}

function lengthIn(...allowed: number[]): (len: number) => boolean {
  return (len) => len === VARIABLE_LENGTH || allowed.includes(len);
}

const COUNTER = lengthIn(4, 8);
const SHORT_OR_LONG = lengthIn(2, 4);

export function compileRecordLayout(t: Template): RecordLayout {
  const f = new FieldFinder(t);
  const L = new RecordLayout();

  L.isEvent =
    f.first([IE.octetDeltaCount, IE.postOctetDeltaCount, IE.octetTotalCount, IE.initiatorOctets, IE.responderOctets,
      IE.dataLinkFrameSection, IE.layer2PacketSection, IE.layer2OctetDeltaCount]) < 0 || f.find(IE.natEvent) >= 0;
  L.frameSection = f.first([IE.layer2PacketSection, IE.dataLinkFrameSection]);
  L.hasFrameSection = L.frameSection >= 0;
  L.frameType = f.find(IE.dataLinkFrameType);
  L.ipVersion = f.find(IE.ipVersion);
  const srcV4Address = f.find(IE.sourceIPv4Address);
  L.hasV4Address = srcV4Address >= 0 || f.find(IE.destinationIPv4Address) >= 0;
  L.hasV6Address = f.find(IE.sourceIPv6Address) >= 0 || f.find(IE.destinationIPv6Address) >= 0;
  L.v4Probe = srcV4Address;

  L.srcMac = f.first([IE.sourceMacAddress, IE.postSourceMacAddress]);
  L.dstMac = f.first([IE.destinationMacAddress, IE.postDestinationMacAddress]);
  L.direction = f.find(IE.flowDirection);
  L.vlanIn = f.find(IE.vlanId);
  L.vlanOut = f.find(IE.postVlanId);
  L.dot1qVlan = f.find(IE.dot1qVlanId);
  L.postDot1qVlan = f.find(IE.postDot1qVlanId);
  L.cos = f.find(IE.dot1qPriority);
  L.etype = f.find(IE.ethernetType, lengthIn(2));

  L.srcV4 = f.first([IE.sourceIPv4Address, IE.sourceIPv4Prefix]);
  L.dstV4 = f.first([IE.destinationIPv4Address, IE.destinationIPv4Prefix]);
  L.srcV6 = f.first([IE.sourceIPv6Address, IE.sourceIPv6Prefix]);
  L.dstV6 = f.first([IE.destinationIPv6Address, IE.destinationIPv6Prefix]);
  L.srcMaskV4 = f.find(IE.sourceIPv4PrefixLength);
  L.dstMaskV4 = f.find(IE.destinationIPv4PrefixLength);
  L.srcMaskV6 = f.find(IE.sourceIPv6PrefixLength);
  L.dstMaskV6 = f.find(IE.destinationIPv6PrefixLength);
  L.proto = f.find(IE.protocolIdentifier);
  L.tos = f.find(IE.ipClassOfService);
  L.tcpFlags = f.find(IE.tcpControlBits, lengthIn(1, 2));
  L.srcPort = f.first([IE.sourceTransportPort, IE.udpSourcePort, IE.tcpSourcePort]);
  L.dstPort = f.first([IE.destinationTransportPort, IE.udpDestinationPort, IE.tcpDestinationPort]);

  L.srcAs = f.find(IE.bgpSourceAsNumber, SHORT_OR_LONG);
  L.dstAs = f.find(IE.bgpDestinationAsNumber, SHORT_OR_LONG);
  L.peerSrcAs = f.find(IE.bgpPrevAdjacentAsNumber, SHORT_OR_LONG);
  L.peerDstAs = f.find(IE.bgpNextAdjacentAsNumber, SHORT_OR_LONG);
  L.inIface = f.find(IE.ingressInterface, SHORT_OR_LONG);
  if (L.inIface < 0) L.inIface = f.find(IE.ingressPhysicalInterface, lengthIn(4));
  L.outIface = f.find(IE.egressInterface, SHORT_OR_LONG);
  if (L.outIface < 0) L.outIface = f.find(IE.egressPhysicalInterface, lengthIn(4));
  compileNextHops(f, L);

  L.bytes = f.first([IE.octetDeltaCount, IE.octetTotalCount, IE.postOctetDeltaCount], COUNTER);
  if (L.bytes < 0) L.bytes = f.find(IE.layer2OctetDeltaCount, lengthIn(8));
  L.packets = f.first([IE.packetDeltaCount, IE.packetTotalCount, IE.postPacketDeltaCount], COUNTER);
  L.flows = f.find(IE.deltaFlowCount, COUNTER);

  compileTimes(f, L);
  compileSampling(f, L);

  for (let k = 0; k < MPLS_LABEL_FIELDS; k++) {
    L.mplsLabels[k] = f.find(IE.mplsTopLabelStackSection + k, lengthIn(3));
    if (L.mplsLabels[k] >= 0) L.hasMplsLabels = true;
  }
  L.mplsVpnRd = f.find(IE.mplsVpnRouteDistinguisher);
  L.ingressVrf = f.find(IE.ingressVRFID);
  L.egressVrf = f.find(IE.egressVRFID);
  L.pwId = f.find(IE.pseudoWireId);

  L.natEvent = f.first([IE.natEvent, IE.asaXlateEvent]);
  L.fwEvent = f.find(IE.firewallEvent);
  L.postNatSrcV4 = f.first([IE.postNATSourceIPv4Address, IE.asaXlateSourceAddress]);
  L.postNatDstV4 = f.first([IE.postNATDestinationIPv4Address, IE.asaXlateDestinationAddress]);
  L.postNatSrcPort = f.first([IE.postNAPTSourceTransportPort, IE.asaXlateSourcePort]);
  L.postNatDstPort = f.first([IE.postNAPTDestinationTransportPort, IE.asaXlateDestinationPort]);

  L.layer2SegmentId = f.find(IE.layer2SegmentId, lengthIn(8));

  L.isBiFlow = f.find(IE.initiatorOctets) >= 0 && f.find(IE.responderOctets) >= 0;
  L.dot1qCustomerVlan = f.find(IE.dot1qCustomerVlanId);
  // IANA says unsigned32, but pmacct reads the field only as the 1 byte exporters send.
  L.forwardingStatus = f.find(IE.forwardingStatus, (len) => len === 1);

  L.tag = f.enterprise(PMACCT_PEN, PMACCT_IE_TAG);
  L.tag2 = f.enterprise(PMACCT_PEN, PMACCT_IE_TAG2);
  L.label = f.enterprise(PMACCT_PEN, PMACCT_IE_LABEL);
  return L;
}

/** Where peer_dst_ip comes from, per the first field present in pmacct's walk. */
export const NEXT_HOP_NONE = 0;
export const NEXT_HOP_BGP_V4 = 1;
export const NEXT_HOP_IP_V4 = 2;
export const NEXT_HOP_BGP_V6 = 3;
export const NEXT_HOP_IP_V6 = 4;

/**
 * pmacct 1.7.7 takes peer_dst_ip from the first present of
 * bgpNextHopIPv4 (18), mplsTopLabelIPv4Address (47), ipNextHopIPv4 (15)
 * for IPv4 records, and of those, then bgpNextHopIPv6 (63),
 * mplsTopLabelIPv6Address (140), ipNextHopIPv6 (62) for IPv6 records,
 * where IPv4 values become IPv4-mapped IPv6 addresses (checked with the
 * binary). When the walk stops at an IP next hop, peer_dst_ip takes it
 * only with use_ip_next_hop: the decoder then fills ipNextHop and leaves
 * bgpNextHop unset, so the two are never both set.
 */
function compileNextHops(f: FieldFinder, L: RecordLayout): void {
  const v4Walk: [number, number][] = [
    [IE.bgpNextHopIPv4Address, NEXT_HOP_BGP_V4],
    [IE.mplsTopLabelIPv4Address, NEXT_HOP_BGP_V4],
    [IE.ipNextHopIPv4Address, NEXT_HOP_IP_V4],
  ];
  const v6Walk: [number, number][] = [
    ...v4Walk,
    [IE.bgpNextHopIPv6Address, NEXT_HOP_BGP_V6],
    [IE.mplsTopLabelIPv6Address, NEXT_HOP_BGP_V6],
    [IE.ipNextHopIPv6Address, NEXT_HOP_IP_V6],
  ];
  for (const [id, kind] of v4Walk) {
    const i = f.find(id);
    if (i < 0) continue;
    L.nextHopV4Field = i;
    L.nextHopV4Kind = kind;
    break;
  }
  for (const [id, kind] of v6Walk) {
    const i = f.find(id);
    if (i < 0) continue;
    L.nextHopV6Field = i;
    L.nextHopV6Kind = kind;
    break;
  }
}

/**
 * Start: 22 (sysUpTime), else 152 (ms), else 323 (observation ms), else
 * 154 (µs, 16-byte only), else 150 (s, 4 or 8 bytes), else 158 (delta µs).
 * End: 21, 153, 155, 151, 159. pmacct 1.7.7 does not read 156/157 (ns).
 */
function compileTimes(f: FieldFinder, L: RecordLayout): void {
  L.systemInitTime = f.find(IE.systemInitTimeMilliseconds, lengthIn(8));
  L.firstSwitched = f.find(IE.flowStartSysUpTime);
  let i: number;
  if ((i = f.find(IE.flowStartSysUpTime)) >= 0) setStart(L, TIME_SYSUPTIME, i);
  else if ((i = f.find(IE.flowStartMilliseconds)) >= 0) setStart(L, TIME_MILLISECONDS, i);
  else if ((i = f.find(IE.observationTimeMilliseconds)) >= 0) setStart(L, TIME_OBSERVATION_MILLISECONDS, i);
  else if ((i = f.find(IE.flowStartMicroseconds)) >= 0) setStart(L, microsecondsKind(f, i), i);
  else if ((i = f.find(IE.flowStartSeconds, lengthIn(4, 8))) >= 0) setStart(L, TIME_SECONDS, i);
  else if ((i = f.find(IE.flowStartDeltaMicroseconds)) >= 0) setStart(L, TIME_DELTA_MICROSECONDS, i);

  if ((i = f.find(IE.flowEndSysUpTime)) >= 0) setEnd(L, TIME_SYSUPTIME, i);
  else if ((i = f.find(IE.flowEndMilliseconds)) >= 0) setEnd(L, TIME_MILLISECONDS, i);
  else if ((i = f.find(IE.flowEndMicroseconds)) >= 0) setEnd(L, microsecondsKind(f, i), i);
  else if ((i = f.find(IE.flowEndSeconds, lengthIn(4, 8))) >= 0) setEnd(L, TIME_SECONDS, i);
  else if ((i = f.find(IE.flowEndDeltaMicroseconds)) >= 0) setEnd(L, TIME_DELTA_MICROSECONDS, i);
}

/** pmacct reads flowStart/EndMicroseconds only as 16 bytes; the standard 8-byte NTP form stops its search. */
function microsecondsKind(f: FieldFinder, i: number): number {
  const len = f.declaredLength(i);
  return len === 16 || len === VARIABLE_LENGTH ? TIME_MICROSECONDS_PAIR : TIME_UNREADABLE;
}

function setStart(L: RecordLayout, kind: number, field: number): void {
  L.startKind = kind;
  L.startField = field;
}

function setEnd(L: RecordLayout, kind: number, field: number): void {
  L.endKind = kind;
  L.endField = field;
}

/**
 * A sampler id (48, or an 8-byte selectorId 302) is looked up in the
 * options; else an inline interval (34 and/or 50) is the rate; else the
 * options are searched for sampler 0 (which also matches the last sampler).
 */
function compileSampling(f: FieldFinder, L: RecordLayout): void {
  L.samplerId = f.find(IE.samplerId);
  L.selectorId = f.find(IE.selectorId, lengthIn(8));
  L.samplingInterval = f.find(IE.samplingInterval);
  L.samplerInterval = f.find(IE.samplerRandomInterval);
  if (L.samplerId >= 0 || L.selectorId >= 0) L.samplingKind = SAMPLING_BY_SAMPLER_ID;
  else if (L.samplingInterval >= 0 || L.samplerInterval >= 0) L.samplingKind = SAMPLING_INLINE_INTERVAL;
  else L.samplingKind = SAMPLING_LOOKUP_DEFAULT;
}
