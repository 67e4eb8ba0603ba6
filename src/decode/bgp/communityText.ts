/**
 * The text pmacct prints for the three community attributes (its `comms`,
 * `ecomms` and `lcomms` fields; checked against pmbgpd 1.7.7). Each list
 * is sorted and freed of duplicates first, as pmacct interns them:
 *
 * - COMMUNITIES (RFC 1997): "AS:value" in numeric order, except the
 *   well-known names "internet" (0), "no-export", "no-advertise" and
 *   "local-AS" (0xFFFFFF01-03); joined by spaces.
 * - EXTENDED_COMMUNITIES (RFC 4360): in byte order, "RT:" for a route
 *   target and "SoO:" for a route origin of the transitive 2-octet AS
 *   (0x00), IPv4 (0x01) and 4-octet AS (0x02) types, as "RT:AS:value" or
 *   "RT:a.b.c.d:value"; any other type or subtype prints as "?".
 *   pmacct 1.7.7 prints the 4-octet AS and the 4-octet value with %d, so
 *   numbers from 2^31 come out negative; tsacct prints them unsigned
 *   (docs/compat.md).
 * - LARGE_COMMUNITIES (RFC 8092): "global:local1:local2" in byte order.
 */

const WELL_KNOWN: ReadonlyMap<number, string> = new Map([
  [0x00000000, 'internet'],
  [0xffffff01, 'no-export'],
  [0xffffff02, 'no-advertise'],
  [0xffffff03, 'local-AS'],
]);

let scratch = new Uint32Array(64);

/** `values` holds `count` communities as unsigned 32-bit numbers. */
export function communitiesText(values: Uint32Array, count: number): string {
  if (count > scratch.length) scratch = new Uint32Array(count);
  const sorted = scratch.subarray(0, count);
  sorted.set(values.subarray(0, count));
  sorted.sort();
  let out = '';
  let last = -1;
  for (let i = 0; i < count; i++) {
    const v = sorted[i]!;
    if (v === last) continue;
    const name = WELL_KNOWN.get(v);
    const text = name ?? `${v >>> 16}:${v & 0xffff}`;
    out += last === -1 ? text : ` ${text}`;
    last = v;
  }
  return out;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < a.length; i++) {
    const d = a[i]! - b[i]!;
    if (d !== 0) return d;
  }
  return 0;
}

/** `count` sorted-unique `size`-byte values from `bytes`. */
function sortedUnique(bytes: Uint8Array, count: number, size: number): Uint8Array[] {
  const items: Uint8Array[] = [];
  for (let i = 0; i < count; i++) items.push(bytes.subarray(i * size, (i + 1) * size));
  items.sort(compareBytes);
  const unique: Uint8Array[] = [];
  for (const item of items) {
    if (unique.length === 0 || compareBytes(unique[unique.length - 1]!, item) !== 0) unique.push(item);
  }
  return unique;
}

const EC_TYPE_AS2 = 0x00;
const EC_TYPE_IPV4 = 0x01;
const EC_TYPE_AS4 = 0x02;
const EC_SUBTYPE_ROUTE_TARGET = 0x02;
const EC_SUBTYPE_ROUTE_ORIGIN = 0x03;

/** `bytes` holds `count` extended communities of 8 bytes. */
export function extendedCommunitiesText(bytes: Uint8Array, count: number): string {
  let out = '';
  for (const ec of sortedUnique(bytes, count, 8)) {
    if (out !== '') out += ' ';
    const type = ec[0]!;
    const subtype = ec[1]!;
    if ((type !== EC_TYPE_AS2 && type !== EC_TYPE_IPV4 && type !== EC_TYPE_AS4) || (subtype !== EC_SUBTYPE_ROUTE_TARGET && subtype !== EC_SUBTYPE_ROUTE_ORIGIN)) {
      out += '?';
      continue;
    }
    const prefix = subtype === EC_SUBTYPE_ROUTE_TARGET ? 'RT:' : 'SoO:';
    if (type === EC_TYPE_AS2) {
      const as = (ec[2]! << 8) | ec[3]!;
      const value = ((ec[4]! << 24) | (ec[5]! << 16) | (ec[6]! << 8) | ec[7]!) >>> 0;
      out += `${prefix}${as}:${value}`;
    } else if (type === EC_TYPE_IPV4) {
      out += `${prefix}${ec[2]}.${ec[3]}.${ec[4]}.${ec[5]}:${(ec[6]! << 8) | ec[7]!}`;
    } else {
      const as = ((ec[2]! << 24) | (ec[3]! << 16) | (ec[4]! << 8) | ec[5]!) >>> 0;
      out += `${prefix}${as}:${(ec[6]! << 8) | ec[7]!}`;
    }
  }
  return out;
}

/** `bytes` holds `count` large communities of 12 bytes. */
export function largeCommunitiesText(bytes: Uint8Array, count: number): string {
  let out = '';
  const u32 = (b: Uint8Array, o: number): number => ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
  for (const lc of sortedUnique(bytes, count, 12)) {
    if (out !== '') out += ' ';
    out += `${u32(lc, 0)}:${u32(lc, 4)}:${u32(lc, 8)}`;
  }
  return out;
}
