/**
 * Benchmark traffic generator CLI: writes NetFlow v9/IPFIX/sFlow v5 exports
 * to a pcap (Ethernet/IPv4/UDP frames to port 2100, sFlow 6343, by
 * default) or sends them
 * live to a collector on 127.0.0.1, and records the totals it produced in a
 * JSON sidecar (`<output>.totals.json`) for the benchmark to check.
 *
 *   node bench/generate.ts --protocol ipfix --flows 1000000 --keys 100000 --out /tmp/ipfix-1M.pcap
 *   node bench/generate.ts --protocol sflow --flows 1000000 --keys 100000 --out /tmp/sflow-1M.pcap
 *   node bench/generate.ts --protocol v9 --flows 1000000 --send 127.0.0.1:2100 --rate 200000 --max-seconds 30
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { PcapFileWriter } from '../src/collect/pcapFileWriter.ts';
import type { UdpEndpoints } from '../src/collect/pcapUdpFrame.ts';
import { FlowGenerator, type GeneratorProtocol, type GeneratorTotals } from './flowGenerator.ts';
import { sendLive, type LiveSendResult } from './liveSender.ts';

const USAGE = `usage: node bench/generate.ts [options] (--out FILE.pcap | --send 127.0.0.1:PORT)
  --protocol v9|ipfix|sflow  export protocol (default v9)
  --flows N               flow records (sFlow: flow samples, 1 packet each) in total (default 100000)
  --keys N                distinct 5-tuples, cycled (default 100000)
  --records N             data records per datagram (default 30, sFlow 7)
  --template-every N      datagrams between template refreshes per exporter (default 20)
  --exporters N           exporters 127.0.0.1.. (default 1)
  --seed N                PRNG seed (default 1)
  --start ISO-TIME        virtual time of the first datagram (default 2024-01-01T00:00:00Z)
  --interval-us N         virtual time between datagrams (default 100)
  --port N                collector UDP port written into the pcap (default 2100, sFlow 6343)
  --out FILE              write a pcap
  --send HOST:PORT        send live to a collector in 127.0.0.0/8
  --rate N                live: flows (samples) per second, 0 = unpaced (default 100000)
  --max-seconds N         live: time limit (default 60)
  --totals FILE           sidecar path (default <out>.totals.json or ./generated.totals.json)`;

interface Sidecar extends GeneratorTotals {
  mode: 'pcap' | 'live';
  file?: string;
  collector: string;
  generatedIn: number;
  live?: LiveSendResult;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      protocol: { type: 'string', default: 'v9' },
      flows: { type: 'string', default: '100000' },
      keys: { type: 'string', default: '100000' },
      records: { type: 'string' },
      'template-every': { type: 'string', default: '20' },
      exporters: { type: 'string', default: '1' },
      seed: { type: 'string', default: '1' },
      start: { type: 'string', default: '2024-01-01T00:00:00Z' },
      'interval-us': { type: 'string', default: '100' },
      port: { type: 'string' },
      out: { type: 'string' },
      send: { type: 'string' },
      rate: { type: 'string', default: '100000' },
      'max-seconds': { type: 'string', default: '60' },
      totals: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help || (values.out === undefined) === (values.send === undefined)) {
    console.error(USAGE);
    process.exit(values.help ? 0 : 2);
  }
  const protocol: GeneratorProtocol =
    values.protocol === 'sflow' ? 'sflow' : values.protocol === 'ipfix' || values.protocol === '10' ? 'ipfix' : 'netflow-v9';
  const generator = new FlowGenerator({
    protocol,
    flows: int(values.flows),
    distinctKeys: int(values.keys),
    ...(values.records !== undefined ? { recordsPerDatagram: int(values.records) } : {}),
    templateEvery: int(values['template-every']),
    exporters: int(values.exporters),
    seed: int(values.seed),
    startTimeMs: Date.parse(values.start),
    datagramIntervalUs: int(values['interval-us']),
  });
  const started = performance.now();
  let sidecar: Sidecar;
  let totalsPath: string;
  if (values.out !== undefined) {
    const port = values.port !== undefined ? int(values.port) : protocol === 'sflow' ? 6343 : 2100;
    writePcap(generator, values.out, port);
    totalsPath = values.totals ?? `${values.out}.totals.json`;
    sidecar = { ...generator.totals, mode: 'pcap', file: values.out, collector: `127.0.0.1:${port}`, generatedIn: seconds(started) };
  } else {
    const [host, portText] = values.send!.split(':');
    const live = await sendLive(generator, {
      host: host!,
      port: int(portText),
      flowsPerSecond: int(values.rate),
      maxSeconds: Number(values['max-seconds']),
    });
    totalsPath = values.totals ?? 'generated.totals.json';
    const exporters = generator.totals.exporters.map((e, i) => ({ ...e, ...live.perExporter[i]! }));
    // What reached the socket is what the collector can account.
    sidecar = {
      ...generator.totals,
      flows: live.flows,
      packets: live.packets,
      bytes: live.bytes,
      datagrams: live.datagrams,
      exporters,
      mode: 'live',
      collector: values.send!,
      generatedIn: seconds(started),
      live,
    };
  }
  writeFileSync(totalsPath, `${JSON.stringify(sidecar, null, 2)}\n`);
  const rate = Math.round(sidecar.flows / Math.max(sidecar.generatedIn, 1e-9));
  console.error(
    `${sidecar.mode}: ${sidecar.flows} flows, ${sidecar.datagrams} datagrams, ${sidecar.packets} packets, ${sidecar.bytes} bytes ` +
      `in ${sidecar.generatedIn.toFixed(3)} s (${rate} flows/s); totals in ${totalsPath}`,
  );
}

function writePcap(generator: FlowGenerator, path: string, port: number): void {
  const writer = PcapFileWriter.create(path);
  const endpoints: UdpEndpoints = {
    sourceAddress: new Uint8Array(4),
    sourcePort: 0,
    destinationAddress: Uint8Array.of(127, 0, 0, 1),
    destinationPort: port,
  };
  for (let d = generator.next(); d !== null; d = generator.next()) {
    endpoints.sourceAddress = d.sourceAddress;
    endpoints.sourcePort = d.sourcePort;
    writer.writeUdpDatagram(endpoints, d.payload, d.tsSec, d.tsUsec);
  }
  writer.close();
}

function int(text: string | undefined): number {
  const value = Number(text);
  if (!Number.isInteger(value)) throw new Error(`not a whole number: ${text}`);
  return value;
}

function seconds(since: number): number {
  return (performance.now() - since) / 1000;
}

main().catch((error: unknown) => {
  console.error(`generate: ${(error as Error).message}`);
  process.exit(1);
});
