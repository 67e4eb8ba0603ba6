/**
 * What the collector knows of one connected BGP peer: who it is (address
 * and TCP port, then BGP identifier and AS from its OPEN), what the
 * session negotiated that changes how its UPDATEs read (4-octet AS,
 * ADD-PATH receive per family), its routes, its message log file, and its
 * counters.
 */
import { ipv4Text } from '../../model/ipText.ts';
import type { PeerIdentity } from './bgpJsonLines.ts';
import type { MsglogTarget } from './msglogSink.ts';
import { PeerRib } from './peerRib.ts';

export class PeerCounters {
  updates = 0;
  prefixesAnnounced = 0;
  prefixesWithdrawn = 0;
  /** UPDATEs whose announcements were withdrawn instead (RFC 7606 treat-as-withdraw). */
  treatedAsWithdraw = 0;
  /** Attributes dropped (RFC 7606 attribute-discard). */
  attributesDiscarded = 0;
  /** Regions of NLRI of families tsacct does not decode (EVPN, flowspec, ...), ignored. */
  ignoredFamilies = 0;
  /** VPN prefixes with a route distinguisher of unknown type, skipped. */
  skippedPrefixes = 0;
}

export class BgpPeer implements PeerIdentity {
  /** Dotted or RFC 5952 text (IPv4-mapped IPv6 addresses unwrapped). */
  readonly address: string;
  readonly port: number;
  readonly rib = new PeerRib();
  readonly counters = new PeerCounters();
  bgpId = 0;
  peerAs = 0;
  fourOctetAs = false;
  private readonly addPathFamilies = new Set<number>();
  msglog: MsglogTarget | null = null;

  constructor(address: string, port: number) {
    this.address = address;
    this.port = port;
  }

  get bgpIdText(): string {
    const b = Uint8Array.of(this.bgpId >>> 24, (this.bgpId >>> 16) & 0xff, (this.bgpId >>> 8) & 0xff, this.bgpId & 0xff);
    return ipv4Text(b);
  }

  enableAddPath(afi: number, safi: number): void {
    this.addPathFamilies.add((afi << 8) | safi);
  }

  /** ADD-PATH receive was negotiated for the family. */
  addPath(afi: number, safi: number): boolean {
    return this.addPathFamilies.size > 0 && this.addPathFamilies.has((afi << 8) | safi);
  }
}
