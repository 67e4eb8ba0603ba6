/**
 * Building blocks shared by the primitive catalog: how each kind of value is
 * packed into aggregation-key words and read back as output text.
 *
 * Layouts (words):
 *   integer   1   the value (u32)
 *   address   5   family, then the 16 address bytes as 4 native-endian words
 *   mac       2   bytes 0-3 big-endian, bytes 4-5
 *   time      2   seconds, microseconds
 *   rd        2   the 8 route-distinguisher bytes, big-endian
 *   string    1   the text's id in the plugin's StringTable
 */
import type { FlowRecord, IpField, TimeField } from './flowRecord.ts';
import { ipText } from './ipText.ts';
import type { KeyWriter, OutputField, RenderContext } from './primitive.ts';
import { timestampText } from './timestampText.ts';

/** A key part given both as a function and as code for compiled key writers. */
export interface KeySource {
  write: KeyWriter;
  code: (o: number) => string;
}

/** FlowRecord field names that hold plain integers, addresses, MACs and times (checked by the type system). */
type IntFieldName = { [K in keyof FlowRecord]: FlowRecord[K] extends number ? K : never }[keyof FlowRecord];
type IpFieldName = { [K in keyof FlowRecord]: FlowRecord[K] extends IpField ? K : never }[keyof FlowRecord];
type TimeFieldName = { [K in keyof FlowRecord]: FlowRecord[K] extends TimeField ? K : never }[keyof FlowRecord];
type MacFieldName = 'srcMac' | 'dstMac' | 'tunnelSrcMac' | 'tunnelDstMac';
type StringFieldName = { [K in keyof FlowRecord]: FlowRecord[K] extends string ? K : never }[keyof FlowRecord];

export function fromInt(name: IntFieldName): KeySource {
  return {
    write: (r, k, o) => {
      k[o] = r[name];
    },
    code: (o) => `k[${o}] = r.${name};`,
  };
}

export function fromIp(name: IpFieldName): KeySource {
  return {
    write: (r, k, o) => writeAddress(r[name], k, o),
    code: (o) => `{ const a = r.${name}; const w = a.words; k[${o}] = a.family; k[${o + 1}] = w[0]; k[${o + 2}] = w[1]; k[${o + 3}] = w[2]; k[${o + 4}] = w[3]; }`,
  };
}

export function fromMac(name: MacFieldName): KeySource {
  return {
    write: (r, k, o) => writeMac(r[name], k, o),
    code: (o) => `{ const m = r.${name}; k[${o}] = ((m[0] << 24) | (m[1] << 16) | (m[2] << 8) | m[3]) >>> 0; k[${o + 1}] = (m[4] << 8) | m[5]; }`,
  };
}

export function fromString(name: StringFieldName): KeySource {
  return {
    write: (r, k, o, strings) => {
      k[o] = strings.intern(r[name]);
    },
    code: (o) => `k[${o}] = s.intern(r.${name});`,
  };
}

export function fromTime(name: TimeFieldName): KeySource {
  return {
    write: (r, k, o) => {
      k[o] = r[name].sec;
      k[o + 1] = r[name].usec;
    },
    code: (o) => `k[${o}] = r.${name}.sec; k[${o + 1}] = r.${name}.usec;`,
  };
}

// ---- integers

export function intField(header: string, jsonKey: string, wordOffset = 0): OutputField {
  return {
    header,
    jsonKey,
    jsonType: 'number',
    read: (key, off) => key[off + wordOffset]!,
  };
}

/** pmacct prints a few integers as JSON strings (tcp_flags as decimal, etype as hex). */
export function intAsStringField(header: string, jsonKey: string, radix: 10 | 16): OutputField {
  return {
    header,
    jsonKey,
    jsonType: 'string',
    read: (key, off) => key[off]!.toString(radix),
  };
}

// ---- addresses

export function writeAddress(ip: IpField, key: Uint32Array, off: number): void {
  key[off] = ip.family;
  const w = ip.words;
  key[off + 1] = w[0]!;
  key[off + 2] = w[1]!;
  key[off + 3] = w[2]!;
  key[off + 4] = w[3]!;
}

/** Writes the address with all bits beyond `maskBits` cleared (src_net, dst_net). */
export function writeMaskedAddress(ip: IpField, maskBits: number, key: Uint32Array, off: number): void {
  key[off] = ip.family;
  netBytes.set(ip.bytes);
  const fullBytes = maskBits >> 3;
  if (fullBytes < 16) {
    netBytes[fullBytes] = netBytes[fullBytes]! & (0xff00 >> (maskBits & 7));
    netBytes.fill(0, fullBytes + 1);
  }
  key[off + 1] = netWords[0]!;
  key[off + 2] = netWords[1]!;
  key[off + 3] = netWords[2]!;
  key[off + 4] = netWords[3]!;
}

const netBytes = new Uint8Array(16);
const netWords = new Uint32Array(netBytes.buffer);
const addressBytes = new Uint8Array(16);
const addressWords = new Uint32Array(addressBytes.buffer);

export function readAddressText(key: Uint32Array, off: number): string {
  addressWords[0] = key[off + 1]!;
  addressWords[1] = key[off + 2]!;
  addressWords[2] = key[off + 3]!;
  addressWords[3] = key[off + 4]!;
  return ipText(key[off]!, addressBytes);
}

export function addressField(header: string, jsonKey: string): OutputField {
  return {
    header,
    jsonKey,
    jsonType: 'string',
    read: (key, off) => readAddressText(key, off),
    // pmacct's formatted output renders an unset address as the IPv6 "any" address.
    readFormatted: (key, off) => (key[off] === 0 ? '::' : readAddressText(key, off)),
  };
}

// ---- MAC addresses

export function writeMac(mac: Uint8Array, key: Uint32Array, off: number): void {
  key[off] = ((mac[0]! << 24) | (mac[1]! << 16) | (mac[2]! << 8) | mac[3]!) >>> 0;
  key[off + 1] = (mac[4]! << 8) | mac[5]!;
}

function hex2(n: number): string {
  return (n & 0xff).toString(16).padStart(2, '0');
}

export function macField(header: string, jsonKey: string): OutputField {
  return {
    header,
    jsonKey,
    jsonType: 'string',
    read: (key, off) => {
      const a = key[off]!;
      const b = key[off + 1]!;
      return `${hex2(a >>> 24)}:${hex2(a >>> 16)}:${hex2(a >>> 8)}:${hex2(a)}:${hex2(b >>> 8)}:${hex2(b)}`;
    },
  };
}

// ---- times

export function timeField(header: string, jsonKey: string): OutputField {
  return {
    header,
    jsonKey,
    jsonType: 'string',
    read: (key, off, ctx: RenderContext) => timestampText(key[off]!, key[off + 1]!, ctx.timestamps),
  };
}

// ---- route distinguishers (RFC 4364 types 0, 1, 2)

export function writeRd(rd: Uint8Array, key: Uint32Array, off: number): void {
  key[off] = ((rd[0]! << 24) | (rd[1]! << 16) | (rd[2]! << 8) | rd[3]!) >>> 0;
  key[off + 1] = ((rd[4]! << 24) | (rd[5]! << 16) | (rd[6]! << 8) | rd[7]!) >>> 0;
}

/** RD type pmacct uses for a VRF id exported in place of an RD (IE 234/235). */
export const RD_TYPE_VRFID = 0xffff;

/** pmacct prints an RD as "type:admin:assigned", and a VRF id as "vrfid:N". */
export function rdText(hi: number, lo: number): string {
  const type = hi >>> 16;
  if (type === RD_TYPE_VRFID) return `vrfid:${lo}`;
  if (type === 1) {
    const ip = `${(hi >>> 8) & 0xff}.${hi & 0xff}.${lo >>> 24}.${(lo >>> 16) & 0xff}`;
    return `1:${ip}:${lo & 0xffff}`;
  }
  if (type === 2) return `2:${(((hi & 0xffff) << 16) | (lo >>> 16)) >>> 0}:${lo & 0xffff}`;
  return `${type}:${hi & 0xffff}:${lo}`;
}
