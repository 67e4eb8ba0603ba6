/**
 * Encodes a UDP datagram as the frame a capture of it would hold: Ethernet
 * (locally administered MACs) or raw IP, then an IPv4 or IPv6 header and
 * the UDP header, checksums included. Used to write captures of exports
 * (benchmark generator, tests); the inverse of udpDatagram.ts.
 */
import { EtherType } from '../decode/packet/etherType.ts';
import { ETHERNET_HEADER_LENGTH } from '../decode/packet/ethernet.ts';
import { LinkType } from '../decode/packet/linkType.ts';

export interface UdpEndpoints {
  /** 4 bytes (IPv4) or 16 bytes (IPv6); both addresses of the same family. */
  sourceAddress: Uint8Array;
  sourcePort: number;
  destinationAddress: Uint8Array;
  destinationPort: number;
}

const IPV4_HEADER_LENGTH = 20;
const IPV6_HEADER_LENGTH = 40;
const UDP_HEADER_LENGTH = 8;
const IP_PROTOCOL_UDP = 17;
const DEFAULT_TTL = 64;
const DONT_FRAGMENT = 0x4000;
const SOURCE_MAC = [0x02, 0x00, 0x00, 0x00, 0x00, 0x01];
const DESTINATION_MAC = [0x02, 0x00, 0x00, 0x00, 0x00, 0x02];

/** Link types the encoder writes. */
export function isEncodableLinkType(linkType: number): boolean {
  return linkType === LinkType.ethernet || linkType === LinkType.raw;
}

/** Frame length of a datagram with `payloadLength` bytes. */
export function udpFrameLength(linkType: number, endpoints: UdpEndpoints, payloadLength: number): number {
  const link = linkType === LinkType.ethernet ? ETHERNET_HEADER_LENGTH : 0;
  const ip = endpoints.sourceAddress.length === 4 ? IPV4_HEADER_LENGTH : IPV6_HEADER_LENGTH;
  return link + ip + UDP_HEADER_LENGTH + payloadLength;
}

/**
 * Writes the frame into `out` at `offset` (which must have room for
 * `udpFrameLength` bytes); `ipId` is the IPv4 identification. Returns the
 * frame length.
 */
export function writeUdpFrame(
  linkType: number,
  endpoints: UdpEndpoints,
  payload: Uint8Array,
  out: Buffer,
  offset: number,
  ipId = 0,
): number {
  const ipv4 = endpoints.sourceAddress.length === 4;
  let at = offset;
  if (linkType === LinkType.ethernet) {
    out.set(DESTINATION_MAC, at);
    out.set(SOURCE_MAC, at + 6);
    out.writeUInt16BE(ipv4 ? EtherType.ipv4 : EtherType.ipv6, at + 12);
    at += ETHERNET_HEADER_LENGTH;
  } else if (linkType !== LinkType.raw) {
    throw new Error(`cannot encode frames for link type ${linkType}`);
  }
  const udpLength = UDP_HEADER_LENGTH + payload.length;
  if (udpLength > 0xffff) throw new Error(`UDP payload of ${payload.length} bytes does not fit in a datagram`);
  const ipStart = at;
  if (ipv4) {
    out[at] = 0x45;
    out[at + 1] = 0;
    out.writeUInt16BE(IPV4_HEADER_LENGTH + udpLength, at + 2);
    out.writeUInt16BE(ipId & 0xffff, at + 4);
    out.writeUInt16BE(DONT_FRAGMENT, at + 6);
    out[at + 8] = DEFAULT_TTL;
    out[at + 9] = IP_PROTOCOL_UDP;
    out.writeUInt16BE(0, at + 10);
    out.set(endpoints.sourceAddress, at + 12);
    out.set(endpoints.destinationAddress, at + 16);
    out.writeUInt16BE(onesComplementChecksum(out, at, at + IPV4_HEADER_LENGTH, 0), at + 10);
    at += IPV4_HEADER_LENGTH;
  } else {
    out.writeUInt32BE(0x60000000, at);
    out.writeUInt16BE(udpLength, at + 4);
    out[at + 6] = IP_PROTOCOL_UDP;
    out[at + 7] = DEFAULT_TTL;
    out.set(endpoints.sourceAddress, at + 8);
    out.set(endpoints.destinationAddress, at + 24);
    at += IPV6_HEADER_LENGTH;
  }
  const udp = at;
  out.writeUInt16BE(endpoints.sourcePort, udp);
  out.writeUInt16BE(endpoints.destinationPort, udp + 2);
  out.writeUInt16BE(udpLength, udp + 4);
  out.writeUInt16BE(0, udp + 6);
  out.set(payload, udp + UDP_HEADER_LENGTH);
  out.writeUInt16BE(udpChecksum(out, ipStart, ipv4, udp, udpLength), udp + 6);
  return udp + udpLength - offset;
}

/** UDP checksum over the pseudo-header (addresses, protocol, length) and the datagram. */
function udpChecksum(bytes: Buffer, ipStart: number, ipv4: boolean, udp: number, udpLength: number): number {
  const addresses = ipv4 ? ipStart + 12 : ipStart + 8;
  const addressesLength = ipv4 ? 8 : 32;
  let sum = sumWords(bytes, addresses, addresses + addressesLength, 0);
  sum += IP_PROTOCOL_UDP + udpLength;
  const checksum = onesComplementChecksum(bytes, udp, udp + udpLength, sum);
  // 0 means "no checksum" in UDP; a computed 0 is sent as all ones.
  return checksum === 0 ? 0xffff : checksum;
}

function onesComplementChecksum(bytes: Buffer, start: number, end: number, initial: number): number {
  let sum = sumWords(bytes, start, end, initial);
  while (sum > 0xffff) sum = (sum & 0xffff) + Math.floor(sum / 65536);
  return ~sum & 0xffff;
}

function sumWords(bytes: Buffer, start: number, end: number, initial: number): number {
  let sum = initial;
  let i = start;
  for (; i + 1 < end; i += 2) sum += (bytes[i]! << 8) | bytes[i + 1]!;
  if (i < end) sum += bytes[i]! << 8;
  return sum;
}
