/**
 * sFlow v5 structures for crafted test captures, laid out from the sFlow v5
 * specification (sflow.org sflow_version_5.txt) rather than by tsacct's
 * encoder: the datagram header, compact flow samples and their records.
 */
import { concat, ip4, ip6, u32, type Bytes } from '../netflow/datagramBuilder.ts';

/** A flow record: data format, length, body. */
export function flowRecord(format: number, body: Bytes): Bytes {
  return concat(u32(format), u32(body.length), body);
}

/**
 * Raw packet header record (format 1) of `frame` with `protocol`
 * (1 Ethernet, 7 PPP, 11 IPv4, 12 IPv6, 13 MPLS), the sampled header cut
 * to `cut` bytes when given; frame_length counts 4 stripped FCS bytes.
 */
export function rawHeaderRecord(protocol: number, frame: Bytes, cut?: number): Bytes {
  const header = frame.subarray(0, cut ?? frame.length);
  const padding = new Uint8Array((4 - (header.length % 4)) % 4);
  return flowRecord(1, concat(u32(protocol), u32(frame.length + 4), u32(4), u32(header.length), header, padding));
}

/** sFlow address: type 1 (IPv4) or 2 (IPv6) and the address. */
export function sflowAddress(text: string): Bytes {
  return text.includes(':') ? concat(u32(2), ip6(text)) : concat(u32(1), ip4(text));
}

/** Compact flow sample (type 1) from ifIndex 3 to 4 with the given sampling rate. */
export function flowSample(sequence: number, samplingRate: number, records: Bytes[]): Bytes {
  const body = concat(u32(sequence), u32(3), u32(samplingRate), u32(sequence * samplingRate), u32(0), u32(3), u32(4), u32(records.length), ...records);
  return concat(u32(1), u32(body.length), body);
}

/** Datagram header (IPv4 agent) followed by the samples. */
export function datagramV5(agent: string, subAgent: number, sequence: number, uptimeMs: number, samples: Bytes[]): Bytes {
  return concat(u32(5), sflowAddress(agent), u32(subAgent), u32(sequence), u32(uptimeMs), u32(samples.length), ...samples);
}
