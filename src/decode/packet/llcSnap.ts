/**
 * IEEE 802.2 LLC with a SNAP header (RFC 1042): DSAP 0xAA, SSAP 0xAA,
 * control 0x03 (UI), a 3-byte OUI and the EtherType of the payload. Found
 * on 802.3 frames and behind Linux cooked captures of protocol 0x0004.
 */
import { followEtherType } from './etherType.ts';
import type { NetworkLayerLocation } from './networkLayer.ts';

const LLC_SNAP_LENGTH = 8;
const SNAP_SAP = 0xaa;
const LLC_UI = 0x03;

export function locateIpAfterLlc(bytes: Uint8Array, offset: number, end: number, out: NetworkLayerLocation): boolean {
  if (offset + LLC_SNAP_LENGTH > end) return false;
  if (bytes[offset] !== SNAP_SAP || bytes[offset + 1] !== SNAP_SAP || bytes[offset + 2] !== LLC_UI) return false;
  const etherType = (bytes[offset + 6]! << 8) | bytes[offset + 7]!;
  return followEtherType(etherType, bytes, offset + LLC_SNAP_LENGTH, end, out);
}
