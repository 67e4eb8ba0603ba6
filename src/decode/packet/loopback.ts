/**
 * BSD loopback encapsulations: a 4-byte address family before the IP
 * packet. LINKTYPE_NULL stores it in the capturing host's byte order (so
 * both orders are tried, as pmacct's null_handler does); LINKTYPE_LOOP
 * stores it big-endian. AF_INET is 2 everywhere; AF_INET6 differs per OS.
 */
import type { NetworkLayerLocation } from './networkLayer.ts';

const FAMILY_LENGTH = 4;
const AF_INET = 2;
/** AF_INET6 on Linux (10), NetBSD/OpenBSD/BSD-OS (24), FreeBSD/DragonFly (28), Darwin (30). */
const AF_INET6_VALUES: readonly number[] = [10, 24, 28, 30];

export function locateIpInNull(bytes: Uint8Array, start: number, end: number, out: NetworkLayerLocation): boolean {
  if (start + FAMILY_LENGTH > end) return false;
  const bigEndian = ((bytes[start]! << 24) | (bytes[start + 1]! << 16) | (bytes[start + 2]! << 8) | bytes[start + 3]!) >>> 0;
  const littleEndian = ((bytes[start + 3]! << 24) | (bytes[start + 2]! << 16) | (bytes[start + 1]! << 8) | bytes[start]!) >>> 0;
  // The order that yields a small number is the writer's.
  const family = bigEndian <= 0xffff ? bigEndian : littleEndian;
  return locateByFamily(family, start + FAMILY_LENGTH, end, out);
}

export function locateIpInLoop(bytes: Uint8Array, start: number, end: number, out: NetworkLayerLocation): boolean {
  if (start + FAMILY_LENGTH > end) return false;
  const family = ((bytes[start]! << 24) | (bytes[start + 1]! << 16) | (bytes[start + 2]! << 8) | bytes[start + 3]!) >>> 0;
  return locateByFamily(family, start + FAMILY_LENGTH, end, out);
}

function locateByFamily(family: number, offset: number, end: number, out: NetworkLayerLocation): boolean {
  if (offset >= end) return false;
  if (family === AF_INET) return out.set(4, offset);
  if (AF_INET6_VALUES.includes(family)) return out.set(6, offset);
  return false;
}
