/**
 * IPv6 header (RFC 8200) and the extension headers before the upper layer:
 * hop-by-hop, routing, destination options, mobility (RFC 6275), AH
 * (RFC 4302) and fragment. Fills an IpPacket like parseIpv4.
 */
import { Fragmentation, type IpPacket } from './ipPacket.ts';
import { PacketRejection, type PacketRejectionCode } from './packetRejection.ts';

const HEADER_LENGTH = 40;
const FRAGMENT_HEADER_LENGTH = 8;

const NextHeader = {
  hopByHop: 0,
  routing: 43,
  fragment: 44,
  authentication: 51,
  destinationOptions: 60,
  mobility: 135,
} as const;

/** Parses the IPv6 header at `offset`; `end` is the end of the captured frame. */
export function parseIpv6(bytes: Uint8Array, offset: number, end: number, out: IpPacket): PacketRejectionCode {
  if (offset + HEADER_LENGTH > end) return PacketRejection.truncated;
  if (bytes[offset]! >>> 4 !== 6) return PacketRejection.malformed;
  const payloadLength = (bytes[offset + 4]! << 8) | bytes[offset + 5]!;
  // 0 is a jumbogram (RFC 2675) or a capture taken before segmentation
  // offload filled the length in: either way the capture is the packet.
  const packetEnd = payloadLength === 0 ? end : offset + HEADER_LENGTH + payloadLength;
  const limit = packetEnd < end ? packetEnd : end;

  out.version = 6;
  out.addressLength = 16;
  out.sourceOffset = offset + 8;
  out.destinationOffset = offset + 24;
  out.captureTruncated = packetEnd > end;
  out.payloadEnd = limit;
  out.fragmentation = Fragmentation.whole;

  let nextHeader = bytes[offset + 6]!;
  let at = offset + HEADER_LENGTH;
  for (;;) {
    switch (nextHeader) {
      case NextHeader.hopByHop:
      case NextHeader.routing:
      case NextHeader.destinationOptions:
      case NextHeader.mobility: {
        if (at + 2 > limit) return PacketRejection.truncated;
        const length = (bytes[at + 1]! + 1) << 3;
        nextHeader = bytes[at]!;
        at += length;
        break;
      }
      case NextHeader.authentication: {
        if (at + 2 > limit) return PacketRejection.truncated;
        const length = (bytes[at + 1]! + 2) << 2;
        nextHeader = bytes[at]!;
        at += length;
        break;
      }
      case NextHeader.fragment: {
        if (at + FRAGMENT_HEADER_LENGTH > limit) return PacketRejection.truncated;
        const offsetAndFlags = (bytes[at + 2]! << 8) | bytes[at + 3]!;
        const fragmentOffset = offsetAndFlags >>> 3;
        const moreFragments = (offsetAndFlags & 0x01) !== 0;
        nextHeader = bytes[at]!;
        at += FRAGMENT_HEADER_LENGTH;
        if (fragmentOffset !== 0) {
          // Later fragment: what follows is the middle of the upper layer,
          // not another header.
          out.fragmentation = Fragmentation.later;
          return finish(out, nextHeader, at, limit);
        }
        // Offset 0 without M is an atomic fragment (RFC 6946): a whole packet.
        if (moreFragments) out.fragmentation = Fragmentation.first;
        break;
      }
      default:
        return finish(out, nextHeader, at, limit);
    }
  }
}

function finish(out: IpPacket, protocol: number, payloadOffset: number, limit: number): PacketRejectionCode {
  if (payloadOffset > limit) return PacketRejection.truncated;
  out.protocol = protocol;
  out.payloadOffset = payloadOffset;
  return PacketRejection.none;
}
