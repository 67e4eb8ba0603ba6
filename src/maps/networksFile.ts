/**
 * pmacct's networks_file: one network per line,
 *
 *   [<next-hop>,][[<peer AS>_]<origin AS>,]<network>/<mask>
 *
 * with lines starting '!' or '#' (after blanks) and blank lines ignored.
 * As in pmacct 1.7.7 the number of commas decides the layout (1: AS,net;
 * 2: next-hop,AS,net; 3: label,next-hop,AS,net — the label is read and
 * dropped, tsacct has no prefix labels), a bad line is reported and
 * skipped, never fatal, and a network's host bits are cleared.
 *
 * The result is one side table of entries (mask, AS, peer AS, next hop),
 * held column-wise in typed arrays, plus an IPv4 and an IPv6
 * longest-prefix-match table whose values are indexes into it.
 *
 * Loading is a hand-written scan over the file's bytes: a well-formed
 * ASCII line (the usual case) is parsed in place, with no string or object
 * per line. Anything else — a line that is bad, non-ASCII, or in a form
 * the fast scanner does not take (e.g. an IPv6 zone) — goes through the
 * string-based parser, which decides what it means and words its problem;
 * the fast path only ever accepts lines that parser accepts the same way.
 */
import { readFileSync } from 'node:fs';
import { isIPv4, isIPv6 } from 'node:net';
import {
  Ipv4PrefixTableBuilder,
  Ipv6PrefixTableBuilder,
  type Ipv4PrefixTable,
  type Ipv6PrefixTable,
} from '../lookup/prefixTable.ts';
import { AF_INET, AF_INET6, type IpField } from '../model/flowRecord.ts';

export interface NetworksFileEntry {
  /** 4 or 6. */
  family: 4 | 6;
  /** The network in text form, host bits cleared as given. */
  network: string;
  mask: number;
  as: number;
  peerAs: number;
  /** BGP next hop (peer_dst_ip), or null. */
  nextHop: string | null;
  /** 1-based line of the file. */
  line: number;
}

export interface NetworksFileProblem {
  line: number;
  message: string;
}

export interface NetworksTable {
  /** Number of entries; entry i is what v4/v6 lookups return as i. */
  size: number;
  /** Per entry: 4 or 6. */
  families: Uint8Array;
  /** Per entry: the prefix length. */
  masks: Uint8Array;
  asns: Uint32Array;
  peerAsns: Uint32Array;
  /** Per entry: 1-based line of the file. */
  lines: Uint32Array;
  /** Per entry: 1 when the network is 0.0.0.0 / :: (all zero, whatever the mask). */
  zeroNetworks: Uint8Array;
  /** Per entry: 0 (no next hop), 4 or 6. */
  nextHopFamilies: Uint8Array;
  /** 16 bytes per entry, network order (an IPv4 next hop in the first 4); empty when no entry has one. */
  nextHops: Uint8Array;
  /** The entries as objects, built on first use (tests, tools; the data path uses the columns). */
  readonly entries: NetworksFileEntry[];
  v4: Ipv4PrefixTable;
  v6: Ipv6PrefixTable;
  /** Whether a 0.0.0.0/0 or ::/0 is listed (pmacct's networks_file_filter keeps such addresses). */
  defaultRoute4: boolean;
  defaultRoute6: boolean;
  problems: NetworksFileProblem[];
}

/** The entry whose network holds the address (longest match), or -1. */
export function networkIdOf(table: NetworksTable, host: IpField): number {
  if (host.family === AF_INET) return table.v4.lookupBytes(host.bytes, 0);
  if (host.family === AF_INET6) return table.v6.lookup(host.bytes, 0);
  return -1;
}

/** Parses the text of a networks_file; `name` prefixes the problem messages. */
export function parseNetworksFile(text: string, name = 'networks_file'): NetworksTable {
  // Lone surrogates do not survive a round trip through UTF-8: such text is read line by line as strings.
  if (!text.isWellFormed()) return parseLines(text, name);
  return parseBytes(Buffer.from(text, 'utf8'), name);
}

export function loadNetworksFile(path: string): NetworksTable {
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (err) {
    throw new Error(`networks_file: cannot read '${path}': ${(err as Error).message}`);
  }
  return parseBytes(buf, path);
}

// ---------------------------------------------------------------------------
// The side table, column-wise.

class Columns {
  size = 0;
  families: Uint8Array;
  masks: Uint8Array;
  asns: Uint32Array;
  peerAsns: Uint32Array;
  lines: Uint32Array;
  zeroNetworks: Uint8Array;
  nextHopFamilies: Uint8Array;
  nextHops: Uint8Array = new Uint8Array(0);
  /** Byte offset of each entry's line (to rebuild `entries`); unused when parsed from strings. */
  lineStarts: Uint32Array;

  constructor(capacity: number) {
    this.families = new Uint8Array(capacity);
    this.masks = new Uint8Array(capacity);
    this.asns = new Uint32Array(capacity);
    this.peerAsns = new Uint32Array(capacity);
    this.lines = new Uint32Array(capacity);
    this.zeroNetworks = new Uint8Array(capacity);
    this.nextHopFamilies = new Uint8Array(capacity);
    this.lineStarts = new Uint32Array(capacity);
  }

  get capacity(): number {
    return this.masks.length;
  }

  /** Appends an entry (capacity permitting) and returns its index. */
  push(family: 4 | 6, mask: number, as: number, peerAs: number, line: number, zero: boolean, lineStart: number): number {
    if (this.size === this.capacity) this.grow();
    const i = this.size++;
    this.families[i] = family;
    this.masks[i] = mask;
    this.asns[i] = as;
    this.peerAsns[i] = peerAs;
    this.lines[i] = line;
    this.zeroNetworks[i] = zero ? 1 : 0;
    this.lineStarts[i] = lineStart;
    return i;
  }

  /** Sets entry i's next hop from 4 or 16 bytes at `src`. */
  setNextHop(i: number, family: 4 | 6, src: Uint8Array): void {
    if (this.nextHops.length === 0) this.nextHops = new Uint8Array(this.capacity * 16);
    this.nextHopFamilies[i] = family;
    this.nextHops.set(family === 4 ? src.subarray(0, 4) : src.subarray(0, 16), i * 16);
  }

  private grow(): void {
    const n = Math.max(16, this.capacity * 2);
    const g = <T extends Uint8Array | Uint32Array>(a: T, per = 1): T => {
      const b = new (a.constructor as new (n: number) => T)(n * per);
      b.set(a);
      return b;
    };
    this.families = g(this.families);
    this.masks = g(this.masks);
    this.asns = g(this.asns);
    this.peerAsns = g(this.peerAsns);
    this.lines = g(this.lines);
    this.zeroNetworks = g(this.zeroNetworks);
    this.nextHopFamilies = g(this.nextHopFamilies);
    this.lineStarts = g(this.lineStarts);
    if (this.nextHops.length > 0) this.nextHops = g(this.nextHops, 16);
  }

  /** Drops the spare capacity. */
  trim(): void {
    const n = this.size;
    if (n === this.capacity) return;
    this.families = this.families.slice(0, n);
    this.masks = this.masks.slice(0, n);
    this.asns = this.asns.slice(0, n);
    this.peerAsns = this.peerAsns.slice(0, n);
    this.lines = this.lines.slice(0, n);
    this.zeroNetworks = this.zeroNetworks.slice(0, n);
    this.nextHopFamilies = this.nextHopFamilies.slice(0, n);
    this.lineStarts = this.lineStarts.slice(0, n);
    if (this.nextHops.length > 0) this.nextHops = this.nextHops.slice(0, n * 16);
  }
}

function makeTable(
  cols: Columns,
  b4: Ipv4PrefixTableBuilder,
  b6: Ipv6PrefixTableBuilder,
  defaultRoute4: boolean,
  defaultRoute6: boolean,
  problems: NetworksFileProblem[],
  entryAt: (i: number) => NetworksFileEntry,
): NetworksTable {
  cols.trim();
  let entries: NetworksFileEntry[] | null = null;
  return {
    size: cols.size,
    families: cols.families,
    masks: cols.masks,
    asns: cols.asns,
    peerAsns: cols.peerAsns,
    lines: cols.lines,
    zeroNetworks: cols.zeroNetworks,
    nextHopFamilies: cols.nextHopFamilies,
    nextHops: cols.nextHops,
    get entries(): NetworksFileEntry[] {
      if (entries === null) {
        entries = new Array<NetworksFileEntry>(cols.size);
        for (let i = 0; i < cols.size; i++) entries[i] = entryAt(i);
      }
      return entries;
    },
    v4: b4.build(),
    v6: b6.build(),
    defaultRoute4,
    defaultRoute6,
    problems,
  };
}

// ---------------------------------------------------------------------------
// The string-based parser of one line: the reference for what a line means.

type SlowLine =
  | { kind: 'skip' }
  | { kind: 'problem'; message: string }
  | { kind: 'entry'; entry: NetworksFileEntry };

const SKIP: SlowLine = { kind: 'skip' };

function parseLineText(raw: string, lineNo: number): SlowLine {
  const trimmed = raw.replace(/\r$/, '').trim();
  if (trimmed === '' || trimmed.startsWith('!') || trimmed.startsWith('#')) return SKIP;
  const problem = (message: string): SlowLine => ({ kind: 'problem', message });
  const fields = trimmed.split(',').map((f) => f.trim());
  let k = 0;
  if (fields.length >= 4) k++; // prefix label: read and dropped
  let nextHop: string | null = null;
  if (fields.length >= 3) {
    const nh = fields[k++]!;
    if (nh !== '') {
      if (!isIPv4(nh) && !isIPv6(nh)) return problem(`Invalid next-hop '${nh}'. Ignoring.`);
      nextHop = nh;
    }
  }
  let as = 0;
  let peerAs = 0;
  if (fields.length >= 2) {
    const asField = fields[k++]!;
    const us = asField.indexOf('_');
    const asText = us >= 0 ? asField.slice(us + 1) : asField;
    const peerText = us >= 0 ? asField.slice(0, us) : '';
    const parsedAs = parseAsn(asText);
    const parsedPeer = us >= 0 ? parseAsn(peerText) : 0;
    if (parsedAs === null || parsedPeer === null) return problem(`Invalid AS number '${asField}'. Ignoring.`);
    as = parsedAs;
    peerAs = parsedPeer;
  }
  const netField = fields[k]!;
  const slash = netField.indexOf('/');
  if (slash < 0) return problem(`Missing '/' separator. Ignoring.`);
  const net = netField.slice(0, slash);
  const maskText = netField.slice(slash + 1);
  if (!/^\d+$/.test(maskText)) return problem(`Invalid network mask '${maskText}'.`);
  const mask = Number(maskText);
  let family: 4 | 6;
  if (isIPv4(net)) {
    family = 4;
    if (mask > 32) return problem(`Invalid network mask '${mask}'.`);
  } else if (isIPv6(net)) {
    family = 6;
    if (mask > 128) return problem(`Invalid network mask '${mask}'.`);
  } else {
    return problem(`Invalid network '${net}'. Ignoring.`);
  }
  return { kind: 'entry', entry: { family, network: net, mask, as, peerAs, nextHop, line: lineNo } };
}

function parseAsn(text: string): number | null {
  if (!/^\d+$/.test(text)) return null;
  const n = Number(text);
  return n <= 0xffffffff ? n : null;
}

/** Adds a line parsed from text; returns its problem message, or null. */
function addSlowLine(
  raw: string, lineNo: number, lineStart: number, cols: Columns,
  b4: Ipv4PrefixTableBuilder, b6: Ipv6PrefixTableBuilder, scratch: Uint8Array,
): { problem: string | null; default4: boolean; default6: boolean } {
  const r = parseLineText(raw, lineNo);
  if (r.kind === 'skip') return { problem: null, default4: false, default6: false };
  if (r.kind === 'problem') return { problem: r.message, default4: false, default6: false };
  const e = r.entry;
  const zero = /^[0.:]*$/.test(e.network);
  const i = cols.push(e.family, e.mask, e.as, e.peerAs, lineNo, zero, lineStart);
  if (e.family === 4) b4.add(ipv4ToNumber(e.network), e.mask, i);
  else {
    ipv6ToBytes(e.network, scratch);
    b6.add(scratch, 0, e.mask, i);
  }
  if (e.nextHop !== null) {
    if (e.nextHop.includes(':')) {
      ipv6ToBytes(e.nextHop, scratch);
      cols.setNextHop(i, 6, scratch);
    } else {
      const v = ipv4ToNumber(e.nextHop);
      scratch[0] = v >>> 24;
      scratch[1] = (v >>> 16) & 0xff;
      scratch[2] = (v >>> 8) & 0xff;
      scratch[3] = v & 0xff;
      cols.setNextHop(i, 4, scratch);
    }
  }
  return { problem: null, default4: e.family === 4 && e.mask === 0, default6: e.family === 6 && e.mask === 0 };
}

/**
 * Every line through the string parser: for text that is not well-formed
 * UTF-16, and as the reference the byte scanner is tested against.
 */
export function parseNetworksFileLines(text: string, name = 'networks_file'): NetworksTable {
  return parseLines(text, name);
}

function parseLines(text: string, name: string): NetworksTable {
  const lines = text.split('\n');
  const cols = new Columns(lines.length);
  const b4 = new Ipv4PrefixTableBuilder();
  const b6 = new Ipv6PrefixTableBuilder();
  const problems: NetworksFileProblem[] = [];
  const scratch = new Uint8Array(16);
  let d4 = false;
  let d6 = false;
  for (let i = 0; i < lines.length; i++) {
    const r = addSlowLine(lines[i]!, i + 1, 0, cols, b4, b6, scratch);
    if (r.problem !== null) problems.push({ line: i + 1, message: `[${name}:${i + 1}] ${r.problem}` });
    d4 ||= r.default4;
    d6 ||= r.default6;
  }
  return makeTable(cols, b4, b6, d4, d6, problems, (i) => (parseLineText(lines[cols.lines[i]! - 1]!, cols.lines[i]!) as { entry: NetworksFileEntry }).entry);
}

// ---------------------------------------------------------------------------
// The byte scanner.

const NL = 0x0a;
const COMMA = 0x2c;
const SLASH = 0x2f;
const COLON = 0x3a;
const DOT = 0x2e;
const UNDERSCORE = 0x5f;

/** The ASCII characters String.prototype.trim removes: \t \n \v \f \r and space. */
function isBlank(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

/** Up to 4 fields per line: [start, end) of each, blanks trimmed. */
const fieldStart = new Int32Array(4);
const fieldEnd = new Int32Array(4);
/** Offsets of a line's first 3 commas. */
const commaAt = new Int32Array(3);

function nextComma(b: Uint8Array, a: number, z: number): number {
  while (a < z && b[a] !== COMMA) a++;
  return a;
}

function parseBytes(b: Uint8Array, name: string): NetworksTable {
  const len = b.length;
  // About 20 bytes a line; the columns grow when that is short.
  const cols = new Columns(Math.max(16, Math.ceil(len / 16)));
  const b4 = new Ipv4PrefixTableBuilder();
  const b6 = new Ipv6PrefixTableBuilder();
  const problems: NetworksFileProblem[] = [];
  const addr = new Uint8Array(16);
  const nh = new Uint8Array(16);
  let defaultRoute4 = false;
  let defaultRoute6 = false;
  const text = (s: number, e: number): string => Buffer.prototype.utf8Slice.call(b, s, e) as string;

  let lineNo = 0;
  let ls = 0;
  while (ls <= len) {
    lineNo++;
    // The line is [ls, le); its fields are found on the way.
    let le = ls;
    let high = 0;
    let commas = 0;
    for (; le < len; le++) {
      const c = b[le]!;
      if (c === NL) break;
      high |= c;
      if (c === COMMA) {
        if (commas < 3) commaAt[commas] = le;
        commas++;
      }
    }
    const next = le + 1;
    // Leading blanks, then comments and blank lines.
    let s = ls;
    while (s < le && isBlank(b[s]!)) s++;
    if (s === le || b[s] === 0x21 /* ! */ || b[s] === 0x23 /* # */) {
      ls = next;
      continue;
    }
    if (high < 0x80 && fastLine(b, ls, le, commas, lineNo, cols, b4, b6, addr, nh)) {
      const i = cols.size - 1;
      if (cols.masks[i] === 0) {
        if (cols.families[i] === 4) defaultRoute4 = true;
        else defaultRoute6 = true;
      }
    } else {
      const r = addSlowLine(text(ls, le), lineNo, ls, cols, b4, b6, addr);
      if (r.problem !== null) problems.push({ line: lineNo, message: `[${name}:${lineNo}] ${r.problem}` });
      defaultRoute4 ||= r.default4;
      defaultRoute6 ||= r.default6;
    }
    ls = next;
  }
  return makeTable(cols, b4, b6, defaultRoute4, defaultRoute6, problems, (i) => {
    const start = cols.lineStarts[i]!;
    let end = start;
    while (end < len && b[end] !== NL) end++;
    return (parseLineText(text(start, end), cols.lines[i]!) as { entry: NetworksFileEntry }).entry;
  });
}

/**
 * Parses an ASCII line that is not blank nor a comment, adding its entry;
 * false when the line is bad or in a form left to the string parser
 * (nothing is added then).
 */
function fastLine(
  b: Uint8Array, ls: number, le: number, commas: number, lineNo: number, cols: Columns,
  b4: Ipv4PrefixTableBuilder, b6: Ipv6PrefixTableBuilder, addr: Uint8Array, nh: Uint8Array,
): boolean {
  // Fields: with 4 or more, the 4th is the network and the rest is ignored.
  const nf = commas >= 3 ? 4 : commas + 1;
  for (let f = 0; f < nf; f++) {
    let a = f === 0 ? ls : commaAt[f - 1]! + 1;
    // The 4th field runs to the next comma, if any (fields past it are ignored).
    let z = f < commas ? (f < 3 ? commaAt[f]! : nextComma(b, a, le)) : le;
    while (a < z && isBlank(b[a]!)) a++;
    while (z > a && isBlank(b[z - 1]!)) z--;
    fieldStart[f] = a;
    fieldEnd[f] = z;
  }
  let k = nf >= 4 ? 1 : 0;
  let nhFamily = 0;
  if (nf >= 3) {
    const a = fieldStart[k]!;
    const z = fieldEnd[k]!;
    k++;
    if (a < z) {
      if (hasByte(b, a, z, COLON)) {
        if (!parseV6(b, a, z, nh)) return false;
        nhFamily = 6;
      } else {
        const v = parseV4(b, a, z);
        if (v < 0) return false;
        nh[0] = v >>> 24;
        nh[1] = (v >>> 16) & 0xff;
        nh[2] = (v >>> 8) & 0xff;
        nh[3] = v & 0xff;
        nhFamily = 4;
      }
    }
  }
  let as = 0;
  let peerAs = 0;
  if (nf >= 2) {
    const a = fieldStart[k]!;
    const z = fieldEnd[k]!;
    k++;
    let us = a;
    while (us < z && b[us] !== UNDERSCORE) us++;
    if (us < z) {
      peerAs = parseDigits(b, a, us);
      as = parseDigits(b, us + 1, z);
      if (peerAs < 0 || as < 0) return false;
    } else {
      as = parseDigits(b, a, z);
      if (as < 0) return false;
    }
  }
  const a = fieldStart[k]!;
  const z = fieldEnd[k]!;
  let slash = a;
  while (slash < z && b[slash] !== SLASH) slash++;
  if (slash === z) return false;
  const mask = parseDigits(b, slash + 1, z);
  if (mask < 0) return false;
  if (hasByte(b, a, slash, COLON)) {
    if (mask > 128 || !parseV6(b, a, slash, addr)) return false;
    let zero = true;
    for (let j = 0; j < 16; j++) if (addr[j] !== 0) zero = false;
    const i = cols.push(6, mask, as, peerAs, lineNo, zero, ls);
    b6.add(addr, 0, mask, i);
    if (nhFamily !== 0) cols.setNextHop(i, nhFamily as 4 | 6, nh);
  } else {
    if (mask > 32) return false;
    const v = parseV4(b, a, slash);
    if (v < 0) return false;
    const i = cols.push(4, mask, as, peerAs, lineNo, v === 0, ls);
    b4.add(v, mask, i);
    if (nhFamily !== 0) cols.setNextHop(i, nhFamily as 4 | 6, nh);
  }
  return true;
}

function hasByte(b: Uint8Array, a: number, z: number, c: number): boolean {
  for (let p = a; p < z; p++) if (b[p] === c) return true;
  return false;
}

/** A non-empty run of decimal digits up to 2^32 - 1, or -1. */
function parseDigits(b: Uint8Array, a: number, z: number): number {
  if (a >= z) return -1;
  let v = 0;
  for (let p = a; p < z; p++) {
    const d = b[p]! - 0x30;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
    if (v > 0xffffffff) return -1;
  }
  return v;
}

/** One IPv4 octet as net.isIPv4 takes it (0-255, no leading zero), or -1. */
function parseOctet(b: Uint8Array, a: number, z: number): number {
  const n = z - a;
  if (n < 1 || n > 3) return -1;
  if (n > 1 && b[a] === 0x30) return -1;
  let v = 0;
  for (let p = a; p < z; p++) {
    const d = b[p]! - 0x30;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v <= 255 ? v : -1;
}

/** A dotted-quad IPv4 address in [a, z) as a host-order uint32, or -1 (when net.isIPv4 would say no). */
function parseV4(b: Uint8Array, a: number, z: number): number {
  let v = 0;
  let s = a;
  for (let o = 0; o < 4; o++) {
    let e = s;
    while (e < z && b[e] !== DOT) e++;
    if ((o < 3) !== (e < z)) return -1;
    const x = parseOctet(b, s, e);
    if (x < 0) return -1;
    v = (v << 8) | x;
    s = e + 1;
  }
  return v >>> 0;
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const l = c | 0x20;
  if (l >= 0x61 && l <= 0x66) return l - 0x61 + 10;
  return -1;
}

const groups = new Uint16Array(8);

/**
 * An IPv6 address in [a, z) into out[0..16), true when it is one net.isIPv6
 * takes: 1-4 hex digit groups, at most one '::', an optional dotted-quad
 * tail; no zone (those are left to the string parser).
 */
function parseV6(b: Uint8Array, a: number, z: number, out: Uint8Array): boolean {
  let n = 0;
  let dbl = -1;
  let p = a;
  if (p < z && b[p] === COLON) {
    if (p + 1 >= z || b[p + 1] !== COLON) return false;
    dbl = 0;
    p += 2;
  }
  while (p < z) {
    // One group: hex digits up to ':' or the end, or a dotted-quad tail.
    let e = p;
    let dots = false;
    while (e < z && b[e] !== COLON) {
      if (b[e] === DOT) dots = true;
      e++;
    }
    if (e === p) return false;
    if (dots) {
      if (e !== z || n > 6) return false;
      const v = parseV4(b, p, e);
      if (v < 0) return false;
      groups[n++] = v >>> 16;
      groups[n++] = v & 0xffff;
      p = e;
      break;
    }
    if (e - p > 4 || n >= 8) return false;
    let g = 0;
    for (let q = p; q < e; q++) {
      const h = hexValue(b[q]!);
      if (h < 0) return false;
      g = (g << 4) | h;
    }
    groups[n++] = g;
    p = e;
    if (p === z) break;
    p++; // ':'
    if (p < z && b[p] === COLON) {
      if (dbl >= 0) return false;
      dbl = n;
      p++;
    } else if (p === z) return false; // a single trailing ':'
  }
  if (dbl >= 0 ? n > 7 : n !== 8) return false;
  out.fill(0);
  if (dbl < 0) dbl = n;
  for (let g = 0; g < dbl; g++) {
    out[g * 2] = groups[g]! >>> 8;
    out[g * 2 + 1] = groups[g]! & 0xff;
  }
  const tail = n - dbl;
  for (let g = 0; g < tail; g++) {
    const o = (8 - tail + g) * 2;
    out[o] = groups[dbl + g]! >>> 8;
    out[o + 1] = groups[dbl + g]! & 0xff;
  }
  return true;
}

// ---------------------------------------------------------------------------
// Text addresses (valid ones), for callers holding strings.

export function ipv4ToNumber(text: string): number {
  const p = text.split('.');
  return ((Number(p[0]) << 24) | (Number(p[1]) << 16) | (Number(p[2]) << 8) | Number(p[3])) >>> 0;
}

/** Writes the 16 bytes of a valid IPv6 text address (incl. an embedded IPv4 tail) into `out`. */
export function ipv6ToBytes(text: string, out: Uint8Array): void {
  out.fill(0);
  let s = text;
  const lastColon = s.lastIndexOf(':');
  if (s.indexOf('.', lastColon) >= 0) {
    const v4 = ipv4ToNumber(s.slice(lastColon + 1));
    s = `${s.slice(0, lastColon + 1)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const dbl = s.indexOf('::');
  const parse = (part: string): number[] => (part === '' ? [] : part.split(':').map((h) => parseInt(h, 16)));
  let groups: number[];
  if (dbl >= 0) {
    const head = parse(s.slice(0, dbl));
    const rest = parse(s.slice(dbl + 2));
    const zeros = 8 - head.length - rest.length;
    groups = [...head, ...new Array<number>(zeros).fill(0), ...rest];
  } else {
    groups = parse(s);
  }
  for (let g = 0; g < 8; g++) {
    out[g * 2] = (groups[g]! >>> 8) & 0xff;
    out[g * 2 + 1] = groups[g]! & 0xff;
  }
}

/** For tests: the fast IPv4/IPv6 scanners on a string's bytes (null when they leave it to net.isIP*). */
export function fastParseAddress(text: string): { family: 4 | 6; bytes: Uint8Array } | null {
  const b = Buffer.from(text, 'latin1');
  const out = new Uint8Array(16);
  if (hasByte(b, 0, b.length, COLON)) return parseV6(b, 0, b.length, out) ? { family: 6, bytes: out } : null;
  const v = parseV4(b, 0, b.length);
  if (v < 0) return null;
  return { family: 4, bytes: Uint8Array.of(v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff) };
}
