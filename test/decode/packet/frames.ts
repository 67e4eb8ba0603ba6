/**
 * Hand-built frames for packet-decoder tests, laid out field by field from
 * the RFCs and IEEE specs (no encoder under test is used to make them).
 */

export function bytes(...parts: Array<number[] | Uint8Array | Buffer>): Buffer {
  return Buffer.concat(parts.map((p) => (Buffer.isBuffer(p) ? p : Buffer.from(p))));
}

export function u16(value: number): number[] {
  return [(value >>> 8) & 0xff, value & 0xff];
}

export function u32(value: number): number[] {
  return [(value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff];
}

/** Ethernet II header: destination MAC, source MAC, EtherType. */
export function ethernet(etherType: number): number[] {
  return [0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, ...u16(etherType)];
}

/** An 802.1Q/802.1ad tag body: TCI (PCP 0, VLAN id) then the inner EtherType. */
export function vlanTag(vlanId: number, innerEtherType: number): number[] {
  return [...u16(vlanId & 0x0fff), ...u16(innerEtherType)];
}

export interface Ipv4Options {
  source?: number[];
  destination?: number[];
  protocol?: number;
  /** Flags (3 bits) and fragment offset (13 bits, in 8-byte units). */
  flagsAndOffset?: number;
  /** IP options, a multiple of 4 bytes. */
  options?: number[];
  /** Overrides the total length field. */
  totalLength?: number;
}

/** RFC 791 header for a payload of `payloadLength` bytes (checksum left 0: decoders do not check it). */
export function ipv4Header(payloadLength: number, o: Ipv4Options = {}): number[] {
  const options = o.options ?? [];
  const headerLength = 20 + options.length;
  return [
    0x40 | (headerLength / 4),
    0,
    ...u16(o.totalLength ?? headerLength + payloadLength),
    ...u16(0x1234),
    ...u16(o.flagsAndOffset ?? 0),
    64,
    o.protocol ?? 17,
    0,
    0,
    ...(o.source ?? [192, 0, 2, 1]),
    ...(o.destination ?? [198, 51, 100, 2]),
    ...options,
  ];
}

/** RFC 8200 fixed header; `nextHeader` is the first extension header or the upper layer. */
export function ipv6Header(payloadLength: number, nextHeader: number, source?: number[], destination?: number[]): number[] {
  return [
    0x60,
    0,
    0,
    0,
    ...u16(payloadLength),
    nextHeader,
    64,
    ...(source ?? [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]),
    ...(destination ?? [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2]),
  ];
}

/** RFC 768 header; `length` defaults to header + payload. */
export function udpHeader(sourcePort: number, destinationPort: number, payloadLength: number, length?: number): number[] {
  return [...u16(sourcePort), ...u16(destinationPort), ...u16(length ?? 8 + payloadLength), 0, 0];
}

/** A UDP datagram (header + payload) as bytes. */
export function udp(sourcePort: number, destinationPort: number, payload: number[]): number[] {
  return [...udpHeader(sourcePort, destinationPort, payload.length), ...payload];
}

/** A generic IPv6 extension header (hop-by-hop, routing, destination options) of 8 bytes. */
export function ipv6Extension(nextHeader: number): number[] {
  return [nextHeader, 0, 1, 4, 0, 0, 0, 0];
}

/** IPv6 fragment header (RFC 8200 §4.5): offset in 8-byte units, M flag. */
export function ipv6Fragment(nextHeader: number, offsetUnits: number, more: boolean): number[] {
  return [nextHeader, 0, ...u16((offsetUnits << 3) | (more ? 1 : 0)), ...u32(0xcafe)];
}

export const SAMPLE_PAYLOAD = [0x00, 0x0a, 0x00, 0x10, 0xde, 0xad, 0xbe, 0xef];
