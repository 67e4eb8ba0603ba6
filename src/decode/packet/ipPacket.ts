/**
 * The parts of an IPv4 or IPv6 header that the transport decoders need,
 * as offsets into the frame's byte array. One instance is reused per frame.
 */

/** How the packet relates to IP fragmentation. */
export const Fragmentation = {
  /** Not a fragment (IPv6: no fragment header, or an atomic one). */
  whole: 0,
  /** Offset 0 with more fragments to follow: the transport header is here. */
  first: 1,
  /** A later fragment: no transport header. */
  later: 2,
} as const;

export class IpPacket {
  /** 4 or 6. */
  version = 0;
  /** 4 for IPv4, 16 for IPv6. */
  addressLength = 0;
  sourceOffset = 0;
  destinationOffset = 0;
  /** Upper-layer protocol after any IPv6 extension headers (17 = UDP). */
  protocol = 0;
  /** Offset of the upper-layer header. */
  payloadOffset = 0;
  /** End of the IP packet as captured: min(IP length, captured bytes). */
  payloadEnd = 0;
  /** True when the capture holds fewer bytes than the IP length announces. */
  captureTruncated = false;
  /** One of `Fragmentation`. */
  fragmentation = 0;
}

export const IP_PROTOCOL_UDP = 17;
