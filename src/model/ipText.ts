/**
 * Text forms of addresses as pmacct prints them (inet_ntop: dotted quad for
 * IPv4, RFC 5952 compressed lower-case hex for IPv6). Only flush paths call
 * these, never the per-flow path.
 */
import { AF_INET, AF_INET6 } from './flowRecord.ts';

/** Decimal text of every byte value: flushes print millions of addresses. */
const OCTET: readonly string[] = Array.from({ length: 256 }, (_, i) => String(i));

export function ipv4Text(b: Uint8Array, offset = 0): string {
  return OCTET[b[offset]!]! + '.' + OCTET[b[offset + 1]!]! + '.' + OCTET[b[offset + 2]!]! + '.' + OCTET[b[offset + 3]!]!;
}

export function ipv6Text(b: Uint8Array, offset = 0): string {
  const groups: number[] = [];
  for (let i = 0; i < 8; i++) groups.push((b[offset + 2 * i]! << 8) | b[offset + 2 * i + 1]!);
  // Longest run of zero groups (length >= 2) is compressed; the first wins on ties.
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  // glibc's inet_ntop (which pmacct uses) prints a dotted-quad tail exactly
  // when the zero run starts the address and spans 6 groups (IPv4-compatible)
  // or 5 groups followed by ffff (IPv4-mapped).
  if (bestStart === 0 && (bestLen === 6 || (bestLen === 5 && groups[5] === 0xffff))) {
    return `::${bestLen === 5 ? 'ffff:' : ''}${ipv4Text(b, offset + 12)}`;
  }
  if (bestLen < 2) return groups.map((g) => g.toString(16)).join(':');
  const head = groups.slice(0, bestStart).map((g) => g.toString(16)).join(':');
  const tail = groups.slice(bestStart + bestLen).map((g) => g.toString(16)).join(':');
  return `${head}::${tail}`;
}

/** Text of an address by family; '' for an unset address (family 0). */
export function ipText(family: number, b: Uint8Array, offset = 0): string {
  if (family === AF_INET) return ipv4Text(b, offset);
  if (family === AF_INET6) return ipv6Text(b, offset);
  return '';
}

/** Parses dotted-quad or IPv6 text into 16 bytes; returns the family or 0 when invalid. */
export function parseIp(text: string, out: Uint8Array): number {
  out.fill(0);
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (v4) {
    for (let i = 0; i < 4; i++) {
      const n = Number(v4[i + 1]);
      if (n > 255) return 0;
      out[i] = n;
    }
    return AF_INET;
  }
  if (!text.includes(':')) return 0;
  let head = text;
  let tailV4: number[] | null = null;
  const lastColon = text.lastIndexOf(':');
  const maybeV4 = text.slice(lastColon + 1);
  if (maybeV4.includes('.')) {
    const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(maybeV4);
    if (!m) return 0;
    tailV4 = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])];
    if (tailV4.some((n) => n > 255)) return 0;
    head = text.slice(0, lastColon + 1) + '0:0';
  }
  const parts = head.split('::');
  if (parts.length > 2) return 0;
  const left = parts[0] ? parts[0].split(':') : [];
  const right = parts.length === 2 && parts[1] ? parts[1].split(':') : [];
  const missing = 8 - left.length - right.length;
  if (parts.length === 1 ? missing !== 0 : missing < 1) return 0;
  const groups = [...left, ...Array<string>(parts.length === 2 ? missing : 0).fill('0'), ...right];
  for (let i = 0; i < 8; i++) {
    const g = groups[i]!;
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return 0;
    const n = parseInt(g, 16);
    out[2 * i] = n >> 8;
    out[2 * i + 1] = n & 0xff;
  }
  if (tailV4) out.set(tailV4, 12);
  return AF_INET6;
}
