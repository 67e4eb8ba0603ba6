/**
 * The UDP datagram a captured frame carries: addresses, ports and the
 * payload bounds, found through the link layer, IPv4/IPv6 (options and
 * extension headers) and the UDP header (RFC 768).
 *
 * One UdpDatagram is reused for every frame and holds offsets into the
 * frame rather than copies, so extraction allocates nothing; a caller that
 * keeps anything beyond the next call copies it (or calls payload(), which
 * returns a view of the frame's memory).
 *
 * Fragments: a datagram split over several IP fragments is not reassembled.
 * Only a first fragment that holds the whole UDP payload is usable; the
 * others are rejected as `fragment`. pmacct 1.7.7 does not reassemble
 * either: it hands the first fragment's bytes to the flow decoder as if they
 * were the whole datagram, and later fragments as garbage.
 */
import { ipv4Text, ipv6Text } from '../../model/ipText.ts';
import { Fragmentation, IP_PROTOCOL_UDP, IpPacket } from './ipPacket.ts';
import { parseIpv4 } from './ipv4.ts';
import { parseIpv6 } from './ipv6.ts';
import { isSupportedLinkType, locateNetworkLayer } from './linkLayer.ts';
import { NetworkLayerLocation } from './networkLayer.ts';
import { PacketRejection, type PacketRejectionCode } from './packetRejection.ts';

const UDP_HEADER_LENGTH = 8;
const EMPTY = Buffer.alloc(0);

export class UdpDatagram {
  /** 4 or 6. */
  ipVersion = 0;
  /** 4 (IPv4) or 16 (IPv6): how many bytes of the address arrays are used. */
  addressLength = 0;
  readonly sourceAddress = new Uint8Array(16);
  readonly destinationAddress = new Uint8Array(16);
  sourcePort = 0;
  destinationPort = 0;
  /** The frame's bytes; the payload is `bytes[payloadOffset, payloadOffset + payloadLength)`. */
  bytes: Buffer = EMPTY;
  payloadOffset = 0;
  payloadLength = 0;
  /** The UDP length announces more bytes than the capture holds (short snaplen). */
  payloadTruncated = false;
  /** Why the last extraction returned null (a PacketRejection code); 0 after a success. */
  rejection: PacketRejectionCode = PacketRejection.none;
  /** Scratch state of the lower layers, reused from frame to frame. */
  readonly networkLayer = new NetworkLayerLocation();
  readonly ip = new IpPacket();

  /** A view (no copy) of the payload in the frame's memory. */
  payload(): Buffer {
    return this.bytes.subarray(this.payloadOffset, this.payloadOffset + this.payloadLength);
  }

  sourceText(): string {
    return this.addressLength === 4 ? ipv4Text(this.sourceAddress) : ipv6Text(this.sourceAddress);
  }

  destinationText(): string {
    return this.addressLength === 4 ? ipv4Text(this.destinationAddress) : ipv6Text(this.destinationAddress);
  }
}

/**
 * Extracts the UDP datagram of the frame `frame[start, end)` captured on
 * `linkType` into `out`. Returns `out`, or null when the frame holds no
 * usable UDP datagram; `out.rejection` then says why.
 */
export function extractUdpDatagram(
  linkType: number,
  frame: Buffer,
  out: UdpDatagram,
  start = 0,
  end = frame.length,
): UdpDatagram | null {
  const rejection = locateUdp(linkType, frame, start, end, out);
  out.rejection = rejection;
  return rejection === PacketRejection.none ? out : null;
}

function locateUdp(linkType: number, frame: Buffer, start: number, end: number, out: UdpDatagram): PacketRejectionCode {
  const location = out.networkLayer;
  if (!locateNetworkLayer(linkType, frame, start, end, location)) {
    return isSupportedLinkType(linkType) ? PacketRejection.notIp : PacketRejection.unsupportedLinkType;
  }
  const ip = out.ip;
  const ipRejection =
    location.ipVersion === 4 ? parseIpv4(frame, location.offset, end, ip) : parseIpv6(frame, location.offset, end, ip);
  if (ipRejection !== PacketRejection.none) return ipRejection;
  if (ip.protocol !== IP_PROTOCOL_UDP) return PacketRejection.notUdp;
  if (ip.fragmentation === Fragmentation.later) return PacketRejection.fragment;

  const udp = ip.payloadOffset;
  if (udp + UDP_HEADER_LENGTH > ip.payloadEnd) {
    return ip.fragmentation === Fragmentation.first ? PacketRejection.fragment : PacketRejection.truncated;
  }
  const udpLength = (frame[udp + 4]! << 8) | frame[udp + 5]!;
  let payloadEnd = ip.payloadEnd;
  let truncated = false;
  if (udpLength !== 0) {
    // 0 is legal only for IPv6 jumbograms (RFC 2675); the IP length rules then.
    if (udpLength < UDP_HEADER_LENGTH) return PacketRejection.malformed;
    const udpEnd = udp + udpLength;
    if (udpEnd <= payloadEnd) payloadEnd = udpEnd;
    else if (ip.fragmentation === Fragmentation.first) return PacketRejection.fragment;
    else truncated = true;
  } else if (ip.fragmentation === Fragmentation.first) {
    return PacketRejection.fragment;
  }

  const length = ip.addressLength;
  for (let i = 0; i < length; i++) {
    out.sourceAddress[i] = frame[ip.sourceOffset + i]!;
    out.destinationAddress[i] = frame[ip.destinationOffset + i]!;
  }
  out.ipVersion = ip.version;
  out.addressLength = length;
  out.sourcePort = (frame[udp]! << 8) | frame[udp + 1]!;
  out.destinationPort = (frame[udp + 2]! << 8) | frame[udp + 3]!;
  out.bytes = frame;
  out.payloadOffset = udp + UDP_HEADER_LENGTH;
  out.payloadLength = payloadEnd - out.payloadOffset;
  out.payloadTruncated = truncated;
  return PacketRejection.none;
}
