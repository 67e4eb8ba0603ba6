/**
 * pmacct's avro_json text: avro-c's avro_value_to_json(value, one_line)
 * (lang/c/src/value-json.c), which builds a jansson tree and dumps it with
 * JSON_INDENT(0) | JSON_ENSURE_ASCII | JSON_PRESERVE_ORDER:
 *  - fields in schema order, jansson's ", " and ": " separators, no newline;
 *  - a union holding null is `null`, any other branch is an object keyed by
 *    the branch's type name: {"long": 5}, {"string": "2016-12-06 10:05:00"};
 *  - a map is an object in insertion order, an empty one `{}`;
 *  - strings escaped as jansson does with ENSURE_ASCII: \" \\ \b \f \n \r \t,
 *    other control characters and every non-ASCII character as \u with
 *    four lower-case hex digits (a UTF-16 pair above U+FFFF);
 *  - a double as C's "%.17g", with ".0" added when that looks like an
 *    integer and the exponent without '+' or leading zeros (jansson's
 *    jsonp_dtostr).
 */
import type { AcctFieldKind } from './acctDataSchema.ts';
import { longText } from './avroLong.ts';

export type AvroJsonValue = string | number | null | Readonly<Record<string, string>>;

/** The field kinds the text knows: acct_data's, and the ints of the BGP records. */
export type AvroJsonKind = AcctFieldKind | 'int' | 'optionalInt';

/** One record as avro_json text. */
export function avroJsonText(kinds: readonly { readonly name: string; readonly kind: AvroJsonKind }[], record: Readonly<Record<string, AvroJsonValue>>): string {
  let out = '{';
  for (let i = 0; i < kinds.length; i++) {
    const { name, kind } = kinds[i]!;
    if (i > 0) out += ', ';
    out += `${janssonString(name)}: ${valueText(kind, record[name] ?? null)}`;
  }
  return out + '}';
}

function valueText(kind: AvroJsonKind, value: AvroJsonValue): string {
  switch (kind) {
    case 'long': return longText(Number(value));
    case 'int': return String(Number(value) | 0);
    case 'optionalInt': return value === null ? 'null' : `{"int": ${Number(value) | 0}}`;
    case 'double': return janssonReal(Number(value));
    case 'string': return janssonString(String(value));
    case 'optionalLong': return value === null ? 'null' : `{"long": ${longText(Number(value))}}`;
    case 'optionalString': return value === null ? 'null' : `{"string": ${janssonString(String(value))}}`;
    case 'stringMap': return mapText(value !== null && typeof value === 'object' ? value : {});
  }
}

function mapText(map: Readonly<Record<string, string>>): string {
  let out = '{';
  let first = true;
  for (const key in map) {
    out += `${first ? '' : ', '}${janssonString(key)}: ${janssonString(map[key]!)}`;
    first = false;
  }
  return out + '}';
}

const NON_ASCII = /[\u007f-\uffff]/g;
/** Printable ASCII without '"' and '\\': written as is. */
const PLAIN = /^[\u0020\u0021\u0023-\u005b\u005d-\u007e]*$/;

/** A JSON string as jansson writes it with JSON_ENSURE_ASCII. */
export function janssonString(s: string): string {
  if (PLAIN.test(s)) return `"${s}"`;
  // JSON.stringify escapes what jansson escapes below U+0080, with the same lower-case \u form;
  // jansson leaves DEL (U+007F) as is and writes every code unit above it as \uXXXX.
  return JSON.stringify(s).replace(NON_ASCII, (c) => (c === '\u007f' ? c : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

/** A double as jansson writes it (C's "%.17g", then made to read as a real). */
export function janssonReal(d: number): string {
  const [mantissa, expText] = d.toExponential(16).split('e') as [string, string];
  const exp = Number(expText);
  let text: string;
  if (exp < -4 || exp >= 17) {
    // %g's exponential form, trailing zeros of the fraction removed.
    text = `${stripFraction(mantissa)}e${exp < 0 ? '-' : ''}${Math.abs(exp)}`;
  } else {
    text = stripFraction(d.toFixed(16 - exp));
  }
  if (Object.is(d, -0)) text = '-0';
  return text.includes('.') || text.includes('e') ? text : `${text}.0`;
}

function stripFraction(s: string): string {
  if (!s.includes('.')) return s;
  const trimmed = s.replace(/0+$/, '');
  return trimmed.endsWith('.') ? trimmed.slice(0, -1) : trimmed;
}
