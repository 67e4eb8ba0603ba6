/**
 * sFlow v5 encoding of sampled packets (sflow.org sFlow Version 5), used by
 * the benchmark generator: the datagram header with an IPv4 agent, and
 * compact flow samples (enterprise 0, format 1) holding one raw packet
 * header record (header protocol 1, Ethernet) with an Ethernet/IPv4 and
 * TCP or UDP header built from the flow's 5-tuple. The frame length is
 * what sfacctd accounts as bytes (packets 1 per sample, no renormalisation),
 * so the encoder takes it from the flow's byte count.
 */
import type { FlowValues } from './netflowExportEncoder.ts';

/** version, address type, IPv4 agent, sub-agent, sequence, uptime, sample count. */
export const SFLOW_HEADER_LENGTH = 28;
const SAMPLE_FLOW = 1;
const RECORD_RAW_HEADER = 1;
const HEADER_PROTOCOL_ETHERNET = 1;
/** The FCS: frame length counts it, the sampled header does not carry it. */
const FCS_LENGTH = 4;
const ETHERNET_LENGTH = 14;
const IPV4_LENGTH = 20;
const TCP_LENGTH = 20;
const UDP_LENGTH = 8;
/** Sample fields: sequence, source id, rate, pool, drops, input, output, record count. */
const FLOW_SAMPLE_FIXED = 32;
/** Record fields: header protocol, frame length, stripped, header length. */
const RAW_HEADER_FIXED = 16;

/** Sampled header bytes for a protocol (TCP or anything else, taken as UDP). */
function sampledHeaderLength(protocol: number): number {
  return ETHERNET_LENGTH + IPV4_LENGTH + (protocol === 6 ? TCP_LENGTH : UDP_LENGTH);
}

/** XDR opaque data is padded to 4 bytes. */
function padded(length: number): number {
  return (length + 3) & ~3;
}

/** Bytes of one flow sample including its tag and length; the largest (TCP) one bounds the datagram. */
export function flowSampleLength(protocol: number): number {
  return 8 + FLOW_SAMPLE_FIXED + 8 + RAW_HEADER_FIXED + padded(sampledHeaderLength(protocol));
}

/** Datagram size bound for `samples` samples. */
export function maxSflowDatagramLength(samples: number): number {
  return SFLOW_HEADER_LENGTH + samples * flowSampleLength(6);
}

/** The smallest frame that holds the headers written here (and an FCS). */
export const MIN_SFLOW_FRAME_LENGTH = ETHERNET_LENGTH + IPV4_LENGTH + TCP_LENGTH + FCS_LENGTH;

/** Datagram header; `agent` is a host-order IPv4 address. */
export function writeSflowHeader(out: Buffer, agent: number, subAgentId: number, sequence: number, uptimeMs: number, samples: number): number {
  out.writeUInt32BE(5, 0);
  out.writeUInt32BE(1, 4);
  out.writeUInt32BE(agent >>> 0, 8);
  out.writeUInt32BE(subAgentId >>> 0, 12);
  out.writeUInt32BE(sequence >>> 0, 16);
  out.writeUInt32BE(uptimeMs >>> 0, 20);
  out.writeUInt32BE(samples, 24);
  return SFLOW_HEADER_LENGTH;
}

export interface FlowSampleFields {
  /** The sample's sequence number within its source. */
  sequence: number;
  samplingRate: number;
  /** Packets the source saw so far (mod 2^32). */
  samplePool: number;
}

/**
 * One compact flow sample at `at` for `flow` (frame length = flow.bytes,
 * which must be at least MIN_SFLOW_FRAME_LENGTH); returns the next offset.
 * The source is the ingress interface (ifIndex type 0).
 */
export function writeFlowSample(out: Buffer, at: number, flow: FlowValues, fields: FlowSampleFields): number {
  const key = flow.key;
  const headerLength = sampledHeaderLength(key.protocol);
  const sampleLength = flowSampleLength(key.protocol);
  out.writeUInt32BE(SAMPLE_FLOW, at);
  out.writeUInt32BE(sampleLength - 8, at + 4);
  out.writeUInt32BE(fields.sequence >>> 0, at + 8);
  out.writeUInt32BE(key.inputInterface & 0x00ffffff, at + 12);
  out.writeUInt32BE(fields.samplingRate >>> 0, at + 16);
  out.writeUInt32BE(fields.samplePool >>> 0, at + 20);
  out.writeUInt32BE(0, at + 24); // drops
  out.writeUInt32BE(key.inputInterface & 0x3fffffff, at + 28);
  out.writeUInt32BE(key.outputInterface & 0x3fffffff, at + 32);
  out.writeUInt32BE(1, at + 36); // one record
  let p = at + 40;
  out.writeUInt32BE(RECORD_RAW_HEADER, p);
  out.writeUInt32BE(RAW_HEADER_FIXED + padded(headerLength), p + 4);
  out.writeUInt32BE(HEADER_PROTOCOL_ETHERNET, p + 8);
  out.writeUInt32BE(flow.bytes >>> 0, p + 12);
  out.writeUInt32BE(FCS_LENGTH, p + 16); // stripped
  out.writeUInt32BE(headerLength, p + 20);
  p += 24;
  p = writePacketHeader(out, p, flow);
  // Zero the XDR padding.
  const end = at + sampleLength;
  out.fill(0, p, end);
  return end;
}

/** Ethernet, IPv4 (checksum filled in) and TCP or UDP header of the flow; returns the next offset. */
function writePacketHeader(out: Buffer, at: number, flow: FlowValues): number {
  const key = flow.key;
  const ipLength = flow.bytes - ETHERNET_LENGTH - FCS_LENGTH;
  // Locally administered MACs derived from the interfaces.
  out.writeUInt16BE(0x0200, at);
  out.writeUInt32BE(key.outputInterface >>> 0, at + 2);
  out.writeUInt16BE(0x0200, at + 6);
  out.writeUInt32BE(key.inputInterface >>> 0, at + 8);
  out.writeUInt16BE(0x0800, at + 12);
  const ip = at + ETHERNET_LENGTH;
  out[ip] = 0x45;
  out[ip + 1] = flow.tos;
  out.writeUInt16BE(ipLength, ip + 2);
  out.writeUInt32BE(0x00004000, ip + 4); // id 0, don't fragment
  out[ip + 8] = 64;
  out[ip + 9] = key.protocol;
  out.writeUInt16BE(0, ip + 10);
  out.writeUInt32BE(key.srcAddress >>> 0, ip + 12);
  out.writeUInt32BE(key.dstAddress >>> 0, ip + 16);
  out.writeUInt16BE(ipv4Checksum(out, ip), ip + 10);
  const l4 = ip + IPV4_LENGTH;
  out.writeUInt16BE(key.srcPort, l4);
  out.writeUInt16BE(key.dstPort, l4 + 2);
  if (key.protocol === 6) {
    out.writeUInt32BE(1, l4 + 4); // sequence
    out.writeUInt32BE(0, l4 + 8); // ack
    out[l4 + 12] = 0x50; // data offset 5 words
    out[l4 + 13] = flow.tcpFlags;
    out.writeUInt16BE(65535, l4 + 14); // window
    out.writeUInt32BE(0, l4 + 16); // checksum (not computed: the payload is not sampled), urgent
    return l4 + TCP_LENGTH;
  }
  out.writeUInt16BE(ipLength - IPV4_LENGTH, l4 + 4);
  out.writeUInt16BE(0, l4 + 6); // checksum 0: none, legal for UDP over IPv4
  return l4 + UDP_LENGTH;
}

function ipv4Checksum(b: Buffer, at: number): number {
  let sum = 0;
  for (let i = 0; i < IPV4_LENGTH; i += 2) sum += (b[at + i]! << 8) | b[at + i + 1]!;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}
