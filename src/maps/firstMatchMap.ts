/**
 * The maps pmacct 1.7.7 evaluates with find_id for one value a flow
 * (bgp_peer_src_as_map, bgp_src_local_pref_map, bgp_src_med_map,
 * flow_to_rd_map): pre_tag_map's syntax, one `id=<value>` and MATCH keys a
 * line, `ip=<exporter address or prefix>` narrowing the rule to exporters;
 * the first rule, in file order among those of the exporter's address
 * family (a rule without ip applies to both), whose keys all match gives
 * the flow its value. Each map names its keys and how `id` reads; a bad
 * line is dropped with pmacct's warning, as pre_tag_map does.
 */
import type { FlowRecord } from '../model/flowRecord.ts';
import { AF_INET, AF_INET6 } from '../model/flowRecord.ts';
import { forEachMapLine, LineProblem, parseMapPrefix, prefixMatch, splitKeyValue, type MapFileOptions } from './mapFile.ts';

/** A MATCH predicate; true when the record satisfies the key (negation included). */
export type RuleMatch = (rec: FlowRecord) => boolean;

/** Builds a key's predicate from its value (negation already taken off); throws LineProblem on a bad value. */
export type KeyParser = (value: string, negate: boolean) => RuleMatch;

export interface FirstMatchRule<V> {
  readonly line: number;
  /** 0: both families (no ip key), else AF_INET / AF_INET6. */
  readonly family: number;
  readonly net: Uint8Array | null;
  readonly bits: number;
  readonly matches: readonly RuleMatch[];
  readonly value: V;
}

export class FirstMatchMap<V> {
  readonly file: string;
  readonly rules: readonly FirstMatchRule<V>[];
  private readonly v4: readonly FirstMatchRule<V>[];
  private readonly v6: readonly FirstMatchRule<V>[];

  constructor(file: string, rules: FirstMatchRule<V>[]) {
    this.file = file;
    this.rules = rules;
    this.v4 = rules.filter((r) => r.family !== AF_INET6);
    this.v6 = rules.filter((r) => r.family !== AF_INET);
  }

  /** The first rule matching the record, or null. */
  ruleFor(rec: FlowRecord): FirstMatchRule<V> | null {
    const exporter = rec.peerSrcIp;
    const rules = exporter.family === AF_INET ? this.v4 : exporter.family === AF_INET6 ? this.v6 : null;
    if (rules === null) return null;
    for (let i = 0; i < rules.length; i++) {
      const r = rules[i]!;
      if (r.net !== null && !prefixMatch(exporter, r.net, r.bits)) continue;
      const m = r.matches;
      let ok = true;
      for (let k = 0; k < m.length && ok; k++) ok = m[k]!(rec);
      if (ok) return r;
    }
    return null;
  }
}

export interface FirstMatchMapSpec<V> {
  /** The MATCH keys this map takes (besides id and ip). */
  keys: Readonly<Record<string, KeyParser>>;
  /** Reads `id`; throws LineProblem when the value is not one. */
  parseId: (value: string) => V;
}

export function parseFirstMatchMap<V>(text: string, file: string, options: MapFileOptions, spec: FirstMatchMapSpec<V>): FirstMatchMap<V> {
  const warn = options.warn ?? (() => {});
  const rules: FirstMatchRule<V>[] = [];
  forEachMapLine(text, file, options, () => rules.length, (toks, lineNo) => {
    let value: { v: V } | null = null;
    let prefix: ReturnType<typeof parseMapPrefix> | null = null;
    const matches: RuleMatch[] = [];
    const seen = new Set<string>();
    try {
      for (const tok of toks) {
        const kv = splitKeyValue(tok);
        if (kv === null) {
          warn(`[${file}:${lineNo}] malformed line. Ignored.`);
          return;
        }
        const [key, raw] = kv;
        if (key === 'id') {
          value = { v: spec.parseId(raw) };
          continue;
        }
        if (key === 'ip') {
          prefix = parseMapPrefix('IP address or prefix', raw);
          continue;
        }
        const parse = spec.keys[key];
        if (parse === undefined) {
          warn(`[${file}:${lineNo}] unknown key '${key}'. Ignored.`);
          return;
        }
        if (seen.has(key)) throw new LineProblem(`Multiple '${key}' clauses part of the same statement.`);
        seen.add(key);
        const negate = raw.startsWith('-');
        matches.push(parse(negate ? raw.slice(1) : raw, negate));
      }
    } catch (e) {
      if (!(e instanceof LineProblem)) throw e;
      warn(`[${file}:${lineNo}] ${e.message} Line ignored.`);
      return;
    }
    if (value === null) {
      warn(`[${file}:${lineNo}] required key missing. Required keys are: 'id'. Line ignored.`);
      return;
    }
    const p: ReturnType<typeof parseMapPrefix> | null = prefix;
    rules.push({ line: lineNo, family: p?.family ?? 0, net: p?.net ?? null, bits: p?.bits ?? 0, matches, value: value.v });
  });
  return new FirstMatchMap(file, rules);
}

/** in= / out=: digits only (pmacct's "bad 'in' value"). */
export function interfaceKey(key: 'in' | 'out'): KeyParser {
  return (value, negate) => {
    if (!/^\d*$/.test(value)) throw new LineProblem(`bad '${key}' value: '${value}'.`);
    const n = value === '' ? 0 : Number(value);
    return key === 'in' ? (r) => (r.inIface === n) !== negate : (r) => (r.outIface === n) !== negate;
  };
}
