/**
 * Serial-line encapsulations seen in router captures: PPP (RFC 1661, with
 * the optional RFC 1662 address/control bytes and a 1- or 2-byte protocol
 * field, as pmacct's ppp_handler reads it) and Cisco HDLC (address,
 * control, then an EtherType). Like Wireshark, a PPP-link frame that starts
 * with a Cisco HDLC address is read as Cisco HDLC.
 */
import { etherTypeOfPppProtocol, followEtherType } from './etherType.ts';
import type { NetworkLayerLocation } from './networkLayer.ts';

const PPP_ADDRESS = 0xff;
/** Cisco HDLC unicast and multicast addresses: routers write such frames under the PPP link type. */
const CISCO_HDLC_UNICAST = 0x0f;
const CISCO_HDLC_MULTICAST = 0x8f;
const PPP_CONTROL = 0x03;
const CISCO_HDLC_HEADER_LENGTH = 4;

export function locateIpInPpp(bytes: Uint8Array, start: number, end: number, out: NetworkLayerLocation): boolean {
  if (start < end && (bytes[start] === CISCO_HDLC_UNICAST || bytes[start] === CISCO_HDLC_MULTICAST)) {
    return locateIpInCiscoHdlc(bytes, start, end, out);
  }
  let at = start;
  if (at + 2 <= end && bytes[at] === PPP_ADDRESS && bytes[at + 1] === PPP_CONTROL) at += 2;
  if (at >= end) return false;
  let protocol: number;
  // Protocol-field compression (RFC 1661 §6.5): an odd first byte is the whole field.
  if ((bytes[at]! & 0x01) !== 0) {
    protocol = bytes[at]!;
    at += 1;
  } else {
    if (at + 2 > end) return false;
    protocol = (bytes[at]! << 8) | bytes[at + 1]!;
    at += 2;
  }
  return followEtherType(etherTypeOfPppProtocol(protocol), bytes, at, end, out);
}

export function locateIpInCiscoHdlc(bytes: Uint8Array, start: number, end: number, out: NetworkLayerLocation): boolean {
  if (start + CISCO_HDLC_HEADER_LENGTH > end) return false;
  const etherType = (bytes[start + 2]! << 8) | bytes[start + 3]!;
  return followEtherType(etherType, bytes, start + CISCO_HDLC_HEADER_LENGTH, end, out);
}
