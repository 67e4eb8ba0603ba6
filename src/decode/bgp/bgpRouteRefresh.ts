/**
 * ROUTE-REFRESH messages (RFC 2918, subtypes of RFC 7313): AFI, subtype
 * (0 request, 1 BoRR, 2 EoRR), SAFI. A passive collector never has routes
 * to re-advertise, so the speaker only reads them; ORF entries (RFC 5291)
 * that may follow are ignored.
 */
import { BGP_HEADER_LENGTH, MSG_ROUTE_REFRESH, ROUTE_REFRESH_LENGTH } from './bgpConstants.ts';
import { writeHeader } from './bgpMessageReader.ts';

export interface RouteRefreshMessage {
  afi: number;
  subtype: number;
  safi: number;
}

export function decodeRouteRefresh(bytes: Uint8Array, offset: number): RouteRefreshMessage {
  const p = offset + BGP_HEADER_LENGTH;
  return { afi: (bytes[p]! << 8) | bytes[p + 1]!, subtype: bytes[p + 2]!, safi: bytes[p + 3]! };
}

export function encodeRouteRefresh(afi: number, safi: number, subtype = 0): Uint8Array {
  const m = new Uint8Array(ROUTE_REFRESH_LENGTH);
  writeHeader(m, 0, ROUTE_REFRESH_LENGTH, MSG_ROUTE_REFRESH);
  m[BGP_HEADER_LENGTH] = afi >>> 8;
  m[BGP_HEADER_LENGTH + 1] = afi & 0xff;
  m[BGP_HEADER_LENGTH + 2] = subtype;
  m[BGP_HEADER_LENGTH + 3] = safi;
  return m;
}
