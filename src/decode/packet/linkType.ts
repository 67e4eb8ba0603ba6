/**
 * pcap LINKTYPE_* values (tcpdump.org/linktypes.html) of the link layers the
 * packet decoders understand. These are the numbers stored in pcap file
 * headers and pcapng interface blocks, not the platform DLT_* values.
 */
export const LinkType = {
  /** BSD loopback: a 4-byte address family in the capturing host's byte order. */
  null: 0,
  ethernet: 1,
  /** PPP, with or without the HDLC-like address/control bytes. */
  ppp: 9,
  /** DLT_RAW as written by old libpcap versions (12 on most systems, 14 on OpenBSD). */
  rawLegacy12: 12,
  rawLegacy14: 14,
  pppHdlc: 50,
  raw: 101,
  ciscoHdlc: 104,
  /** OpenBSD loopback: like `null` but the family is always big-endian. */
  loop: 108,
  linuxSll: 113,
  ipv4: 228,
  ipv6: 229,
  linuxSll2: 276,
} as const;

/**
 * The link-type field of a classic pcap header carries FCS information in
 * its upper bits (LT_FCS_LENGTH_PRESENT); only the low 16 bits name the link.
 */
export function linkTypeFromHeaderField(field: number): number {
  return field & 0xffff;
}
