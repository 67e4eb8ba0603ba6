/**
 * Route distinguishers (RFC 4364 §4.2) as pmacct prints them in its `rd`
 * field: "type:administrator:assigned", i.e. "0:65000:1" (2-octet AS,
 * 4-octet number), "1:192.0.2.1:5" (IPv4 address, 2-octet number),
 * "2:4200000001:7" (4-octet AS, 2-octet number). Only these three types
 * exist; pmacct skips VPN routes of any other type, and so does tsacct.
 */
import { AF_INET } from '../../model/flowRecord.ts';
import { parseIp } from '../../model/ipText.ts';

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

/** pmacct's bgp_str2rd: "0:<as2>:<u32>", "1:<ipv4>:<u16>", "2:<as4>:<u16>"; null when not one (or its AS is 0). */
export function parseRd(text: string): Uint8Array | null {
  const m = /^(\d+):([^:]+):(\d+)$/.exec(text);
  if (!m) return null;
  const type = Number(m[1]);
  const value = Number(m[3]);
  const rd = new Uint8Array(8);
  const view = new DataView(rd.buffer);
  view.setUint16(0, type);
  if (type === 0) {
    const as = Number(m[2]);
    if (!/^\d+$/.test(m[2]!) || as === 0 || as > 0xffff || value > 0xffffffff) return null;
    view.setUint16(2, as);
    view.setUint32(4, value);
  } else if (type === 1) {
    const ip = new Uint8Array(16);
    if (parseIp(m[2]!, ip) !== AF_INET || value > 0xffff) return null;
    rd.set(ip.subarray(0, 4), 2);
    if (view.getUint32(2) === 0) return null;
    view.setUint16(6, value);
  } else if (type === 2) {
    const as = Number(m[2]);
    if (!/^\d+$/.test(m[2]!) || as === 0 || as > 0xffffffff || value > 0xffff) return null;
    view.setUint32(2, as);
    view.setUint16(6, value);
  } else {
    return null;
  }
  return rd;
}
