/**
 * NetFlow v5: a 24-byte header and up to 30 fixed 48-byte records. Decoded
 * as nfacctd 1.7.7 does: a datagram whose length is not exactly
 * 24 + 48 × count is dropped whole; ports are kept for TCP/UDP (and the
 * destination port for ICMP, where exporters put type and code); TCP
 * flags only for TCP; first/last switched are made absolute from the
 * header's sysUptime and unix_secs in whole seconds.
 */
import type { FlowRecord } from '../../model/flowRecord.ts';
import { DECODE_REJECTED } from './decodeOutcome.ts';
import type { DecodeSession } from './decodeSession.ts';
import { RECORD_IPV4 } from './recordContext.ts';
import { sysUptimeToSeconds } from './recordFiller.ts';
import { SEQUENCE_IN_ORDER, SEQUENCE_REORDERED } from './sequenceTracker.ts';
import { readU16, readU32 } from './wireReaders.ts';

export const V5_HEADER_LENGTH = 24;
export const V5_RECORD_LENGTH = 48;
/** pmacct's V5_MAXFLOWS. */
export const V5_MAX_RECORDS = 30;

const PROTO_ICMP = 1;
const PROTO_TCP = 6;
const PROTO_UDP = 17;
const PROTO_ICMPV6 = 58;
const TWO_POW_32 = 0x100000000;

export function decodeV5(s: DecodeSession, b: Uint8Array, len: number): void {
  const outcome = s.outcome;
  if (len < V5_HEADER_LENGTH) return s.malformed('shortHeader', DECODE_REJECTED);
  const count = readU16(b, 2);
  if (count > V5_MAX_RECORDS || V5_HEADER_LENGTH + count * V5_RECORD_LENGTH !== len) return s.malformed('v5LengthMismatch', DECODE_REJECTED);

  const sysUptimeMs = readU32(b, 4);
  const unixSecs = readU32(b, 8);
  const sequence = readU32(b, 16);
  const engineType = b[20];
  const engineId = b[21];
  const samplingRate = readU16(b, 22) & 0x3fff;

  const exporter = s.exporter;
  const engine = exporter.domain(exporter.engines, (engineType << 8) | engineId, s.limits.maxDomainsPerExporter);
  if (engine === null) return s.malformed('limitExceeded', DECODE_REJECTED);
  const order = engine.sequence.check(sequence, exporter.stats);
  if (order !== SEQUENCE_IN_ORDER && !s.disableChecks) {
    outcome.sequenceMismatch = true;
    outcome.sequenceExpected = engine.sequence.expected;
    outcome.sequenceReceived = sequence;
  }
  if (order !== SEQUENCE_REORDERED) engine.sequence.advance(sequence, count, true);

  const rec = s.rec;
  const ctx = s.ctx;
  const extras = ctx.extras;
  extras.version = 5;
  extras.domainId = (engineType << 8) | engineId;
  extras.engineType = engineType;
  extras.engineId = engineId;
  extras.kind = RECORD_IPV4;
  extras.template = null;
  extras.bytes = b;
  rec.peerSrcAs = 0;
  rec.peerDstAs = 0;
  rec.exportProtoVersion = 5;
  rec.exportProtoSeqno = sequence;
  rec.exportProtoSysid = engineId;
  rec.engineType = engineType!;
  rec.timestampExport.set(unixSecs, 0);
  s.setPeerSrcIp(s.exporterFamily, s.exporterAddress);

  for (let k = 0; k < count; k++) {
    const o = V5_HEADER_LENGTH + k * V5_RECORD_LENGTH;
    rec.reset();
    fillV5Record(b, o, rec, sysUptimeMs, unixSecs, samplingRate);
    extras.recordOffset = o;
    rec.accountingTimeSec = v5AccountingTime(s, sysUptimeMs, unixSecs, readU32(b, o + 24));
    s.emit();
  }
  outcome.records += count;
  exporter.stats.records += count;
}

function fillV5Record(b: Uint8Array, o: number, rec: FlowRecord, sysUptimeMs: number, unixSecs: number, samplingRate: number): void {
  rec.srcHost.setV4(b, o);
  rec.dstHost.setV4(b, o + 4);
  rec.ipNextHop.setV4(b, o + 8);
  rec.inIface = readU16(b, o + 12);
  rec.outIface = readU16(b, o + 14);
  rec.packets = readU32(b, o + 16);
  rec.bytes = readU32(b, o + 20);
  rec.flows = 1;
  rec.timestampStart.set(sysUptimeToSeconds(unixSecs, sysUptimeMs, readU32(b, o + 24)), 0);
  rec.timestampEnd.set(sysUptimeToSeconds(unixSecs, sysUptimeMs, readU32(b, o + 28)), 0);
  const proto = b[o + 38];
  rec.proto = proto;
  if (proto === PROTO_TCP || proto === PROTO_UDP) rec.srcPort = readU16(b, o + 32);
  if (proto === PROTO_TCP || proto === PROTO_UDP || proto === PROTO_ICMP || proto === PROTO_ICMPV6) rec.dstPort = readU16(b, o + 34);
  if (proto === PROTO_TCP) rec.tcpFlags = b[o + 37];
  rec.tos = b[o + 39];
  rec.srcAs = readU16(b, o + 40);
  rec.dstAs = readU16(b, o + 42);
  rec.srcMask = b[o + 44];
  rec.dstMask = b[o + 45];
  rec.etype = 0x800;
  rec.samplingRate = samplingRate;
}

/**
 * pmacct bins v5 flows by unix_secs - sysUptime/1000 + first/1000 (each
 * division truncated), or with nfacctd_time_secs by unix_secs -
 * (sysUptime - first); 0 with nfacctd_time_new (arrival time).
 */
function v5AccountingTime(s: DecodeSession, sysUptimeMs: number, unixSecs: number, firstMs: number): number {
  if (s.ctx.timeNew) return 0;
  if (s.ctx.timeSecs) return (unixSecs - sysUptimeMs + firstMs + 2 * TWO_POW_32) % TWO_POW_32;
  return (unixSecs - Math.floor(sysUptimeMs / 1000) + Math.floor(firstMs / 1000) + TWO_POW_32) % TWO_POW_32;
}
