/** Test-only: a decoder plus helpers to feed it built datagrams and keep copies of what it emits. */
import { NetflowDecoder, type NetflowDecoderOptions } from '../../../src/decode/netflow/netflowDecoder.ts';
import type { DecodeOutcome } from '../../../src/decode/netflow/decodeOutcome.ts';
import type { ExporterStats } from '../../../src/decode/netflow/exporterStats.ts';
import { exporterRefFor } from '../../../src/model/exporterRef.ts';
import type { FlowRecord } from '../../../src/model/flowRecord.ts';
import { ipText } from '../../../src/model/ipText.ts';

/** The fields tests look at, copied out of the reused record. */
export interface Emitted {
  src: string;
  dst: string;
  srcPort: number;
  dstPort: number;
  proto: number;
  bytes: number;
  packets: number;
  samplingRate: number;
  peerSrcIp: string;
  isEvent: boolean;
  tcpFlags: number;
  raw: Map<string, Uint8Array>;
}

export class Harness {
  readonly decoder: NetflowDecoder;
  readonly emitted: Emitted[] = [];
  /** (pen:id) fields whose raw bytes to copy from each record. */
  rawFields: [number, number][] = [];

  constructor(options: Partial<NetflowDecoderOptions> = {}) {
    this.decoder = new NetflowDecoder({ timeSecs: false, timeNew: false, disableChecks: true, ...options });
  }

  feed(payload: Uint8Array, exporter = '192.0.2.1', arrivalSec = 1700000000): DecodeOutcome {
    return this.decoder.decode(payload, exporterRefFor(exporter), arrivalSec, 0, (rec) => this.keep(rec));
  }

  /** Records emitted since the last call. */
  take(): Emitted[] {
    return this.emitted.splice(0);
  }

  stats(exporter = '192.0.2.1'): ExporterStats {
    const s = this.decoder.stats.get(exporter);
    if (!s) throw new Error(`no stats for ${exporter}`);
    return s;
  }

  private keep(rec: FlowRecord): void {
    const ctx = this.decoder.context;
    const raw = new Map<string, Uint8Array>();
    for (const [pen, id] of this.rawFields) {
      const bytes = ctx.fieldBytes(pen, id);
      if (bytes) raw.set(`${pen}:${id}`, bytes);
    }
    this.emitted.push({
      src: ipText(rec.srcHost.family, rec.srcHost.bytes),
      dst: ipText(rec.dstHost.family, rec.dstHost.bytes),
      srcPort: rec.srcPort,
      dstPort: rec.dstPort,
      proto: rec.proto,
      bytes: rec.bytes,
      packets: rec.packets,
      samplingRate: rec.samplingRate,
      peerSrcIp: ipText(rec.peerSrcIp.family, rec.peerSrcIp.bytes),
      isEvent: rec.isEvent,
      tcpFlags: rec.tcpFlags,
      raw,
    });
  }
}
