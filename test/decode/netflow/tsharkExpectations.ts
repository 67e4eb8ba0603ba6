/**
 * Not a test: regenerates test/fixtures/netflow/tshark/*.json, the per-record
 * field values tshark reports for each capture the decoder tests use, so the
 * tests cross-check the decoder against an independent dissector without
 * needing tshark installed. Run from the repository root:
 *
 *   node test/decode/netflow/tsharkExpectations.ts
 *
 * For each capture it runs
 *
 *   tshark -r <capture> -d udp.port==<port>,cflow -T json --no-duplicate-keys
 *
 * (duplicate keys, such as an IPFIX field and its reverse-direction twin,
 * become arrays: the first element, the forward field, is kept) and keeps,
 * per datagram, the header fields and, per record, the cflow.*
 * values the tests compare (nested trees flattened, MPLS label entries as a
 * list of [label, exp, bos]). Records of options data sets are marked.
 * Written with tshark 4.0.17.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { NETFLOW_FIXTURES } from './fixturePaths.ts';

export interface TsharkRecord {
  setId: number;
  options: boolean;
  fields: Record<string, string>;
  mpls: [number, number, number][];
}

export interface TsharkDatagram {
  header: Record<string, string>;
  records: TsharkRecord[];
}

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

const HEADER_FIELDS = new Set(
  ['version', 'count', 'sysuptime', 'unix_secs', 'unix_nsecs', 'exporttime', 'sequence', 'source_id', 'od_id', 'engine_type', 'engine_id', 'samplerate', 'samplingmode'].map((f) => `cflow.${f}`),
);
const RECORD_FIELDS = new Set(
  [
    'srcaddr', 'srcaddrv6', 'dstaddr', 'dstaddrv6', 'srcport', 'dstport', 'protocol', 'tos', 'tcpflags',
    'inputint', 'outputint', 'ingress_physical_interface', 'egress_physical_interface',
    'srcas', 'dstas', 'peer_srcas', 'peer_dstas', 'srcmask', 'srcmaskv6', 'dstmask', 'dstmaskv6',
    'octets', 'packets', 'permanent_octets', 'permanent_packets', 'initiator_octets',
    'nexthop', 'nexthopv6', 'bgpnexthop', 'bgpnexthopv6', 'toplabeladdr',
    'timestart', 'timeend', 'abstimestart', 'abstimeend', 'observation_time_milliseconds',
    'srcmac', 'dstmac', 'vlanid', 'post_vlanid', 'dot1q_vlan_id', 'direction', 'ip_version',
    'nat_event', 'firewall_event', 'post_natsource_ipv4_address', 'post_natdestination_ipv4_address',
    'post_naptsource_transport_port', 'post_naptdestination_transport_port',
    'sampler_id', 'sampling_interval', 'ingress_vrfid', 'egress_vrfid',
  ].map((f) => `cflow.${f}`),
);

function pick(fields: Record<string, string>, keep: Set<string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(fields)) if (keep.has(k)) out[k] = v;
  return out;
}

function flatten(obj: { [k: string]: Json }, out: Record<string, string>, mpls: [number, number, number][]): void {
  for (const [k, value] of Object.entries(obj)) {
    const v = Array.isArray(value) && !k.startsWith('MPLS-Label') ? (value[0] ?? null) : value;
    if (typeof v === 'string') {
      if (k.startsWith('cflow.')) out[k] = v;
    } else if (Array.isArray(v) && k.startsWith('MPLS-Label')) {
      for (const entry of v) if (entry !== null && typeof entry === 'object' && !Array.isArray(entry)) mpls.push([Number(entry['cflow.mpls_label']), Number(entry['cflow.mpls_exp']), Number(entry['cflow.mpls_bos'])]);
    } else if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      if (k.startsWith('MPLS-Label')) {
        mpls.push([Number(v['cflow.mpls_label']), Number(v['cflow.mpls_exp']), Number(v['cflow.mpls_bos'])]);
      } else flatten(v, out, mpls);
    }
  }
}

function extract(capture: string, port: number): TsharkDatagram[] {
  const json = execFileSync('tshark', ['-r', capture, '-d', `udp.port==${port},cflow`, '-T', 'json', '--no-duplicate-keys'], {
    maxBuffer: 1 << 28,
    stdio: ['ignore', 'pipe', 'ignore'],
  }).toString();
  const packets = JSON.parse(json) as { _source: { layers: { [k: string]: Json } } }[];
  const optionTemplates = new Set<number>();
  const out: TsharkDatagram[] = [];
  for (const p of packets) {
    const cflow = p._source.layers['cflow'];
    if (cflow === undefined || cflow === null || typeof cflow !== 'object' || Array.isArray(cflow)) continue;
    const header: Record<string, string> = {};
    const records: TsharkRecord[] = [];
    const v5: Record<string, string> = {};
    const v5Mpls: [number, number, number][] = [];
    for (const [k, v] of Object.entries(cflow)) {
      if (typeof v === 'string') header[k] = v;
      else if (k.startsWith('pdu ')) {
        // NetFlow v5 records
        flatten(v as { [k: string]: Json }, v5, v5Mpls);
        records.push({ setId: 0, options: false, fields: pick(v5, RECORD_FIELDS), mpls: [] });
        for (const key of Object.keys(v5)) delete v5[key];
      } else if (k.startsWith('FlowSet') || k.startsWith('Set')) {
        const set = v as { [k: string]: Json };
        const setId = Number(set['cflow.flowset_id']);
        for (const [sk, sv] of Object.entries(set)) {
          const m = /^Options Template \(Id = (\d+)\)/.exec(sk);
          if (m) optionTemplates.add(Number(m[1]));
          if (sk.startsWith('Flow ') && sv !== null && typeof sv === 'object' && !Array.isArray(sv)) {
            const fields: Record<string, string> = {};
            const mpls: [number, number, number][] = [];
            flatten(sv, fields, mpls);
            records.push({ setId, options: optionTemplates.has(setId), fields: pick(fields, RECORD_FIELDS), mpls });
          }
        }
      } else if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
        flatten(v, header, []);
      }
    }
    out.push({ header: pick(header, HEADER_FIELDS), records });
  }
  return out;
}

/** Captures (relative to NETFLOW_FIXTURES) and the UDP port to decode as cflow. */
export const TSHARK_CAPTURES: [string, number][] = [
  ['akvorado__nfv5.pcap', 9990],
  ['netflow5_test_juniper_mx80.pcap', 2055],
  ['akvorado__data+templates.pcap', 2055],
  ['akvorado__nat.pcap', 2055],
  ['netflow9_test_cisco_asa_2.pcap', 2055],
  ['netflow9_test_cisco_asr9k.pcap', 2055],
  ['akvorado__samplingrate.pcap', 8096],
  ['akvorado__multiplesamplingrates.pcap', 2055],
  ['akvorado__ipfix_v10_with_mpls_labels.pcap', 2055],
  ['akvorado__physicalinterfaces.pcap', 2055],
  ['ipfix_test_yaf.pcap', 4739],
  ['ipfix_test_barracuda.pcap', 4739],
  ['ipfix_test_netscaler.pcap', 4739],
  ['pmacct-tests__100-traffic-00.pcap', 9991],
  ['pmacct-tests__101-traffic-00.pcap', 9991],
  ['pmacct-tests__104-traffic-00.pcap', 9992],
  ['akvorado__icmp.pcap', 2100],
];

if (import.meta.main) {
  const dir = join(NETFLOW_FIXTURES, 'tshark');
  mkdirSync(dir, { recursive: true });
  for (const [capture, port] of TSHARK_CAPTURES) {
    const data = extract(join(NETFLOW_FIXTURES, capture), port);
    writeFileSync(join(dir, `${basename(capture, '.pcap')}.json`), `${JSON.stringify(data)}\n`);
    console.log(`${capture}: ${data.length} datagrams, ${data.reduce((n, d) => n + d.records.length, 0)} records`);
  }
}
