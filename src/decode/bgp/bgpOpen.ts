/**
 * OPEN messages (RFC 4271 §4.2) and the capabilities they carry (RFC
 * 5492): decoded into what the speaker needs to answer (version, AS, hold
 * time, BGP identifier, multiprotocol AFI/SAFIs, 4-octet AS of RFC 6793,
 * ADD-PATH of RFC 7911, route refresh) with every capability also kept raw
 * in arrival order, graceful restart and unknown ones included, so that
 * nothing the peer offered is lost. Optional parameters in the extended
 * form of RFC 9072 are read too.
 *
 * The checks are those of RFC 4271 §6.2 that need only the message itself:
 * version 4 (2/1, with 4 as data), hold time 0 or at least 3 (2/6), a
 * non-zero BGP identifier (2/3), an AS consistent with the 4-octet AS
 * capability (2/2), optional parameters that fit the message and are
 * capabilities (2/4 otherwise), capabilities that fit their parameter
 * (2/0). Whether the identifier clashes with another peer's is the
 * speaker's business.
 */
import {
  ADD_PATH_BOTH,
  AS_TRANS,
  BGP_HEADER_LENGTH,
  BGP_VERSION,
  CAP_ADD_PATH,
  CAP_ENHANCED_ROUTE_REFRESH,
  CAP_EXTENDED_MESSAGE,
  CAP_FOUR_OCTET_AS,
  CAP_GRACEFUL_RESTART,
  CAP_MULTIPROTOCOL,
  CAP_ROUTE_REFRESH,
  ERR_OPEN_MESSAGE,
  MSG_OPEN,
  OPEN_MIN_LENGTH,
  OPEN_PARAM_CAPABILITIES,
  SUB_OPEN_BAD_BGP_IDENTIFIER,
  SUB_OPEN_BAD_PEER_AS,
  SUB_OPEN_UNACCEPTABLE_HOLD_TIME,
  SUB_OPEN_UNSUPPORTED_OPTIONAL_PARAMETER,
  SUB_OPEN_UNSUPPORTED_VERSION,
  SUB_UNSPECIFIC,
} from './bgpConstants.ts';
import { BgpProtocolError, u16Data } from './bgpProtocolError.ts';
import { writeHeader } from './bgpMessageReader.ts';

export interface Capability {
  code: number;
  value: Uint8Array;
}

export interface AddressFamily {
  afi: number;
  safi: number;
}

export interface AddPathFamily extends AddressFamily {
  /** 1 receive, 2 send, 3 both (RFC 7911 §4). */
  sendReceive: number;
}

export interface OpenMessage {
  version: number;
  /** The 2-octet My Autonomous System field (AS_TRANS for a 4-octet AS). */
  myAs: number;
  holdTime: number;
  /** BGP identifier as an unsigned 32-bit number. */
  bgpId: number;
  /** Every capability in arrival order, raw. */
  capabilities: Capability[];
  multiprotocol: AddressFamily[];
  /** The 4-octet AS capability's AS, or null when absent. */
  fourOctetAs: number | null;
  addPath: AddPathFamily[];
  routeRefresh: boolean;
  enhancedRouteRefresh: boolean;
  gracefulRestart: boolean;
  extendedMessage: boolean;
}

/** The peer's AS: the 4-octet AS capability when present, else My Autonomous System. */
export function peerAsOf(open: OpenMessage): number {
  return open.fourOctetAs ?? open.myAs;
}

function openError(subcode: number, reason: string, data?: Uint8Array): BgpProtocolError {
  return new BgpProtocolError(ERR_OPEN_MESSAGE, subcode, reason, 'session-reset', data);
}

/** Decodes the OPEN message of `length` bytes (header included) at `offset`. */
export function decodeOpen(bytes: Uint8Array, offset: number, length: number): OpenMessage | BgpProtocolError {
  if (length < OPEN_MIN_LENGTH) return openError(SUB_UNSPECIFIC, `OPEN of ${length} bytes`);
  const end = offset + length;
  let p = offset + BGP_HEADER_LENGTH;
  const version = bytes[p]!;
  const myAs = (bytes[p + 1]! << 8) | bytes[p + 2]!;
  const holdTime = (bytes[p + 3]! << 8) | bytes[p + 4]!;
  const bgpId = ((bytes[p + 5]! << 24) | (bytes[p + 6]! << 16) | (bytes[p + 7]! << 8) | bytes[p + 8]!) >>> 0;
  let optLength = bytes[p + 9]!;
  p += 10;
  if (version !== BGP_VERSION) return openError(SUB_OPEN_UNSUPPORTED_VERSION, `BGP version ${version}`, u16Data(BGP_VERSION));
  if (holdTime === 1 || holdTime === 2) return openError(SUB_OPEN_UNACCEPTABLE_HOLD_TIME, `hold time ${holdTime}`);
  if (bgpId === 0) return openError(SUB_OPEN_BAD_BGP_IDENTIFIER, 'BGP identifier 0.0.0.0');

  // RFC 9072: a Non-Ext OP Len of 255 followed by a Non-Ext OP Type of 255
  // announces 2-octet parameter lengths.
  let extended = false;
  if (optLength === 255 && p < end && bytes[p] === 255) {
    if (p + 3 > end) return openError(SUB_UNSPECIFIC, 'extended optional parameters length missing');
    extended = true;
    optLength = (bytes[p + 1]! << 8) | bytes[p + 2]!;
    p += 3;
  }
  if (p + optLength !== end) return openError(SUB_UNSPECIFIC, `optional parameters length ${optLength} does not fit the message`);

  const open: OpenMessage = {
    version, myAs, holdTime, bgpId,
    capabilities: [], multiprotocol: [], fourOctetAs: null, addPath: [],
    routeRefresh: false, enhancedRouteRefresh: false, gracefulRestart: false, extendedMessage: false,
  };
  const paramHeader = extended ? 3 : 2;
  while (p < end) {
    if (p + paramHeader > end) return openError(SUB_UNSPECIFIC, 'truncated optional parameter');
    const type = bytes[p]!;
    const paramLength = extended ? (bytes[p + 1]! << 8) | bytes[p + 2]! : bytes[p + 1]!;
    p += paramHeader;
    if (p + paramLength > end) return openError(SUB_UNSPECIFIC, `optional parameter ${type} overruns the message`);
    if (type !== OPEN_PARAM_CAPABILITIES) {
      return openError(SUB_OPEN_UNSUPPORTED_OPTIONAL_PARAMETER, `optional parameter type ${type}`);
    }
    const problem = readCapabilities(bytes, p, p + paramLength, open);
    if (problem) return problem;
    p += paramLength;
  }

  if (myAs === AS_TRANS && open.fourOctetAs === null) return openError(SUB_OPEN_BAD_PEER_AS, 'AS_TRANS without a 4-octet AS capability', u16Data(myAs));
  if (open.fourOctetAs !== null) {
    const as4 = open.fourOctetAs;
    if (as4 === 0 || (myAs === AS_TRANS && as4 === AS_TRANS)) return openError(SUB_OPEN_BAD_PEER_AS, `4-octet AS capability with AS ${as4}`, u16Data(myAs));
    if (myAs !== AS_TRANS && as4 !== myAs) return openError(SUB_OPEN_BAD_PEER_AS, `AS ${myAs} and 4-octet AS ${as4} disagree`, u16Data(myAs));
  }
  return open;
}

function readCapabilities(bytes: Uint8Array, start: number, end: number, open: OpenMessage): BgpProtocolError | null {
  let p = start;
  while (p < end) {
    if (p + 2 > end) return openError(SUB_UNSPECIFIC, 'truncated capability');
    const code = bytes[p]!;
    const len = bytes[p + 1]!;
    p += 2;
    if (p + len > end) return openError(SUB_UNSPECIFIC, `capability ${code} overruns its parameter`);
    const value = bytes.slice(p, p + len);
    open.capabilities.push({ code, value });
    switch (code) {
      case CAP_MULTIPROTOCOL:
        if (len !== 4) return openError(SUB_UNSPECIFIC, `multiprotocol capability of ${len} bytes`);
        open.multiprotocol.push({ afi: (value[0]! << 8) | value[1]!, safi: value[3]! });
        break;
      case CAP_FOUR_OCTET_AS:
        if (len !== 4) return openError(SUB_UNSPECIFIC, `4-octet AS capability of ${len} bytes`);
        open.fourOctetAs = ((value[0]! << 24) | (value[1]! << 16) | (value[2]! << 8) | value[3]!) >>> 0;
        break;
      case CAP_ADD_PATH:
        if (len % 4 !== 0) return openError(SUB_UNSPECIFIC, `ADD-PATH capability of ${len} bytes`);
        for (let i = 0; i < len; i += 4) {
          const sendReceive = value[i + 3]!;
          if (sendReceive < 1 || sendReceive > ADD_PATH_BOTH) return openError(SUB_UNSPECIFIC, `ADD-PATH Send/Receive ${sendReceive}`);
          open.addPath.push({ afi: (value[i]! << 8) | value[i + 1]!, safi: value[i + 2]!, sendReceive });
        }
        break;
      case CAP_ROUTE_REFRESH:
        open.routeRefresh = true;
        break;
      case CAP_ENHANCED_ROUTE_REFRESH:
        open.enhancedRouteRefresh = true;
        break;
      case CAP_GRACEFUL_RESTART:
        open.gracefulRestart = true;
        break;
      case CAP_EXTENDED_MESSAGE:
        open.extendedMessage = true;
        break;
      default:
        break;
    }
    p += len;
  }
  return null;
}

export interface OpenToSend {
  /** The speaker's AS (AS_TRANS goes on the wire when it needs 4 octets). */
  myAs: number;
  holdTime: number;
  bgpId: number;
  capabilities: readonly Capability[];
}

/** An OPEN message with all capabilities in one Capabilities optional parameter. */
export function encodeOpen(open: OpenToSend): Uint8Array {
  let capLength = 0;
  for (const c of open.capabilities) capLength += 2 + c.value.length;
  const optLength = capLength > 0 ? 2 + capLength : 0;
  if (optLength > 255) throw new RangeError(`capabilities of ${capLength} bytes do not fit an OPEN`);
  const length = OPEN_MIN_LENGTH + optLength;
  const m = new Uint8Array(length);
  writeHeader(m, 0, length, MSG_OPEN);
  let p = BGP_HEADER_LENGTH;
  m[p++] = BGP_VERSION;
  const wireAs = open.myAs > 0xffff ? AS_TRANS : open.myAs;
  m[p++] = wireAs >>> 8;
  m[p++] = wireAs & 0xff;
  m[p++] = (open.holdTime >>> 8) & 0xff;
  m[p++] = open.holdTime & 0xff;
  m[p++] = (open.bgpId >>> 24) & 0xff;
  m[p++] = (open.bgpId >>> 16) & 0xff;
  m[p++] = (open.bgpId >>> 8) & 0xff;
  m[p++] = open.bgpId & 0xff;
  m[p++] = optLength;
  if (optLength > 0) {
    m[p++] = OPEN_PARAM_CAPABILITIES;
    m[p++] = capLength;
    for (const c of open.capabilities) {
      m[p++] = c.code;
      m[p++] = c.value.length;
      m.set(c.value, p);
      p += c.value.length;
    }
  }
  return m;
}

export function multiprotocolCapability(afi: number, safi: number): Capability {
  return { code: CAP_MULTIPROTOCOL, value: Uint8Array.of(afi >>> 8, afi & 0xff, 0, safi) };
}

export function fourOctetAsCapability(as: number): Capability {
  return { code: CAP_FOUR_OCTET_AS, value: Uint8Array.of((as >>> 24) & 0xff, (as >>> 16) & 0xff, (as >>> 8) & 0xff, as & 0xff) };
}

export function addPathCapability(families: readonly AddPathFamily[]): Capability {
  const value = new Uint8Array(families.length * 4);
  families.forEach((f, i) => {
    value[i * 4] = f.afi >>> 8;
    value[i * 4 + 1] = f.afi & 0xff;
    value[i * 4 + 2] = f.safi;
    value[i * 4 + 3] = f.sendReceive;
  });
  return { code: CAP_ADD_PATH, value };
}
