/**
 * Why a packet decoder gave up on a frame. Decoders return one of these
 * numbers (0 = accepted) instead of throwing, so callers can keep one
 * counter per reason without allocating.
 */
export const PacketRejection = {
  none: 0,
  /** The capture's link type has no decoder. */
  unsupportedLinkType: 1,
  /** The link layer carries something other than IPv4/IPv6 (ARP, LLDP, ...). */
  notIp: 2,
  /** A header runs past the captured bytes. */
  truncated: 3,
  /** A header contradicts itself (version, header length, total length). */
  malformed: 4,
  /** An IP packet that is not UDP (TCP, ICMP, ESP, ...). */
  notUdp: 5,
  /**
   * An IP fragment that cannot be used on its own: a later fragment, or a
   * first fragment whose UDP payload continues in the next ones.
   */
  fragment: 6,
} as const;

export type PacketRejectionCode = (typeof PacketRejection)[keyof typeof PacketRejection];

/** Names for logs and statistics, indexed by code. */
export const PACKET_REJECTION_NAMES: readonly string[] = [
  'none',
  'unsupported link type',
  'not IP',
  'truncated',
  'malformed',
  'not UDP',
  'unusable fragment',
];
