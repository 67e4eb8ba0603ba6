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
import { AF_INET, AF_INET6, IpField } from '../model/flowRecord.ts';
import { parseIp } from '../model/ipText.ts';
import { forEachMapLine, LineProblem, parseMapPrefix, prefixMatch, readMapFile, splitKeyValue, type MapFileOptions } from './mapFile.ts';

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
function parseSource(value: string): ReturnType<typeof parseMapPrefix> {
  const withPort = /^\[([^\]]+)\]:\d+$/.exec(value) ?? /^([^:[\]/]+):\d+$/.exec(value);
  try {
    return parseMapPrefix('BGP xconnect source', withPort ? withPort[1]! : value);
  } catch {
    throw new LineProblem('Invalid BGP xconnect source.');
  }
}

export class BgpXconnectMap {
  readonly file: string;
  readonly rules: readonly BgpXconnect[];

  constructor(file: string, rules: BgpXconnect[]) {
    this.file = file;
    this.rules = rules;
  }

  /** The first rule whose bgp_src covers the peer's address, or null. */
  find(address: string): BgpXconnect | null {
    const peer = new IpField();
    peer.family = parseIp(address, peer.bytes);
    if (peer.family !== AF_INET && peer.family !== AF_INET6) return null;
    return this.rules.find((r) => r.family === peer.family && prefixMatch(peer, r.net, r.bits)) ?? null;
  }
}

/** `maxRules`: bgp_daemon_max_peers. */
export function parseBgpXconnectMap(text: string, file: string, maxRules: number, options: MapFileOptions = {}): BgpXconnectMap {
  const warn = options.warn ?? (() => {});
  const rules: BgpXconnect[] = [];
  forEachMapLine(text, file, { ...options, maxEntries: Math.min(options.maxEntries ?? 384, maxRules) }, () => rules.length, (tokens, lineNo) => {
    let dst: { host: string; port: number } | null = null;
    let src: ReturnType<typeof parseMapPrefix> | null = null;
    let source = '';
    try {
      for (const token of tokens) {
        const kv = splitKeyValue(token);
        if (kv === null) {
          warn(`[${file}:${lineNo}] malformed line. Ignored.`);
          return;
        }
        const [key, value] = kv;
        if (key === 'bgp_dst') dst = parseDestination(value);
        else if (key === 'bgp_src') {
          src = parseSource(value);
          source = value;
        } else {
          warn(`[${file}:${lineNo}] unknown key '${key}'. Ignored.`);
          return;
        }
      }
    } catch (e) {
      if (!(e instanceof LineProblem)) throw e;
      warn(`[${file}:${lineNo}] ${e.message} Line ignored.`);
      return;
    }
    if (dst === null || src === null) {
      warn(`[${file}:${lineNo}] required key missing. Required keys are: 'bgp_dst', 'bgp_src'. Line ignored.`);
      return;
    }
    rules.push({ line: lineNo, family: src.family, net: src.net, bits: src.bits, source, dstHost: dst.host, dstPort: dst.port });
  });
  return new BgpXconnectMap(file, rules);
}

export function loadBgpXconnectMap(file: string, maxRules: number, options: MapFileOptions = {}): BgpXconnectMap {
  return parseBgpXconnectMap(readMapFile(file, 'bgp_daemon_xconnect_map'), file, maxRules, options);
}
