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
import { forEachMapLine, LineProblem, parseMapPrefix, readMapFile, type MapFileOptions, type MapPrefix } from './mapFile.ts';
import { PrefixRuleMap } from './prefixRuleMap.ts';
import { readRuleLine, warnMissingKeys } from './mapRuleLine.ts';

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

export class BgpAgentMap extends PrefixRuleMap<BgpAgentRule> {
  /** The first matching rule for this record's exporter, or null. */
  ruleFor(rec: FlowRecord): BgpAgentRule | null {
    return this.firstCovering(rec.peerSrcIp, filterAccepts, rec);
  }
}

function filterAccepts(rule: BgpAgentRule, rec: FlowRecord): boolean {
  return rule.filter === null || rule.filter(rec);
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
    const got: { peer: { family: number; bytes: Uint8Array } | null; prefix: MapPrefix | null; filter: ((rec: FlowRecord) => boolean) | null } = { peer: null, prefix: null, filter: null };
    const read = readRuleLine(toks, file, lineNo, warn, (key, value) => {
      if (key === 'bgp_ip' || key === 'id') got.peer = bgpAddress(value);
      else if (key === 'ip') got.prefix = parseMapPrefix('IP address or prefix', value);
      else if (key === 'filter') got.filter = flowFilter(value);
      else return false;
      return true;
    });
    const { peer, prefix, filter } = got;
    if (!read) return;
    if (peer === null || prefix === null) return warnMissingKeys("'bgp_ip', 'ip'", file, lineNo, warn);
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
