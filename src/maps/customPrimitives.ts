/**
 * The `aggregate_primitives` map (pmacct's primitives.lst): one custom
 * primitive per line, `key=value` words separated by blanks:
 *
 *   name=mtla      field_type=47        len=4     semantics=ip
 *   name=alu_91    field_type=637:91    len=2     semantics=hex
 *   name=url       field_type=5951:130  len=vlen  semantics=str
 *
 * tsacct reads the NetFlow v9/IPFIX part (field_type, optionally with a
 * PEN); `packet_ptr` (pmacctd/uacctd, sFlow sampled headers, IPFIX
 * dataLinkFrameSection) is refused by name until those sources exist.
 */
import { readFileSync } from 'node:fs';
import { ConfigError } from '../config/configError.ts';
import { CUSTOM_VLEN, type CustomPrimitiveDef, type CustomSemantics } from '../model/customPrimitive.ts';

export { CUSTOM_VLEN, type CustomPrimitiveDef, type CustomSemantics };

const SEMANTICS: readonly CustomSemantics[] = ['u_int', 'hex', 'ip', 'mac', 'str', 'raw'];
const KEYS = ['name', 'field_type', 'len', 'semantics', 'packet_ptr'];
/** pmacct's buffer for a fixed-length primitive's value; a generous bound, not a pmacct limit. */
const MAX_FIXED_LEN = 1024;

/**
 * Parses the map text; every problem is reported (file:line) in one
 * ConfigError. `reserved` tells names that already are built-in primitives.
 */
export function parseCustomPrimitives(text: string, file: string, reserved: (name: string) => boolean = () => false): CustomPrimitiveDef[] {
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
        lineProblems.push("'packet_ptr' (pmacctd/uacctd and sFlow sampled headers, IPFIX dataLinkFrameSection) is not supported by tsacct yet: define the primitive by 'field_type' for NetFlow v9/IPFIX");
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
      if (!lineProblems.some((p) => p.includes('packet_ptr'))) lineProblems.push("'field_type' is missing");
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
    else if (len === 'vlen') length = CUSTOM_VLEN;
    else if (/^\d+$/.test(len) && Number(len) >= 1 && Number(len) <= MAX_FIXED_LEN) length = Number(len);
    else lineProblems.push(`invalid len '${len}' (bytes from 1 to ${MAX_FIXED_LEN}, or 'vlen')`);
    if (semantics === undefined) lineProblems.push("'semantics' is missing");
    else if (!(SEMANTICS as readonly string[]).includes(semantics)) lineProblems.push(`invalid semantics '${semantics}' (one of ${SEMANTICS.join(', ')})`);
    else if (length === CUSTOM_VLEN && semantics !== 'str' && semantics !== 'raw') lineProblems.push(`'len=vlen' needs semantics 'str' or 'raw', not '${semantics}'`);

    if (lineProblems.length > 0) {
      for (const p of lineProblems) problems.push(`${where}: ${p}`);
      continue;
    }
    seen.set(name!.toLowerCase(), where);
    defs.push({ name: name!, pen, fieldType: id, len: length, semantics: semantics as CustomSemantics, where });
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return defs;
}

export function loadCustomPrimitives(file: string, reserved?: (name: string) => boolean): CustomPrimitiveDef[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new ConfigError([`${file}: aggregate_primitives file not found.`]);
  }
  return parseCustomPrimitives(text, file, reserved);
}
