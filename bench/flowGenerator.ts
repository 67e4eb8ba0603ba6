/**
 * Benchmark traffic: NetFlow v9, IPFIX or sFlow v5 datagrams from one or
 * more exporters (127.0.0.1, 127.0.0.2, ...), deterministic for a seed.
 *
 * Each exporter behaves like a real one: its first datagram carries the
 * template set before the data set, and so does every `templateEvery`-th
 * one after it; sequence numbers follow each protocol (v9: packets sent
 * before, IPFIX: data records sent before); v9 times are relative to the
 * exporter's boot. Exporters take datagrams in turn. Time is virtual: the
 * d-th datagram is stamped start + d × interval, so a capture written from
 * it is identical on every run.
 *
 * For sFlow each "flow" is one flow sample of one packet (frame length 64
 * to 1518 bytes), with the agent's datagram sequence counting from 1 and a
 * fixed sampling rate; sfacctd accounts each sample as 1 packet of its
 * frame length, which is what the totals hold.
 *
 * The generator keeps totals (flows, packets, bytes, per exporter) that a
 * benchmark compares with what the collector accounted.
 */
import {
  dataSetLength,
  headerLength,
  templateSetLength,
  writeDataSetHeader,
  writeIpfixHeader,
  writeIpfixRecord,
  writeTemplateSet,
  writeV9Header,
  writeV9Record,
  type ExportProtocol,
  type FlowValues,
} from '../src/output/netflowExportEncoder.ts';
import { maxSflowDatagramLength, MIN_SFLOW_FRAME_LENGTH, SFLOW_HEADER_LENGTH, writeFlowSample, writeSflowHeader, type FlowSampleFields } from '../src/output/sflowExportEncoder.ts';
import { FlowKey, FlowKeySpace, Prng } from './flowKeys.ts';

export type GeneratorProtocol = ExportProtocol | 'sflow';

export interface FlowGeneratorOptions {
  protocol: GeneratorProtocol;
  /** Flow records to export in total. */
  flows: number;
  /** Distinct 5-tuples, cycled (default 100 000). */
  distinctKeys?: number;
  /** Data records (sFlow: samples) per datagram (default 30, sFlow 7). */
  recordsPerDatagram?: number;
  /** Each exporter repeats its template every this many datagrams (default 20). */
  templateEvery?: number;
  /** Exporters, 127.0.0.1 upwards (default 1). */
  exporters?: number;
  seed?: number;
  /** Virtual time of the first datagram, epoch ms (default 2024-01-01T00:00:00Z). */
  startTimeMs?: number;
  /** Virtual time between two datagrams in µs (default 100). */
  datagramIntervalUs?: number;
}

export interface ExporterTotals {
  address: string;
  sourcePort: number;
  /** v9 source id / IPFIX observation domain. */
  domainId: number;
  datagrams: number;
  templateSets: number;
  flows: number;
  packets: number;
  bytes: number;
  /** Sequence number in the exporter's last datagram header. */
  lastSequence: number;
}

export interface GeneratorTotals {
  protocol: GeneratorProtocol;
  flows: number;
  packets: number;
  bytes: number;
  datagrams: number;
  templateSets: number;
  distinctKeys: number;
  recordsPerDatagram: number;
  templateEvery: number;
  seed: number;
  startTimeMs: number;
  datagramIntervalUs: number;
  exporters: ExporterTotals[];
}

/** One export datagram; the generator refills the same object, and `payload` is valid until the next call. */
export class GeneratedDatagram {
  exporterIndex = 0;
  readonly sourceAddress = new Uint8Array(4);
  sourcePort = 0;
  payload: Buffer = Buffer.alloc(0);
  /** Virtual send time. */
  tsSec = 0;
  tsUsec = 0;
  flows = 0;
  packets = 0;
  bytes = 0;
}

interface ExporterState {
  totals: ExporterTotals;
  address: Uint8Array;
  bootMs: number;
  nextHop: number;
  /** IPFIX sequence / sFlow sample sequence: data records sent so far. */
  recordsSent: number;
}

const DEFAULT_START = Date.UTC(2024, 0, 1);
const SOURCE_PORT_BASE = 50000;
const TCP_FLAG_SETS = [0x18, 0x10, 0x1b, 0x02, 0x12, 0x11, 0x1a, 0x14];
/** v9 and IPFIX lengths are 16-bit: the whole message must stay below 64 KiB. */
const MAX_MESSAGE_LENGTH = 65535 - 8 - 40;
/** One in this many packets sampled: a common sFlow setting (sfacctd does not renormalise by default). */
const SFLOW_SAMPLING_RATE = 1000;

export class FlowGenerator {
  readonly protocol: GeneratorProtocol;
  private readonly flowsTotal: number;
  private readonly recordsPerDatagram: number;
  private readonly templateEvery: number;
  private readonly startUs: number;
  private readonly intervalUs: number;
  private readonly keys: FlowKeySpace;
  private readonly random: Prng;
  private readonly exporters: ExporterState[];
  private readonly buffer: Buffer;
  private readonly datagram = new GeneratedDatagram();
  private readonly flow: FlowValues = { key: new FlowKey(), packets: 0, bytes: 0, tos: 0, tcpFlags: 0, nextHop: 0, firstMs: 0, lastMs: 0 };
  private readonly summary: GeneratorTotals;
  private readonly sample: FlowSampleFields = { sequence: 0, samplingRate: SFLOW_SAMPLING_RATE, samplePool: 0 };

  constructor(options: FlowGeneratorOptions) {
    this.protocol = options.protocol;
    this.flowsTotal = options.flows;
    this.recordsPerDatagram = options.recordsPerDatagram ?? (this.protocol === 'sflow' ? 7 : 30);
    this.templateEvery = options.templateEvery ?? 20;
    const exporterCount = options.exporters ?? 1;
    const seed = options.seed ?? 1;
    const startTimeMs = options.startTimeMs ?? DEFAULT_START;
    this.startUs = startTimeMs * 1000;
    this.intervalUs = options.datagramIntervalUs ?? 100;
    if (!Number.isInteger(this.flowsTotal) || this.flowsTotal < 0) throw new Error(`flows must be a whole number >= 0`);
    if (this.recordsPerDatagram < 1 || this.templateEvery < 1) throw new Error('records per datagram and template interval must be >= 1');
    if (exporterCount < 1 || exporterCount > 254) throw new Error('exporters must be 1..254');
    const protocol = this.protocol;
    const maxLength =
      protocol === 'sflow'
        ? maxSflowDatagramLength(this.recordsPerDatagram)
        : headerLength(protocol) + templateSetLength(protocol) + dataSetLength(protocol, this.recordsPerDatagram);
    if (maxLength > MAX_MESSAGE_LENGTH) throw new Error(`${this.recordsPerDatagram} records do not fit in one datagram`);
    this.buffer = Buffer.alloc(maxLength);
    this.keys = new FlowKeySpace(options.distinctKeys ?? 100_000, seed);
    this.random = new Prng(seed);
    this.exporters = [];
    for (let i = 0; i < exporterCount; i++) {
      const address = Uint8Array.of(127, 0, 0, 1 + i);
      this.exporters.push({
        address,
        // Booted a day (plus a little per exporter) before the traffic starts.
        bootMs: startTimeMs - 86_400_000 - i * 1000,
        nextHop: (0xc0000200 | (1 + i)) >>> 0,
        recordsSent: 0,
        totals: {
          address: `127.0.0.${1 + i}`,
          sourcePort: SOURCE_PORT_BASE + i,
          domainId: 1,
          datagrams: 0,
          templateSets: 0,
          flows: 0,
          packets: 0,
          bytes: 0,
          lastSequence: 0,
        },
      });
    }
    this.summary = {
      protocol: this.protocol,
      flows: 0,
      packets: 0,
      bytes: 0,
      datagrams: 0,
      templateSets: 0,
      distinctKeys: this.keys.size,
      recordsPerDatagram: this.recordsPerDatagram,
      templateEvery: this.templateEvery,
      seed,
      startTimeMs,
      datagramIntervalUs: this.intervalUs,
      exporters: this.exporters.map((e) => e.totals),
    };
  }

  /** What has been generated so far (a live object: copy it to keep a snapshot). */
  get totals(): GeneratorTotals {
    return this.summary;
  }

  /** The next datagram, or null once every flow has been exported. */
  next(): GeneratedDatagram | null {
    const summary = this.summary;
    const remaining = this.flowsTotal - summary.flows;
    if (remaining <= 0) return null;
    const records = remaining < this.recordsPerDatagram ? remaining : this.recordsPerDatagram;
    const exporterIndex = summary.datagrams % this.exporters.length;
    const exporter = this.exporters[exporterIndex]!;
    const totals = exporter.totals;
    const timeUs = this.startUs + summary.datagrams * this.intervalUs;
    const nowMs = Math.floor(timeUs / 1000);
    const tsSec = Math.floor(timeUs / 1e6);
    const protocol = this.protocol;
    const withTemplate = protocol !== 'sflow' && totals.datagrams % this.templateEvery === 0;

    const out = this.buffer;
    let length: number;
    let packets = 0;
    let bytes = 0;
    let sequence: number;
    const flow = this.flow;
    if (protocol === 'sflow') {
      const sample = this.sample;
      let at = SFLOW_HEADER_LENGTH;
      for (let r = 0; r < records; r++) {
        this.fillFlow(summary.flows + r, exporter, nowMs);
        exporter.recordsSent++;
        sample.sequence = exporter.recordsSent % 4294967296;
        sample.samplePool = (exporter.recordsSent * SFLOW_SAMPLING_RATE) % 4294967296;
        at = writeFlowSample(out, at, flow, sample);
        packets += flow.packets;
        bytes += flow.bytes;
      }
      length = at;
      sequence = (totals.datagrams + 1) % 4294967296;
      writeSflowHeader(out, agentAddress(exporter.address), 0, sequence, nowMs - exporter.bootMs, records);
    } else {
      let at = headerLength(protocol);
      if (withTemplate) at += writeTemplateSet(protocol, out, at);
      const dataSetStart = at;
      at = writeDataSetHeader(protocol, out, at, records);
      for (let r = 0; r < records; r++) {
        this.fillFlow(summary.flows + r, exporter, nowMs);
        at = protocol === 'ipfix' ? writeIpfixRecord(out, at, flow) : writeV9Record(out, at, flow, exporter.bootMs);
        packets += flow.packets;
        bytes += flow.bytes;
      }
      length = dataSetStart + dataSetLength(protocol, records);

      if (protocol === 'ipfix') {
        sequence = exporter.recordsSent % 4294967296;
        writeIpfixHeader(out, length, tsSec, sequence, totals.domainId);
        exporter.recordsSent += records;
      } else {
        sequence = totals.datagrams % 4294967296;
        writeV9Header(out, records + (withTemplate ? 1 : 0), nowMs - exporter.bootMs, tsSec, sequence, totals.domainId);
      }
    }

    totals.datagrams++;
    totals.flows += records;
    totals.packets += packets;
    totals.bytes += bytes;
    totals.lastSequence = sequence;
    summary.datagrams++;
    summary.flows += records;
    summary.packets += packets;
    summary.bytes += bytes;
    if (withTemplate) {
      totals.templateSets++;
      summary.templateSets++;
    }

    const d = this.datagram;
    d.exporterIndex = exporterIndex;
    d.sourceAddress.set(exporter.address);
    d.sourcePort = totals.sourcePort;
    d.payload = out.subarray(0, length);
    d.tsSec = tsSec;
    d.tsUsec = timeUs - tsSec * 1e6;
    d.flows = records;
    d.packets = packets;
    d.bytes = bytes;
    return d;
  }

  private fillFlow(flowIndex: number, exporter: ExporterState, nowMs: number): void {
    const flow = this.flow;
    this.keys.keyOf(flowIndex, flow.key);
    const random = this.random;
    const a = random.next();
    const b = random.next();
    if (this.protocol === 'sflow') {
      // One sampled packet: frame length (FCS included) 64..1518.
      flow.packets = 1;
      flow.bytes = Math.max(MIN_SFLOW_FRAME_LENGTH, 64 + (b % 1455));
    } else {
      // Mostly short flows, one in sixteen a heavier one.
      flow.packets = (a & 0xf) === 0 ? 1 + ((a >>> 4) % 2000) : 1 + ((a >>> 4) % 16);
      flow.bytes = flow.packets * (40 + (b % 1461));
    }
    flow.tos = (b >>> 12) % 8 === 0 ? 0x20 : 0;
    flow.tcpFlags = flow.key.protocol === 6 ? TCP_FLAG_SETS[(b >>> 16) & 7]! : 0;
    flow.nextHop = exporter.nextHop;
    flow.lastMs = nowMs - ((a >>> 16) % 2000);
    flow.firstMs = flow.lastMs - ((b >>> 8) % 60000);
  }
}

/** The exporter's 127.0.0.x as a host-order number: the sFlow agent address. */
function agentAddress(address: Uint8Array): number {
  return ((address[0]! << 24) | (address[1]! << 16) | (address[2]! << 8) | address[3]!) >>> 0;
}
