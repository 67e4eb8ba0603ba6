/**
 * What became of one sFlow datagram, returned by SflowDecoder.decode(). The
 * decoder reuses a single instance, so read it before the next decode().
 * Status values are the NetFlow decoder's, so a daemon logs both alike.
 */
import { DECODE_OK } from '../netflow/decodeOutcome.ts';
import type { SflowAgentStats } from './sflowAgentStats.ts';
import type { SflowMalformedKind } from './sflowMalformedKind.ts';

export { DECODE_OK, DECODE_PARTIAL, DECODE_REJECTED } from '../netflow/decodeOutcome.ts';

export class SflowDecodeOutcome {
  status = DECODE_OK;
  /** Datagram version from the header (0 when too short to tell). */
  version = 0;
  /** Flow records handed to emitFlow(). */
  records = 0;
  /** Counter samples handed to emitCounters() (or parsed, when none was given). */
  counterSamples = 0;
  /** Flow samples dropped for a malformed record inside them. */
  droppedSamples = 0;
  /** The first problem found, null when none. */
  malformed: SflowMalformedKind | null = null;
  /** The datagram sequence number was not the expected one for its agent. */
  sequenceMismatch = false;
  /** The agent (address and sub-agent) the datagram came from; null when it could not be told. */
  agent: SflowAgentStats | null = null;
  /** pmacct's check: the previous datagram's sequence number + 1 when this one differs, else -1 (see SflowAgentStats). */
  sequenceExpected = -1;
  sequenceReceived = 0;

  reset(): void {
    this.status = DECODE_OK;
    this.version = 0;
    this.records = 0;
    this.counterSamples = 0;
    this.droppedSamples = 0;
    this.malformed = null;
    this.sequenceMismatch = false;
    this.agent = null;
    this.sequenceExpected = -1;
    this.sequenceReceived = 0;
  }

  fail(kind: SflowMalformedKind, status: number): void {
    if (this.malformed === null) this.malformed = kind;
    if (status > this.status) this.status = status;
  }
}
