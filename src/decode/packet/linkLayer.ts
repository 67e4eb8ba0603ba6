/**
 * Finds the IP header of a captured frame from its pcap link type: the
 * single entry point for every decoder that starts from link-layer bytes
 * (pcap savefile replay, sFlow sampled headers, pmacctd).
 */
import { locateIpInEthernet } from './ethernet.ts';
import { LinkType } from './linkType.ts';
import { locateIpInLinuxSll, locateIpInLinuxSll2 } from './linuxCooked.ts';
import { locateIpInLoop, locateIpInNull } from './loopback.ts';
import type { NetworkLayerLocation } from './networkLayer.ts';
import { locateIpInCiscoHdlc, locateIpInPpp } from './serialLinks.ts';

/** Link types `locateNetworkLayer` understands. */
export function isSupportedLinkType(linkType: number): boolean {
  switch (linkType) {
    case LinkType.null:
    case LinkType.ethernet:
    case LinkType.ppp:
    case LinkType.rawLegacy12:
    case LinkType.rawLegacy14:
    case LinkType.pppHdlc:
    case LinkType.raw:
    case LinkType.ciscoHdlc:
    case LinkType.loop:
    case LinkType.linuxSll:
    case LinkType.ipv4:
    case LinkType.ipv6:
    case LinkType.linuxSll2:
      return true;
    default:
      return false;
  }
}

/**
 * Fills `out` with the IP version and header offset of the frame in
 * `bytes[start, end)`; false when the frame carries no IPv4/IPv6 packet.
 */
export function locateNetworkLayer(
  linkType: number,
  bytes: Uint8Array,
  start: number,
  end: number,
  out: NetworkLayerLocation,
): boolean {
  switch (linkType) {
    case LinkType.ethernet:
      return locateIpInEthernet(bytes, start, end, out);
    case LinkType.raw:
    case LinkType.rawLegacy12:
    case LinkType.rawLegacy14:
      return locateRawIp(bytes, start, end, out);
    case LinkType.ipv4:
      return start < end && out.set(4, start);
    case LinkType.ipv6:
      return start < end && out.set(6, start);
    case LinkType.linuxSll:
      return locateIpInLinuxSll(bytes, start, end, out);
    case LinkType.linuxSll2:
      return locateIpInLinuxSll2(bytes, start, end, out);
    case LinkType.null:
      return locateIpInNull(bytes, start, end, out);
    case LinkType.loop:
      return locateIpInLoop(bytes, start, end, out);
    case LinkType.ppp:
    case LinkType.pppHdlc:
      return locateIpInPpp(bytes, start, end, out);
    case LinkType.ciscoHdlc:
      return locateIpInCiscoHdlc(bytes, start, end, out);
    default:
      return false;
  }
}

/** Raw IP: the version nibble of the first byte tells IPv4 from IPv6. */
function locateRawIp(bytes: Uint8Array, start: number, end: number, out: NetworkLayerLocation): boolean {
  if (start >= end) return false;
  const version = bytes[start]! >>> 4;
  return (version === 4 || version === 6) && out.set(version, start);
}
