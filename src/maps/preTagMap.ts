/**
 * pre_tag_map: parse once at load into compiled rules, then evaluate per
 * record without allocating (labels excepted: appending a label builds a
 * string, as pmacct mallocs one).
 *
 * Semantics follow pmacct 1.7.7 (src/pretag.c load_id_file, src/pretag_handlers.c,
 * SF_find_id / NF_find_id):
 * - one rule a line, `key=value` pairs separated by blanks; `!` starts a
 *   comment line; no continuation lines; values may be quoted ('...').
 * - bad lines are not fatal in pmacct: a warning "[file:line] ..." and the
 *   line is dropped. tsacct does the same; a key pmacct knows but tsacct does
 *   not implement (v8agg, ROA keys, the BGP ones without bgp_daemon) is a
 *   startup error instead, since dropping the rule silently would change
 *   the results. With bgp_daemon the BGP keys (peer_src_as, peer_dst_as,
 *   src_local_pref, local_pref, src_comms, comms, mpls_vpn_rd, src_as /
 *   dst_as with nfacctd_as bgp, longest or fallback) read the flow's BGP lookup through
 *   options.bgpKey (src/enrich/preTagBgpKeys.ts); the map then runs after it. sampling_rate is
 *   not a pre_tag_map key in 1.7.7: an unknown key, the line dropped.
 * - NetFlow-only keys (flowset_id, is_bi_flow, cvlan, fwdstatus, ...) are
 *   checked by sfacctd too but match nothing there: pmacct installs no
 *   function for them, so they never fail a rule. Where pmacct's NetFlow
 *   handler says "this field does not exist" (v5 for flowset_id, cvlan,
 *   fwdstatus, direction; a forwardingStatus not 1 byte long) the rule
 *   fails whatever the negation.
 * - src_as / dst_as follow nfacctd_as / sfacctd_as (asMatch below): the AS
 *   numbers the export carries (v5 header fields, IE 16/17 of 2 or 4
 *   bytes, sFlow's extended gateway; 0 when absent), the networks_file's
 *   (file), BGP's (bgp), or either of BGP's and the export's (longest,
 *   fallback).
 * - filter=<libpcap expression> matches the packet pmacct synthesises from
 *   the flow, as aggregate_filter (src/filter/flowFilter.ts); an expression
 *   libpcap refuses drops the line with a warning, as pmacct does.
 * - MATCH keys negate with a leading '-' (not on ip, not on filter); SET keys: set_tag / id,
 *   set_tag2 / id2 (both with an optional '++' post-increment), set_label.
 * - rules are tried in file order among those of the exporter's address
 *   family (a rule without ip applies to both); the first full match wins,
 *   unless it has jeq=<label>: then evaluation continues at the first later
 *   rule marked label=<label> ("next" is the following rule, IPv4 only as in
 *   pmacct); stack=sum|or combines a tag with the one already set.
 * - a matching rule applies its tag if it sets one, else tag2, else a label
 *   (pmacct's else-if chain); a label set after another is appended with ','.
 * - set_tos=<n> (nfacctd; sfacctd accepts and ignores it) rewrites the tos of
 *   a record the rule matches, tag or no tag; return=true|false is accepted
 *   with pmacct's deprecation warnings and changes nothing, except
 *   return=true with jeq, refused (pmacct then emits the record per jump).
 */
import { ConfigError } from '../config/configError.ts';
import {
  AF_INET, AF_INET6, SAMPLING_DIRECTION_EGRESS,
  type FlowRecord, type IpField,
} from '../model/flowRecord.ts';
import { forEachMapLine, LineProblem, parseMapPrefix, prefixMatch, readMapFile, splitKeyValue, type MapFileOptions } from './mapFile.ts';
import { compileFlowFilter, FlowFilterError, loadNativeBpfCompile } from '../filter/flowFilter.ts';

export type PreTagDaemon = 'nfacctd' | 'sfacctd';

/** A MATCH predicate; true when the record satisfies the key (negation included). */
export type Match = (rec: FlowRecord) => boolean;

const SET_TAG = 1;
const SET_TAG2 = 2;
const SET_LABEL = 3;

export interface PreTagRule {
  /** 1-based line in the map file. */
  readonly line: number;
  /** 0: both families (no ip key), else AF_INET / AF_INET6. */
  readonly family: number;
  readonly ip: Uint8Array | null;
  readonly ipBits: number;
  readonly matches: readonly Match[];
  /** Set functions in the order they appear on the line. */
  readonly sets: readonly number[];
  tag: number;
  readonly tagInc: boolean;
  tag2: number;
  readonly tag2Inc: boolean;
  readonly label: string;
  readonly entryLabel: string | null;
  readonly jeq: string | null;
  readonly stack: ((value: number, previous: number) => number) | null;
  /** set_tos: the tos the record takes when the rule matches (nfacctd), -1 when none. */
  readonly setTos: number;
}

interface FamilyTable {
  rules: PreTagRule[];
  /** Index of the rule to continue at after a jeq match, -1 when none. */
  jump: Int32Array;
}

export interface PreTagMapOptions extends MapFileOptions {
  daemon: PreTagDaemon;
  /** The daemon's nfacctd_as / sfacctd_as value (undefined: unset), which decides what src_as/dst_as match. */
  asSource?: string;
  /**
   * With a global networks_file: the AS it gives an address (0: none),
   * which src_as/dst_as match with nfacctd_as file.
   */
  networksAs?: (addr: IpField) => number;
  /**
   * With bgp_daemon: the predicate of a key read on the flow's BGP lookup
   * (src/enrich/preTagBgpKeys.ts), null for a key it does not take.
   */
  bgpKey?: (key: string, value: string, negate: boolean) => Match | null;
}

export class PreTagMap {
  readonly file: string;
  readonly rules: readonly PreTagRule[];
  private readonly v4: FamilyTable;
  private readonly v6: FamilyTable;

  constructor(file: string, rules: PreTagRule[], warn: (m: string) => void) {
    this.file = file;
    this.rules = rules;
    this.v4 = buildTable(file, rules.filter((r) => r.family !== AF_INET6), true, warn);
    this.v6 = buildTable(file, rules.filter((r) => r.family !== AF_INET), false, warn);
  }

  /** Sets rec.tag, rec.tag2 and rec.label from the map (0 / '' when nothing matches). */
  apply(rec: FlowRecord): void {
    rec.tag = 0;
    rec.tag2 = 0;
    rec.label = '';
    const exporter = rec.peerSrcIp;
    const table = exporter.family === AF_INET6 ? this.v6 : exporter.family === AF_INET ? this.v4 : null;
    if (table === null) return;
    const rules = table.rules;
    const n = rules.length;
    for (let i = 0; i < n; i++) {
      const r = rules[i]!;
      if (r.ip !== null && !prefixMatch(exporter, r.ip, r.ipBits)) continue;
      const m = r.matches;
      let ok = true;
      for (let k = 0; k < m.length; k++) {
        if (!m[k]!(rec)) {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      // pmacct: NF_ip_tos_handler takes pptrs->set_tos over the template's tos.
      if (r.setTos >= 0) rec.tos = r.setTos;
      applySets(r, rec);
      const next = table.jump[i]!;
      if (next < 0) return;
      i = next - 1;
    }
  }
}

function applySets(r: PreTagRule, rec: FlowRecord): void {
  const sets = r.sets;
  let id = 0;
  let have = 0;
  for (let k = 0; k < sets.length; k++) {
    const s = sets[k]!;
    if (s === SET_TAG) {
      id = r.tag;
      if (r.tagInc) r.tag++;
      have |= 1;
    } else if (s === SET_TAG2) {
      id = r.tag2;
      if (r.tag2Inc) r.tag2++;
      have |= 2;
    } else have |= 4;
  }
  // pmacct: the last tag value computed wins, applied to tag first, else tag2, else the label.
  if (have & 1) rec.tag = r.stack !== null ? r.stack(id, rec.tag) : id;
  else if (have & 2) rec.tag2 = r.stack !== null ? r.stack(id, rec.tag2) : id;
  else if (have & 4) rec.label = rec.label === '' ? r.label : rec.label + ',' + r.label;
}

function buildTable(file: string, rules: PreTagRule[], honourNext: boolean, warn: (m: string) => void): FamilyTable {
  const firstByLabel = new Map<string, number>();
  rules.forEach((r, i) => {
    if (r.entryLabel !== null && !firstByLabel.has(r.entryLabel)) firstByLabel.set(r.entryLabel, i);
  });
  const jump = new Int32Array(rules.length).fill(-1);
  rules.forEach((r, i) => {
    if (r.jeq === null) return;
    if (honourNext && r.jeq === 'next') {
      jump[i] = i + 1;
      return;
    }
    const target = firstByLabel.get(r.jeq);
    if (target !== undefined && target > i) jump[i] = target;
    else warn(`[${file}] Unresolved label '${r.jeq}'. Ignoring it.`);
  });
  return { rules, jump };
}

// ---------------------------------------------------------------- parsing

class Unsupported extends Error {}

interface Draft {
  family: number;
  ip: Uint8Array | null;
  ipBits: number;
  matches: Match[];
  matchKeys: Set<string>;
  sets: number[];
  tag: number;
  tagInc: boolean;
  tag2: number;
  tag2Inc: boolean;
  label: string;
  entryLabel: string | null;
  jeq: string | null;
  stack: ((value: number, previous: number) => number) | null;
  setTos: number;
  ret: boolean;
}

/** Keys of pmacct's 1.7.7 tag_map dictionary that tsacct does not evaluate yet. */
const NOT_YET: Record<string, string> = {
  v8agg: "'v8agg' (NetFlow v8) is not supported",
  peer_src_as: "'peer_src_as' requires the BGP daemon, not supported yet",
  peer_dst_as: "'peer_dst_as' requires the BGP daemon, not supported yet",
  src_local_pref: "'src_local_pref' requires the BGP daemon, not supported yet",
  local_pref: "'local_pref' requires the BGP daemon, not supported yet",
  src_comms: "'src_comms' requires the BGP daemon, not supported yet",
  comms: "'comms' requires the BGP daemon, not supported yet",
  src_roa: "'src_roa' requires the BGP daemon, not supported yet",
  dst_roa: "'dst_roa' requires the BGP daemon, not supported yet",
  mpls_vpn_rd: "'mpls_vpn_rd' requires the BGP daemon, not supported yet",
};

/** The keys read on the BGP lookup's routes (with bgp_daemon, options.bgpKey). */
const BGP_KEYS = new Set(['peer_src_as', 'peer_dst_as', 'src_local_pref', 'local_pref', 'src_comms', 'comms', 'mpls_vpn_rd']);

/** Keys pmacct parses for the other daemon only: accepted, never matching (pmacct installs no function). */
const NF_ONLY = new Set(['engine_type', 'engine_id', 'source_id', 'nat_event']);
const SF_ONLY = new Set(['agent_id']);

/** C atoi/strtoul: leading decimal digits, 0 when none. */
function atoi(v: string): number {
  const m = /^\s*\+?(\d+)/.exec(v);
  return m ? Number(m[1]) : 0;
}

function neg(value: string): [boolean, string] {
  return value.startsWith('-') ? [true, value.slice(1)] : [false, value];
}

function digitsOnly(key: string, value: string): number {
  if (!/^\d*$/.test(value)) throw new LineProblem(`bad '${key}' value: '${value}'.`);
  return atoi(value);
}

export function parseMac(value: string): Uint8Array {
  const parts = value.split(':');
  if (parts.length !== 6 || parts.some((p) => !/^[0-9a-fA-F]{1,2}$/.test(p))) throw new LineProblem(`Bad MAC address '${value}'.`);
  return Uint8Array.from(parts.map((p) => parseInt(p, 16)));
}

function ipMatch(field: (rec: FlowRecord) => IpField, family: number, net: Uint8Array, bits: number, negate: boolean): Match {
  return (rec) => {
    const a = field(rec);
    return (a.family === family && prefixMatch(a, net, bits)) !== negate;
  };
}

function numeric(get: (rec: FlowRecord) => number, n: number, negate: boolean): Match {
  return (rec) => (get(rec) === n) !== negate;
}

export function macMatch(get: (rec: FlowRecord) => Uint8Array, mac: Uint8Array, negate: boolean, requirePresent: boolean): Match {
  return (rec) => {
    const m = get(rec);
    if (requirePresent && m[0] === 0 && m[1] === 0 && m[2] === 0 && m[3] === 0 && m[4] === 0 && m[5] === 0) return negate;
    return (m[0] === mac[0] && m[1] === mac[1] && m[2] === mac[2] && m[3] === mac[3] && m[4] === mac[4] && m[5] === mac[5]) !== negate;
  };
}

const isNetflow = (rec: FlowRecord): boolean => rec.exportProtoVersion === 9 || rec.exportProtoVersion === 10;

function addMatch(d: Draft, key: string, m: Match, multipleName = key): void {
  if (d.matchKeys.has(key)) throw new LineProblem(`Multiple '${multipleName}' clauses part of the same statement.`);
  d.matchKeys.add(key);
  d.matches.push(m);
}

function handleKey(d: Draft, key: string, raw: string, options: PreTagMapOptions, file: string, warn: (m: string) => void): void {
  const daemon = options.daemon;
  const nf = daemon === 'nfacctd';
  if (key in NOT_YET && !(options.bgpKey !== undefined && BGP_KEYS.has(key))) throw new Unsupported(NOT_YET[key]!);
  if ((NF_ONLY.has(key) && !nf) || (SF_ONLY.has(key) && nf)) return; // pmacct: parsed, no function installed
  switch (key) {
    case 'id': case 'set_tag': case 'id2': case 'set_tag2': {
      const two = key === 'id2' || key === 'set_tag2';
      const inc = raw.includes('++');
      const text = inc ? raw.slice(0, raw.indexOf('++')) : raw;
      const value = atoi(text);
      if (d.sets.includes(two ? SET_TAG2 : SET_TAG)) {
        throw new LineProblem(`Multiple '${two ? 'set_tag2' : 'set_tag'}' (${two ? 'id2' : 'id'}) clauses part of the same statement.`);
      }
      if (two) { d.tag2 = value; d.tag2Inc = inc; d.sets.push(SET_TAG2); } else { d.tag = value; d.tagInc = inc; d.sets.push(SET_TAG); }
      return;
    }
    case 'set_label': {
      if (raw.length >= 256 || raw.includes(',')) throw new LineProblem('Invaild set_label specified.');
      if (d.sets.includes(SET_LABEL)) throw new LineProblem("Multiple 'set_label' clauses part of the same statement.");
      d.label = raw;
      d.sets.push(SET_LABEL);
      return;
    }
    case 'label': d.entryLabel = raw; return;
    case 'jeq': d.jeq = raw; return;
    case 'stack':
      if (raw.startsWith('+') || raw.startsWith('sum')) d.stack = (v, p) => v + p;
      else if (raw.startsWith('or')) d.stack = (v, p) => Number(BigInt(v) | BigInt(p));
      else throw new LineProblem(`Unknown STACK operator: '${raw}'.`);
      return;
    case 'set_tos': {
      if (!/^\d*$/.test(raw)) throw new LineProblem(`bad 'set_tos' value: '${raw}'.`);
      // strtoul into pmacct's u_int8_t; sfacctd parses it but installs no function (nor checks duplicates).
      if (!nf) return;
      if (d.setTos >= 0) throw new LineProblem("Multiple 'set_tos' clauses part of the same statement.");
      d.setTos = atoi(raw) % 256;
      return;
    }
    case 'return': {
      // pmacct 1.7.7 (PT_map_return_handler): warns on every use; only 'return=true'
      // together with jeq changes anything (the record goes to the plugins once per
      // jump, tags reset), which tsacct's single pass cannot reproduce.
      warn(`[${file}] RETURN is in the process of being discontinued.`);
      warn(`[${file}] If you see this message, please get in touch: Paolo Lucente <paolo@pmacct.net>`);
      const t = raw.toLowerCase();
      if (t === 'true') d.ret = true;
      else if (t === 'false') d.ret = false;
      else warn(`[${file}] Unknown RETURN value: '${raw}'. Ignoring.`);
      return;
    }
    case 'ip': {
      const p = parseMapPrefix('IP address or prefix', raw);
      d.family = p.family; d.ip = p.net; d.ipBits = p.bits;
      return;
    }
  }
  const [negate, value] = neg(raw);
  if (options.bgpKey !== undefined && (BGP_KEYS.has(key) || ((key === 'src_as' || key === 'dst_as') && AS_FROM_BGP.has(options.asSource ?? '')))) {
    const m = options.bgpKey(key, value, negate);
    if (m !== null) {
      addMatch(d, key, m);
      return;
    }
  }
  switch (key) {
    case 'in': {
      const n = digitsOnly('in', value);
      addMatch(d, 'in', numeric((r) => r.inIface, n, negate), 'input');
      return;
    }
    case 'out': {
      const n = digitsOnly('out', value);
      addMatch(d, 'out', numeric((r) => r.outIface, n, negate), 'output');
      return;
    }
    case 'engine_type': {
      const n = digitsOnly('engine_type', value);
      if (n > 255) throw new LineProblem("bad 'engine_type' value (range: 0 >= value > 256).");
      // pmacct compares it in NetFlow v5 only; other versions never match.
      addMatch(d, 'engine_type', (r) => r.exportProtoVersion === 5 && (r.engineType === n) !== negate);
      return;
    }
    case 'engine_id': case 'source_id': {
      const n = key === 'engine_id' ? digitsOnly('engine_id', value) : atoi(value);
      if (key === 'engine_id' && n > 255) throw new LineProblem("bad 'engine_id' value (range: 0 >= value > 256).");
      addMatch(d, 'engine_id', (r) => (r.exportProtoVersion === 5 || isNetflow(r)) && (r.exportProtoSysid === n) !== negate);
      return;
    }
    case 'agent_id': addMatch(d, key, numeric((r) => r.exportProtoSysid, atoi(value), negate)); return;
    case 'sample_type': addMatch(d, key, sampleType(value, negate, nf)); return;
    case 'direction': {
      const n = atoi(value);
      if (!nf) {
        addMatch(d, key, sflowDirection(n, negate));
        return;
      }
      // IE 61; 0 when the template has none (pmacct reads a zeroed byte); v5 never matches.
      addMatch(d, key, (r) => isNetflow(r) && ((r.samplingDirection === SAMPLING_DIRECTION_EGRESS ? 1 : 0) === n) !== negate);
      return;
    }
    case 'flowset_id': {
      // pmacct keeps it as a 16-bit value; v5 has no template and never matches.
      const n = atoi(value) & 0xffff;
      if (!nf) return;
      addMatch(d, key, (r) => isNetflow(r) && (r.flowsetId === n) !== negate);
      return;
    }
    case 'is_bi_flow': {
      const t = value.toLowerCase();
      if (t !== 'true' && t !== 'false') throw new LineProblem(`Invalid 'is_bi_flow' value '${value}'.`);
      if (!nf) return;
      const want = t === 'true';
      // pmacct records no clause type for it: repeating the key is no error, every copy applies.
      d.matches.push((r) => (r.isBiFlow === want) !== negate);
      return;
    }
    case 'cvlan': {
      const n = atoi(value);
      if (n > 4096) throw new LineProblem("'cvlan' need to be in the following range: 0 > value > 4096.");
      if (!nf) return;
      addMatch(d, key, (r) => isNetflow(r) && (r.cvlan === n) !== negate);
      return;
    }
    case 'fwdstatus': {
      const n = atoi(value);
      if (n > 256) throw new LineProblem("'fwdstatus' need to be in the following range: 0 > value > 256.");
      if (!nf) return;
      addMatch(d, key, forwardingStatus(n, negate));
      return;
    }
    case 'src_as': case 'dst_as': {
      addMatch(d, key, asMatch(key, atoi(value) % 0x100000000, negate, options));
      return;
    }
    case 'nat_event': {
      const n = atoi(value);
      addMatch(d, key, (r) => isNetflow(r) && (r.natEvent === n) !== negate);
      return;
    }
    case 'src_mac': case 'dst_mac': {
      const mac = parseMac(value);
      const get = key === 'src_mac' ? (r: FlowRecord) => r.srcMac : (r: FlowRecord) => r.dstMac;
      const m = macMatch(get, mac, negate, nf);
      addMatch(d, key, nf ? (r) => isNetflow(r) && m(r) : m);
      return;
    }
    case 'vlan': {
      const n = atoi(value);
      const m = numeric((r) => r.vlan, n, negate);
      addMatch(d, key, nf ? (r) => isNetflow(r) && m(r) : m);
      return;
    }
    case 'src_net': case 'dst_net': {
      const p = parseMapPrefix(key === 'src_net' ? 'source network' : 'destination network', value);
      const get = key === 'src_net' ? (r: FlowRecord) => r.srcHost : (r: FlowRecord) => r.dstHost;
      addMatch(d, key, ipMatch(get, p.family, p.net, p.bits, negate));
      return;
    }
    case 'is_multicast': {
      const t = value.toLowerCase();
      if (t !== 'true' && t !== 'false') throw new LineProblem(`Invalid 'is_multicast' value '${value}'.`);
      const want = t === 'true';
      addMatch(d, key, (r) => ((((r.dstMac[0]! & 1) === 1) === want) !== negate));
      return;
    }
    case 'mpls_pw_id': addMatch(d, key, numeric((r) => r.mplsPwId, atoi(value), negate)); return;
    case 'nexthop': {
      const p = parseMapPrefix('nexthop address', value);
      addMatch(d, key, ipMatch((r) => r.ipNextHop, p.family, p.net, p.family === AF_INET ? 32 : 128, negate));
      return;
    }
    case 'filter': {
      // pmacct: compiled by libpcap at load, matched against the flow's synthesised
      // packet (pretag_filter_handler); no negation, a bad expression drops the line.
      if (loadNativeBpfCompile() === null) {
        throw new Unsupported("'filter' needs tsacct's libpcap filter compiler (build/bpfCompile.node), which is not built; install libpcap-dev and a C compiler, then run 'node scripts/buildNative.ts'");
      }
      let f: Match;
      try {
        f = compileFlowFilter(raw);
      } catch (err) {
        if (!(err instanceof FlowFilterError)) throw err;
        const why = err.message.replace(/^filter '.*' rejected by libpcap: /s, '');
        throw new LineProblem(`malformed filter: ${why}.`);
      }
      addMatch(d, 'filter', f);
      return;
    }
    case 'bgp_nexthop': {
      const p = parseMapPrefix('BGP nexthop address', value);
      addMatch(d, key, ipMatch((r) => r.bgpNextHop, p.family, p.net, p.family === AF_INET ? 32 : 128, negate));
      return;
    }
  }
  throw new UnknownKey(key);
}

class UnknownKey extends Error {}

/**
 * sfacctd's direction: the sample's data source is its input interface
 * (0, ingress) or its output interface (1, egress); other values never
 * match positively.
 */
function sflowDirection(n: number, negate: boolean): Match {
  return (r) => {
    const ds = r.sflowSourceIndex;
    return ((n === 0 && r.inIface === ds) || (n === 1 && r.outIface === ds)) !== negate;
  };
}

/**
 * fwdstatus: 0, 64, 128 or 192 name a whole class (the top two bits of
 * IE 89: unknown, forwarded, dropped, consumed), other values one reason
 * code. A record without a 1-byte IE 89, or not v9/IPFIX, fails the rule
 * even when negated, as pmacct's handler returns before the negation.
 */
function forwardingStatus(n: number, negate: boolean): Match {
  const generic = (n & 0xc0) === n;
  return (r) => {
    const s = r.fwdStatus;
    if (s < 0 || !isNetflow(r)) return false;
    return (generic ? (s & 0xc0) === n : s === n) !== negate;
  };
}

/** The nfacctd_as / sfacctd_as values that take AS numbers from a BGP daemon (pmacct's NF_AS_BGP). */
const AS_FROM_BGP = new Set(['bgp', 'longest', 'fallback']);

/**
 * src_as / dst_as by where nfacctd_as / sfacctd_as takes AS numbers from,
 * as pmacct 1.7.7's PT_map_src_as_handler installs its checks:
 * - unset, netflow, sflow: the AS the export carries;
 * - file: the networks_file's AS of the flow's address (0 when none); no
 *   networks_file drops the line with pmacct's warning;
 * - longest, fallback (with bgp_daemon: options.bgpKey, preTagBgpKeys.ts):
 *   pmacct checks BGP's value, then the export's, and the rule's value
 *   matches when either equals it (negated: when neither does). Without a
 *   BGP daemon there is no route, so BGP's value is 0. The core, where the
 *   map runs, keeps these modes away from the networks_file (pmacct adds
 *   it only to the plugins' copy of the setting), checked against
 *   nfacctd 1.7.7 (golden test/golden/bgpCorrelation 'pretag-as-*'). sfacctd
 *   does the same, where pmacct 1.7.7's lets the rule pass whenever BGP has
 *   a route, whatever its AS (docs/compat.md#pretag-as-sources);
 * - bmp: not in tsacct (refused at startup before the map is read).
 */
function asMatch(key: string, n: number, negate: boolean, options: PreTagMapOptions): Match {
  const src = key === 'src_as';
  const mode = options.asSource;
  if (mode === undefined || mode === 'netflow' || mode === 'sflow') {
    return src ? (r) => (r.srcAs === n) !== negate : (r) => (r.dstAs === n) !== negate;
  }
  const daemonKey = options.daemon === 'nfacctd' ? 'nfacctd_as' : 'sfacctd_as';
  if (mode === 'file') {
    const networksAs = options.networksAs;
    if (networksAs === undefined) throw new LineProblem(`'${key}' requires either 'networks_file' or '${daemonKey}: false' to be specified.`);
    return src ? (r) => (networksAs(r.srcHost) === n) !== negate : (r) => (networksAs(r.dstHost) === n) !== negate;
  }
  if (mode === 'longest' || mode === 'fallback') {
    return src ? (r) => (n === 0 || r.srcAs === n) !== negate : (r) => (n === 0 || r.dstAs === n) !== negate;
  }
  throw new Unsupported(mode === 'bgp' ? `'${key}' with ${daemonKey}: bgp needs bgp_daemon` : `'${key}' with ${daemonKey}: ${mode} is not supported`);
}

function sampleType(value: string, negate: boolean, nf: boolean): Match {
  if (!nf) {
    if (!value.includes(':')) throw new LineProblem("Invalid 'sample_type' value.");
    const [e, f, extra] = value.split(':');
    const enterprise = atoi(e ?? '');
    const format = atoi(f ?? '');
    if (extra !== undefined || enterprise > 1048575 || format > 4095) throw new LineProblem("Invalid sFlow 'sample_type' value.");
    const n = enterprise * 4096 + format;
    return (r) => (r.sampleType === n) !== negate;
  }
  // pmacct tests prefixes in this order with strncmp, so "flow-mpls-*" is read as "flow".
  // Options records (nfacctd_account_options) carry isEvent too, for their counters; only 'option' matches them.
  if (value.startsWith('flow-ipv4')) return (r) => (!r.isEvent && r.srcHost.family === AF_INET && r.vlan === 0 && r.mplsStackDepth === 0) !== negate;
  if (value.startsWith('flow-ipv6')) return (r) => (!r.isEvent && r.srcHost.family === AF_INET6 && r.vlan === 0 && r.mplsStackDepth === 0) !== negate;
  if (value.startsWith('flow')) return (r) => !r.isEvent !== negate;
  if (value.startsWith('event')) return (r) => (r.isEvent && !r.isOption) !== negate;
  if (value.startsWith('option')) return (r) => r.isOption !== negate;
  throw new LineProblem("Invalid NetFlow/IPFIX 'sample_type' value.");
}

export function parsePreTagMap(text: string, file: string, options: PreTagMapOptions): PreTagMap {
  const warn = options.warn ?? (() => {});
  const rules: PreTagRule[] = [];
  const fatal: string[] = [];
  let slots = 0;
  forEachMapLine(text, file, options, () => slots, (toks, lineNo) => {
    const d: Draft = {
      family: 0, ip: null, ipBits: 0, matches: [], matchKeys: new Set(), sets: [],
      tag: 0, tagInc: false, tag2: 0, tag2Inc: false, label: '', entryLabel: null, jeq: null, stack: null,
      setTos: -1, ret: false,
    };
    let ok = true;
    for (const tok of toks) {
      const kv = splitKeyValue(tok);
      if (kv === null) {
        warn(`[${file}:${lineNo}] malformed line. Ignored.`);
        ok = false;
        break;
      }
      const [key, value] = kv;
      try {
        handleKey(d, key, value, options, file, warn);
      } catch (e) {
        ok = false;
        if (e instanceof UnknownKey) warn(`[${file}:${lineNo}] unknown key '${key}'. Ignored.`);
        else if (e instanceof LineProblem) warn(`[${file}:${lineNo}] ${e.message} Line ignored.`);
        else if (e instanceof Unsupported) fatal.push(`${file}:${lineNo}: ${e.message} in pre_tag_map.`);
        else throw e;
        break;
      }
    }
    if (!ok) return;
    if (d.ret && d.jeq !== null) {
      fatal.push(`${file}:${lineNo}: 'return=true' with 'jeq' (the record sent to the plugins once per jump) is not supported in pre_tag_map.`);
      return;
    }
    if (d.sets.includes(SET_TAG) && d.sets.includes(SET_TAG2) && d.sets.includes(SET_LABEL)) {
      warn(`[${file}:${lineNo}] set_tag (id), set_tag2 (id2) and set_label are mutual exclusive. Line ignored.`);
      return;
    }
    // A rule without ip takes one slot per address family, as pmacct recirculates it.
    slots += d.family === 0 ? 2 : 1;
    rules.push({
      line: lineNo, family: d.family, ip: d.ip, ipBits: d.ipBits, matches: d.matches, sets: d.sets,
      tag: d.tag, tagInc: d.tagInc, tag2: d.tag2, tag2Inc: d.tag2Inc, label: d.label,
      entryLabel: d.entryLabel, jeq: d.jeq, stack: d.stack, setTos: d.setTos,
    });
  });
  if (fatal.length > 0) throw new ConfigError(fatal);
  return new PreTagMap(file, rules, warn);
}

export function loadPreTagMap(file: string, options: PreTagMapOptions): PreTagMap {
  return parsePreTagMap(readMapFile(file, 'pre_tag_map'), file, options);
}
