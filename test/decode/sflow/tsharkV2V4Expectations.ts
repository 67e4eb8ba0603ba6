/**
 * Writes the tshark-derived expectations of the sFlow v2/v4 cross-check:
 * for each flow sample and counter sample of a v2/v4 capture, the fields
 * tshark 4.0 decodes (its v2/v4 dissector reads raw header records, the
 * extended switch, router and gateway, and every counters version; not the
 * sampled IPv4/IPv6 records nor user/URL, hence crafted__sflow-v2v4-sampled-ip
 * has no such file). Run by hand when a capture changes:
 *
 *   node test/decode/sflow/tsharkV2V4Expectations.ts <capture.pcap> > test/fixtures/sflow/<capture>.tshark.json
 *
 * which runs `tshark -r <capture> -d udp.port==6343,sflow -T json --no-duplicate-keys`.
 */
import { execFileSync } from 'node:child_process';
import { list, node, num, str, type Tree, type Value } from './tsharkJsonTree.ts';


export interface V2V4FlowExpectation {
  kind: 'flow';
  frame: number;
  version: number;
  agent: string;
  datagramSequence: number;
  sampleSequence: number;
  sourceIdIndex: number;
  samplingRate: number;
  samplePool: number;
  input: number;
  output: number;
  headerProtocol: number;
  frameLength: number;
  srcMac?: string;
  dstMac?: string;
  /** The header's first 802.1Q id and priority. */
  headerVlan?: number;
  headerPriority?: number;
  srcHost?: string;
  dstHost?: string;
  proto?: number;
  srcPort?: number;
  dstPort?: number;
  tcpFlags?: number;
  /** Extended switch: in VLAN, in priority, out VLAN, out priority. */
  switch?: number[];
  nextHop?: string;
  srcMask?: number;
  dstMask?: number;
  srcAs?: number;
  peerSrcAs?: number;
  /** v4 gateway only: the destination path's ASNs, communities, local preference. */
  asPath?: number[];
  communities?: number[];
  localPref?: number;
}

export interface V2V4CountersExpectation {
  kind: 'counters';
  frame: number;
  sequence: number;
  sourceIdIndex: number;
  countersVersion: number;
  ifIndex?: number;
  ifInOctets?: number;
  ifOutOctets?: number;
  ifInUcastPkts?: number;
  vlanId?: number;
  vlanOctets?: number;
}

export type V2V4Expectation = V2V4FlowExpectation | V2V4CountersExpectation;


function strings(v: Value): string[] {
  if (v === undefined) return [];
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return [];
}

function flowSample(frame: number, sflow: Tree, sample: Tree): V2V4FlowExpectation {
  const s: V2V4FlowExpectation = {
    kind: 'flow',
    frame,
    version: num(sflow, 'sflow_245.version') ?? -1,
    agent: str(sflow, 'sflow_245.agent') ?? str(sflow, 'sflow_245.agent.v6') ?? '',
    datagramSequence: num(sflow, 'sflow_245.sequence_number') ?? -1,
    sampleSequence: num(sample, 'sflow.flow_sample.sequence_number') ?? -1,
    sourceIdIndex: num(sample, 'sflow.flow_sample.index') ?? -1,
    samplingRate: num(sample, 'sflow.flow_sample.sampling_rate') ?? -1,
    samplePool: num(sample, 'sflow.flow_sample.sample_pool') ?? -1,
    input: num(sample, 'sflow.flow_sample.input_interface') ?? -1,
    output: num(sample, 'sflow.flow_sample.output_interface') ?? -1,
    headerProtocol: num(sample, 'sflow_245.header_protocol') ?? -1,
    frameLength: num(sample, 'sflow_245.header.frame_length') ?? -1,
  };
  const inner = node(sample, 'sflow_245.header_tree');
  const eth = node(inner, 'eth');
  const vlan = node(inner, 'vlan');
  const ip = node(inner, 'ip') ?? node(inner, 'ipv6');
  const tcp = node(inner, 'tcp');
  const udp = node(inner, 'udp');
  if (eth) {
    s.srcMac = str(eth, 'eth.src');
    s.dstMac = str(eth, 'eth.dst');
  }
  if (vlan) {
    s.headerVlan = num(vlan, 'vlan.id');
    s.headerPriority = num(vlan, 'vlan.priority');
  }
  if (ip) {
    s.srcHost = str(ip, 'ip.src') ?? str(ip, 'ipv6.src');
    s.dstHost = str(ip, 'ip.dst') ?? str(ip, 'ipv6.dst');
    s.proto = num(ip, 'ip.proto') ?? num(ip, 'ipv6.nxt');
  }
  const l4 = tcp ?? udp;
  if (l4) {
    s.srcPort = num(l4, tcp ? 'tcp.srcport' : 'udp.srcport');
    s.dstPort = num(l4, tcp ? 'tcp.dstport' : 'udp.dstport');
  }
  if (tcp) s.tcpFlags = Number(str(tcp, 'tcp.flags')) & 0xff;
  for (const ext of list(sample['sflow_245.extended_information_type_tree'])) {
    if (ext['sflow_245.vlan.in'] !== undefined) {
      s.switch = ['sflow_245.vlan.in', 'sflow_245.pri.in', 'sflow_245.vlan.out', 'sflow_245.pri.out'].map((k) => num(ext, k) ?? -1);
    } else if (ext['sflow_245.nexthop.src_mask'] !== undefined) {
      s.nextHop = str(ext, 'sflow_245.nexthop') ?? str(ext, 'sflow_245.nexthop.v6');
      s.srcMask = num(ext, 'sflow_245.nexthop.src_mask');
      s.dstMask = num(ext, 'sflow_245.nexthop.dst_mask');
    } else if (ext['sflow_245.srcAS'] !== undefined) {
      s.srcAs = num(ext, 'sflow_245.srcAS');
      s.peerSrcAs = num(ext, 'sflow_245.peerAS');
      const segments = list(ext['sflow.as_type_tree']);
      if (segments.length > 0 || ext['sflow_245.localpref'] !== undefined) {
        s.asPath = segments.flatMap((seg) => strings(seg['sflow_245.dstAS']).map(Number));
        s.communities = strings(node(ext, 'sflow_245.communityEntries_tree')?.['sflow_245.dstAS']).map(Number);
        s.localPref = num(ext, 'sflow_245.localpref');
      }
    }
  }
  return s;
}

function countersSample(frame: number, sample: Tree): V2V4CountersExpectation {
  const c: V2V4CountersExpectation = {
    kind: 'counters',
    frame,
    sequence: num(sample, 'sflow.counters_sample.sequence_number') ?? -1,
    sourceIdIndex: num(sample, 'sflow.counters_sample.index') ?? -1,
    countersVersion: num(sample, 'sflow.counters_sample.counters_type') ?? -1,
  };
  if (sample['sflow_245.ifindex'] !== undefined) {
    c.ifIndex = num(sample, 'sflow_245.ifindex');
    c.ifInOctets = num(sample, 'sflow_245.ifinoct');
    c.ifOutOctets = num(sample, 'sflow_245.ifoutoct');
    c.ifInUcastPkts = num(sample, 'sflow_245.ifinpkt');
  }
  if (sample['sflow_245.vlan_id'] !== undefined) {
    c.vlanId = num(sample, 'sflow_245.vlan_id');
    c.vlanOctets = num(sample, 'sflow_245.octets');
  }
  return c;
}

export function tsharkV2V4Samples(pcap: string): V2V4Expectation[] {
  const json = execFileSync('tshark', ['-r', pcap, '-d', 'udp.port==6343,sflow', '-T', 'json', '--no-duplicate-keys'], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const frames = JSON.parse(json) as { _source: { layers: Tree } }[];
  const out: V2V4Expectation[] = [];
  frames.forEach((f, index) => {
    const sflow = node(f._source.layers, 'sflow');
    if (sflow === undefined) return;
    for (const [key, value] of Object.entries(sflow)) {
      for (const sample of list(value)) {
        if (key.startsWith('Flow sample')) out.push(flowSample(index + 1, sflow, sample));
        else if (key.startsWith('Counters sample')) out.push(countersSample(index + 1, sample));
      }
    }
  });
  return out;
}

if (import.meta.main) {
  const [pcap] = process.argv.slice(2);
  if (pcap === undefined) throw new Error('usage: tsharkV2V4Expectations.ts <capture.pcap>');
  process.stdout.write(`${JSON.stringify(tsharkV2V4Samples(pcap), null, 1)}\n`);
}
