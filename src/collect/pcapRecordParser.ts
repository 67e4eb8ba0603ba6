/**
 * What the classic pcap and pcapng parsers share with the file reader: a
 * parser advances a PcapByteSource to the next packet record, and reports
 * damage to a PcapReadErrors log instead of throwing, so a truncated or
 * corrupt capture ends with an error count rather than an exception.
 */
import type { PcapPacket } from './pcapPacket.ts';

export interface PcapRecordParser {
  /** Fills `packet` with the next packet record; false at the end of the data or after fatal damage. */
  next(packet: PcapPacket): boolean;
}

/** Messages kept verbatim; later errors are only counted. */
const KEPT_MESSAGES = 20;

export class PcapReadErrors {
  count = 0;
  readonly messages: string[] = [];

  report(message: string): void {
    this.count++;
    if (this.messages.length < KEPT_MESSAGES) this.messages.push(message);
  }
}
