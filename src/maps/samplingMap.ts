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
import type { FlowRecord } from '../model/flowRecord.ts';
import { forEachMapLine, LineProblem, parseMapPrefix, readMapFile, type MapFileOptions, type MapPrefix } from './mapFile.ts';
import { PrefixRuleMap } from './prefixRuleMap.ts';
import { readRuleLine, warnMissingKeys } from './mapRuleLine.ts';

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

export class SamplingMap extends PrefixRuleMap<SamplingRule> {
  /** The map's rate for this record, 0 when no rule matches. */
  rateOf(rec: FlowRecord): number {
    return this.firstCovering(rec.peerSrcIp, interfacesMatch, rec)?.rate ?? 0;
  }
}

function interfacesMatch(r: SamplingRule, rec: FlowRecord): boolean {
  if (r.inIface >= 0 && (rec.inIface === r.inIface) === r.inNeg) return false;
  return !(r.outIface >= 0 && (rec.outIface === r.outIface) === r.outNeg);
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
    const got: { rate: number; prefix: MapPrefix | null; inI: { n: number; neg: boolean }; outI: { n: number; neg: boolean } } = {
      rate: 0, prefix: null, inI: { n: -1, neg: false }, outI: { n: -1, neg: false },
    };
    const read = readRuleLine(toks, file, lineNo, warn, (key, value) => {
      if (key === 'id') got.rate = atoi(value);
      else if (key === 'ip') got.prefix = parseMapPrefix('IP address or prefix', value);
      else if (key === 'in') got.inI = iface('in', value);
      else if (key === 'out') got.outI = iface('out', value);
      else return false;
      return true;
    });
    const { rate, prefix, inI, outI } = got;
    if (!read) return;
    if (rate === 0 || prefix === null) return warnMissingKeys("'id', 'ip'", file, lineNo, warn);
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
