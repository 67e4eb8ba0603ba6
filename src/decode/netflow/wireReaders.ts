/**
 * Big-endian integer reads straight from the datagram bytes. Plain byte
 * arithmetic keeps them allocation-free and lets V8 inline them; 64-bit
 * values come back as numbers, exact up to 2^53 (counters beyond that are
 * not a concern for one flow record).
 */

export function readU16(b: Uint8Array, o: number): number {
  return (b[o] << 8) | b[o + 1];
}

export function readU24(b: Uint8Array, o: number): number {
  return (b[o] << 16) | (b[o + 1] << 8) | b[o + 2];
}

export function readU32(b: Uint8Array, o: number): number {
  return ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0;
}

export function readU64(b: Uint8Array, o: number): number {
  return readU32(b, o) * 0x100000000 + readU32(b, o + 4);
}

/** An unsigned big-endian integer of any length from 0 to 8 bytes (IPFIX reduced-size encoding). */
export function readUint(b: Uint8Array, o: number, len: number): number {
  let v = 0;
  for (let i = 0; i < len; i++) v = v * 256 + b[o + i];
  return v;
}

/**
 * pmacct copies min(len, size) field bytes into a zeroed host integer and
 * then byte-swaps it, so a field shorter than the integer lands in the high
 * bytes (a 1-byte port reads as byte << 8) and a longer one is cut. This
 * reproduces that for sizes 1, 2 and 4.
 */
export function readPadded(b: Uint8Array, o: number, len: number, size: 1 | 2 | 4): number {
  let v = 0;
  for (let i = 0; i < size; i++) v = v * 256 + (i < len ? b[o + i] : 0);
  return v;
}
