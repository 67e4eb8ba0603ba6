/**
 * Route distinguishers (RFC 4364 §4.2) as pmacct prints them in its `rd`
 * field: "type:administrator:assigned", i.e. "0:65000:1" (2-octet AS,
 * 4-octet number), "1:192.0.2.1:5" (IPv4 address, 2-octet number),
 * "2:4200000001:7" (4-octet AS, 2-octet number). Only these three types
 * exist; pmacct skips VPN routes of any other type, and so does tsacct.
 */

export const RD_TYPE_AS2 = 0;
export const RD_TYPE_IPV4 = 1;
export const RD_TYPE_AS4 = 2;

export function isKnownRdType(type: number): boolean {
  return type === RD_TYPE_AS2 || type === RD_TYPE_IPV4 || type === RD_TYPE_AS4;
}

/** The 8-byte RD at `offset` as text. */
export function rdText(b: Uint8Array, offset = 0): string {
  const type = (b[offset]! << 8) | b[offset + 1]!;
  const u16 = (o: number): number => (b[offset + o]! << 8) | b[offset + o + 1]!;
  const u32 = (o: number): number => ((b[offset + o]! << 24) | (b[offset + o + 1]! << 16) | (b[offset + o + 2]! << 8) | b[offset + o + 3]!) >>> 0;
  switch (type) {
    case RD_TYPE_AS2:
      return `0:${u16(2)}:${u32(4)}`;
    case RD_TYPE_IPV4:
      return `1:${b[offset + 2]}.${b[offset + 3]}.${b[offset + 4]}.${b[offset + 5]}:${u16(6)}`;
    case RD_TYPE_AS4:
      return `2:${u32(2)}:${u16(6)}`;
    default:
      return 'unknown';
  }
}
