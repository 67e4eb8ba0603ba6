// Turning the text after ':' into the typed value of a key, or saying why it
// is not valid. pmacct mostly warns and ignores a bad value; tsacct refuses it.
// The accepted forms follow what the 1.7.7 binary accepts (see configKey.ts for
// the types); messages are tsacct's own.
import { isIP } from 'node:net';
import type { ConfigKey } from './configKey.ts';
import { checkRoundoff, parseDuration } from './durations.ts';
import { resolveAccountId } from './systemAccounts.ts';

// bool for 'bool'; number for int, seconds, octal, uid, gid; string[] for list;
// string for the others (enums in their canonical spelling, durations and
// roundoffs as written).
export type ConfigValue = boolean | number | string | readonly string[];

export type ValueOutcome = { value: ConfigValue } | { problem: string };

// Array.isArray does not narrow to a readonly array type.
export function isStringList(value: ConfigValue | undefined): value is readonly string[] {
  return Array.isArray(value);
}

/**
 * Keys whose empty value means something: pmacct 1.7.7 logs in with an empty
 * sql_passwd (seen against MariaDB's password-less root), not its default.
 */
const EMPTY_VALUE_KEYS: ReadonlySet<string> = new Set(['sql_passwd']);

export function parseConfigValue(key: ConfigKey, text: string): ValueOutcome {
  if (text === '' && EMPTY_VALUE_KEYS.has(key.name)) return { value: '' };
  if (text === '' && key.type !== 'list') return { problem: `'${key.name}' needs a value` };
  const outcome = parseByType(key, text);
  if ('problem' in outcome) return outcome;
  const extraProblem = KEY_SPECIFIC_CHECKS[key.name]?.(text);
  if (extraProblem !== undefined) return { problem: `'${key.name}' ${extraProblem}; got '${text}'` };
  // The binary prints a tab for '\t' and a space for '\s': readers get the character.
  if (key.name === 'print_output_separator') return { value: separatorCharacter(text) };
  return outcome;
}

function parseByType(key: ConfigKey, text: string): ValueOutcome {
  const refuse = (expectation: string): ValueOutcome => ({ problem: `'${key.name}' ${expectation}; got '${text}'` });
  switch (key.type) {
    case 'bool': {
      const lower = text.toLowerCase();
      if (lower === 'true' || lower === 'false') return { value: lower === 'true' };
      return refuse('expects true or false');
    }
    case 'int':
      return parseInteger(key, text, /^[+-]?\d+$/, 10, refuse, 'an integer');
    case 'seconds':
      return parseInteger(key, text, /^\d+$/, 10, refuse, 'a number of seconds');
    case 'octal':
      return parseInteger(key, text, /^[0-7]+$/, 8, refuse, 'an octal number');
    case 'uid':
    case 'gid': {
      const kind = key.type === 'uid' ? 'user' : 'group';
      const id = resolveAccountId(kind, text);
      return id === undefined ? refuse(`expects an existing ${kind} name or id`) : { value: id };
    }
    case 'ip':
      return isIP(text) === 0 ? refuse('expects an IPv4 or IPv6 address') : { value: text };
    case 'enum': {
      const canonical = key.values?.find((value) => value.toLowerCase() === text.toLowerCase());
      return canonical === undefined ? refuse(`expects one of ${(key.values ?? []).join(', ')}`) : { value: canonical };
    }
    case 'list':
      return { value: splitList(text, key.lowerCase === true) };
    case 'duration': {
      const duration = parseDuration(text);
      return typeof duration === 'string' ? refuse(duration) : { value: text };
    }
    case 'roundoff': {
      const problem = checkRoundoff(text);
      return problem === undefined ? { value: text } : refuse(problem);
    }
    case 'string':
    case 'path':
      return { value: text };
  }
}

function parseInteger(
  key: ConfigKey,
  text: string,
  syntax: RegExp,
  radix: number,
  refuse: (expectation: string) => ValueOutcome,
  what: string,
): ValueOutcome {
  const expectation = `expects ${what}${rangeText(key, radix)}`;
  if (!syntax.test(text)) return refuse(expectation);
  const value = radix === 10 ? Number(text) : parseInt(text, radix);
  if (!Number.isSafeInteger(value)) return refuse(expectation);
  if (key.min !== undefined && value < key.min) return refuse(expectation);
  if (key.max !== undefined && value > key.max) return refuse(expectation);
  return { value };
}

function rangeText(key: ConfigKey, radix: number): string {
  const show = (n: number): string => (radix === 8 ? n.toString(8).padStart(3, '0') : String(n));
  if (key.min !== undefined && key.max !== undefined) return ` from ${show(key.min)} to ${show(key.max)}`;
  if (key.min !== undefined) return ` of at least ${show(key.min)}`;
  if (key.max !== undefined) return ` of at most ${show(key.max)}`;
  return '';
}

// pmacct tolerates empty items ('src_host,,dst_host' and a trailing comma).
export function splitList(text: string, lowerCase: boolean): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '')
    .map((item) => (lowerCase ? item.toLowerCase() : item));
}

// Checks a key needs beyond its type, from the 1.7.7 binary's own refusals.
const KEY_SPECIFIC_CHECKS: Readonly<Record<string, (text: string) => string | undefined>> = {
  // One character, or the escapes \t and \s the binary also takes.
  print_output_separator: (text) =>
    text.length === 1 || text === '\\t' || text === '\\s' ? undefined : 'expects a single character, \\t or \\s',
  sql_delimiter: (text) => (text.length === 1 ? undefined : 'expects a single character'),
  // The binary: "time-based '%' variables not allowed".
  print_latest_file: (text) => (text.includes('%') ? "cannot contain time-based '%' variables" : undefined),
};

// The separator character a print_output_separator value stands for.
function separatorCharacter(text: string): string {
  if (text === '\\t') return '\t';
  if (text === '\\s') return ' ';
  return text;
}
