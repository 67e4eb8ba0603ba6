/**
 * Test-only builders for NetFlow v5, v9 and IPFIX export datagrams, so unit
 * tests (and the pmacct cross-check captures in fixtures/crafted/) can state
 * exactly which bytes an exporter sent. Big-endian throughout, as on the wire.
 */

export type Bytes = Uint8Array;

export function u8(n: number): Bytes {
  return Uint8Array.of(n & 0xff);
}

export function u16(n: number): Bytes {
  return Uint8Array.of((n >>> 8) & 0xff, n & 0xff);
}

export function u24(n: number): Bytes {
  return Uint8Array.of((n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
}

export function u32(n: number): Bytes {
  return Uint8Array.of((n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
}

export function u64(n: number | bigint): Bytes {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt(n));
  return out;
}

export function ip4(text: string): Bytes {
  return Uint8Array.from(text.split('.').map(Number));
}

/** Full or '::'-compressed IPv6 text (no embedded IPv4) to 16 bytes. */
export function ip6(text: string): Bytes {
  const [head = '', tail] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  const out = new Uint8Array(16);
  groups.forEach((g, i) => {
    const n = parseInt(g, 16);
    out[2 * i] = n >> 8;
    out[2 * i + 1] = n & 0xff;
  });
  return out;
}

export function mac(text: string): Bytes {
  return Uint8Array.from(text.split(':').map((h) => parseInt(h, 16)));
}

/** An MPLS label stack entry: 20-bit label, 3-bit EXP, bottom-of-stack bit. */
export function mplsEntry(label: number, exp: number, bottom: boolean): Bytes {
  return u24(((label & 0xfffff) << 4) | ((exp & 7) << 1) | (bottom ? 1 : 0));
}

/** IPFIX variable-length encoding: 1-byte length, or 255 then a 2-byte length. */
export function varLen(value: Bytes, forceLong = false): Bytes {
  if (value.length < 255 && !forceLong) return concat(u8(value.length), value);
  return concat(u8(255), u16(value.length), value);
}

export function concat(...parts: Bytes[]): Bytes {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

/** A template field: IE id and length; a PEN makes it an IPFIX enterprise field. */
export interface FieldSpec {
  id: number;
  length: number;
  pen?: number;
}

function fieldSpecifier(f: FieldSpec): Bytes {
  if (f.pen === undefined) return concat(u16(f.id), u16(f.length));
  return concat(u16(f.id | 0x8000), u16(f.length), u32(f.pen));
}

export interface TemplateSpec {
  id: number;
  fields: FieldSpec[];
}

/** A set (IPFIX) or flowset (v9): id, length including the 4-byte header, body, optional zero padding. */
export function set(setId: number, body: Bytes, padding = 0): Bytes {
  return concat(u16(setId), u16(4 + body.length + padding), body, new Uint8Array(padding));
}

export function templateRecord(t: TemplateSpec): Bytes {
  return concat(u16(t.id), u16(t.fields.length), ...t.fields.map(fieldSpecifier));
}

/** Template set: flowset id 0 for v9, set id 2 for IPFIX. */
export function templateSet(setId: 0 | 2, templates: TemplateSpec[], padding = 0): Bytes {
  return set(setId, concat(...templates.map(templateRecord)), padding);
}

/** NetFlow v9 options template flowset (id 1): scope and option lengths are in bytes. */
export function optionsTemplateSetV9(templateId: number, scopes: FieldSpec[], options: FieldSpec[], padding = 0): Bytes {
  const body = concat(
    u16(templateId),
    u16(scopes.length * 4),
    u16(options.length * 4),
    ...scopes.map(fieldSpecifier),
    ...options.map(fieldSpecifier),
  );
  return set(1, body, padding);
}

/** IPFIX options template set (id 3): total field count, then scope field count; scopes first. */
export function optionsTemplateSetIpfix(templateId: number, scopes: FieldSpec[], options: FieldSpec[], padding = 0): Bytes {
  const body = concat(
    u16(templateId),
    u16(scopes.length + options.length),
    u16(scopes.length),
    ...scopes.map(fieldSpecifier),
    ...options.map(fieldSpecifier),
  );
  return set(3, body, padding);
}

export function dataSet(templateId: number, records: Bytes[], padding = 0): Bytes {
  return set(templateId, concat(...records), padding);
}

export interface V9Header {
  sysUptimeMs: number;
  unixSecs: number;
  sequence: number;
  sourceId: number;
  /** The header's record count, as the test wants it (right or wrong). */
  count: number;
}

export function v9Packet(h: V9Header, flowsets: Bytes[]): Bytes {
  return concat(u16(9), u16(h.count), u32(h.sysUptimeMs), u32(h.unixSecs), u32(h.sequence), u32(h.sourceId), ...flowsets);
}

export interface IpfixHeader {
  exportTime: number;
  sequence: number;
  domainId: number;
}

export function ipfixMessage(h: IpfixHeader, sets: Bytes[]): Bytes {
  const body = concat(...sets);
  return concat(u16(10), u16(16 + body.length), u32(h.exportTime), u32(h.sequence), u32(h.domainId), body);
}

export interface V5Header {
  sysUptimeMs: number;
  unixSecs: number;
  unixNsecs: number;
  sequence: number;
  engineType: number;
  engineId: number;
  /** The raw 16-bit field: 2-bit mode, 14-bit interval. */
  sampling: number;
}

export interface V5Record {
  src: string;
  dst: string;
  nextHop: string;
  input: number;
  output: number;
  packets: number;
  bytes: number;
  firstMs: number;
  lastMs: number;
  srcPort: number;
  dstPort: number;
  tcpFlags: number;
  proto: number;
  tos: number;
  srcAs: number;
  dstAs: number;
  srcMask: number;
  dstMask: number;
}

export function v5Record(r: V5Record): Bytes {
  return concat(
    ip4(r.src),
    ip4(r.dst),
    ip4(r.nextHop),
    u16(r.input),
    u16(r.output),
    u32(r.packets),
    u32(r.bytes),
    u32(r.firstMs),
    u32(r.lastMs),
    u16(r.srcPort),
    u16(r.dstPort),
    u8(0),
    u8(r.tcpFlags),
    u8(r.proto),
    u8(r.tos),
    u16(r.srcAs),
    u16(r.dstAs),
    u8(r.srcMask),
    u8(r.dstMask),
    u16(0),
  );
}

export function v5Packet(h: V5Header, records: V5Record[]): Bytes {
  return concat(
    u16(5),
    u16(records.length),
    u32(h.sysUptimeMs),
    u32(h.unixSecs),
    u32(h.unixNsecs),
    u32(h.sequence),
    u8(h.engineType),
    u8(h.engineId),
    u16(h.sampling),
    ...records.map(v5Record),
  );
}
