/**
 * Writes the tshark-derived expectations the cross-check test compares
 * with: for each flow sample carrying a raw Ethernet/IP header, the fields
 * tshark 4.0 decodes. Run by hand when a capture is added:
 *
 *   node test/decode/sflow/tsharkExpectations.ts <capture.pcap> <udp port> > test/fixtures/sflow/<capture>.tshark.json
 *
 * which runs `tshark -r <capture> -d udp.port==<port>,sflow -T json --no-duplicate-keys`.
 */
import { execFileSync } from 'node:child_process';
import { list, node, num, str, type Tree } from './tsharkJsonTree.ts';


export interface TsharkSample {
  frame: number;
  agent: string;
  subAgentId: number;
  datagramSequence: number;
  sampleSequence: number;
  samplingRate: number;
  frameLength: number;
  srcMac?: string;
  dstMac?: string;
  /** First (outer) 802.1Q id. */
  vlan?: number;
  srcHost?: string;
  dstHost?: string;
  proto?: number;
  srcPort?: number;
  dstPort?: number;
  tcpFlags?: number;
}


export function tsharkSamples(pcap: string, port: number): TsharkSample[] {
  const json = execFileSync('tshark', ['-r', pcap, '-d', `udp.port==${port},sflow`, '-T', 'json', '--no-duplicate-keys'], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const frames = JSON.parse(json) as { _source: { layers: Tree } }[];
  const out: TsharkSample[] = [];
  frames.forEach((f, index) => {
    const sflow = node(f._source.layers, 'sflow');
    if (sflow === undefined) return;
    for (const [key, value] of Object.entries(sflow)) {
      if (!/^(Expanded flow|Flow) sample/.test(key)) continue;
      for (const sample of list(value)) {
        const header = list(sample['Raw packet header'])[0];
        const inner = node(header, 'sflow_245.header_tree');
        if (header === undefined || num(header, 'sflow_245.header_protocol') !== 1 || inner === undefined) continue;
        const eth = node(inner, 'eth');
        const vlan = node(inner, 'vlan');
        const ip = node(inner, 'ip') ?? node(inner, 'ipv6');
        const tcp = node(inner, 'tcp');
        const udp = node(inner, 'udp');
        const s: TsharkSample = {
          frame: index + 1,
          agent: str(sflow, 'sflow_245.agent') ?? str(sflow, 'sflow_245.agent.v6') ?? '',
          subAgentId: num(sflow, 'sflow_245.sub_agent_id') ?? -1,
          datagramSequence: num(sflow, 'sflow_245.sequence_number') ?? -1,
          sampleSequence: num(sample, 'sflow.flow_sample.sequence_number') ?? -1,
          samplingRate: num(sample, 'sflow.flow_sample.sampling_rate') ?? -1,
          frameLength: num(header, 'sflow_245.header.frame_length') ?? -1,
        };
        if (eth) {
          s.srcMac = str(eth, 'eth.src');
          s.dstMac = str(eth, 'eth.dst');
        }
        if (vlan) s.vlan = num(vlan, 'vlan.id');
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
        out.push(s);
      }
    }
  });
  return out;
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  const [pcap, port] = process.argv.slice(2);
  if (pcap === undefined) throw new Error('usage: tsharkExpectations.ts <capture.pcap> [udp port]');
  process.stdout.write(`${JSON.stringify(tsharkSamples(pcap, Number(port ?? 6343)), null, 1)}\n`);
}
