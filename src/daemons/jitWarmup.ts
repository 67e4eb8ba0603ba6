/**
 * Warms the JIT before a live collector opens its socket. Freshly started,
 * V8 runs the decode → aggregate path in its interpreter for the first
 * tens of thousands of flows; at a million flows/s that first ~100 ms is
 * enough to overflow the socket's receive buffer, so a cold start lost
 * ~25k flows in the live benchmark (docs/benchmarks.md) while the steady
 * state lost none. Feeding synthetic NetFlow v9 and IPFIX exports through a
 * throwaway decoder and throwaway plugin instances of the same kinds
 * optimises the shared code (decoder, cache, consumers) before the first
 * real datagram; nothing of it reaches the real plugins or statistics.
 */
import type { Pipeline } from '../core/pipeline.ts';
import type { NetflowDecoder } from '../decode/netflow/netflowDecoder.ts';
import { exporterRefFor } from '../model/exporterRef.ts';
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
} from '../output/netflowExportEncoder.ts';

const RECORDS_PER_DATAGRAM = 30;

/** Synthetic exports: template + data in every datagram, distinct keys cycling over a /16. */
function* warmupDatagrams(protocol: ExportProtocol, datagrams: number): Generator<Buffer> {
  const flow: FlowValues = {
    key: { srcAddress: 0, dstAddress: 0, srcPort: 0, dstPort: 443, protocol: 6, srcAs: 64500, dstAs: 64501, srcMask: 24, dstMask: 24, inputInterface: 1, outputInterface: 2 },
    packets: 1,
    bytes: 64,
    tos: 0,
    tcpFlags: 0x18,
    nextHop: 0x0a000001,
    firstMs: 1_700_000_000_000,
    lastMs: 1_700_000_000_500,
  };
  const length = headerLength(protocol) + templateSetLength(protocol) + dataSetLength(protocol, RECORDS_PER_DATAGRAM);
  const bootMs = flow.firstMs - 3_600_000;
  for (let d = 0; d < datagrams; d++) {
    const out = Buffer.alloc(length);
    const exportSecs = Math.floor(flow.lastMs / 1000) + 1;
    let at = protocol === 'netflow-v9'
      ? writeV9Header(out, 1 + RECORDS_PER_DATAGRAM, exportSecs * 1000 - bootMs, exportSecs, d, 0)
      : writeIpfixHeader(out, length, exportSecs, d * RECORDS_PER_DATAGRAM, 0);
    at += writeTemplateSet(protocol, out, at);
    at = writeDataSetHeader(protocol, out, at, RECORDS_PER_DATAGRAM);
    for (let r = 0; r < RECORDS_PER_DATAGRAM; r++) {
      const n = d * RECORDS_PER_DATAGRAM + r;
      flow.key.srcAddress = (0xc6120000 | (n & 0xffff)) >>> 0; // 198.18.0.0/16 (RFC 2544 benchmarking range)
      flow.key.dstAddress = (0xc6130000 | ((n * 7) & 0xffff)) >>> 0;
      flow.key.srcPort = 1024 + (n % 50_000);
      at = protocol === 'netflow-v9' ? writeV9Record(out, at, flow, bootMs) : writeIpfixRecord(out, at, flow);
    }
    yield out;
  }
}

/**
 * Runs `datagrams` synthetic exports of each protocol through `decoder` into
 * `pipeline`: both must be throwaway instances built like the real ones.
 */
export function warmUpNetflow(decoder: NetflowDecoder, pipeline: Pipeline, datagrams = 1500): void {
  const exporter = exporterRefFor('198.18.255.254');
  for (const protocol of ['netflow-v9', 'ipfix'] as const) {
    for (const datagram of warmupDatagrams(protocol, datagrams)) decoder.decode(datagram, exporter, 1_700_000_000, 0, pipeline.process);
  }
}
