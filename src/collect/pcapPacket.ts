/**
 * One packet record of a capture file, as the pcap readers hand it out.
 * A reader reuses one PcapPacket for every record: the fields describe the
 * latest record only, and the bytes are a view of the reader's buffer, valid
 * until the caller is done with them (the reader never overwrites memory it
 * has handed out, but it does reuse this object).
 */
const EMPTY = Buffer.alloc(0);

export class PcapPacket {
  /** LINKTYPE_* of the interface the packet was captured on. */
  linkType = 0;
  /** pcapng interface id; 0 for classic pcap. */
  interfaceId = 0;
  /** Capture time: seconds since the epoch, and the fraction as µs and as ns. */
  tsSec = 0;
  tsUsec = 0;
  tsNsec = 0;
  /** Bytes present in the file (caplen) and on the wire (len). */
  capturedLength = 0;
  originalLength = 0;
  /** The buffer holding the frame at `offset`; see `data` for a view of just the frame. */
  bytes: Buffer = EMPTY;
  offset = 0;

  /** The captured frame: a view of the reader's memory, no copy. */
  get data(): Buffer {
    return this.bytes.subarray(this.offset, this.offset + this.capturedLength);
  }

  /** End offset of the frame in `bytes`. */
  get end(): number {
    return this.offset + this.capturedLength;
  }
}
