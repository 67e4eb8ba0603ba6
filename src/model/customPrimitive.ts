/**
 * Custom primitives (`aggregate_primitives`): primitives defined by the
 * operator from NetFlow v9/IPFIX fields (`field_type`) or from bytes of a
 * sampled packet (`packet_ptr`: sFlow raw header records, IPFIX
 * dataLinkFrameSection), usable in `aggregate` and printed by every output
 * like pmacct 1.7.7 prints them.
 *
 * Values travel on the FlowRecord (customBytes / customLengths /
 * customTexts, filled by the decoder) and into the aggregation key:
 *   u_int, hex, ip, mac, str   ceil(len/4) words: the value bytes, big-endian
 *   raw (fixed)                1 + ceil(len/4) words: a state word, then the bytes
 *   str, raw (vlen)            1 word: the text's id in the plugin's StringTable
 *
 * What pmacct 1.7.7 prints (checked against the binary, see
 * test/maps/customPrimitives.test.ts):
 *  - CSV header and JSON key: the name as written; CSV/formatted columns
 *    come after every built-in primitive, in `aggregate` order; every JSON
 *    value is a string.
 *  - u_int: decimal, hex: lower-case hex without leading zeros, both only
 *    for len 1, 2, 4 or 8 (other lengths print empty).
 *  - ip: len 4 dotted quad ("0.0.0.0" when unset), len 16 IPv6 ("::").
 *  - mac: "xx:xx:xx:xx:xx:xx".
 *  - str: the bytes up to the first NUL.
 *  - raw: bytes as upper-case hex joined by '-' ("C7-6D"); a field longer
 *    than len is cut to len*3 characters, so it ends with '-' ("C7-").
 *  - formatted output: width max(name, value width) + 2 spaces, where the
 *    value width is 3/5/10/20 for u_int/hex of 1/2/4/8 bytes, len for
 *    str/raw, 46 for ip, 18 for mac; vlen ones are refused as for label.
 */
import type { FlowRecord } from './flowRecord.ts';
import { ipv4Text, ipv6Text } from './ipText.ts';
import type { FlowDaemon, OutputField, Primitive } from './primitive.ts';

export type CustomSemantics = 'u_int' | 'hex' | 'ip' | 'mac' | 'str' | 'raw';

/** Marks a variable-length primitive (`len=vlen`). */
export const CUSTOM_VLEN = -1;

/** packet_ptr layer names; a pointer's `layer` is the index here (decode/packet/packetLayers.ts PacketLayer). */
export const PACKET_POINTER_LAYERS: readonly string[] = ['packet', 'mac', 'vlan', 'mpls', 'l3', 'l4', 'payload'];

/**
 * One `packet_ptr`: `<layer>[:<proto>][+<offset>]`. The layer is a
 * PacketLayer number (decode/packet/packetLayers.ts): packet, mac, vlan,
 * mpls, l3, l4, payload.
 */
export interface PacketPointerDef {
  readonly layer: number;
  /** EtherType (l3) or IP protocol (l4) the layer must carry; -1 for any. */
  readonly proto: number;
  /** Bytes after the layer's start. */
  readonly offset: number;
}

export interface CustomPrimitiveDef {
  /** As written in the map: CSV/formatted header and JSON key. */
  readonly name: string;
  /** Private enterprise number, 0 for IANA elements. */
  readonly pen: number;
  /** Information element id, -1 when the primitive has no field_type. */
  readonly fieldType: number;
  /** packet_ptr pointers in map order (up to 8), empty without any. */
  readonly pointers: readonly PacketPointerDef[];
  /** Bytes, or CUSTOM_VLEN. */
  readonly len: number;
  readonly semantics: CustomSemantics;
  /** Where the definition is, for messages. */
  readonly where: string;
}

/** One custom primitive placed in the record's custom areas. */
export interface CustomSlot {
  readonly def: CustomPrimitiveDef;
  /** Index in customLengths / customTexts. */
  readonly index: number;
  /** Offset of its bytes in customBytes (fixed-length only). */
  readonly byteOffset: number;
}

/** pmacct's cps_flen: formatted width of u_int/hex values by byte length. */
const UINT_WIDTH: Readonly<Record<number, number>> = { 1: 3, 2: 5, 4: 10, 8: 20 };
const INET6_ADDRSTRLEN = 46;
const ETHER_ADDRSTRLEN = 18;
const NF: readonly FlowDaemon[] = ['nfacctd'];
/** packet_ptr primitives have a source in both collectors (sampled headers, dataLinkFrameSection). */
const NF_SF: readonly FlowDaemon[] = ['nfacctd', 'sfacctd'];
const utf8 = new TextDecoder('utf-8');

/** The set of custom primitives a daemon runs with: how they sit on a FlowRecord. */
export class CustomPrimitiveSet {
  readonly slots: readonly CustomSlot[];
  /** Bytes needed on a record for the fixed-length values (4-byte aligned). */
  readonly byteSize: number;
  private readonly byName = new Map<string, Primitive>();

  constructor(defs: readonly CustomPrimitiveDef[]) {
    const slots: CustomSlot[] = [];
    let offset = 0;
    defs.forEach((def, index) => {
      slots.push({ def, index, byteOffset: def.len === CUSTOM_VLEN ? -1 : offset });
      if (def.len !== CUSTOM_VLEN) offset += (def.len + 3) & ~3;
    });
    this.slots = slots;
    this.byteSize = offset;
    for (const slot of slots) this.byName.set(slot.def.name.toLowerCase(), customPrimitive(slot));
  }

  get size(): number {
    return this.slots.length;
  }

  primitive(name: string): Primitive | undefined {
    return this.byName.get(name.toLowerCase());
  }

  /** Sizes a record's custom areas for this set (once per record object). */
  prepare(rec: FlowRecord): void {
    if (rec.customLengths.length === this.slots.length && rec.customBytes.length === this.byteSize) return;
    rec.customBytes = new Uint8Array(this.byteSize);
    rec.customLengths = new Int32Array(this.slots.length).fill(-1);
    rec.customTexts = new Array<string>(this.slots.length).fill('');
  }
}

// ---- the process-wide set (aggregate_primitives is a global key, read once at startup, not reloadable in pmacct)

let active: CustomPrimitiveSet | null = null;

export function setCustomPrimitives(set: CustomPrimitiveSet | null): void {
  active = set;
}

export function activeCustomPrimitives(): CustomPrimitiveSet | null {
  return active;
}

export function customPrimitiveByName(name: string): Primitive | undefined {
  return active?.primitive(name);
}

// ---- one primitive

function valueWords(len: number): number {
  return (len + 3) >>> 2;
}

function customPrimitive(slot: CustomSlot): Primitive {
  const { def } = slot;
  const vlen = def.len === CUSTOM_VLEN;
  const base = {
    name: def.name.toLowerCase(),
    group: 'MISC' as const,
    description: `custom primitive: ${sourceText(def)}, len ${vlen ? 'vlen' : def.len}, ${def.semantics}`,
    daemons: def.pointers.length > 0 ? NF_SF : NF,
    implemented: true,
  };
  const header = def.name;
  if (vlen) {
    const i = slot.index;
    return {
      ...base,
      words: 1,
      variableLength: true,
      write: (r, k, o, strings) => {
        k[o] = strings.intern(r.customTexts[i]!);
      },
      keyCode: (o) => `k[${o}] = s.intern(r.customTexts[${i}]);`,
      fields: [{ header, jsonKey: header, jsonType: 'string', read: (k, o, ctx) => ctx.strings.text(k[o]!) }],
    };
  }
  const raw = def.semantics === 'raw';
  const lead = raw ? 1 : 0;
  const n = valueWords(def.len);
  const from = slot.byteOffset;
  const i = slot.index;
  const copy = packCode(from, n, lead);
  const field: OutputField = {
    header,
    jsonKey: header,
    jsonType: 'string',
    read: reader(def, lead),
    formattedWidth: formattedWidth(def),
    formattedUnpadded: (def.semantics === 'u_int' || def.semantics === 'hex') && UINT_WIDTH[def.len] === undefined,
  };
  return {
    ...base,
    words: lead + n,
    write: raw
      ? (r, k, o) => {
          const got = r.customLengths[i]!;
          k[o] = got < 0 ? 0 : (Math.min(got, def.len) + 1) | (got > def.len ? 0x100000 : 0);
          pack(r.customBytes, from, n, k, o + 1);
        }
      : (r, k, o) => pack(r.customBytes, from, n, k, o),
    keyCode: raw
      ? (o) => `{ const g = r.customLengths[${i}]; k[${o}] = g < 0 ? 0 : (Math.min(g, ${def.len}) + 1) | (g > ${def.len} ? 0x100000 : 0); ${copy(o)} }`
      : (o) => `{ ${copy(o)} }`,
    fields: [field],
  };
}

/** Where the value comes from, as the map wrote it. */
function sourceText(def: CustomPrimitiveDef): string {
  const parts: string[] = [];
  if (def.fieldType >= 0) parts.push(`field_type ${def.pen ? `${def.pen}:` : ''}${def.fieldType}`);
  for (const p of def.pointers) {
    const proto = p.proto < 0 ? '' : `:0x${p.proto.toString(16)}`;
    parts.push(`packet_ptr ${PACKET_POINTER_LAYERS[p.layer] ?? '?'}${proto}${p.offset ? `+${p.offset}` : ''}`);
  }
  return parts.join(', ');
}

function pack(b: Uint8Array, from: number, words: number, k: Uint32Array, o: number): void {
  for (let w = 0; w < words; w++) {
    const p = from + 4 * w;
    k[o + w] = ((b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!) >>> 0;
  }
}

/** Straight-line code for pack(), for compiled key writers. */
function packCode(from: number, words: number, lead: number): (o: number) => string {
  return (o) => {
    let code = 'const b = r.customBytes;';
    for (let w = 0; w < words; w++) {
      const p = from + 4 * w;
      code += ` k[${o + lead + w}] = ((b[${p}] << 24) | (b[${p + 1}] << 16) | (b[${p + 2}] << 8) | b[${p + 3}]) >>> 0;`;
    }
    return code;
  };
}

/** The value bytes back from the key words. */
function unpack(k: Uint32Array, o: number, len: number): Uint8Array {
  const out = new Uint8Array(len);
  for (let j = 0; j < len; j++) out[j] = (k[o + (j >>> 2)]! >>> (24 - 8 * (j & 3))) & 0xff;
  return out;
}

function reader(def: CustomPrimitiveDef, lead: number): OutputField['read'] {
  const len = def.len;
  switch (def.semantics) {
    case 'u_int':
    case 'hex': {
      const radix = def.semantics === 'hex' ? 16 : 10;
      if (len === 1 || len === 2 || len === 4) return (k, o) => (k[o]! >>> (32 - 8 * len)).toString(radix);
      if (len === 8) return (k, o) => ((BigInt(k[o]!) << 32n) | BigInt(k[o + 1]!)).toString(radix);
      return () => ''; // pmacct prints nothing for other lengths
    }
    case 'ip':
      if (len === 4) return (k, o) => ipv4Text(unpack(k, o, 4));
      if (len === 16) return (k, o) => ipv6Text(unpack(k, o, 16));
      return () => '';
    case 'mac':
      return (k, o) => {
        const b = unpack(k, o, Math.min(len, 6));
        const out: string[] = [];
        for (let j = 0; j < 6; j++) out.push((b[j] ?? 0).toString(16).padStart(2, '0'));
        return out.join(':');
      };
    case 'str':
      return (k, o) => {
        const b = unpack(k, o, len);
        const nul = b.indexOf(0);
        return utf8.decode(nul < 0 ? b : b.subarray(0, nul));
      };
    case 'raw':
      return (k, o) => {
        const state = k[o]!;
        if (state === 0) return '';
        const count = (state & 0xfffff) - 1;
        const text = rawText(unpack(k, o + lead, count), 0, count);
        return state & 0x100000 ? `${text}-` : text;
      };
  }
}

/** pmacct's serialize_hex: upper-case byte pairs joined by '-'. */
export function rawText(b: Uint8Array, from: number, count: number): string {
  let out = '';
  for (let j = 0; j < count; j++) {
    const v = b[from + j]!;
    out += (j > 0 ? '-' : '') + HEX[v >>> 4] + HEX[v & 15];
  }
  return out;
}
const HEX = '0123456789ABCDEF';

function formattedWidth(def: CustomPrimitiveDef): number {
  let w: number;
  switch (def.semantics) {
    case 'u_int':
    case 'hex':
      w = UINT_WIDTH[def.len] ?? 0;
      break;
    case 'ip':
      w = INET6_ADDRSTRLEN;
      break;
    case 'mac':
      w = ETHER_ADDRSTRLEN;
      break;
    default:
      w = def.len;
  }
  return Math.max(w, def.name.length);
}
