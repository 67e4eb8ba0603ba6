/**
 * Walks the NLRI of one region of an UPDATE (the withdrawn routes and NLRI
 * fields, or the prefixes of MP_REACH_NLRI / MP_UNREACH_NLRI), one prefix
 * at a time into a reused NlriEntry:
 *
 * - ADD-PATH (RFC 7911 §3): a 4-octet path identifier before each prefix
 *   when the family was negotiated with it;
 * - unicast: length in bits, then the significant octets; bits past the
 *   length are cleared;
 * - labeled unicast (RFC 8277): labels of 3 octets until the one with the
 *   bottom-of-stack bit, then the prefix; a withdrawal carries exactly one
 *   label field whatever its bit (RFC 8277 §2.4, as pmacct reads it); the
 *   label kept is the bottom one, the one pmacct prints;
 * - MPLS VPN (RFC 4364, 4659): labels as above, an 8-octet route
 *   distinguisher, then the prefix. VPN prefixes with a route
 *   distinguisher of unknown type are skipped (next() returns -1), as
 *   pmacct does.
 *
 * A prefix that is too long for its family or runs past the region is an
 * error for the whole message: RFC 4271 §6.3 "Invalid Network Field" for
 * the two IPv4 fields, "Optional Attribute Error" inside MP_* attributes
 * (RFC 4760 §7); both reset the session (RFC 7606 §5.3).
 */
import { AFI_IPV4, ERR_UPDATE_MESSAGE, SAFI_LABELED_UNICAST, SAFI_MPLS_VPN, SAFI_UNICAST } from './bgpConstants.ts';
import { BgpProtocolError } from './bgpProtocolError.ts';
import { isKnownRdType } from './routeDistinguisher.ts';

export const NO_LABEL = -1;

export class NlriEntry {
  pathId = 0;
  /** Prefix length in bits (labels and RD removed). */
  length = 0;
  /** The prefix, 4 (IPv4) or 16 (IPv6) significant bytes, zero beyond its length. */
  readonly address = new Uint8Array(16);
  /** Bottom-of-stack MPLS label (20 bits), or NO_LABEL. */
  label = NO_LABEL;
  readonly rd = new Uint8Array(8);
  hasRd = false;
}

/** Whether tsacct decodes the NLRI of this AFI/SAFI (others are ignored, as pmacct does). */
export function isSupportedFamily(afi: number, safi: number): boolean {
  return (afi === 1 || afi === 2) && (safi === SAFI_UNICAST || safi === SAFI_LABELED_UNICAST || safi === SAFI_MPLS_VPN);
}

export class NlriReader {
  private bytes: Uint8Array = new Uint8Array(0);
  private p = 0;
  private end = 0;
  private afi = 0;
  private safi = 0;
  private addPath = false;
  private withdraw = false;
  private subcode = 0;

  /** Prepares to walk bytes [start, end) of a supported family. */
  reset(bytes: Uint8Array, start: number, end: number, afi: number, safi: number, addPath: boolean, withdraw: boolean, errorSubcode: number): void {
    this.bytes = bytes;
    this.p = start;
    this.end = end;
    this.afi = afi;
    this.safi = safi;
    this.addPath = addPath;
    this.withdraw = withdraw;
    this.subcode = errorSubcode;
  }

  private error(reason: string): BgpProtocolError {
    return new BgpProtocolError(ERR_UPDATE_MESSAGE, this.subcode, reason);
  }

  /** 1: a prefix is in `out`; 0: the region is done; -1: a prefix was skipped; or the error. */
  next(out: NlriEntry): 1 | 0 | -1 | BgpProtocolError {
    const b = this.bytes;
    let p = this.p;
    const end = this.end;
    if (p >= end) return 0;
    if (this.addPath) {
      if (p + 4 > end) return this.error('path identifier runs past the NLRI');
      out.pathId = ((b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!) >>> 0;
      p += 4;
    } else {
      out.pathId = 0;
    }
    if (p >= end) return this.error('prefix length missing');
    let bits = b[p++]!;
    const octets = (bits + 7) >>> 3;
    if (p + octets > end) return this.error(`prefix of ${bits} bits runs past the NLRI`);
    const maxBits = this.afi === AFI_IPV4 ? 32 : 128;
    let q = p;
    out.label = NO_LABEL;
    out.hasRd = false;
    if (this.safi !== SAFI_UNICAST) {
      // Labels: the bottom-of-stack one ends the stack (withdrawals: exactly one field).
      let found = false;
      while (bits >= 24) {
        const label = (b[q]! << 12) | (b[q + 1]! << 4) | (b[q + 2]! >>> 4);
        const bottom = (b[q + 2]! & 1) === 1;
        q += 3;
        bits -= 24;
        out.label = label;
        if (bottom || this.withdraw) {
          found = true;
          break;
        }
      }
      if (!found) return this.error('label stack without bottom of stack');
      if (this.safi === SAFI_MPLS_VPN) {
        if (bits < 64) return this.error('VPN prefix shorter than its route distinguisher');
        for (let i = 0; i < 8; i++) out.rd[i] = b[q + i]!;
        out.hasRd = true;
        q += 8;
        bits -= 64;
      }
    }
    if (bits > maxBits) return this.error(`prefix length ${bits} for AFI ${this.afi}`);
    const addr = out.address;
    addr.fill(0);
    const prefixOctets = (bits + 7) >>> 3;
    for (let i = 0; i < prefixOctets; i++) addr[i] = b[q + i]!;
    if ((bits & 7) !== 0) addr[prefixOctets - 1]! &= (0xff << (8 - (bits & 7))) & 0xff;
    out.length = bits;
    this.p = p + octets;
    if (out.hasRd && !isKnownRdType((out.rd[0]! << 8) | out.rd[1]!)) return -1;
    return 1;
  }
}
