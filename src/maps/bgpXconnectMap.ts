/**
 * bgp_daemon_xconnect_map (pmbgpd as a BGP proxy): which collector each
 * incoming BGP session is cross-connected to. pmacct 1.7.7's syntax
 * (bgp_xcs.c, examples/bgp_xconnects.map.example), pre_tag_map style:
 *
 *   bgp_dst=10.0.0.1:17901  bgp_src=192.168.0.1
 *
 * - bgp_dst: the collector's address and port ("[v6]:port" for IPv6);
 * - bgp_src: the peer's IP address (compared to the session's source
 *   address, never to the BGP identifier), or a prefix "address/length";
 *   a port written after the address ("192.168.0.1:179") is ignored, as
 *   pmacct compares addresses only.
 * - The first rule matching the peer's address wins; rules beyond
 *   bgp_daemon_max_peers are not loaded (pmacct sizes the table so).
 * - Reloaded on SIGUSR2; a reload changes new sessions only.
 */
import { IpField } from '../model/flowRecord.ts';
import { parseIp } from '../model/ipText.ts';
import { forEachMapLine, LineProblem, parseMapPrefix, readMapFile, type MapFileOptions, type MapPrefix } from './mapFile.ts';
import { PrefixRuleMap } from './prefixRuleMap.ts';
import { readRuleLine, warnMissingKeys } from './mapRuleLine.ts';

export interface BgpXconnect {
  readonly line: number;
  /** The peers the rule covers. */
  readonly family: number;
  readonly net: Uint8Array;
  readonly bits: number;
  /** bgp_src as written, for logs. */
  readonly source: string;
  readonly dstHost: string;
  readonly dstPort: number;
}

/** "address:port" or "[v6]:port"; throws pmacct's complaint otherwise. */
function parseDestination(value: string): { host: string; port: number } {
  const m = /^\[([^\]]+)\]:(\d+)$/.exec(value) ?? /^([^:[\]]+):(\d+)$/.exec(value);
  const bytes = new Uint8Array(16);
  if (!m || parseIp(m[1]!, bytes) === 0 || Number(m[2]) < 1 || Number(m[2]) > 65535) throw new LineProblem('Invalid BGP xconnect destination.');
  return { host: m[1]!, port: Number(m[2]) };
}

/** bgp_src: an address (a port after it ignored) or a prefix. */
function parseSource(value: string): MapPrefix {
  const withPort = /^\[([^\]]+)\]:\d+$/.exec(value) ?? /^([^:[\]/]+):\d+$/.exec(value);
  try {
    return parseMapPrefix('BGP xconnect source', withPort ? withPort[1]! : value);
  } catch {
    throw new LineProblem('Invalid BGP xconnect source.');
  }
}

export class BgpXconnectMap extends PrefixRuleMap<BgpXconnect> {
  /** The first rule whose bgp_src covers the peer's address, or null. */
  find(address: string): BgpXconnect | null {
    const peer = new IpField();
    peer.family = parseIp(address, peer.bytes);
    return this.firstCovering(peer, anyRule, null);
  }
}

const anyRule = (): boolean => true;

/** `maxRules`: bgp_daemon_max_peers. */
export function parseBgpXconnectMap(text: string, file: string, maxRules: number, options: MapFileOptions = {}): BgpXconnectMap {
  const warn = options.warn ?? (() => {});
  const rules: BgpXconnect[] = [];
  forEachMapLine(text, file, { ...options, maxEntries: Math.min(options.maxEntries ?? 384, maxRules) }, () => rules.length, (tokens, lineNo) => {
    const got: { dst: { host: string; port: number } | null; src: MapPrefix | null; source: string } = { dst: null, src: null, source: '' };
    const read = readRuleLine(tokens, file, lineNo, warn, (key, value) => {
      if (key === 'bgp_dst') got.dst = parseDestination(value);
      else if (key === 'bgp_src') {
        got.src = parseSource(value);
        got.source = value;
      } else return false;
      return true;
    });
    const { dst, src, source } = got;
    if (!read) return;
    if (dst === null || src === null) return warnMissingKeys("'bgp_dst', 'bgp_src'", file, lineNo, warn);
    rules.push({ line: lineNo, family: src.family, net: src.net, bits: src.bits, source, dstHost: dst.host, dstPort: dst.port });
  });
  return new BgpXconnectMap(file, rules);
}

export function loadBgpXconnectMap(file: string, maxRules: number, options: MapFileOptions = {}): BgpXconnectMap {
  return parseBgpXconnectMap(readMapFile(file, 'bgp_daemon_xconnect_map'), file, maxRules, options);
}
