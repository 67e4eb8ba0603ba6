/**
 * IPv4 header (RFC 791), options included: fills an IpPacket with the
 * addresses, protocol, payload bounds and fragment state.
 */
import { Fragmentation, type IpPacket } from './ipPacket.ts';
import { PacketRejection, type PacketRejectionCode } from './packetRejection.ts';

const MIN_HEADER_LENGTH = 20;
const MORE_FRAGMENTS = 0x2000;
const FRAGMENT_OFFSET_MASK = 0x1fff;

/** Parses the IPv4 header at `offset`; `end` is the end of the captured frame. */
export function parseIpv4(bytes: Uint8Array, offset: number, end: number, out: IpPacket): PacketRejectionCode {
  if (offset + MIN_HEADER_LENGTH > end) return PacketRejection.truncated;
  const versionAndLength = bytes[offset]!;
  if (versionAndLength >>> 4 !== 4) return PacketRejection.malformed;
  const headerLength = (versionAndLength & 0x0f) << 2;
  if (headerLength < MIN_HEADER_LENGTH) return PacketRejection.malformed;
  if (offset + headerLength > end) return PacketRejection.truncated;

  const totalLength = (bytes[offset + 2]! << 8) | bytes[offset + 3]!;
  let packetEnd: number;
  if (totalLength === 0) {
    // Captured on the sending host with segmentation offload: the kernel
    // leaves the length for the NIC to fill, so the capture is the packet.
    packetEnd = end;
  } else {
    if (totalLength < headerLength) return PacketRejection.malformed;
    packetEnd = offset + totalLength;
  }

  const flagsAndOffset = (bytes[offset + 6]! << 8) | bytes[offset + 7]!;
  if ((flagsAndOffset & FRAGMENT_OFFSET_MASK) !== 0) out.fragmentation = Fragmentation.later;
  else if ((flagsAndOffset & MORE_FRAGMENTS) !== 0) out.fragmentation = Fragmentation.first;
  else out.fragmentation = Fragmentation.whole;

  out.version = 4;
  out.addressLength = 4;
  out.protocol = bytes[offset + 9]!;
  out.sourceOffset = offset + 12;
  out.destinationOffset = offset + 16;
  out.payloadOffset = offset + headerLength;
  out.captureTruncated = packetEnd > end;
  // Ethernet pads short frames and some links append trailers: the IP
  // length, not the capture, says where the packet ends.
  out.payloadEnd = packetEnd < end ? packetEnd : end;
  return PacketRejection.none;
}
