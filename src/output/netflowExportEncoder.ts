/**
 * NetFlow v9 (RFC 3954) and IPFIX (RFC 7011) encoding of flows, used by the
 * benchmark generator and the collector's JIT warm-up: one fixed template
 * with the fields pmacct's usual aggregates read (addresses, ports,
 * protocol, ToS, TCP flags, interfaces, counters, start/end times, AS
 * numbers, masks, next hop), the message headers, the template set and data
 * records. v9 times are sysUptime-relative (FIRST/LAST_SWITCHED), IPFIX
 * times absolute (flowStart/EndMilliseconds).
 */

/** The key-bound fields of an exported flow (addresses as host-order IPv4 numbers). */
export interface ExportedFlowKey {
  srcAddress: number;
  dstAddress: number;
  srcPort: number;
  dstPort: number;
  protocol: number;
  srcAs: number;
  dstAs: number;
  srcMask: number;
  dstMask: number;
  inputInterface: number;
  outputInterface: number;
}

export type ExportProtocol = 'netflow-v9' | 'ipfix';

export const TEMPLATE_ID = 256;

/** A flow as the exporter reports it: its key plus the per-flow values. */
export interface FlowValues {
  key: ExportedFlowKey;
  packets: number;
  bytes: number;
  tos: number;
  tcpFlags: number;
  nextHop: number;
  /** Epoch milliseconds. */
  firstMs: number;
  lastMs: number;
}

/** [field type / information element, length] in record order. */
const V9_FIELDS: ReadonlyArray<readonly [number, number]> = [
  [1, 4], // IN_BYTES
  [2, 4], // IN_PKTS
  [4, 1], // PROTOCOL
  [5, 1], // SRC_TOS
  [6, 1], // TCP_FLAGS
  [7, 2], // L4_SRC_PORT
  [8, 4], // IPV4_SRC_ADDR
  [9, 1], // SRC_MASK
  [10, 4], // INPUT_SNMP
  [11, 2], // L4_DST_PORT
  [12, 4], // IPV4_DST_ADDR
  [13, 1], // DST_MASK
  [14, 4], // OUTPUT_SNMP
  [15, 4], // IPV4_NEXT_HOP
  [16, 4], // SRC_AS
  [17, 4], // DST_AS
  [21, 4], // LAST_SWITCHED
  [22, 4], // FIRST_SWITCHED
];

const IPFIX_FIELDS: ReadonlyArray<readonly [number, number]> = [
  [1, 8], // octetDeltaCount
  [2, 8], // packetDeltaCount
  [4, 1], // protocolIdentifier
  [5, 1], // ipClassOfService
  [6, 1], // tcpControlBits (reduced-size encoding, as most exporters send it)
  [7, 2], // sourceTransportPort
  [8, 4], // sourceIPv4Address
  [9, 1], // sourceIPv4PrefixLength
  [10, 4], // ingressInterface
  [11, 2], // destinationTransportPort
  [12, 4], // destinationIPv4Address
  [13, 1], // destinationIPv4PrefixLength
  [14, 4], // egressInterface
  [15, 4], // ipNextHopIPv4Address
  [16, 4], // bgpSourceAsNumber
  [17, 4], // bgpDestinationAsNumber
  [152, 8], // flowStartMilliseconds
  [153, 8], // flowEndMilliseconds
];

export const V9_HEADER_LENGTH = 20;
export const IPFIX_HEADER_LENGTH = 16;
export const SET_HEADER_LENGTH = 4;
export const V9_RECORD_LENGTH = V9_FIELDS.reduce((sum, [, length]) => sum + length, 0);
export const IPFIX_RECORD_LENGTH = IPFIX_FIELDS.reduce((sum, [, length]) => sum + length, 0);

export function headerLength(protocol: ExportProtocol): number {
  return protocol === 'ipfix' ? IPFIX_HEADER_LENGTH : V9_HEADER_LENGTH;
}

export function recordLength(protocol: ExportProtocol): number {
  return protocol === 'ipfix' ? IPFIX_RECORD_LENGTH : V9_RECORD_LENGTH;
}

/** Bytes of the template set (set header, template header, field specifiers). */
export function templateSetLength(protocol: ExportProtocol): number {
  const fields = protocol === 'ipfix' ? IPFIX_FIELDS : V9_FIELDS;
  return SET_HEADER_LENGTH + 4 + 4 * fields.length;
}

/** v9 pads sets to 32 bits (RFC 3954 §5.3); IPFIX padding is optional and left out. */
export function dataSetLength(protocol: ExportProtocol, records: number): number {
  const length = SET_HEADER_LENGTH + records * recordLength(protocol);
  return protocol === 'ipfix' ? length : (length + 3) & ~3;
}

/**
 * v9 header. `count` is every record in the packet, template records
 * included; `sequence` counts the exporter's previous packets.
 */
export function writeV9Header(
  out: Buffer,
  count: number,
  sysUptimeMs: number,
  unixSecs: number,
  sequence: number,
  sourceId: number,
): number {
  out.writeUInt16BE(9, 0);
  out.writeUInt16BE(count, 2);
  out.writeUInt32BE(sysUptimeMs >>> 0, 4);
  out.writeUInt32BE(unixSecs >>> 0, 8);
  out.writeUInt32BE(sequence >>> 0, 12);
  out.writeUInt32BE(sourceId >>> 0, 16);
  return V9_HEADER_LENGTH;
}

/** IPFIX header. `sequence` counts the data records sent before this message (mod 2^32). */
export function writeIpfixHeader(out: Buffer, length: number, exportSecs: number, sequence: number, domainId: number): number {
  out.writeUInt16BE(10, 0);
  out.writeUInt16BE(length, 2);
  out.writeUInt32BE(exportSecs >>> 0, 4);
  out.writeUInt32BE(sequence >>> 0, 8);
  out.writeUInt32BE(domainId >>> 0, 12);
  return IPFIX_HEADER_LENGTH;
}

/** Writes the template set at `at`; returns its length. */
export function writeTemplateSet(protocol: ExportProtocol, out: Buffer, at: number): number {
  const fields = protocol === 'ipfix' ? IPFIX_FIELDS : V9_FIELDS;
  const length = templateSetLength(protocol);
  out.writeUInt16BE(protocol === 'ipfix' ? 2 : 0, at);
  out.writeUInt16BE(length, at + 2);
  out.writeUInt16BE(TEMPLATE_ID, at + 4);
  out.writeUInt16BE(fields.length, at + 6);
  let p = at + 8;
  for (const [type, fieldLength] of fields) {
    out.writeUInt16BE(type, p);
    out.writeUInt16BE(fieldLength, p + 2);
    p += 4;
  }
  return length;
}

/** Writes a data set header for `records` records; returns the offset of the first record. */
export function writeDataSetHeader(protocol: ExportProtocol, out: Buffer, at: number, records: number): number {
  const length = dataSetLength(protocol, records);
  out.writeUInt16BE(TEMPLATE_ID, at);
  out.writeUInt16BE(length, at + 2);
  // Zero the v9 padding now; the records will not reach it.
  out.fill(0, at + SET_HEADER_LENGTH + records * recordLength(protocol), at + length);
  return at + SET_HEADER_LENGTH;
}

/** One v9 record; times relative to the exporter's boot (`bootMs`). */
export function writeV9Record(out: Buffer, at: number, flow: FlowValues, bootMs: number): number {
  const key = flow.key;
  out.writeUInt32BE(flow.bytes, at);
  out.writeUInt32BE(flow.packets, at + 4);
  out[at + 8] = key.protocol;
  out[at + 9] = flow.tos;
  out[at + 10] = flow.tcpFlags;
  out.writeUInt16BE(key.srcPort, at + 11);
  out.writeUInt32BE(key.srcAddress, at + 13);
  out[at + 17] = key.srcMask;
  out.writeUInt32BE(key.inputInterface, at + 18);
  out.writeUInt16BE(key.dstPort, at + 22);
  out.writeUInt32BE(key.dstAddress, at + 24);
  out[at + 28] = key.dstMask;
  out.writeUInt32BE(key.outputInterface, at + 29);
  out.writeUInt32BE(flow.nextHop, at + 33);
  out.writeUInt32BE(key.srcAs, at + 37);
  out.writeUInt32BE(key.dstAs, at + 41);
  out.writeUInt32BE((flow.lastMs - bootMs) >>> 0, at + 45);
  out.writeUInt32BE((flow.firstMs - bootMs) >>> 0, at + 49);
  return at + V9_RECORD_LENGTH;
}

export function writeIpfixRecord(out: Buffer, at: number, flow: FlowValues): number {
  const key = flow.key;
  writeUint64(out, at, flow.bytes);
  writeUint64(out, at + 8, flow.packets);
  out[at + 16] = key.protocol;
  out[at + 17] = flow.tos;
  out[at + 18] = flow.tcpFlags;
  out.writeUInt16BE(key.srcPort, at + 19);
  out.writeUInt32BE(key.srcAddress, at + 21);
  out[at + 25] = key.srcMask;
  out.writeUInt32BE(key.inputInterface, at + 26);
  out.writeUInt16BE(key.dstPort, at + 30);
  out.writeUInt32BE(key.dstAddress, at + 32);
  out[at + 36] = key.dstMask;
  out.writeUInt32BE(key.outputInterface, at + 37);
  out.writeUInt32BE(flow.nextHop, at + 41);
  out.writeUInt32BE(key.srcAs, at + 45);
  out.writeUInt32BE(key.dstAs, at + 49);
  writeUint64(out, at + 53, flow.firstMs);
  writeUint64(out, at + 61, flow.lastMs);
  return at + IPFIX_RECORD_LENGTH;
}

/** Big-endian 64-bit unsigned of a value below 2^53. */
function writeUint64(out: Buffer, at: number, value: number): void {
  const high = Math.floor(value / 4294967296);
  out.writeUInt32BE(high, at);
  out.writeUInt32BE(value - high * 4294967296, at + 4);
}
