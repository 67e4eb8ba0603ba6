/**
 * The `aggregate_primitives` map (pmacct's primitives.lst): one custom
 * primitive per line, `key=value` words separated by blanks:
 *
 *   name=mtla      field_type=47        len=4     semantics=ip
 *   name=alu_91    field_type=637:91    len=2     semantics=hex
 *   name=url       field_type=5951:130  len=vlen  semantics=str
 *
 *   name=ttl       packet_ptr=l3:0x800+8  packet_ptr=l3:0x86dd+7  len=1  semantics=u_int
 *
 * `field_type` (optionally with a PEN) reads a NetFlow v9/IPFIX field;
 * `packet_ptr` reads `len` bytes of a sampled packet (sFlow raw header
 * records, IPFIX dataLinkFrameSection) at `<layer>[:<proto>][+<offset>]`:
 * layer packet, mac, vlan, mpls, l3, l4 or payload; proto (decimal or 0x
 * hex, 0 meaning none, as in pmacct) only for l3 (EtherType) and l4 (IP
 * protocol); offset decimal. Up to 8 per primitive.
 *
 * Messages about packet_ptr use pmacct 1.7.7's words ("Invalid packet
 * pointer 'l5'", "protocol type not supported for 'mac'", "exceeded 8
 * 'packet_ptr' limit per rule", sfacctd's "Invalid length 'vlen'"). pmacct
 * ignores such a line with a warning; tsacct refuses the map, and is
 * stricter where pmacct reads a prefix or a non-number silently (`l3x`
 * taken as l3, `l4:zz` as l4 with no protocol, `mac+-2` as offset 65534):
 * those are errors here (docs/compat.md#config-strict).
 */
import { readFileSync } from 'node:fs';
import { ConfigError } from '../config/configError.ts';
import { CUSTOM_VLEN, PACKET_POINTER_LAYERS, type CustomPrimitiveDef, type CustomSemantics, type PacketPointerDef } from '../model/customPrimitive.ts';

export { CUSTOM_VLEN, type CustomPrimitiveDef, type CustomSemantics };

const SEMANTICS: readonly CustomSemantics[] = ['u_int', 'hex', 'ip', 'mac', 'str', 'raw'];
const KEYS = ['name', 'field_type', 'len', 'semantics', 'packet_ptr'];
/** pmacct's buffer for a fixed-length primitive's value; a generous bound, not a pmacct limit. */
const MAX_FIXED_LEN = 1024;
/** pmacct's MAX_CUSTOM_PRIMITIVE_PD_PTRS. */
const MAX_POINTERS = 8;
/** Layers that take a protocol: l3 (EtherType) and l4 (IP protocol). */
const LAYER_L3 = 4;
const LAYER_L4 = 5;

export interface CustomPrimitivesOptions {
  /** The daemon reading the map: sfacctd (like pmacct's) has no vlen primitives. */
  daemon?: string;
}

/**
 * Parses one packet_ptr value; returns the pointer or the problem. The
 * split is at the first ':' and the first '+', as pmacct splits it.
 */
export function parsePacketPointer(value: string): PacketPointerDef | string {
  const m = /^([^:+]*)(?::([^+]*))?(?:\+(.*))?$/.exec(value);
  const layerText = m ? m[1]! : value;
  const layer = PACKET_POINTER_LAYERS.indexOf(layerText);
  if (!m || layer < 0) return `Invalid packet pointer '${layerText}' (layers: ${PACKET_POINTER_LAYERS.join(', ')}; syntax <layer>[:<proto>][+<offset>])`;
  let proto = -1;
  if (m[2] !== undefined) {
    const text = m[2];
    const n = /^0[xX][0-9a-fA-F]+$/.test(text) ? parseInt(text.slice(2), 16) : /^\d+$/.test(text) ? Number(text) : NaN;
    if (!(n >= 0 && n <= 0xffff)) return `invalid protocol '${text}' in packet pointer '${value}' (decimal or 0x hex, up to 65535)`;
    if (n !== 0) {
      if (layer !== LAYER_L3 && layer !== LAYER_L4) return `protocol type not supported for '${layerText}'`;
      proto = n;
    }
  }
  let offset = 0;
  if (m[3] !== undefined) {
    if (!/^\d+$/.test(m[3]) || Number(m[3]) > 0xffff) return `invalid offset '${m[3]}' in packet pointer '${value}' (decimal bytes up to 65535)`;
    offset = Number(m[3]);
  }
  return { layer, proto, offset };
}

/**
 * Parses the map text; every problem is reported (file:line) in one
 * ConfigError. `reserved` tells names that already are built-in primitives.
 */
export function parseCustomPrimitives(
  text: string,
  file: string,
  reserved: (name: string) => boolean = () => false,
  options: CustomPrimitivesOptions = {},
): CustomPrimitiveDef[] {
  const defs: CustomPrimitiveDef[] = [];
  const problems: string[] = [];
  const seen = new Map<string, string>();
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '' || line.startsWith('!') || line.startsWith('#')) continue;
    const where = `${file}:${i + 1}`;
    const lineProblems: string[] = [];
    const values = new Map<string, string>();
    const pointers: PacketPointerDef[] = [];
    let pointerWords = 0;
    for (const word of line.split(/\s+/)) {
      const eq = word.indexOf('=');
      if (eq <= 0) {
        lineProblems.push(`'${word}' is not a key=value pair (spaces around '=' are not allowed)`);
        continue;
      }
      const key = word.slice(0, eq).toLowerCase();
      const value = word.slice(eq + 1);
      if (!KEYS.includes(key)) {
        lineProblems.push(`unknown key '${key}' (keys: ${KEYS.join(', ')})`);
        continue;
      }
      if (key === 'packet_ptr') {
        if (++pointerWords > MAX_POINTERS) {
          if (pointerWords === MAX_POINTERS + 1) lineProblems.push(`exceeded ${MAX_POINTERS} 'packet_ptr' limit per rule`);
          continue;
        }
        const pointer = parsePacketPointer(value);
        if (typeof pointer === 'string') lineProblems.push(pointer);
        else pointers.push(pointer);
        continue;
      }
      if (values.has(key)) {
        lineProblems.push(`'${key}' is repeated`);
        continue;
      }
      values.set(key, value);
    }
    const name = values.get('name');
    const fieldType = values.get('field_type');
    const len = values.get('len');
    const semantics = values.get('semantics');
    if (name === undefined || name === '') lineProblems.push("'name' is missing");
    else if (!/^[A-Za-z0-9_-]+$/.test(name)) lineProblems.push(`invalid name '${name}' (letters, digits, '_' and '-' only)`);
    else if (reserved(name.toLowerCase())) lineProblems.push(`'${name}' is the name of a built-in primitive`);
    else if (seen.has(name.toLowerCase())) lineProblems.push(`'${name}' is already defined at ${seen.get(name.toLowerCase())}`);
    let pen = 0;
    let id = -1;
    if (fieldType === undefined) {
      if (pointerWords === 0) lineProblems.push("'field_type' or 'packet_ptr' is missing");
    } else {
      const m = /^(?:(\d+):)?(\d+)$/.exec(fieldType);
      if (!m || Number(m[2]) > 0x7fff || (m[1] !== undefined && Number(m[1]) > 0xffffffff)) {
        lineProblems.push(`invalid field_type '${fieldType}' (expected <id> or <PEN>:<id>, id up to 32767)`);
      } else {
        pen = m[1] === undefined ? 0 : Number(m[1]);
        id = Number(m[2]);
      }
    }
    let length = 0;
    if (len === undefined) lineProblems.push("'len' is missing");
    else if (len === 'vlen' && options.daemon === 'sfacctd') lineProblems.push("Invalid length 'vlen' (sfacctd has no variable-length primitives)");
    else if (len === 'vlen') length = CUSTOM_VLEN;
    else if (/^\d+$/.test(len) && Number(len) >= 1 && Number(len) <= MAX_FIXED_LEN) length = Number(len);
    else lineProblems.push(`invalid len '${len}' (bytes from 1 to ${MAX_FIXED_LEN}, or 'vlen')`);
    if (semantics === undefined) lineProblems.push("'semantics' is missing");
    else if (!(SEMANTICS as readonly string[]).includes(semantics)) lineProblems.push(`invalid semantics '${semantics}' (one of ${SEMANTICS.join(', ')})`);
    else if (length === CUSTOM_VLEN && semantics !== 'str' && semantics !== 'raw') lineProblems.push(`'len=vlen' needs semantics 'str' or 'raw', not '${semantics}'`);
    // nfacctd 1.7.7 stops decoding (the core process hangs) on a vlen raw packet_ptr primitive.
    else if (length === CUSTOM_VLEN && semantics === 'raw' && pointerWords > 0) lineProblems.push("'len=vlen' with 'packet_ptr' needs semantics 'str' (pmacct 1.7.7 cannot run a variable-length raw packet_ptr primitive)");

    if (lineProblems.length > 0) {
      for (const p of lineProblems) problems.push(`${where}: ${p}`);
      continue;
    }
    seen.set(name!.toLowerCase(), where);
    defs.push({ name: name!, pen, fieldType: id, pointers, len: length, semantics: semantics as CustomSemantics, where });
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return defs;
}

export function loadCustomPrimitives(file: string, reserved?: (name: string) => boolean, options: CustomPrimitivesOptions = {}): CustomPrimitiveDef[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new ConfigError([`${file}: aggregate_primitives file not found.`]);
  }
  return parseCustomPrimitives(text, file, reserved, options);
}
