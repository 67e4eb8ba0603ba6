/**
 * bgp_agent_map (nfacctd, sfacctd): which BGP peer's RIB answers the
 * lookups for a flow exporter, when the exporter does not peer itself
 * (route reflectors, hub and spoke, NAT). pmacct 1.7.7 semantics
 * (load_id_file with MAP_BGP_TO_XFLOW_AGENT, BTA_find_id):
 *
 * - pre_tag_map syntax: `bgp_ip=<BGP peer address or router id>` (the
 *   older `id=` is the same key) and `ip=<exporter address or prefix>` are
 *   required; `filter=<libpcap expression>` narrows a rule to some flows
 *   (matched as aggregate_filter matches them).
 * - the first rule, in file order among those of the exporter's address
 *   family, whose keys all match wins; with no match the exporter's own
 *   address is the one looked up among the peers.
 * - reloaded on SIGUSR2 (maps_refresh), like the other maps.
 */
import { AF_INET, AF_INET6, type FlowRecord } from '../model/flowRecord.ts';
import { parseIp } from '../model/ipText.ts';
import { compileFlowFilter, FlowFilterError, loadNativeBpfCompile } from '../filter/flowFilter.ts';
import { forEachMapLine, LineProblem, parseMapPrefix, prefixMatch, readMapFile, splitKeyValue, type MapFileOptions } from './mapFile.ts';

export interface BgpAgentRule {
  readonly line: number;
  /** The BGP peer to use: its family and 16 address bytes (IPv4 in the first 4). */
  readonly bgpFamily: number;
  readonly bgpAddress: Uint8Array;
  /** The exporters the rule covers. */
  readonly family: number;
  readonly net: Uint8Array;
  readonly bits: number;
  readonly filter: ((rec: FlowRecord) => boolean) | null;
}

export class BgpAgentMap {
  readonly file: string;
  readonly rules: readonly BgpAgentRule[];
  private readonly v4: readonly BgpAgentRule[];
  private readonly v6: readonly BgpAgentRule[];

  constructor(file: string, rules: BgpAgentRule[]) {
    this.file = file;
    this.rules = rules;
    this.v4 = rules.filter((r) => r.family === AF_INET);
    this.v6 = rules.filter((r) => r.family === AF_INET6);
  }

  /** The first matching rule for this record's exporter, or null. */
  ruleFor(rec: FlowRecord): BgpAgentRule | null {
    const exporter = rec.peerSrcIp;
    const rules = exporter.family === AF_INET ? this.v4 : exporter.family === AF_INET6 ? this.v6 : null;
    if (rules === null) return null;
    for (let i = 0; i < rules.length; i++) {
      const r = rules[i]!;
      if (!prefixMatch(exporter, r.net, r.bits)) continue;
      if (r.filter !== null && !r.filter(rec)) continue;
      return r;
    }
    return null;
  }
}

function bgpAddress(value: string): { family: number; bytes: Uint8Array } {
  const bytes = new Uint8Array(16);
  const family = parseIp(value, bytes);
  if (family !== AF_INET && family !== AF_INET6) throw new LineProblem('Invalid BGP peer address.');
  return { family, bytes };
}

export function parseBgpAgentMap(text: string, file: string, options: MapFileOptions = {}): BgpAgentMap {
  const warn = options.warn ?? (() => {});
  const rules: BgpAgentRule[] = [];
  forEachMapLine(text, file, options, () => rules.length, (toks, lineNo) => {
    let peer: { family: number; bytes: Uint8Array } | null = null;
    let prefix: ReturnType<typeof parseMapPrefix> | null = null;
    let filter: ((rec: FlowRecord) => boolean) | null = null;
    try {
      for (const tok of toks) {
        const kv = splitKeyValue(tok);
        if (kv === null) {
          warn(`[${file}:${lineNo}] malformed line. Ignored.`);
          return;
        }
        const [key, value] = kv;
        if (key === 'bgp_ip' || key === 'id') peer = bgpAddress(value);
        else if (key === 'ip') prefix = parseMapPrefix('IP address or prefix', value);
        else if (key === 'filter') filter = flowFilter(value);
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
    if (peer === null || prefix === null) {
      warn(`[${file}:${lineNo}] required key missing. Required keys are: 'bgp_ip', 'ip'. Line ignored.`);
      return;
    }
    rules.push({ line: lineNo, bgpFamily: peer.family, bgpAddress: peer.bytes, family: prefix.family, net: prefix.net, bits: prefix.bits, filter });
  });
  return new BgpAgentMap(file, rules);
}

function flowFilter(value: string): (rec: FlowRecord) => boolean {
  const expression = value.replace(/^'(.*)'$/s, '$1');
  if (loadNativeBpfCompile() === null) {
    throw new LineProblem("'filter' needs tsacct's libpcap filter compiler (build/bpfCompile.node), which is not built.");
  }
  try {
    return compileFlowFilter(expression);
  } catch (err) {
    if (!(err instanceof FlowFilterError)) throw err;
    throw new LineProblem(`malformed filter: ${err.message.replace(/^filter '.*' rejected by libpcap: /s, '')}.`);
  }
}

export function loadBgpAgentMap(file: string, options: MapFileOptions = {}): BgpAgentMap {
  return parseBgpAgentMap(readMapFile(file, 'bgp_agent_map'), file, options);
}
