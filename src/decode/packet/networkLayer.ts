/**
 * Where a frame's IP header starts, as found by the link-layer decoders.
 * One instance is reused for every frame; the decoders fill it and return
 * true, or return false when the frame carries no IPv4/IPv6 packet.
 */
export class NetworkLayerLocation {
  /** 4 or 6 once located; 0 before. */
  ipVersion = 0;
  /** Offset of the IP header in the frame's byte array. */
  offset = 0;

  set(ipVersion: number, offset: number): true {
    this.ipVersion = ipVersion;
    this.offset = offset;
    return true;
  }
}
