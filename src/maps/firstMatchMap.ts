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
import { parseIp } from '../model/ipText.ts';
import { forEachMapLine, LineProblem, parseMapPrefix, type MapFileOptions, type MapPrefix } from './mapFile.ts';
import { PrefixRuleMap, type PrefixScoped } from './prefixRuleMap.ts';
import { readRuleLine, warnMissingKeys } from './mapRuleLine.ts';

/** A MATCH predicate; true when the record satisfies the key (negation included). */
export type RuleMatch = (rec: FlowRecord) => boolean;

/** Builds a key's predicate from its value (negation already taken off); throws LineProblem on a bad value. */
export type KeyParser = (value: string, negate: boolean) => RuleMatch;

/** A rule; without an ip key it covers exporters of both families (family 0, net null). */
export interface FirstMatchRule<V> extends PrefixScoped {
  readonly line: number;
  readonly matches: readonly RuleMatch[];
  readonly value: V;
}

export class FirstMatchMap<V> extends PrefixRuleMap<FirstMatchRule<V>> {
  /** The first rule matching the record, or null. */
  ruleFor(rec: FlowRecord): FirstMatchRule<V> | null {
    return this.firstCovering(rec.peerSrcIp, allKeysMatch, rec);
  }
}

function allKeysMatch(rule: FirstMatchRule<unknown>, rec: FlowRecord): boolean {
  const m = rule.matches;
  for (let k = 0; k < m.length; k++) if (!m[k]!(rec)) return false;
  return true;
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
    const got: { value: { v: V } | null; prefix: MapPrefix | null } = { value: null, prefix: null };
    const matches: RuleMatch[] = [];
    const seen = new Set<string>();
    const read = readRuleLine(toks, file, lineNo, warn, (key, raw) => {
      if (key === 'id') got.value = { v: spec.parseId(raw) };
      else if (key === 'ip') got.prefix = parseMapPrefix('IP address or prefix', raw);
      else {
        const parse = spec.keys[key];
        if (parse === undefined) return false;
        if (seen.has(key)) throw new LineProblem(`Multiple '${key}' clauses part of the same statement.`);
        seen.add(key);
        const negate = raw.startsWith('-');
        matches.push(parse(negate ? raw.slice(1) : raw, negate));
      }
      return true;
    });
    if (!read) return;
    const { value, prefix: p } = got;
    if (value === null) return warnMissingKeys("'id'", file, lineNo, warn);
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

/** bgp_nexthop=: an IPv4/IPv6 address (pmacct's "Bad BGP nexthop address" otherwise). */
export function nextHopAddress(value: string): { family: number; bytes: Uint8Array } {
  const bytes = new Uint8Array(16);
  const family = parseIp(value, bytes);
  if (family === 0) throw new LineProblem(`Bad BGP nexthop address '${value}'.`);
  return { family, bytes };
}

/** C strtoul on the leading digits, as pmacct reads numeric MATCH keys; 0 when none. */
export function leadingNumber(value: string): number {
  const m = /^\s*(\d+)/.exec(value);
  return m ? Number(m[1]) : 0;
}
