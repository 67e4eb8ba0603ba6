/**
 * What pmacct's map files (pre_tag_map, sampling_map: load_id_file) have in
 * common: reading the file, the lines it skips or cuts (comments, empty
 * lines, maps_row_len, maps_entries), splitting a line into `key=value`
 * tokens, and the IP prefixes their `ip`/`*_net`/`*nexthop` keys take, with
 * pmacct's warnings. Each map parses its own keys.
 */
import { readFileSync } from 'node:fs';
import { ConfigError } from '../config/configError.ts';
import { AF_INET, AF_INET6, type IpField } from '../model/flowRecord.ts';
import { parseIp } from '../model/ipText.ts';

export interface MapFileOptions {
  /** maps_entries: rules beyond this are cut, with a warning (default 384). */
  maxEntries?: number;
  /** maps_row_len: longer lines are ignored with a warning (default 256). */
  maxRowLength?: number;
  warn?: (message: string) => void;
}

/** A problem that makes pmacct drop the line: "[file:line] <message> Line ignored." */
export class LineProblem extends Error {}

/** The map file's text; a missing or unreadable file is a ConfigError (pmacct exits too). */
export function readMapFile(file: string, key: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    throw new ConfigError([`${file}: ${key} file not found.`]);
  }
}

/**
 * Calls `handle` with the tokens and number of every line that holds a
 * rule, after pmacct's checks: comments ('!') and empty lines skipped, the
 * file cut once `used()` rules fill maps_entries, over-long lines and lines
 * with a '|' dropped with its warnings. splitKeyValue() then takes each
 * token apart.
 */
export function forEachMapLine(
  text: string,
  file: string,
  options: MapFileOptions,
  used: () => number,
  handle: (tokens: string[], lineNo: number) => void,
): void {
  const warn = options.warn ?? (() => {});
  const maxEntries = options.maxEntries ?? 384;
  const maxRow = options.maxRowLength ?? 256;
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const line = lines[i]!;
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('!')) continue;
    if (used() >= maxEntries) {
      warn(`[${file}] file cut to the first ${maxEntries} entries. Number of entries can be configured via 'maps_entries'.`);
      break;
    }
    if (line.length + 1 > maxRow - 1) {
      warn(`[${file}:${lineNo}] line too long (max ${maxRow} chars). Ignored.`);
      continue;
    }
    const tokens = splitMapLine(line);
    if (tokens === null) {
      warn(`[${file}:${lineNo}] malformed line. Ignored.`);
      continue;
    }
    handle(tokens, lineNo);
  }
}

/**
 * pmacct's line splitting (mark_columns, trim_all_spaces, strip_quotes):
 * blanks outside single quotes separate tokens, blanks inside them are kept
 * (filter='tcp and port 80'), the quotes are dropped; '|' (its internal
 * separator) makes the line malformed (null).
 */
function splitMapLine(line: string): string[] | null {
  if (line.includes('|')) return null;
  const tokens: string[] = [];
  let cur = '';
  let quoted = false;
  for (const ch of line) {
    if (ch === "'") {
      quoted = !quoted;
      continue;
    }
    if (!quoted && (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n')) {
      if (cur !== '') tokens.push(cur);
      cur = '';
      continue;
    }
    cur += ch;
  }
  if (cur !== '') tokens.push(cur);
  return tokens;
}

/** A `key=value` token's parts; null (a malformed line for pmacct) without a key or a value. */
export function splitKeyValue(token: string): [key: string, value: string] | null {
  const eq = token.indexOf('=');
  if (eq <= 0 || eq === token.length - 1) return null;
  return [token.slice(0, eq), token.slice(eq + 1)];
}

/** An address prefix read from a map: AF_INET / AF_INET6, the network bytes (host bits cleared), the length. */
export interface MapPrefix {
  family: number;
  net: Uint8Array;
  bits: number;
}

/** An IPv4/IPv6 address or prefix, its host bits cleared; "Bad <what> '<value>'." otherwise. */
export function parseMapPrefix(what: string, value: string): MapPrefix {
  const slash = value.indexOf('/');
  const addr = slash < 0 ? value : value.slice(0, slash);
  const net = new Uint8Array(16);
  const family = parseIp(addr, net);
  if (family !== AF_INET && family !== AF_INET6) throw new LineProblem(`Bad ${what} '${value}'.`);
  const max = family === AF_INET ? 32 : 128;
  let bits = max;
  if (slash >= 0) {
    const t = value.slice(slash + 1);
    if (!/^\d+$/.test(t) || Number(t) > max) throw new LineProblem(`Bad ${what} '${value}'.`);
    bits = Number(t);
  }
  // Keep only the network part so the per-record compare is a plain masked equality.
  for (let i = 0; i < 16; i++) {
    const keep = Math.max(0, Math.min(8, bits - i * 8));
    net[i]! &= (0xff << (8 - keep)) & 0xff;
  }
  return { family, net, bits };
}

/** Whether `addr` lies in the prefix `net`/`bits` (net's host bits cleared). */
export function prefixMatch(addr: IpField, net: Uint8Array, bits: number): boolean {
  const b = addr.bytes;
  let i = 0;
  for (; bits >= 8; bits -= 8, i++) if (b[i] !== net[i]) return false;
  if (bits > 0) {
    const mask = (0xff << (8 - bits)) & 0xff;
    if ((b[i]! & mask) !== net[i]) return false;
  }
  return true;
}
