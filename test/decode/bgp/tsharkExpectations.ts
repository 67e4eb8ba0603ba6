/**
 * Re-creates test/fixtures/bgp/tshark/*.json, what tshark (4.0) dissects in
 * the BGP corpus captures the decoder test reads:
 *   node test/decode/bgp/tsharkExpectations.ts
 * One record per frame holding BGP: message types, NLRI / withdrawn /
 * MP_REACH IPv6 prefixes with their lengths, ADD-PATH path identifiers, the
 * NEXT_HOP and MP_REACH IPv6 next hop, the NOTIFICATION code and Shutdown
 * Communication. Lists are tshark's comma-joined field values.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BGP_FIXTURES } from './bgpCapture.ts';

export const TSHARK_CAPTURES = [
  'tcpdump__bgp-4byte-asn.pcap',
  'tcpdump__bgp-large-community.pcap',
  'tcpdump__bgp-addpath.pcap',
  'tcpdump__mpbgp-linklocal-nexthop.pcap',
  'tcpdump__bgp-shutdown-communication.pcapng',
];

export const TSHARK_FIELDS = [
  'frame.number', 'bgp.type', 'bgp.nlri_prefix', 'bgp.withdrawn_prefix', 'bgp.mp_reach_nlri_ipv6_prefix', 'bgp.nlri_path_id',
  'bgp.update.path_attribute.next_hop', 'bgp.update.path_attribute.mp_reach_nlri.next_hop.ipv6',
  'bgp.notify.major_error', 'bgp.notify.communication',
];

export function expectationPath(capture: string): string {
  return join(BGP_FIXTURES, 'tshark', `${capture}.json`);
}

if (import.meta.main) {
  mkdirSync(join(BGP_FIXTURES, 'tshark'), { recursive: true });
  for (const capture of TSHARK_CAPTURES) {
    const args = ['-r', join(BGP_FIXTURES, capture), '-d', 'tcp.port==179,bgp', '-Y', 'bgp', '-T', 'fields', '-E', 'separator=/t'];
    for (const f of TSHARK_FIELDS) args.push('-e', f);
    const text = execFileSync('tshark', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const rows = text.split('\n').filter((l) => l !== '').map((line) => Object.fromEntries(line.split('\t').map((v, i) => [TSHARK_FIELDS[i]!, v])));
    writeFileSync(expectationPath(capture), `${JSON.stringify(rows, null, 1)}\n`);
    process.stdout.write(`${capture}: ${rows.length} frames\n`);
  }
}
