/**
 * EtherType values and the walk from an EtherType to the IP header behind
 * it: VLAN tags (802.1Q, 802.1ad QinQ and the pre-standard 0x9100), a PPPoE
 * session header and an MPLS label stack may stand in between, as in
 * pmacct's eth_handler/sll_handler (which know 0x8100 tags only; the other
 * tag types are accepted here too because switches emit them for QinQ).
 */
import type { NetworkLayerLocation } from './networkLayer.ts';
import { skipMplsLabelStack } from './mpls.ts';

export const EtherType = {
  ipv4: 0x0800,
  ipv6: 0x86dd,
  vlan: 0x8100,
  qinq: 0x88a8,
  qinqLegacy: 0x9100,
  pppoeSession: 0x8864,
  mplsUnicast: 0x8847,
  mplsMulticast: 0x8848,
} as const;

/** PPP protocol numbers of IP, used behind PPPoE and on PPP links. */
export const PppProtocol = {
  ipv4: 0x0021,
  ipv6: 0x0057,
  mplsUnicast: 0x0281,
  mplsMulticast: 0x0283,
} as const;

const VLAN_TAG_LENGTH = 4;
/** PPPoE session header (version/type, code, session id, length) plus the PPP protocol field. */
const PPPOE_HEADER_LENGTH = 6;
const PPP_PROTOCOL_LENGTH = 2;

/**
 * Locates the IP header that `etherType` announces at `offset`. Returns
 * false for anything that is not IPv4/IPv6 or does not fit before `end`.
 */
export function followEtherType(
  etherType: number,
  bytes: Uint8Array,
  offset: number,
  end: number,
  out: NetworkLayerLocation,
): boolean {
  let type = etherType;
  let at = offset;
  // Each step consumes header bytes, so the loop ends; the guard only bounds
  // the work a crafted frame can cause.
  for (let steps = 0; steps < 16; steps++) {
    switch (type) {
      case EtherType.ipv4:
        return at < end && out.set(4, at);
      case EtherType.ipv6:
        return at < end && out.set(6, at);
      case EtherType.vlan:
      case EtherType.qinq:
      case EtherType.qinqLegacy:
        if (at + VLAN_TAG_LENGTH > end) return false;
        type = (bytes[at + 2]! << 8) | bytes[at + 3]!;
        at += VLAN_TAG_LENGTH;
        break;
      case EtherType.pppoeSession: {
        if (at + PPPOE_HEADER_LENGTH + PPP_PROTOCOL_LENGTH > end) return false;
        const protocol = (bytes[at + PPPOE_HEADER_LENGTH]! << 8) | bytes[at + PPPOE_HEADER_LENGTH + 1]!;
        at += PPPOE_HEADER_LENGTH + PPP_PROTOCOL_LENGTH;
        type = etherTypeOfPppProtocol(protocol);
        break;
      }
      case EtherType.mplsUnicast:
      case EtherType.mplsMulticast:
        return skipMplsLabelStack(bytes, at, end, out);
      default:
        return false;
    }
  }
  return false;
}

/** Maps a PPP protocol number to the EtherType of the same payload (0 if none). */
export function etherTypeOfPppProtocol(protocol: number): number {
  switch (protocol) {
    case PppProtocol.ipv4:
      return EtherType.ipv4;
    case PppProtocol.ipv6:
      return EtherType.ipv6;
    case PppProtocol.mplsUnicast:
      return EtherType.mplsUnicast;
    case PppProtocol.mplsMulticast:
      return EtherType.mplsMulticast;
    default:
      return 0;
  }
}
