/**
 * Ethernet II and IEEE 802.3 frames (LINKTYPE_ETHERNET): destination MAC,
 * source MAC, then an EtherType, or a length followed by an LLC/SNAP header
 * that carries the EtherType.
 */
import { followEtherType } from './etherType.ts';
import { locateIpAfterLlc } from './llcSnap.ts';
import type { NetworkLayerLocation } from './networkLayer.ts';

export const ETHERNET_HEADER_LENGTH = 14;
/** Offset of the EtherType/length field. */
const TYPE_OFFSET = 12;
/** Values up to 1500 are 802.3 lengths, from 1536 on EtherTypes. */
const MAX_8023_LENGTH = 1500;

export function locateIpInEthernet(bytes: Uint8Array, start: number, end: number, out: NetworkLayerLocation): boolean {
  if (start + ETHERNET_HEADER_LENGTH > end) return false;
  const typeOrLength = (bytes[start + TYPE_OFFSET]! << 8) | bytes[start + TYPE_OFFSET + 1]!;
  const payload = start + ETHERNET_HEADER_LENGTH;
  if (typeOrLength <= MAX_8023_LENGTH) return locateIpAfterLlc(bytes, payload, end, out);
  return followEtherType(typeOrLength, bytes, payload, end, out);
}
