/**
 * UPDATE messages (RFC 4271 §4.3, RFC 4760 multiprotocol, RFC 7911
 * ADD-PATH), decoded into a reused UpdateMessage: where the withdrawn
 * routes and NLRI fields lie, the path attributes, and the MP_REACH_NLRI /
 * MP_UNREACH_NLRI families, next hop and NLRI regions. The prefixes
 * themselves are read afterwards with NlriReader; decodeUpdate walks every
 * region once first, so that a message that must reset the session is
 * refused before any of it is applied.
 *
 * Error handling follows RFC 7606:
 * - session reset (the function returns the error): lengths that do not
 *   add up (3/1), an attribute header or length running past the
 *   attribute section (3/1), MP_REACH_NLRI / MP_UNREACH_NLRI malformed or
 *   repeated (3/9, 3/1), NLRI that cannot be parsed (3/10, 3/9);
 * - treat-as-withdraw (`treatAsWithdraw` is set, the session goes on, the
 *   announced prefixes are to be withdrawn): ORIGIN (3/6, 3/5), AS_PATH
 *   (3/11), NEXT_HOP (3/5), MULTI_EXIT_DISC and LOCAL_PREF lengths (3/5),
 *   community lists of a bad length (3/5), attribute flags that contradict
 *   the attribute's category (3/4), and a missing ORIGIN, AS_PATH or, with
 *   IPv4 NLRI, NEXT_HOP (3/3, the type code as data);
 * - attribute discard (`discarded` counts them): AS4_PATH, AGGREGATOR,
 *   ATOMIC_AGGREGATE, AIGP and Prefix-SID errors, and repeats of any
 *   attribute but the MP ones (the first one counts).
 * pmacct 1.7.7 checks much less (docs/compat.md).
 */
import {
  AFI_IPV4,
  ATTR_AGGREGATOR,
  ATTR_AIGP,
  ATTR_AS4_PATH,
  ATTR_AS_PATH,
  ATTR_ATOMIC_AGGREGATE,
  ATTR_COMMUNITIES,
  ATTR_EXTENDED_COMMUNITIES,
  ATTR_FLAG_EXTENDED_LENGTH,
  ATTR_FLAG_OPTIONAL,
  ATTR_FLAG_TRANSITIVE,
  ATTR_LARGE_COMMUNITIES,
  ATTR_LOCAL_PREF,
  ATTR_MP_REACH_NLRI,
  ATTR_MP_UNREACH_NLRI,
  ATTR_MULTI_EXIT_DISC,
  ATTR_NEXT_HOP,
  ATTR_ORIGIN,
  ATTR_PREFIX_SID,
  BGP_HEADER_LENGTH,
  ERR_UPDATE_MESSAGE,
  ORIGIN_INCOMPLETE,
  SAFI_MPLS_VPN,
  SUB_UPDATE_ATTRIBUTE_FLAGS,
  SUB_UPDATE_ATTRIBUTE_LENGTH,
  SUB_UPDATE_INVALID_NETWORK_FIELD,
  SUB_UPDATE_INVALID_ORIGIN,
  SUB_UPDATE_MALFORMED_AS_PATH,
  SUB_UPDATE_MALFORMED_ATTRIBUTE_LIST,
  SUB_UPDATE_MISSING_WELL_KNOWN,
  SUB_UPDATE_OPTIONAL_ATTRIBUTE,
} from './bgpConstants.ts';
import { BgpProtocolError, type BgpErrorAction } from './bgpProtocolError.ts';
import { isSupportedFamily, NlriEntry, NlriReader } from './nlriReader.ts';
import { PathAttributes } from './pathAttributes.ts';

/** What the session negotiated that changes how an UPDATE reads. */
export interface UpdateDecodeOptions {
  /** Both sides sent the 4-octet AS capability: AS_PATH carries 4-octet ASNs. */
  fourOctetAs: boolean;
  /** ADD-PATH receive was negotiated for the family: each prefix has a path identifier. */
  addPath(afi: number, safi: number): boolean;
}

export class UpdateMessage {
  bytes: Uint8Array = new Uint8Array(0);
  withdrawnStart = 0;
  withdrawnEnd = 0;
  nlriStart = 0;
  nlriEnd = 0;
  readonly attributes = new PathAttributes();

  reachPresent = false;
  reachAfi = 0;
  reachSafi = 0;
  /** The MP next hop (the global address when a link-local one follows), 0 when absent. */
  reachNextHopFamily: 0 | 4 | 6 = 0;
  readonly reachNextHop = new Uint8Array(16);
  reachStart = 0;
  reachEnd = 0;

  unreachPresent = false;
  unreachAfi = 0;
  unreachSafi = 0;
  unreachStart = 0;
  unreachEnd = 0;

  /** Set when RFC 7606 says to withdraw what the message announces. */
  treatAsWithdraw: BgpProtocolError | null = null;
  /** Attributes dropped under RFC 7606 attribute-discard. */
  discarded = 0;
  lastDiscarded: BgpProtocolError | null = null;

  /** Whether the message announces anything (IPv4 NLRI or MP_REACH prefixes). */
  get announces(): boolean {
    return this.nlriEnd > this.nlriStart || (this.reachPresent && this.reachEnd > this.reachStart && isSupportedFamily(this.reachAfi, this.reachSafi));
  }
}

function attributeData(bytes: Uint8Array, headerStart: number, valueEnd: number): Uint8Array {
  return bytes.slice(headerStart, valueEnd);
}

const WELL_KNOWN = 0;
const OPTIONAL_NON_TRANSITIVE = 1;
const OPTIONAL_TRANSITIVE = 2;

function categoryOf(type: number): number {
  switch (type) {
    case ATTR_ORIGIN:
    case ATTR_AS_PATH:
    case ATTR_NEXT_HOP:
    case ATTR_LOCAL_PREF:
    case ATTR_ATOMIC_AGGREGATE:
      return WELL_KNOWN;
    case ATTR_MULTI_EXIT_DISC:
    case ATTR_MP_REACH_NLRI:
    case ATTR_MP_UNREACH_NLRI:
    case ATTR_AIGP:
      return OPTIONAL_NON_TRANSITIVE;
    default:
      return OPTIONAL_TRANSITIVE;
  }
}

function flagsMatch(flags: number, category: number): boolean {
  const optional = (flags & ATTR_FLAG_OPTIONAL) !== 0;
  const transitive = (flags & ATTR_FLAG_TRANSITIVE) !== 0;
  if (category === WELL_KNOWN) return !optional && transitive;
  if (category === OPTIONAL_NON_TRANSITIVE) return optional && !transitive;
  return optional && transitive;
}

/** How RFC 7606 handles a malformed attribute of `type`. */
function actionFor(type: number): BgpErrorAction {
  switch (type) {
    case ATTR_AS4_PATH:
    case ATTR_AGGREGATOR:
    case ATTR_ATOMIC_AGGREGATE:
    case ATTR_AIGP:
    case ATTR_PREFIX_SID:
      return 'attribute-discard';
    case ATTR_MP_REACH_NLRI:
    case ATTR_MP_UNREACH_NLRI:
      return 'session-reset';
    default:
      return 'treat-as-withdraw';
  }
}

/**
 * Decodes the UPDATE of `length` bytes (header included) at `offset` into
 * `out`. Returns null, or the error when the session must be reset.
 * `reader` and `entry` are scratch objects for the NLRI check.
 */
export function decodeUpdate(
  bytes: Uint8Array,
  offset: number,
  length: number,
  options: UpdateDecodeOptions,
  out: UpdateMessage,
  reader: NlriReader,
  entry: NlriEntry,
): BgpProtocolError | null {
  const end = offset + length;
  const attrs = out.attributes;
  attrs.clear();
  out.bytes = bytes;
  out.reachPresent = false;
  out.reachNextHopFamily = 0;
  out.unreachPresent = false;
  out.treatAsWithdraw = null;
  out.discarded = 0;
  out.lastDiscarded = null;

  let p = offset + BGP_HEADER_LENGTH;
  const withdrawnLength = (bytes[p]! << 8) | bytes[p + 1]!;
  p += 2;
  if (p + withdrawnLength + 2 > end) {
    return new BgpProtocolError(ERR_UPDATE_MESSAGE, SUB_UPDATE_MALFORMED_ATTRIBUTE_LIST, `withdrawn routes length ${withdrawnLength} overruns the message`);
  }
  out.withdrawnStart = p;
  out.withdrawnEnd = p + withdrawnLength;
  p = out.withdrawnEnd;
  const attrLength = (bytes[p]! << 8) | bytes[p + 1]!;
  p += 2;
  if (p + attrLength > end) {
    return new BgpProtocolError(ERR_UPDATE_MESSAGE, SUB_UPDATE_MALFORMED_ATTRIBUTE_LIST, `path attributes length ${attrLength} overruns the message`);
  }
  const attrEnd = p + attrLength;
  out.nlriStart = attrEnd;
  out.nlriEnd = end;

  const flagTreatAsWithdraw = (error: BgpProtocolError): void => {
    if (out.treatAsWithdraw === null) out.treatAsWithdraw = error;
  };
  const malformed = (type: number, subcode: number, reason: string, headerStart: number, valueEnd: number): BgpProtocolError | null => {
    const action = actionFor(type);
    const error = new BgpProtocolError(ERR_UPDATE_MESSAGE, subcode, reason, action, attributeData(bytes, headerStart, valueEnd));
    if (action === 'session-reset') return error;
    if (action === 'treat-as-withdraw') flagTreatAsWithdraw(error);
    else {
      out.discarded++;
      out.lastDiscarded = error;
    }
    return null;
  };

  while (p < attrEnd) {
    const headerStart = p;
    if (p + 3 > attrEnd) {
      return new BgpProtocolError(ERR_UPDATE_MESSAGE, SUB_UPDATE_MALFORMED_ATTRIBUTE_LIST, 'truncated attribute header');
    }
    const flags = bytes[p]!;
    const type = bytes[p + 1]!;
    let len: number;
    if ((flags & ATTR_FLAG_EXTENDED_LENGTH) !== 0) {
      if (p + 4 > attrEnd) return new BgpProtocolError(ERR_UPDATE_MESSAGE, SUB_UPDATE_MALFORMED_ATTRIBUTE_LIST, 'truncated attribute header');
      len = (bytes[p + 2]! << 8) | bytes[p + 3]!;
      p += 4;
    } else {
      len = bytes[p + 2]!;
      p += 3;
    }
    const v = p;
    const vEnd = p + len;
    if (vEnd > attrEnd) {
      return new BgpProtocolError(ERR_UPDATE_MESSAGE, SUB_UPDATE_MALFORMED_ATTRIBUTE_LIST, `attribute ${type} of ${len} bytes overruns the attribute section`);
    }
    p = vEnd;

    if (!attrs.markSeen(type)) {
      if (type === ATTR_MP_REACH_NLRI || type === ATTR_MP_UNREACH_NLRI) {
        return new BgpProtocolError(ERR_UPDATE_MESSAGE, SUB_UPDATE_MALFORMED_ATTRIBUTE_LIST, `attribute ${type} repeated`);
      }
      out.discarded++;
      out.lastDiscarded = new BgpProtocolError(ERR_UPDATE_MESSAGE, SUB_UPDATE_MALFORMED_ATTRIBUTE_LIST, `attribute ${type} repeated`, 'attribute-discard');
      continue;
    }
    if (isDecoded(type) && !flagsMatch(flags, categoryOf(type))) {
      const problem = malformed(type, SUB_UPDATE_ATTRIBUTE_FLAGS, `attribute ${type} with flags 0x${flags.toString(16)}`, headerStart, vEnd);
      if (problem) return problem;
      continue;
    }

    let problem: BgpProtocolError | null = null;
    switch (type) {
      case ATTR_ORIGIN:
        if (len !== 1) problem = malformed(type, SUB_UPDATE_ATTRIBUTE_LENGTH, `ORIGIN of ${len} bytes`, headerStart, vEnd);
        else if (bytes[v]! > ORIGIN_INCOMPLETE) problem = malformed(type, SUB_UPDATE_INVALID_ORIGIN, `ORIGIN ${bytes[v]}`, headerStart, vEnd);
        else attrs.origin = bytes[v]!;
        break;
      case ATTR_AS_PATH:
        if (attrs.asPath.decode(bytes, v, vEnd, options.fourOctetAs ? 4 : 2)) attrs.hasAsPath = true;
        else problem = malformed(type, SUB_UPDATE_MALFORMED_AS_PATH, 'malformed AS_PATH', headerStart, vEnd);
        break;
      case ATTR_AS4_PATH:
        // A 4-octet session carries the full path in AS_PATH: AS4_PATH is ignored (RFC 6793 §4.1).
        if (options.fourOctetAs) break;
        if (attrs.as4Path.decode(bytes, v, vEnd, 4)) attrs.hasAs4Path = true;
        else problem = malformed(type, SUB_UPDATE_OPTIONAL_ATTRIBUTE, 'malformed AS4_PATH', headerStart, vEnd);
        break;
      case ATTR_NEXT_HOP:
        if (len !== 4) problem = malformed(type, SUB_UPDATE_ATTRIBUTE_LENGTH, `NEXT_HOP of ${len} bytes`, headerStart, vEnd);
        else {
          attrs.nextHop.set(bytes.subarray(v, vEnd));
          attrs.hasNextHop = true;
        }
        break;
      case ATTR_MULTI_EXIT_DISC:
        if (len !== 4) problem = malformed(type, SUB_UPDATE_ATTRIBUTE_LENGTH, `MULTI_EXIT_DISC of ${len} bytes`, headerStart, vEnd);
        else {
          attrs.med = u32(bytes, v);
          attrs.hasMed = true;
        }
        break;
      case ATTR_LOCAL_PREF:
        if (len !== 4) problem = malformed(type, SUB_UPDATE_ATTRIBUTE_LENGTH, `LOCAL_PREF of ${len} bytes`, headerStart, vEnd);
        else {
          attrs.localPref = u32(bytes, v);
          attrs.hasLocalPref = true;
        }
        break;
      case ATTR_ATOMIC_AGGREGATE:
        if (len !== 0) problem = malformed(type, SUB_UPDATE_ATTRIBUTE_LENGTH, `ATOMIC_AGGREGATE of ${len} bytes`, headerStart, vEnd);
        else attrs.atomicAggregate = true;
        break;
      case ATTR_AGGREGATOR: {
        const asSize = options.fourOctetAs ? 4 : 2;
        if (len !== asSize + 4) problem = malformed(type, SUB_UPDATE_ATTRIBUTE_LENGTH, `AGGREGATOR of ${len} bytes`, headerStart, vEnd);
        else {
          attrs.aggregatorAs = asSize === 4 ? u32(bytes, v) : (bytes[v]! << 8) | bytes[v + 1]!;
          attrs.aggregatorAddress.set(bytes.subarray(v + asSize, vEnd));
          attrs.hasAggregator = true;
        }
        break;
      }
      case ATTR_COMMUNITIES:
        if (len === 0 || len % 4 !== 0) problem = malformed(type, SUB_UPDATE_ATTRIBUTE_LENGTH, `COMMUNITIES of ${len} bytes`, headerStart, vEnd);
        else attrs.setCommunities(bytes, v, len);
        break;
      case ATTR_EXTENDED_COMMUNITIES:
        if (len === 0 || len % 8 !== 0) problem = malformed(type, SUB_UPDATE_ATTRIBUTE_LENGTH, `EXTENDED_COMMUNITIES of ${len} bytes`, headerStart, vEnd);
        else attrs.setExtCommunities(bytes, v, len);
        break;
      case ATTR_LARGE_COMMUNITIES:
        if (len === 0 || len % 12 !== 0) problem = malformed(type, SUB_UPDATE_ATTRIBUTE_LENGTH, `LARGE_COMMUNITIES of ${len} bytes`, headerStart, vEnd);
        else attrs.setLargeCommunities(bytes, v, len);
        break;
      case ATTR_AIGP:
        problem = readAigp(bytes, v, vEnd, attrs) ? null : malformed(type, SUB_UPDATE_OPTIONAL_ATTRIBUTE, 'malformed AIGP', headerStart, vEnd);
        break;
      case ATTR_PREFIX_SID:
        problem = readPrefixSid(bytes, v, vEnd, attrs) ? null : malformed(type, SUB_UPDATE_OPTIONAL_ATTRIBUTE, 'malformed Prefix-SID', headerStart, vEnd);
        break;
      case ATTR_MP_REACH_NLRI:
        problem = readMpReach(bytes, headerStart, v, vEnd, out);
        break;
      case ATTR_MP_UNREACH_NLRI:
        if (len < 3) problem = new BgpProtocolError(ERR_UPDATE_MESSAGE, SUB_UPDATE_OPTIONAL_ATTRIBUTE, `MP_UNREACH_NLRI of ${len} bytes`, 'session-reset', attributeData(bytes, headerStart, vEnd));
        else {
          out.unreachPresent = true;
          out.unreachAfi = (bytes[v]! << 8) | bytes[v + 1]!;
          out.unreachSafi = bytes[v + 2]!;
          out.unreachStart = v + 3;
          out.unreachEnd = vEnd;
        }
        break;
      default:
        break;
    }
    if (problem) return problem;
  }

  if (attrs.hasAs4Path && attrs.hasAsPath) attrs.asPath.mergeAs4(attrs.as4Path, attrs.mergeScratch);

  // NLRI checks first: an unparseable field resets the session whatever else is wrong.
  let problem = checkRegion(reader, entry, bytes, out.withdrawnStart, out.withdrawnEnd, AFI_IPV4, 1, options.addPath(AFI_IPV4, 1), true, SUB_UPDATE_INVALID_NETWORK_FIELD);
  if (problem) return problem;
  problem = checkRegion(reader, entry, bytes, out.nlriStart, out.nlriEnd, AFI_IPV4, 1, options.addPath(AFI_IPV4, 1), false, SUB_UPDATE_INVALID_NETWORK_FIELD);
  if (problem) return problem;
  if (out.reachPresent && isSupportedFamily(out.reachAfi, out.reachSafi)) {
    problem = checkRegion(reader, entry, bytes, out.reachStart, out.reachEnd, out.reachAfi, out.reachSafi, options.addPath(out.reachAfi, out.reachSafi), false, SUB_UPDATE_OPTIONAL_ATTRIBUTE);
    if (problem) return problem;
  }
  if (out.unreachPresent && isSupportedFamily(out.unreachAfi, out.unreachSafi)) {
    problem = checkRegion(reader, entry, bytes, out.unreachStart, out.unreachEnd, out.unreachAfi, out.unreachSafi, options.addPath(out.unreachAfi, out.unreachSafi), true, SUB_UPDATE_OPTIONAL_ATTRIBUTE);
    if (problem) return problem;
  }

  // Mandatory attributes of a message that announces something (RFC 4271 §5.1.2-3; RFC 7606 §3 d).
  if (out.announces && out.treatAsWithdraw === null) {
    const missing = attrs.origin < 0 ? ATTR_ORIGIN : !attrs.hasAsPath ? ATTR_AS_PATH : out.nlriEnd > out.nlriStart && !attrs.hasNextHop ? ATTR_NEXT_HOP : 0;
    if (missing !== 0) {
      out.treatAsWithdraw = new BgpProtocolError(ERR_UPDATE_MESSAGE, SUB_UPDATE_MISSING_WELL_KNOWN, `mandatory attribute ${missing} missing`, 'treat-as-withdraw', Uint8Array.of(missing));
    }
  }
  return null;
}

/** Attributes whose flags tsacct checks (those it decodes). */
function isDecoded(type: number): boolean {
  return type <= ATTR_AGGREGATOR || type === ATTR_COMMUNITIES || type === ATTR_MP_REACH_NLRI || type === ATTR_MP_UNREACH_NLRI ||
    type === ATTR_EXTENDED_COMMUNITIES || type === ATTR_AS4_PATH || type === ATTR_LARGE_COMMUNITIES;
}

function u32(b: Uint8Array, p: number): number {
  return ((b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!) >>> 0;
}

function checkRegion(
  reader: NlriReader, entry: NlriEntry, bytes: Uint8Array, start: number, end: number,
  afi: number, safi: number, addPath: boolean, withdraw: boolean, subcode: number,
): BgpProtocolError | null {
  if (end <= start) return null;
  reader.reset(bytes, start, end, afi, safi, addPath, withdraw, subcode);
  for (;;) {
    const r = reader.next(entry);
    if (r === 0) return null;
    if (r instanceof BgpProtocolError) return r;
  }
}

/**
 * MP_REACH_NLRI (RFC 4760 §3): AFI, SAFI, next hop length and address,
 * a reserved octet, NLRI. The next hop kept is the global address: after
 * the route distinguisher of a VPN next hop (RFC 4364 §4.3.2, RFC 4659
 * §3.2.1) and before the link-local address of a 32-byte IPv6 one (RFC
 * 2545 §3), which is the address pmacct prints.
 */
function readMpReach(bytes: Uint8Array, headerStart: number, v: number, vEnd: number, out: UpdateMessage): BgpProtocolError | null {
  const bad = (reason: string): BgpProtocolError =>
    new BgpProtocolError(ERR_UPDATE_MESSAGE, SUB_UPDATE_OPTIONAL_ATTRIBUTE, reason, 'session-reset', attributeData(bytes, headerStart, vEnd));
  if (vEnd - v < 5) return bad(`MP_REACH_NLRI of ${vEnd - v} bytes`);
  const afi = (bytes[v]! << 8) | bytes[v + 1]!;
  const safi = bytes[v + 2]!;
  const nhLength = bytes[v + 3]!;
  const nh = v + 4;
  if (nh + nhLength + 1 > vEnd) return bad(`MP_REACH_NLRI next hop of ${nhLength} bytes overruns the attribute`);
  out.reachPresent = true;
  out.reachAfi = afi;
  out.reachSafi = safi;
  out.reachStart = nh + nhLength + 1;
  out.reachEnd = vEnd;
  if (!isSupportedFamily(afi, safi)) return null;
  const rd = safi === SAFI_MPLS_VPN ? 8 : 0;
  const address = nh + rd;
  const addressLength = nhLength - rd;
  if (addressLength === 4) {
    out.reachNextHopFamily = 4;
    out.reachNextHop.fill(0);
    out.reachNextHop.set(bytes.subarray(address, address + 4));
  } else if (addressLength === 16 || addressLength === 32 || (rd > 0 && nhLength === 2 * (rd + 16))) {
    // 32: global and link-local (RFC 2545); 48: both with their RDs (RFC 4659 §3.2.1).
    out.reachNextHopFamily = 6;
    out.reachNextHop.set(bytes.subarray(address, address + 16));
  } else if (out.treatAsWithdraw === null) {
    // RFC 7606 §7.11: a next hop whose length does not fit the family.
    out.treatAsWithdraw = new BgpProtocolError(ERR_UPDATE_MESSAGE, SUB_UPDATE_OPTIONAL_ATTRIBUTE, `MP_REACH_NLRI next hop of ${nhLength} bytes for AFI ${afi} SAFI ${safi}`, 'treat-as-withdraw');
  }
  return null;
}

/** AIGP (RFC 7311 §3): TLVs; the AIGP TLV (type 1, length 11) holds the 8-octet metric. */
function readAigp(bytes: Uint8Array, v: number, vEnd: number, attrs: PathAttributes): boolean {
  let p = v;
  while (p < vEnd) {
    if (p + 3 > vEnd) return false;
    const type = bytes[p]!;
    const len = (bytes[p + 1]! << 8) | bytes[p + 2]!;
    if (len < 3 || p + len > vEnd) return false;
    if (type === 1) {
      if (len !== 11) return false;
      attrs.aigp = u32(bytes, p + 3) * 4294967296 + u32(bytes, p + 7);
      attrs.hasAigp = true;
    }
    p += len;
  }
  return true;
}

/** Prefix-SID (RFC 8669 §3): TLVs; the Label-Index TLV (type 1, length 7) holds the index after 3 octets. */
function readPrefixSid(bytes: Uint8Array, v: number, vEnd: number, attrs: PathAttributes): boolean {
  let p = v;
  while (p < vEnd) {
    if (p + 3 > vEnd) return false;
    const type = bytes[p]!;
    const len = (bytes[p + 1]! << 8) | bytes[p + 2]!;
    if (p + 3 + len > vEnd) return false;
    if (type === 1) {
      if (len !== 7) return false;
      attrs.prefixSidLabelIndex = u32(bytes, p + 6);
    }
    p += 3 + len;
  }
  return true;
}
