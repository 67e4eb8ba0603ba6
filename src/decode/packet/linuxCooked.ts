/**
 * Linux "cooked" captures (the `any` device): LINKTYPE_LINUX_SLL, a 16-byte
 * header ending in the protocol, and LINKTYPE_LINUX_SLL2, a 20-byte header
 * starting with it. The protocol is an EtherType, or 0x0004 for 802.2 LLC.
 */
import { followEtherType } from './etherType.ts';
import { locateIpAfterLlc } from './llcSnap.ts';
import type { NetworkLayerLocation } from './networkLayer.ts';

export const SLL_HEADER_LENGTH = 16;
const SLL_PROTOCOL_OFFSET = 14;
export const SLL2_HEADER_LENGTH = 20;
const SLL2_PROTOCOL_OFFSET = 0;
/** LINUX_SLL_P_802_2: the payload starts with an LLC header. */
const PROTOCOL_802_2 = 0x0004;

export function locateIpInLinuxSll(bytes: Uint8Array, start: number, end: number, out: NetworkLayerLocation): boolean {
  if (start + SLL_HEADER_LENGTH > end) return false;
  const protocol = (bytes[start + SLL_PROTOCOL_OFFSET]! << 8) | bytes[start + SLL_PROTOCOL_OFFSET + 1]!;
  return locateByProtocol(protocol, bytes, start + SLL_HEADER_LENGTH, end, out);
}

export function locateIpInLinuxSll2(bytes: Uint8Array, start: number, end: number, out: NetworkLayerLocation): boolean {
  if (start + SLL2_HEADER_LENGTH > end) return false;
  const protocol = (bytes[start + SLL2_PROTOCOL_OFFSET]! << 8) | bytes[start + SLL2_PROTOCOL_OFFSET + 1]!;
  return locateByProtocol(protocol, bytes, start + SLL2_HEADER_LENGTH, end, out);
}

function locateByProtocol(protocol: number, bytes: Uint8Array, offset: number, end: number, out: NetworkLayerLocation): boolean {
  if (protocol === PROTOCOL_802_2) return locateIpAfterLlc(bytes, offset, end, out);
  return followEtherType(protocol, bytes, offset, end, out);
}
