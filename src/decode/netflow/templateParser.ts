/**
 * Reads template and options template sets (v9 flowsets 0 and 1, IPFIX
 * sets 2 and 3) into an observation domain's template cache, including
 * IPFIX withdrawals (field count 0; template id = set id withdraws all).
 * A template announced again unchanged keeps its compiled plan.
 *
 * Every length is checked against the set before it is used; a bad
 * template is counted and skipped, and parsing stops at the first record
 * that does not fit in its set.
 */
import type { ExporterState, DomainState } from './exporterState.ts';
import type { MalformedKind } from './malformedKind.ts';
import { compileOptionsLayout } from './optionsLayout.ts';
import { compileRecordLayout } from './recordLayout.ts';
import { Template } from './template.ts';
import { readU16, readU32 } from './wireReaders.ts';

export const SET_V9_TEMPLATE = 0;
export const SET_V9_OPTIONS_TEMPLATE = 1;
export const SET_IPFIX_TEMPLATE = 2;
export const SET_IPFIX_OPTIONS_TEMPLATE = 3;
/** Data sets use template ids from 256 up. */
export const MIN_DATA_SET_ID = 256;

export interface TemplateLimits {
  /** Fields accepted in one template (pmacct refuses more than 256). */
  readonly maxFields: number;
  /** Data and options templates kept per exporter. */
  readonly maxTemplatesPerExporter: number;
  /** Templates kept across all exporters, a bound on memory whatever the sources. */
  readonly maxTemplatesTotal: number;
}

/** The number of templates cached across all exporters, shared by the parser and the decoder. */
export interface TemplateTally {
  count: number;
}

/** Where a template set is parsed from and into; one reused instance. */
export interface TemplateSetInput {
  b: Uint8Array;
  /** First byte after the set header, and the set's end. */
  start: number;
  end: number;
  version: number;
  exporter: ExporterState;
  domain: DomainState;
  nowSec: number;
  limits: TemplateLimits;
  tally: TemplateTally;
}

/** Parsed field specifiers of one template record, before it becomes a Template. */
interface FieldList {
  ids: Uint16Array;
  pens: Uint32Array;
  lengths: Uint16Array;
}

/** Parses a (v9 flowset 0 / IPFIX set 2) template set; returns the first problem or null. */
export function parseTemplateSet(input: TemplateSetInput, setId: number): MalformedKind | null {
  const { b, end, version } = input;
  let problem: MalformedKind | null = null;
  let p = input.start;
  while (end - p >= 4) {
    const id = readU16(b, p);
    const count = readU16(b, p + 2);
    if (count === 0) {
      if (id === 0) break; // zero padding at the end of the set
      if (version === 10) withdraw(input, id, setId, false);
      else problem = keepFirst(problem, countProblem(input, 'templateInvalid'));
      p += 4;
      continue;
    }
    if (count > input.limits.maxFields) return countProblem(input, 'templateTooManyFields');
    const recordEnd = fieldListEnd(b, p + 4, end, count, version === 10);
    if (recordEnd < 0) return countProblem(input, 'templateTruncated');
    if (id < MIN_DATA_SET_ID) problem = keepFirst(problem, countProblem(input, 'templateInvalid'));
    else problem = keepFirst(problem, store(input, id, false, 0, p, p + 4, recordEnd, count));
    p = recordEnd;
  }
  return problem;
}

/** Parses a v9 flowset 1 / IPFIX set 3 options template set. */
export function parseOptionsTemplateSet(input: TemplateSetInput, setId: number): MalformedKind | null {
  const { b, end, version } = input;
  let problem: MalformedKind | null = null;
  let p = input.start;
  while (end - p >= 4) {
    const id = readU16(b, p);
    let scopeCount: number;
    let fieldCount: number;
    let fieldsStart: number;
    if (version === 10) {
      fieldCount = readU16(b, p + 2);
      if (fieldCount === 0) {
        if (id === 0) break;
        withdraw(input, id, setId, true);
        p += 4;
        continue;
      }
      if (end - p < 6) return countProblem(input, 'templateTruncated');
      scopeCount = readU16(b, p + 4);
      fieldsStart = p + 6;
    } else {
      // v9 gives the scope and option lengths in bytes, 4 per field.
      if (end - p < 6) break;
      const scopeBytes = readU16(b, p + 2);
      const optionBytes = readU16(b, p + 4);
      if (id === 0 && scopeBytes === 0 && optionBytes === 0) break;
      if (scopeBytes % 4 !== 0 || optionBytes % 4 !== 0) return countProblem(input, 'templateInvalid');
      scopeCount = scopeBytes / 4;
      fieldCount = scopeCount + optionBytes / 4;
      fieldsStart = p + 6;
    }
    if (fieldCount > input.limits.maxFields) return countProblem(input, 'templateTooManyFields');
    const recordEnd = fieldListEnd(b, fieldsStart, end, fieldCount, version === 10);
    if (recordEnd < 0) return countProblem(input, 'templateTruncated');
    const scopesValid = version === 9 ? fieldCount > 0 : scopeCount > 0 && scopeCount <= fieldCount;
    if (id < MIN_DATA_SET_ID || !scopesValid) problem = keepFirst(problem, countProblem(input, 'templateInvalid'));
    else problem = keepFirst(problem, store(input, id, true, scopeCount, p, fieldsStart, recordEnd, fieldCount));
    p = recordEnd;
  }
  return problem;
}

/** Where `count` field specifiers starting at `p` end; -1 when they run past `end`. */
function fieldListEnd(b: Uint8Array, p: number, end: number, count: number, ipfix: boolean): number {
  for (let k = 0; k < count; k++) {
    if (p + 4 > end) return -1;
    const enterprise = ipfix && (b[p] & 0x80) !== 0;
    p += enterprise ? 8 : 4;
    if (p > end) return -1;
  }
  return p;
}

/** Reads `count` field specifiers from `p` (already checked to fit). */
function readFieldList(b: Uint8Array, p: number, count: number, ipfix: boolean): FieldList {
  const ids = new Uint16Array(count);
  const pens = new Uint32Array(count);
  const lengths = new Uint16Array(count);
  for (let k = 0; k < count; k++) {
    const type = readU16(b, p);
    lengths[k] = readU16(b, p + 2);
    p += 4;
    if (ipfix && type & 0x8000) {
      pens[k] = readU32(b, p);
      ids[k] = type & 0x7fff;
      p += 4;
    } else ids[k] = type;
  }
  return { ids, pens, lengths };
}

/**
 * Caches the template record b[start, end) whose fields start at
 * `fieldsStart` (or refreshes an unchanged one without re-reading it);
 * returns a problem or null.
 */
function store(input: TemplateSetInput, id: number, isOptions: boolean, scopeCount: number, start: number, fieldsStart: number, end: number, count: number): MalformedKind | null {
  const { b, domain, exporter } = input;
  const stats = exporter.stats;
  stats.templateUpdates++;
  const existing = domain.templates.get(id);
  if (existing !== undefined && existing.isOptions === isOptions && sameBytes(existing.definition, b, start, end)) {
    existing.lastSeenSec = input.nowSec;
    return null;
  }
  if (existing === undefined && (stats.templates >= input.limits.maxTemplatesPerExporter || input.tally.count >= input.limits.maxTemplatesTotal)) {
    return countProblem(input, 'limitExceeded');
  }
  const fields = readFieldList(b, fieldsStart, count, input.version === 10);
  const t = new Template(id, isOptions, scopeCount, { ids: fields.ids, pens: fields.pens, declaredLengths: fields.lengths }, b.slice(start, end));
  if (!t.hasVariableLength && t.recordLength === 0) return countProblem(input, 'templateZeroLength');
  t.layout = compileRecordLayout(t);
  if (isOptions) t.optionsLayout = compileOptionsLayout(t);
  t.lastSeenSec = input.nowSec;
  domain.templates.set(id, t);
  if (existing === undefined) {
    stats.templates++;
    input.tally.count++;
  }
  return null;
}

/** IPFIX withdrawal: one template, or all of the set's kind when the id is the set id. */
function withdraw(input: TemplateSetInput, id: number, setId: number, isOptions: boolean): void {
  const domain = input.domain;
  if (id === setId) {
    for (const [tid, t] of domain.templates) {
      if (t.isOptions !== isOptions) continue;
      domain.templates.delete(tid);
      forget(input);
    }
    return;
  }
  if (domain.templates.delete(id)) forget(input);
}

/** Counts one withdrawn template out of the exporter's and the global tallies. */
function forget(input: TemplateSetInput): void {
  input.exporter.stats.templates--;
  input.exporter.stats.templateWithdrawals++;
  input.tally.count--;
}

function keepFirst(first: MalformedKind | null, next: MalformedKind | null): MalformedKind | null {
  return first ?? next;
}

function countProblem(input: TemplateSetInput, kind: MalformedKind): MalformedKind {
  input.exporter.stats.countMalformed(kind);
  return kind;
}

function sameBytes(known: Uint8Array, b: Uint8Array, start: number, end: number): boolean {
  if (known.length !== end - start) return false;
  for (let i = 0; i < known.length; i++) if (known[i] !== b[start + i]) return false;
  return true;
}
