/**
 * What became of one datagram, returned by NetflowDecoder.decode(). The
 * decoder reuses a single instance, so read it before the next decode().
 */
import type { MalformedKind } from './malformedKind.ts';

/** Every set was usable (unknown templates are not errors). */
export const DECODE_OK = 0;
/** Some records were decoded, then a malformed part stopped the walk or was skipped. */
export const DECODE_PARTIAL = 1;
/** Nothing usable: short header, unsupported version, v5 length mismatch. */
export const DECODE_REJECTED = 2;

export class DecodeOutcome {
  status = DECODE_OK;
  /** Export protocol version from the header (0 when the datagram is too short to tell). */
  version = 0;
  /** Records handed to emit(). */
  records = 0;
  /** Data sets skipped for an unknown template. */
  templateMisses = 0;
  /** The first problem found, null when none. */
  malformed: MalformedKind | null = null;
  /**
   * True when the sequence number was not the expected one and sanity
   * checks are enabled (nfacctd_disable_checks: false): the daemon logs
   * "expecting flow '<expected>' but received '<received>'" as pmacct does.
   */
  sequenceMismatch = false;
  sequenceExpected = 0;
  sequenceReceived = 0;

  reset(): void {
    this.status = DECODE_OK;
    this.version = 0;
    this.records = 0;
    this.templateMisses = 0;
    this.malformed = null;
    this.sequenceMismatch = false;
    this.sequenceExpected = 0;
    this.sequenceReceived = 0;
  }

  /** Records the first problem; later ones only count in the exporter stats. */
  fail(kind: MalformedKind, status: number): void {
    if (this.malformed === null) this.malformed = kind;
    if (status > this.status) this.status = status;
  }
}
