/**
 * pmacct's networks_file: one network per line,
 *
 *   [<next-hop>,][[<peer AS>_]<origin AS>,]<network>/<mask>
 *
 * with lines starting '!' or '#' (after blanks) and blank lines ignored.
 * As in pmacct 1.7.7 the number of commas decides the layout (1: AS,net;
 * 2: next-hop,AS,net; 3: label,next-hop,AS,net — the label is read and
 * dropped, tsacct has no prefix labels), a bad line is reported and
 * skipped, never fatal, and a network's host bits are cleared.
 *
 * The result is one side table of entries (mask, AS, peer AS, next hop)
 * plus an IPv4 and an IPv6 longest-prefix-match table whose values are
 * indexes into it.
 */
import { readFileSync } from 'node:fs';
import { isIPv4, isIPv6 } from 'node:net';
import {
  Ipv4PrefixTableBuilder,
  Ipv6PrefixTableBuilder,
  type Ipv4PrefixTable,
  type Ipv6PrefixTable,
} from '../lookup/prefixTable.ts';

export interface NetworksFileEntry {
  /** 4 or 6. */
  family: 4 | 6;
  /** The network in text form, host bits cleared as given. */
  network: string;
  mask: number;
  as: number;
  peerAs: number;
  /** BGP next hop (peer_dst_ip), or null. */
  nextHop: string | null;
  /** 1-based line of the file. */
  line: number;
}

export interface NetworksFileProblem {
  line: number;
  message: string;
}

export interface NetworksTable {
  entries: NetworksFileEntry[];
  v4: Ipv4PrefixTable;
  v6: Ipv6PrefixTable;
  /** Whether a 0.0.0.0/0 or ::/0 is listed (pmacct's networks_file_filter keeps such addresses). */
  defaultRoute4: boolean;
  defaultRoute6: boolean;
  problems: NetworksFileProblem[];
}

/** Parses the text of a networks_file; `name` prefixes the problem messages. */
export function parseNetworksFile(text: string, name = 'networks_file'): NetworksTable {
  const entries: NetworksFileEntry[] = [];
  const problems: NetworksFileProblem[] = [];
  const b4 = new Ipv4PrefixTableBuilder();
  const b6 = new Ipv6PrefixTableBuilder();
  let defaultRoute4 = false;
  let defaultRoute6 = false;
  const lines = text.split('\n');
  const bytes = new Uint8Array(16);
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const raw = lines[i]!.replace(/\r$/, '');
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('!') || trimmed.startsWith('#')) continue;
    const problem = (message: string): void => {
      problems.push({ line: lineNo, message: `[${name}:${lineNo}] ${message}` });
    };
    const fields = trimmed.split(',').map((f) => f.trim());
    let k = 0;
    if (fields.length >= 4) k++; // prefix label: read and dropped
    let nextHop: string | null = null;
    if (fields.length >= 3) {
      const nh = fields[k++]!;
      if (nh !== '') {
        if (!isIPv4(nh) && !isIPv6(nh)) {
          problem(`Invalid next-hop '${nh}'. Ignoring.`);
          continue;
        }
        nextHop = nh;
      }
    }
    let as = 0;
    let peerAs = 0;
    if (fields.length >= 2) {
      const asField = fields[k++]!;
      const us = asField.indexOf('_');
      const asText = us >= 0 ? asField.slice(us + 1) : asField;
      const peerText = us >= 0 ? asField.slice(0, us) : '';
      const parsedAs = parseAsn(asText);
      const parsedPeer = us >= 0 ? parseAsn(peerText) : 0;
      if (parsedAs === null || parsedPeer === null) {
        problem(`Invalid AS number '${asField}'. Ignoring.`);
        continue;
      }
      as = parsedAs;
      peerAs = parsedPeer;
    }
    const netField = fields[k]!;
    const slash = netField.indexOf('/');
    if (slash < 0) {
      problem(`Missing '/' separator. Ignoring.`);
      continue;
    }
    const net = netField.slice(0, slash);
    const maskText = netField.slice(slash + 1);
    if (!/^\d+$/.test(maskText)) {
      problem(`Invalid network mask '${maskText}'.`);
      continue;
    }
    const mask = Number(maskText);
    let family: 4 | 6;
    if (isIPv4(net)) {
      family = 4;
      if (mask > 32) {
        problem(`Invalid network mask '${mask}'.`);
        continue;
      }
      const v = ipv4ToNumber(net);
      b4.add(v, mask, entries.length);
      if (mask === 0) defaultRoute4 = true;
    } else if (isIPv6(net)) {
      family = 6;
      if (mask > 128) {
        problem(`Invalid network mask '${mask}'.`);
        continue;
      }
      ipv6ToBytes(net, bytes);
      b6.add(bytes, 0, mask, entries.length);
      if (mask === 0) defaultRoute6 = true;
    } else {
      problem(`Invalid network '${net}'. Ignoring.`);
      continue;
    }
    entries.push({ family, network: net, mask, as, peerAs, nextHop, line: lineNo });
  }
  return { entries, v4: b4.build(), v6: b6.build(), defaultRoute4, defaultRoute6, problems };
}

export function loadNetworksFile(path: string): NetworksTable {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`networks_file: cannot read '${path}': ${(err as Error).message}`);
  }
  return parseNetworksFile(text, path);
}

function parseAsn(text: string): number | null {
  if (!/^\d+$/.test(text)) return null;
  const n = Number(text);
  return n <= 0xffffffff ? n : null;
}

export function ipv4ToNumber(text: string): number {
  const p = text.split('.');
  return ((Number(p[0]) << 24) | (Number(p[1]) << 16) | (Number(p[2]) << 8) | Number(p[3])) >>> 0;
}

/** Writes the 16 bytes of a valid IPv6 text address (incl. an embedded IPv4 tail) into `out`. */
export function ipv6ToBytes(text: string, out: Uint8Array): void {
  out.fill(0);
  let s = text;
  const lastColon = s.lastIndexOf(':');
  if (s.indexOf('.', lastColon) >= 0) {
    const v4 = ipv4ToNumber(s.slice(lastColon + 1));
    s = `${s.slice(0, lastColon + 1)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const dbl = s.indexOf('::');
  const parse = (part: string): number[] => (part === '' ? [] : part.split(':').map((h) => parseInt(h, 16)));
  let groups: number[];
  if (dbl >= 0) {
    const head = parse(s.slice(0, dbl));
    const rest = parse(s.slice(dbl + 2));
    const zeros = 8 - head.length - rest.length;
    groups = [...head, ...new Array<number>(zeros).fill(0), ...rest];
  } else {
    groups = parse(s);
  }
  for (let g = 0; g < 8; g++) {
    out[g * 2] = (groups[g]! >>> 8) & 0xff;
    out[g * 2 + 1] = groups[g]! & 0xff;
  }
}
