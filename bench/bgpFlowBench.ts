/**
 * `npm run bench -- bgp-flows`: flow throughput with BGP correlation,
 * pmacct 1.7.7's nfacctd against tsacct nfacctd in one run (acceptance 4 of
 * issue 8, third figure).
 *
 * Each daemon is started alone with the same config: bgp_daemon on
 * 127.0.0.1, `nfacctd_as: bgp`, `nfacctd_net: bgp`, a print plugin
 * aggregating BGP primitives to CSV. A child (bgpFlowPeers.ts) opens
 * sessions from 127.0.0.2.. and last from 127.0.0.1, the flows' exporter
 * (no bgp_agent_map: the peer is found by the exporter's address), and
 * sends each the same IPv4 table (bgpTableFeed.ts, the peer's own AS
 * first on every path). Once every session's socket queues are empty and
 * the daemon's CPU time has been still for a second, the same NetFlow v9
 * capture is sent `rounds` times (bench/pcapReplaySender.c) at
 * `rate` flows/s; the CPU time of the daemon's process tree over each
 * round (send plus drain, until its CPU time is still again) gives CPU
 * seconds per million flows, medians over rounds.
 *
 * The capture is bench/flowGenerator.ts's NetFlow v9 with every source and
 * destination address moved inside a prefix of the table (picked by a hash
 * of the generated address, so a key keeps its addresses), so that both
 * sides of every flow find a route. At the end each daemon is stopped
 * (flushing); its output totals must be rounds × the capture's, and the
 * two outputs' lines (aggregates summed per key) are compared.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLOCK_TICKS, freePort, sleep, stopProcess, tcpQueues, treeStat, waitQuiet } from './daemonObservation.ts';
import { PcapFileWriter } from '../src/collect/pcapFileWriter.ts';
import type { UdpEndpoints } from '../src/collect/pcapUdpFrame.ts';
import { buildTableFeed } from './bgpTableFeed.ts';
import { csvTextTotals, fmt, mib, outDir, repo, sendPcap, totalsCheck, type Totals } from './collectorBench.ts';
import { FlowGenerator } from './flowGenerator.ts';

export interface BgpFlowBenchOptions {
  flows: number;
  keys: number;
  rounds: number;
  /** Flows per second the capture is sent at (0: as fast as the sender goes). */
  rate: number;
  /** BGP peers; the last one is the exporter's. */
  peers: number;
  ipv4Routes: number;
  ipv4Sets: number;
  daemons: Array<'pmacct' | 'tsacct'>;
}

export const BGP_FLOW_AGGREGATE = 'src_as, dst_as, peer_src_ip, peer_dst_ip, peer_dst_as, as_path, local_pref, std_comm';



/** Whether a UDP socket is bound to `port` (pmacct binds its NetFlow socket seconds after its BGP one). */
function udpBound(port: number): boolean {
  const hex = `:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  return readFileSync('/proc/net/udp', 'utf8').split('\n').slice(1).some((line) => line.trim().split(/\s+/)[1]?.endsWith(hex) === true);
}

/** The IPv4 prefixes of the feed (network, length), read back from its UPDATEs. */
function tablePrefixes(feed: { bytes: Buffer; messageStarts: Int32Array }): { nets: Uint32Array; lengths: Uint8Array } {
  const nets: number[] = [];
  const lengths: number[] = [];
  const b = feed.bytes;
  const starts = feed.messageStarts;
  for (let m = 0; m + 1 < starts.length; m++) {
    const at = starts[m]!;
    const end = starts[m + 1]!;
    const withdrawn = b.readUInt16BE(at + 19);
    const attrs = b.readUInt16BE(at + 21 + withdrawn);
    for (let p = at + 23 + withdrawn + attrs; p < end;) {
      const length = b[p++]!;
      let net = 0;
      for (let i = 0; i < 4; i++) net = net * 256 + (i < (length + 7) >>> 3 ? b[p + i]! : 0);
      p += (length + 7) >>> 3;
      nets.push(net);
      lengths.push(length);
    }
  }
  return { nets: Uint32Array.from(nets), lengths: Uint8Array.from(lengths) };
}

function hash32(value: number): number {
  let h = Math.imul(value ^ (value >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

/** V9 record offsets of the protocol, ports and addresses in src/output/netflowExportEncoder.ts's template, and its length. */
const V9_PROTOCOL = 8;
const V9_SRC_PORT = 11;
const V9_SRC = 13;
const V9_DST_PORT = 22;
const V9_DST = 24;
const V9_RECORD = 53;

/** An address inside one of the table's prefixes, chosen by a hash of `address`. */
function routedAddress(address: number, salt: number, t: { nets: Uint32Array; lengths: Uint8Array }): number {
  const h = hash32(address ^ salt);
  const i = h % t.nets.length;
  const host = 32 - t.lengths[i]!;
  return (t.nets[i]! + (hash32(h) % 2 ** host)) >>> 0;
}

/** The NetFlow v9 capture with routed addresses, and its totals. */
function routedCapture(o: BgpFlowBenchOptions): { pcap: string; totals: Totals } {
  const pcap = join(outDir, `bgp-flows-v9-${o.flows}-${o.keys}-${o.ipv4Routes}-${o.ipv4Sets}.pcap`);
  const sidecar = `${pcap}.totals.json`;
  if (existsSync(pcap) && existsSync(sidecar)) return { pcap, totals: JSON.parse(readFileSync(sidecar, 'utf8')) as Totals };
  mkdirSync(outDir, { recursive: true });
  const table = tablePrefixes(buildTableFeed({ ipv4Routes: o.ipv4Routes, ipv6Routes: 0, ipv4Sets: o.ipv4Sets, ipv6Sets: 0 }));
  const generator = new FlowGenerator({ protocol: 'netflow-v9', flows: o.flows, distinctKeys: o.keys });
  const writer = PcapFileWriter.create(pcap);
  const endpoints: UdpEndpoints = { sourceAddress: Uint8Array.of(127, 0, 0, 1), sourcePort: 0, destinationAddress: Uint8Array.of(127, 0, 0, 1), destinationPort: 2100 };
  for (let d = generator.next(); d !== null; d = generator.next()) {
    const p = d.payload;
    // Sets after the 20-byte v9 header: the template (id 0) when present, then the data set (id 256).
    for (let at = 20; at + 4 <= p.length;) {
      const id = p.readUInt16BE(at);
      const length = p.readUInt16BE(at + 2);
      if (id === 256) {
        for (let r = at + 4; r + V9_RECORD <= at + length; r += V9_RECORD) {
          // The generator's keys share few destination hosts: the destination's prefix follows the whole 5-tuple.
          const src = p.readUInt32BE(r + V9_SRC);
          const tuple = hash32(src ^ Math.imul(p.readUInt32BE(r + V9_DST), 31) ^ (p.readUInt16BE(r + V9_SRC_PORT) << 16) ^ p.readUInt16BE(r + V9_DST_PORT) ^ (p[r + V9_PROTOCOL]! << 8));
          p.writeUInt32BE(routedAddress(src, 0x5a5a5a5a, table), r + V9_SRC);
          p.writeUInt32BE(routedAddress(tuple, 0x3c3c3c3c, table), r + V9_DST);
        }
      }
      at += length;
    }
    endpoints.sourcePort = d.sourcePort;
    writer.writeUdpDatagram(endpoints, p, d.tsSec, d.tsUsec);
  }
  writer.close();
  const t = generator.totals;
  const totals = { flows: t.flows, packets: t.packets, bytes: t.bytes, datagrams: t.datagrams };
  writeFileSync(sidecar, JSON.stringify(totals));
  return { pcap, totals };
}

interface DaemonRun {
  daemon: 'pmacct' | 'tsacct';
  /** CPU seconds of each round. */
  roundCpu: number[];
  output: string;
  totals: Totals;
  peakRss: number;
  routes: string;
}

async function runDaemon(daemon: 'pmacct' | 'tsacct', o: BgpFlowBenchOptions, capture: { pcap: string; totals: Totals }): Promise<DaemonRun> {
  const dir = join(outDir, `bgp-flows-${daemon}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const flowPort = await freePort();
  const bgpPort = await freePort();
  const output = join(dir, 'out.csv');
  const conf = join(dir, 'nfacctd.conf');
  const lines = [
    'daemonize: false',
    `logfile: ${join(dir, 'daemon.log')}`,
    'nfacctd_ip: 127.0.0.1',
    `nfacctd_port: ${flowPort}`,
    'nfacctd_pipe_size: 4194304',
    'bgp_daemon: true',
    'bgp_daemon_ip: 127.0.0.1',
    `bgp_daemon_port: ${bgpPort}`,
    `bgp_daemon_max_peers: ${o.peers + 1}`,
    'nfacctd_as: bgp',
    'nfacctd_net: bgp',
    'plugins: print[bench]',
    `aggregate[bench]: ${BGP_FLOW_AGGREGATE}`,
    'print_output[bench]: csv',
    'print_refresh_time[bench]: 3600',
    `print_output_file[bench]: ${output}`,
    'print_output_file_append[bench]: true',
    // pmacct's own advice against loss between its core and plugin at high rates (as the live nfacctd bench).
    ...(daemon === 'pmacct' ? ['plugin_pipe_size[bench]: 102400000', 'plugin_buffer_size[bench]: 102400'] : []),
    '',
  ];
  writeFileSync(conf, lines.join('\n'));
  const child = daemon === 'tsacct'
    ? spawn(process.execPath, [join(repo, 'bin', 'tsacct.js'), 'nfacctd', '-f', conf], { stdio: 'ignore' })
    : spawn('nfacctd', ['-f', conf], { stdio: 'ignore' });
  let sender: ChildProcess | null = null;
  try {
    for (let i = 0; !tcpQueues(bgpPort).listening; i++) {
      if (i > 600 || child.exitCode !== null) throw new Error(`${daemon} did not listen for BGP on ${bgpPort}`);
      await sleep(50);
    }
    const addresses = [...Array.from({ length: o.peers - 1 }, (_, i) => `127.0.0.${2 + i}`), '127.0.0.1'];
    sender = spawn(process.execPath, [join(import.meta.dirname, 'bgpFlowPeers.ts'), String(bgpPort), String(o.ipv4Routes), String(o.ipv4Sets), ...addresses], { stdio: ['ignore', 'pipe', 'inherit'] });
    let said = '';
    sender.stdout!.on('data', (d: Buffer) => { said += d.toString(); });
    const tableStarted = Date.now();
    while (!said.includes('"accepted"')) {
      if (sender.exitCode !== null) throw new Error(`the BGP sender exited (${sender.exitCode})`);
      if (child.exitCode !== null) throw new Error(`${daemon} exited while the table was sent`);
      await sleep(100);
    }
    for (;;) {
      const q = tcpQueues(bgpPort);
      if (q.sessions < o.peers) throw new Error(`${daemon}: ${q.sessions} of ${o.peers} BGP sessions left`);
      if (q.queued === 0) break;
      await sleep(50);
    }
    for (let i = 0; !udpBound(flowPort); i++) {
      if (i > 600 || child.exitCode !== null) throw new Error(`${daemon} did not bind its NetFlow port ${flowPort}`);
      await sleep(50);
    }
    await waitQuiet(child.pid!, 1000, 120_000);
    const routes = `${o.peers} × ${o.ipv4Routes} routes in ${((Date.now() - tableStarted) / 1000).toFixed(1)} s`;
    process.stderr.write(`bgp-flows: ${daemon}: tables loaded (${routes})\n`);
    const roundCpu: number[] = [];
    let peakRss = 0;
    for (let round = 0; round < o.rounds; round++) {
      const before = treeStat(child.pid!);
      const sent = sendPcap(capture, flowPort, o.rate, 600);
      if (!sent.complete) throw new Error(`the sender fell behind (${sent.datagrams} of ${sent.total} datagrams)`);
      await waitQuiet(child.pid!, 1000, 120_000);
      const after = treeStat(child.pid!);
      peakRss = Math.max(peakRss, after.rss);
      roundCpu.push((after.ticks - before.ticks) / CLOCK_TICKS);
      process.stderr.write(`bgp-flows: ${daemon}: round ${round + 1}: ${fmt(roundCpu[round]!)} CPU-s, sent in ${fmt(sent.elapsedSeconds)} s\n`);
    }
    await stopProcess(child, 'SIGINT', 60_000);
    // pmacct's plugin writes after its core went.
    let text = '';
    for (let i = 0, last = -1; i < 50; i++) {
      text = existsSync(output) ? readFileSync(output, 'utf8') : '';
      if (text.length === last && text.length > 0) break;
      last = text.length;
      await sleep(200);
    }
    return { daemon, roundCpu, output: text, totals: csvTextTotals(text), peakRss, routes };
  } finally {
    if (sender) await stopProcess(sender, 'SIGTERM', 5000);
    await stopProcess(child, 'SIGINT', 30_000);
  }
}

/** The output's lines with equal keys added up (header dropped), sorted. */
function perKey(text: string): Map<string, string> {
  const sums = new Map<string, [number, number]>();
  let header: string[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const f = line.split(',');
    if (f.includes('PACKETS')) {
      header = f;
      continue;
    }
    const pi = header.indexOf('PACKETS');
    const bi = header.indexOf('BYTES');
    const key = f.filter((_, i) => i !== pi && i !== bi).join(',');
    const s = sums.get(key) ?? [0, 0];
    s[0] += Number(f[pi]);
    s[1] += Number(f[bi]);
    sums.set(key, s);
  }
  return new Map([...sums].map(([k, [p, b]]) => [k, `${p},${b}`]));
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)]!;
}

export async function runBgpFlowBench(o: BgpFlowBenchOptions): Promise<string> {
  const capture = routedCapture(o);
  const runs: DaemonRun[] = [];
  for (const daemon of o.daemons) runs.push(await runDaemon(daemon, o, capture));
  const want = { flows: capture.totals.flows * o.rounds, packets: capture.totals.packets * o.rounds, bytes: capture.totals.bytes * o.rounds };
  let out = `# nfacctd with BGP correlation: pmacct 1.7.7 vs tsacct (${new Date().toISOString()})\n\n`;
  out += `${o.peers} BGP peer(s) of ${o.ipv4Routes} IPv4 routes (${o.ipv4Sets} attribute sets) each, the exporter's last; NetFlow v9, ${o.flows} flows × ${o.rounds} rounds at ${o.rate > 0 ? `${o.rate} flows/s` : 'full speed'}, ${o.keys} 5-tuples, addresses inside the table's prefixes; nfacctd_as/nfacctd_net bgp; aggregate ${BGP_FLOW_AGGREGATE.replaceAll(' ', '')}\n\n`;
  out += '| daemon | tables loaded | CPU s per round (median; rounds) | output totals | flows accounted | CPU s / M flows accounted | peak RSS (tree) | output lines | CPU per flow pmacct / tsacct |\n|---|---|---|---|---|---|---|---|---|\n';
  // A daemon that lost flows did less work: its CPU is divided by the flows it accounted (packets in the output / packets sent).
  const accounted = (r: DaemonRun): number => want.packets > 0 ? (want.flows * Math.min(r.totals.packets, want.packets)) / want.packets : 0;
  const perM = (r: DaemonRun): number => (median(r.roundCpu) * o.rounds / Math.max(1, accounted(r))) * 1e6;
  const pm = runs.find((r) => r.daemon === 'pmacct');
  for (const r of runs) {
    const ratio = r.daemon === 'tsacct' && pm ? fmt(perM(pm) / perM(r)) : '';
    out += `| ${r.daemon === 'pmacct' ? 'nfacctd 1.7.7' : 'tsacct nfacctd'} | ${r.routes} | ${fmt(median(r.roundCpu))} (${r.roundCpu.map((c) => fmt(c)).join(', ')}) | ${totalsCheck(r.totals, want)} | ${Math.round(accounted(r))} of ${want.flows} | ${fmt(perM(r))} | ${mib(r.peakRss)} | ${r.totals.flows} | ${ratio} |\n`;
  }
  const ts = runs.find((r) => r.daemon === 'tsacct');
  if (pm && ts) {
    const a = perKey(pm.output);
    const b = perKey(ts.output);
    let same = 0;
    let shared = 0;
    for (const [k, v] of a) {
      if (b.has(k)) shared++;
      if (b.get(k) === v) same++;
    }
    out += `\nPer key (lines with equal keys added up): pmacct ${a.size} keys, tsacct ${b.size}; ${shared} keys in both; ${same} identical in both (key and counters)${same === a.size && a.size === b.size ? ': the outputs agree' : ''}.\n`;
    if (same !== a.size || a.size !== b.size) {
      const sample = [...a].filter(([k, v]) => b.get(k) !== v).slice(0, 3).map(([k, v]) => `pmacct ${k},${v} / tsacct ${b.get(k) ?? 'missing'}`);
      out += sample.map((s) => `- ${s}\n`).join('');
    }
  }
  process.stdout.write(out);
  return out;
}
