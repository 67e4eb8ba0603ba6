/**
 * The sampled IPv4 and IPv6 records (sFlow v5 flow data formats 3 and 4;
 * v2/v4 packet data types 2 and 3: the same layout), read into the record
 * as sfacctd does: the packet length is the sample's size, ports only for
 * TCP and UDP, the records' tcp_flags ignored.
 */
import type { FlowRecord } from '../../model/flowRecord.ts';
import { readU32 } from '../netflow/wireReaders.ts';
import type { FlowSampleContext } from './flowSampleContext.ts';

export const SAMPLED_IPV4_LENGTH = 32;
export const SAMPLED_IPV6_LENGTH = 56;

/** `b[at, at + SAMPLED_IPV4_LENGTH)`: length, protocol, addresses, ports, tcp_flags, tos. */
export function readSampledIpv4(b: Uint8Array, at: number, rec: FlowRecord, ctx: FlowSampleContext): void {
  ctx.sampledSize = readU32(b, at);
  rec.proto = readU32(b, at + 4) & 0xff;
  rec.srcHost.setV4(b, at + 8);
  rec.dstHost.setV4(b, at + 12);
  setPorts(rec, readU32(b, at + 16), readU32(b, at + 20));
  rec.tos = readU32(b, at + 28) & 0xff;
}

/** `b[at, at + SAMPLED_IPV6_LENGTH)`: length, protocol, addresses, ports, tcp_flags, priority. */
export function readSampledIpv6(b: Uint8Array, at: number, rec: FlowRecord, ctx: FlowSampleContext): void {
  ctx.sampledSize = readU32(b, at);
  rec.proto = readU32(b, at + 4) & 0xff;
  rec.srcHost.setV6(b, at + 8);
  rec.dstHost.setV6(b, at + 24);
  setPorts(rec, readU32(b, at + 40), readU32(b, at + 44));
  rec.tos = readU32(b, at + 52) & 0xff;
}

/** sfacctd's port handlers report ports for TCP and UDP only. */
function setPorts(rec: FlowRecord, src: number, dst: number): void {
  if (rec.proto === 6 || rec.proto === 17) {
    rec.srcPort = src & 0xffff;
    rec.dstPort = dst & 0xffff;
  } else {
    rec.srcPort = 0;
    rec.dstPort = 0;
  }
}
