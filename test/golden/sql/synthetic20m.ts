/**
 * Writes test/golden/synthetic-20m/capture.pcap, the capture of the SQL
 * dynamic-table golden cases (cases.json: dynamic-tables-20m*):
 *   node test/golden/sql/synthetic20m.ts [--out FILE] [--check]
 * (--check: compare with the stored capture instead of writing it.)
 *
 * Two NetFlow v9 exporters (192.0.2.1 source id 7 and 192.0.2.2 source
 * id 9, booted at different times; each key belongs to one of them, so
 * $peer_src_ip tables differ) report 22 minutes of traffic, from Sunday 2023-12-31 23:51:07 UTC to Monday 2024-01-01
 * 00:13 UTC: with 5-minute bins that is bins 23:50, 23:55, 00:00, 00:05
 * and 00:10 — four bin boundaries, across an hour, a day, a month, a year
 * and a week (%W goes from 52 to 01, %w from 0 to 1). The flows:
 * - a few long-lived conversations (the same keys in every bin, several
 *   flows per bin, so rows add up);
 * - about one short flow a second drawn from a pool of keys (a key comes
 *   back in several bins);
 * - long flows of 2 to 9 minutes, which straddle one or more boundaries
 *   (pmacct, and tsacct, bin a flow by its start: no splitting without
 *   nfacctd_pro_rating);
 * - flows starting a second or two before and after each boundary.
 * Each flow is exported 0.2 to 12 s after it ends, in its exporter's next
 * datagram (every ~2 s, up to 24 records), so records arrive out of start
 * order; each exporter repeats its template every 8 datagrams.
 *
 * No flow's start time, as both collectors compute it
 * (unix_secs - (sysUptime - first_switched) / 1000, whole seconds), falls
 * exactly on a minute: pmacct 1.7.7 files such a flow into the previous
 * bin (docs/compat.md#history-boundary), a known deviation this capture
 * does not exercise.
 *
 * Everything comes from a seeded PRNG and virtual time, so the file is the
 * same on every run.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Prng } from '../../../bench/flowKeys.ts';
import { PcapFileWriter } from '../../../src/collect/pcapFileWriter.ts';
import {
  dataSetLength,
  headerLength,
  templateSetLength,
  writeDataSetHeader,
  writeTemplateSet,
  writeV9Header,
  writeV9Record,
  type ExportedFlowKey,
  type FlowValues,
} from '../../../src/output/netflowExportEncoder.ts';

export const SYNTHETIC_20M_CAPTURE = join(import.meta.dirname, '..', 'synthetic-20m', 'capture.pcap');

const START_MS = Date.UTC(2023, 11, 31, 23, 51, 7, 250);
const DURATION_MS = 22 * 60_000;
const END_MS = START_MS + DURATION_MS;
const BIN_MS = 300_000;
const DATAGRAM_EVERY_MS = 2_000;
const MAX_RECORDS = 24;
const TEMPLATE_EVERY = 8;
const COLLECTOR = Uint8Array.of(192, 0, 2, 100);
const COLLECTOR_PORT = 2055;

interface Exporter {
  address: Uint8Array;
  port: number;
  sourceId: number;
  bootMs: number;
  nextHop: number;
  /** Its datagrams leave this much after the other's. */
  phaseMs: number;
}

/** Two routers, booted two days and five hours before the capture. */
const EXPORTERS: readonly Exporter[] = [
  { address: Uint8Array.of(192, 0, 2, 1), port: 50123, sourceId: 7, bootMs: START_MS - 2 * 86_400_000 + 4_321, nextHop: ipv4(192, 0, 2, 254), phaseMs: 0 },
  { address: Uint8Array.of(192, 0, 2, 2), port: 2055, sourceId: 9, bootMs: START_MS - 5 * 3_600_000 - 17_777, nextHop: ipv4(192, 0, 2, 253), phaseMs: 911 },
];

/** The benchmarks' xorshift32, with ranges: deterministic for a seed. */
class Random extends Prng {
  /** An integer in [0, n). */
  below(n: number): number {
    return this.next() % n;
  }
  /** An integer in [lo, hi]. */
  between(lo: number, hi: number): number {
    return lo + this.below(hi - lo + 1);
  }
}

function ipv4(a: number, b: number, c: number, d: number): number {
  return ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
}

interface SyntheticFlow {
  exporter: Exporter;
  key: ExportedFlowKey;
  packets: number;
  bytes: number;
  tos: number;
  tcpFlags: number;
  firstMs: number;
  lastMs: number;
  exportMs: number;
}

/** A flow key and the exporter that reports it. */
interface Keyed {
  exporter: Exporter;
  key: ExportedFlowKey;
}

function key(exporter: Exporter, src: number, dst: number, protocol: number, srcPort: number, dstPort: number, random: Random): Keyed {
  const k: ExportedFlowKey = {
    srcAddress: src,
    dstAddress: dst,
    srcPort: protocol === 1 ? 0 : srcPort,
    dstPort: protocol === 1 ? 0 : dstPort,
    protocol,
    srcAs: 64500 + (src & 0xf),
    dstAs: 65000 + (dst & 0x7),
    srcMask: 24,
    dstMask: 24,
    inputInterface: 1 + random.below(4),
    outputInterface: 10 + random.below(2),
  };
  return { exporter, key: k };
}

/** The flows, each with its export time. */
function flows(): SyntheticFlow[] {
  const random = new Random(20231231);
  const out: SyntheticFlow[] = [];
  const add = ({ exporter, key: k }: Keyed, firstMs: number, lastMs: number, heavy: boolean): void => {
    const packets = heavy ? random.between(200, 20_000) : random.between(1, 40);
    const bytes = packets * random.between(40, 1500);
    const tos = random.below(8) === 0 ? 0x20 : 0;
    const tcpFlags = k.protocol === 6 ? [0x1b, 0x18, 0x10, 0x12, 0x02][random.below(5)]! : 0;
    out.push({ exporter, key: k, packets, bytes, tos, tcpFlags, firstMs, lastMs, exportMs: lastMs + random.between(200, 12_000) });
  };

  // Long-lived conversations: a flow every 15-45 s each, from start to end.
  const conversations: Keyed[] = [];
  for (let i = 0; i < 6; i++) {
    const protocol = i % 3 === 2 ? 17 : 6;
    conversations.push(key(EXPORTERS[i < 4 ? 0 : 1]!, ipv4(10, 0, 0, 10 + i), ipv4(192, 0, 2, 50 + (i % 3)), protocol, 40000 + i, protocol === 6 ? 443 : 53, random));
  }
  for (const k of conversations) {
    for (let t = START_MS + random.between(0, 20_000); t < END_MS - 15_000; t += random.between(15_000, 45_000)) {
      add(k, t, t + random.between(0, 14_000), false);
    }
  }

  // The pool of short flows' keys: 120 keys, drawn at random, about one flow a second.
  const pool: Keyed[] = [];
  for (let i = 0; i < 120; i++) {
    const protocol = [6, 6, 6, 17, 17, 1][random.below(6)]!;
    pool.push(key(EXPORTERS[i % 3 === 0 ? 1 : 0]!, ipv4(10, 1, random.below(4), 1 + random.below(60)), ipv4(198, 51, 100, 1 + random.below(40)), protocol, random.between(1024, 65535), [80, 443, 53, 123, 22][random.below(5)]!, random));
  }
  for (let t = START_MS; t < END_MS - 5_000; t += random.between(200, 1_800)) {
    add(pool[random.below(pool.length)]!, t, t + random.between(0, 4_000), false);
  }

  // Long flows of 2 to 9 minutes (exported when they end, before the capture ends).
  for (let i = 0; i < 24; i++) {
    const length = random.between(120_000, 540_000);
    const first = START_MS + random.between(0, DURATION_MS - length - 15_000);
    add(i % 2 === 0 ? pool[random.below(pool.length)]! : conversations[random.below(conversations.length)]!, first, first + length, true);
  }

  // Flows starting just before and just after each boundary.
  for (let b = Math.ceil(START_MS / BIN_MS) * BIN_MS; b < END_MS - 20_000; b += BIN_MS) {
    for (const offset of [-2_300, -1_400, 1_700, 2_600]) {
      const k = random.below(2) === 0 ? conversations[random.below(conversations.length)]! : pool[random.below(pool.length)]!;
      add(k, b + offset, b + offset + random.between(0, 9_000), false);
    }
  }
  return out;
}

/** unix_secs - (sysUptime - first) / 1000 as pmacct computes a v9 record's start, in whole seconds. */
function startSeconds(exporter: Exporter, datagramMs: number, firstMs: number): number {
  return Math.floor(datagramMs / 1000) - Math.floor((datagramMs - exporter.bootMs - (firstMs - exporter.bootMs)) / 1000);
}

interface Datagram {
  ms: number;
  exporter: Exporter;
  payload: Buffer;
}

/** One exporter's datagrams: every ~2 s, each with the flows it ended since the last (at most MAX_RECORDS). */
function datagrams(exporter: Exporter, all: readonly SyntheticFlow[]): Datagram[] {
  const out: Datagram[] = [];
  const own = all.filter((f) => f.exporter === exporter).sort((a, b) => a.exportMs - b.exportMs || a.firstMs - b.firstMs);
  const buffer = Buffer.alloc(headerLength('netflow-v9') + templateSetLength('netflow-v9') + dataSetLength('netflow-v9', MAX_RECORDS));
  const record: FlowValues = { key: own[0]!.key, packets: 0, bytes: 0, tos: 0, tcpFlags: 0, nextHop: exporter.nextHop, firstMs: 0, lastMs: 0 };
  let next = 0;
  let sequence = 0;
  for (let tick = 1; next < own.length; tick++) {
    // A little jitter on the millisecond, and exporters out of step.
    const ms = START_MS + exporter.phaseMs + tick * DATAGRAM_EVERY_MS + ((tick * 37) % 500);
    const batch: SyntheticFlow[] = [];
    while (next < own.length && own[next]!.exportMs <= ms && batch.length < MAX_RECORDS) batch.push(own[next++]!);
    if (batch.length === 0) continue;
    const withTemplate = sequence % TEMPLATE_EVERY === 0;
    let at = headerLength('netflow-v9');
    if (withTemplate) at += writeTemplateSet('netflow-v9', buffer, at);
    const setStart = at;
    at = writeDataSetHeader('netflow-v9', buffer, at, batch.length);
    for (const f of batch) {
      record.key = f.key;
      record.packets = f.packets;
      record.bytes = f.bytes;
      record.tos = f.tos;
      record.tcpFlags = f.tcpFlags;
      // A start on a whole minute would meet pmacct's boundary deviation: start a second earlier.
      record.firstMs = startSeconds(exporter, ms, f.firstMs) % 60 === 0 ? f.firstMs - 1000 : f.firstMs;
      record.lastMs = f.lastMs;
      at = writeV9Record(buffer, at, record, exporter.bootMs);
    }
    const length = setStart + dataSetLength('netflow-v9', batch.length);
    writeV9Header(buffer, batch.length + (withTemplate ? 1 : 0), ms - exporter.bootMs, Math.floor(ms / 1000), sequence, exporter.sourceId);
    out.push({ ms, exporter, payload: Buffer.from(buffer.subarray(0, length)) });
    sequence++;
  }
  return out;
}

/** The capture as a pcap file. */
export function synthetic20mCapture(): Buffer {
  const all = flows();
  const writer = PcapFileWriter.inMemory();
  const merged = EXPORTERS.flatMap((e) => datagrams(e, all)).sort((a, b) => a.ms - b.ms || a.exporter.sourceId - b.exporter.sourceId);
  for (const d of merged) {
    const endpoints = { sourceAddress: d.exporter.address, sourcePort: d.exporter.port, destinationAddress: COLLECTOR, destinationPort: COLLECTOR_PORT };
    // Captured 3 ms after it left the exporter.
    const capturedMs = d.ms + 3;
    writer.writeUdpDatagram(endpoints, d.payload, Math.floor(capturedMs / 1000), (capturedMs % 1000) * 1000);
  }
  return writer.toBuffer();
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { out: { type: 'string', default: SYNTHETIC_20M_CAPTURE }, check: { type: 'boolean', default: false } } });
  const pcap = synthetic20mCapture();
  if (values.check) {
    if (!readFileSync(values.out).equals(pcap)) {
      console.error(`${values.out} differs from what synthetic20m.ts generates`);
      process.exit(1);
    }
    console.error(`${values.out}: up to date (${pcap.length} bytes)`);
  } else {
    writeFileSync(values.out, pcap);
    console.error(`${values.out}: ${pcap.length} bytes`);
  }
}
