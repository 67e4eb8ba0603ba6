/**
 * sampling_map (nfacctd, sfacctd): the sampling rate per exporter and
 * interface, used instead of the one the export advertises. Semantics of
 * pmacct 1.7.7 (load_id_file with MAP_SAMPLING, pretag_handlers.c;
 * NF_/SF_counters_map_renormalize_handler and NF_/SF_sampling_rate_handler
 * in pkt_handlers.c), checked against the binary
 * (test/maps/samplingMapGolden.test.ts):
 *
 * - pre_tag_map syntax, keys id (the rate), ip (exporter address or prefix;
 *   sfacctd: the datagram's agent address), in, out (interfaces, '-'
 *   negates); any other key is unknown ("unknown key '…'. Ignored."). `!`
 *   starts a comment line.
 * - id and ip are both required, and an id of 0 counts as missing:
 *   "[file:line] required key missing. Required keys are: 'id', 'ip'. Line
 *   ignored.".
 * - the first rule, in file order among those of the exporter's address
 *   family, whose keys all match wins; no match (rate 0) leaves the
 *   exporter's own rate in force.
 * - a map rate replaces the record's sampling rate: the sampling_rate
 *   primitive prints it, and with [nf|sf]acctd_renormalize packets and
 *   bytes are multiplied by it (sampling_rate then reads 1); sfacctd's pool
 *   estimate is not used (nor updated) for such a sample.
 * - reloaded on SIGUSR2 (maps_refresh), like pre_tag_map.
 */
import { AF_INET, AF_INET6, type FlowRecord } from '../model/flowRecord.ts';
import { forEachMapLine, LineProblem, parseMapPrefix, prefixMatch, readMapFile, splitKeyValue, type MapFileOptions } from './mapFile.ts';

export interface SamplingRule {
  readonly line: number;
  readonly rate: number;
  readonly family: number;
  readonly net: Uint8Array;
  readonly bits: number;
  /** Interface to compare, -1 when the key is absent. */
  readonly inIface: number;
  readonly inNeg: boolean;
  readonly outIface: number;
  readonly outNeg: boolean;
}

export type SamplingMapOptions = MapFileOptions;

export class SamplingMap {
  readonly file: string;
  readonly rules: readonly SamplingRule[];
  private readonly v4: readonly SamplingRule[];
  private readonly v6: readonly SamplingRule[];

  constructor(file: string, rules: SamplingRule[]) {
    this.file = file;
    this.rules = rules;
    this.v4 = rules.filter((r) => r.family === AF_INET);
    this.v6 = rules.filter((r) => r.family === AF_INET6);
  }

  /** The map's rate for this record, 0 when no rule matches. */
  rateOf(rec: FlowRecord): number {
    const exporter = rec.peerSrcIp;
    const rules = exporter.family === AF_INET ? this.v4 : exporter.family === AF_INET6 ? this.v6 : null;
    if (rules === null) return 0;
    for (let i = 0; i < rules.length; i++) {
      const r = rules[i]!;
      if (!prefixMatch(exporter, r.net, r.bits)) continue;
      if (r.inIface >= 0 && (rec.inIface === r.inIface) === r.inNeg) continue;
      if (r.outIface >= 0 && (rec.outIface === r.outIface) === r.outNeg) continue;
      return r.rate;
    }
    return 0;
  }
}

/** C atoi on a decimal prefix ("12abc" = 12), 32-bit unsigned as pmacct stores the rate. */
function atoi(text: string): number {
  const m = /^\s*[+-]?\d+/.exec(text);
  return m ? Number(BigInt.asUintN(32, BigInt(m[0].trim()))) : 0;
}

function iface(key: 'in' | 'out', value: string): { n: number; neg: boolean } {
  const neg = value.startsWith('-');
  const digits = neg ? value.slice(1) : value;
  if (!/^\d+$/.test(digits)) throw new LineProblem(`Invalid '${key}' value.`);
  return { n: Number(digits) >>> 0, neg };
}

export function parseSamplingMap(text: string, file: string, options: SamplingMapOptions = {}): SamplingMap {
  const warn = options.warn ?? (() => {});
  const rules: SamplingRule[] = [];
  let negations = false;
  forEachMapLine(text, file, options, () => rules.length, (toks, lineNo) => {
    let rate = 0;
    let prefix: ReturnType<typeof parseMapPrefix> | null = null;
    let inI = { n: -1, neg: false };
    let outI = { n: -1, neg: false };
    try {
      for (const tok of toks) {
        const kv = splitKeyValue(tok);
        if (kv === null) {
          warn(`[${file}:${lineNo}] malformed line. Ignored.`);
          return;
        }
        const [key, value] = kv;
        if (key === 'id') rate = atoi(value);
        else if (key === 'ip') prefix = parseMapPrefix('IP address or prefix', value);
        else if (key === 'in') inI = iface('in', value);
        else if (key === 'out') outI = iface('out', value);
        else {
          warn(`[${file}:${lineNo}] unknown key '${key}'. Ignored.`);
          return;
        }
      }
    } catch (e) {
      if (!(e instanceof LineProblem)) throw e;
      warn(`[${file}:${lineNo}] ${e.message} Line ignored.`);
      return;
    }
    if (rate === 0 || prefix === null) {
      warn(`[${file}:${lineNo}] required key missing. Required keys are: 'id', 'ip'. Line ignored.`);
      return;
    }
    if (inI.neg || outI.neg) negations = true;
    rules.push({
      line: lineNo, rate, family: prefix.family, net: prefix.net, bits: prefix.bits,
      inIface: inI.n, inNeg: inI.neg, outIface: outI.n, outNeg: outI.neg,
    });
  });
  if (negations) warn(`[${file}] Negations not supported. Indexing disabled.`);
  return new SamplingMap(file, rules);
}

export function loadSamplingMap(file: string, options: SamplingMapOptions = {}): SamplingMap {
  return parseSamplingMap(readMapFile(file, 'sampling_map'), file, options);
}
