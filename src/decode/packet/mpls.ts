/**
 * MPLS label stack (RFC 3032): 4-byte entries, the bottom one has the S bit.
 * The payload protocol is not announced, so, like pmacct's mpls_handler, it
 * is taken from the explicit-null label (0 = IPv4, 2 = IPv6) or else from
 * the IP version nibble of the first payload byte.
 */
import type { NetworkLayerLocation } from './networkLayer.ts';

const LABEL_ENTRY_LENGTH = 4;
const IPV4_EXPLICIT_NULL = 0;
const IPV6_EXPLICIT_NULL = 2;

/**
 * Skips the label stack at `offset` and locates the IP packet below it.
 * Returns false when the stack runs past `end` or the payload is not IP
 * (e.g. a pseudowire control word).
 */
export function skipMplsLabelStack(bytes: Uint8Array, offset: number, end: number, out: NetworkLayerLocation): boolean {
  let at = offset;
  while (at + LABEL_ENTRY_LENGTH <= end) {
    const bottomOfStack = (bytes[at + 2]! & 0x01) !== 0;
    const label = (bytes[at]! << 12) | (bytes[at + 1]! << 4) | (bytes[at + 2]! >>> 4);
    at += LABEL_ENTRY_LENGTH;
    if (!bottomOfStack) continue;
    if (at >= end) return false;
    if (label === IPV4_EXPLICIT_NULL) return out.set(4, at);
    if (label === IPV6_EXPLICIT_NULL) return out.set(6, at);
    const version = bytes[at]! >>> 4;
    return (version === 4 || version === 6) && out.set(version, at);
  }
  return false;
}
