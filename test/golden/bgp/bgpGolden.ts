/**
 * The BGP golden scenario shared by regenerate.ts (pmacct 1.7.7's pmbgpd)
 * and bgpGolden.test.ts (tsacct): one exabgp process opens two sessions to
 * the collector under test —
 *
 * - from 127.0.0.3, AS 4200000001 (iBGP, 4-octet ASNs), with ADD-PATH for
 *   IPv4 unicast and the families IPv4/IPv6 unicast, IPv4 labeled unicast,
 *   VPNv4 and VPNv6: routes with every attribute pmacct prints (AS sets and
 *   confederation segments, standard/extended/large communities, MED,
 *   LOCAL_PREF, ATOMIC_AGGREGATE, AGGREGATOR, labels, route distinguishers
 *   of the three types);
 * - from 127.0.0.4, AS 65020 without the 4-octet AS capability, so that
 *   4-octet ASNs travel as AS_TRANS plus AS4_PATH.
 *
 * Phase 1 is the static routes exabgp sends at session start; the table
 * dump is taken then. Phase 2 starts when the file `go` appears: the feed
 * process withdraws routes (one known, one unknown), replaces one, repeats
 * one unchanged and withdraws a VPN route, then writes the file `done`.
 * The run then stops exabgp, which ends both sessions with a Cease (exabgp
 * reconnects at once after a teardown, so a teardown would race).
 *
 * Stored form (<file>.pmacct.txt): pmacct's JSON lines with the run's
 * variables masked (timestamp, seq, peer_tcp_port; dump timestamps,
 * dump_period kept) and the lines of one dump, and each run of delete
 * lines, sorted: pmacct walks its radix tree and per-prefix path buckets,
 * tsacct its own order.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const bgpGoldenDir = import.meta.dirname;

/** The two peers and the files pmacct writes for each ($peer_src_ip with '_'). */
export const PEERS = ['127.0.0.3', '127.0.0.4'] as const;

export function msglogName(peer: string): string {
  return `msglog-${peer.replace(/\./g, '_')}.json`;
}

export function dumpName(peer: string): string {
  return `dump-${peer.replace(/\./g, '_')}.json`;
}

export function storedPath(file: string): string {
  return join(bgpGoldenDir, `${file}.pmacct.txt`);
}

/** The collector configuration (pmbgpd's and tsacct's alike). */
export function collectorConfig(dir: string, port: number): string {
  return [
    'bgp_daemon_ip: 127.0.0.1',
    `bgp_daemon_port: ${port}`,
    `bgp_daemon_msglog_file: ${join(dir, 'msglog-$peer_src_ip.json')}`,
    `bgp_table_dump_file: ${join(dir, 'dump-$peer_src_ip.json')}`,
    'bgp_table_dump_refresh_time: 60',
  ].join('\n') + '\n';
}

/**
 * Lines each msglog holds once phase 1 is in (log_init + one update per
 * static route). A labeled prefix with a stack of two labels is not in the
 * scenario: pmbgpd 1.7.7 drops it (it allows 24 label bits, 56 in all, for
 * labeled IPv4), tsacct keeps it (docs/compat.md; bgpDecoder.test.ts).
 */
export const PHASE1_LINES: Record<string, number> = { '127.0.0.3': 11, '127.0.0.4': 4 };

export function feedScript(dir: string): string {
  const go = join(dir, 'go');
  const n3 = 'neighbor 127.0.0.1 local-ip 127.0.0.3';
  return `#!/bin/sh
# Every wait also ends when exabgp (the parent) is gone, so no loop outlives a failed run.
while [ ! -e ${go} ]; do kill -0 $PPID 2>/dev/null || exit 0; sleep 0.1; done
echo "${n3} withdraw route 198.51.100.0/25 next-hop 192.0.2.1 path-information 3"
sleep 0.3
echo "${n3} withdraw route 192.0.2.128/25 next-hop 192.0.2.1 path-information 9"
sleep 0.3
echo "${n3} announce route 203.0.113.0/24 next-hop 192.0.2.1 origin igp as-path [ 4200000001 65010 65099 ] local-preference 150 path-information 1"
sleep 0.3
echo "${n3} announce route 2001:db8:100::/48 next-hop 2001:db8::1 as-path [ 65010 65020 ] community [ 65000:1 ] med 0"
sleep 0.3
echo "${n3} withdraw route 10.20.0.0/16 rd 65000:1 next-hop 192.0.2.1 label 200"
sleep 0.3
: > ${join(dir, 'done')}
# Wait for the run to end (a long sleep would outlive exabgp and hold its output open).
while [ ! -e ${join(dir, 'stop')} ]; do kill -0 $PPID 2>/dev/null || exit 0; sleep 0.1; done
`;
}

export function exabgpConfig(dir: string, port: number): string {
  return `process feed {
  run ${join(dir, 'feed.sh')};
  encoder text;
}
neighbor 127.0.0.1 {
  router-id 10.0.0.3;
  local-address 127.0.0.3;
  local-as 4200000001;
  peer-as 4200000001;
  hold-time 30;
  connect ${port};
  group-updates false;
  capability { asn4 enable; add-path send; route-refresh; }
  family { ipv4 unicast; ipv6 unicast; ipv4 nlri-mpls; ipv4 mpls-vpn; ipv6 mpls-vpn; }
  add-path { ipv4 unicast; }
  api { processes [ feed ]; }
  static {
    route 203.0.113.0/24 next-hop 192.0.2.1 origin igp as-path [ 4200000001 65010 65020 ] community [ 65000:200 65000:100 no-export ] extended-community [ target:65000:300 origin:65000:7 ] large-community [ 4200000001:1:2 65000:3:4 ] med 50 local-preference 200 path-information 1;
    route 203.0.113.0/24 next-hop 192.0.2.2 origin egp as-path [ 65030 ( 65050 65040 ) ] path-information 2;
    route 198.51.100.0/25 next-hop 192.0.2.1 origin incomplete atomic-aggregate aggregator ( 65010:192.0.2.9 ) path-information 3;
    route 192.0.2.0/24 next-hop 192.0.2.1 as-path [ 65010 ] community [ no-advertise 0:0 65535:65284 ] extended-community [ target:192.0.2.1:5 ] path-information 4;
    route 2001:db8:100::/48 next-hop 2001:db8::1 as-path [ 65010 65020 ] community [ 65000:1 ] med 0;
    route 2001:db8:1::/64 next-hop 2001:db8::1 as-path [ 65010 ];
    route 10.10.0.0/16 next-hop 192.0.2.1 label 100 as-path [ 65010 ];
    route 10.20.0.0/16 rd 65000:1 next-hop 192.0.2.1 label 200 extended-community [ target:65000:1 ];
    route 10.30.0.0/16 rd 192.0.2.1:5 next-hop 192.0.2.1 label 300;
    route 2001:db8:200::/48 rd 4200000001:7 next-hop 2001:db8::2 label 400;
  }
}
neighbor 127.0.0.1 {
  router-id 10.0.0.4;
  local-address 127.0.0.4;
  local-as 65020;
  peer-as 65020;
  hold-time 30;
  connect ${port};
  group-updates true;
  capability { asn4 disable; }
  family { ipv4 unicast; ipv6 unicast; }
  static {
    route 198.18.0.0/15 next-hop 192.0.2.7 as-path [ 65020 4200000001 64512 ] community [ 65020:1 ];
    route 198.18.0.0/16 next-hop 192.0.2.7 as-path [ 65020 4200000001 64512 ] community [ 65020:1 ];
    route 2001:db8:300::/48 next-hop 2001:db8::7 as-path [ 4200000002 ];
  }
}
`;
}

/**
 * Where tsacct prints what pmacct 1.7.7 gets wrong (bgp.deviations.json,
 * each naming its docs/compat.md section): pmacct's text replaces exactly
 * tsacct's in tsacct's lines before the comparison. The one case: an
 * IPv4-address route target (0x01), which 1.7.7 reads as a 2-octet-AS one.
 */
const DEVIATIONS = JSON.parse(readFileSync(join(bgpGoldenDir, 'bgp.deviations.json'), 'utf8')) as { compat: string; pmacct: string; tsacct: string }[];

export function withPmacctDeviations(text: string): string {
  let out = text;
  for (const d of DEVIATIONS) out = out.split(d.tsacct).join(d.pmacct);
  return out;
}

/**
 * Masks what changes from run to run and sorts what pmacct and tsacct
 * order differently (see the file comment). The masking is textual, so the
 * lines keep pmacct's exact bytes (key order, separators). `text` is one
 * file's lines.
 */
export function normalize(text: string): string {
  const lines = text.split('\n').filter((l) => l !== '').map((line) =>
    line
      .replace(/"timestamp": "\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}"/, '"timestamp": "T"')
      .replace(/"timestamp": "\d{4}-\d\d-\d\d \d\d:\d\d:\d\d"/, '"timestamp": "D"')
      .replace(/"seq": \d+/, '"seq": S')
      .replace(/"peer_tcp_port": \d+/, '"peer_tcp_port": P'));
  const out: string[] = [];
  for (let i = 0; i < lines.length; ) {
    const kind = runKind(lines[i]!);
    let j = i + 1;
    if (kind !== '') while (j < lines.length && runKind(lines[j]!) === kind) j++;
    const run = lines.slice(i, j);
    out.push(...(kind === '' ? run : run.sort()));
    i = j;
  }
  return out.join('\n') + '\n';
}

/** Lines whose relative order is not compared: one dump's routes, one run of deletes. */
function runKind(line: string): string {
  if (line.includes('"event_type": "dump",')) return 'dump';
  if (line.includes('"log_type": "delete"')) return 'delete';
  return '';
}
