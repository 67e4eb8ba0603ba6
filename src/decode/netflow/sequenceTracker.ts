/**
 * Export sequence checking for one (exporter, observation domain / engine).
 *
 * The unit differs per protocol, as in pmacct: NetFlow v5 counts flows
 * (the next datagram should carry last + count), v9 counts datagrams
 * (last + 1), IPFIX counts data records (last + records decoded). Numbers
 * are 32-bit and wrap; the distance to the expected value is taken modulo
 * 2^32 so a wrap is not a gap. A number slightly behind the expected one
 * is a late or duplicated datagram and leaves the expectation alone; one
 * far off either way is an exporter restart and resynchronises.
 */
import type { ExporterStats } from './exporterStats.ts';

/** Backward distances up to this are reordering, beyond it a restart. */
const REORDER_WINDOW = 0x10000;
/** Forward jumps beyond this are a restart rather than loss. */
const MAX_PLAUSIBLE_GAP = 0x1000000;
const TWO_POW_31 = 0x80000000;
const TWO_POW_32 = 0x100000000;

/** Result of check(): the number was the expected one, or not. */
export const SEQUENCE_IN_ORDER = 0;
export const SEQUENCE_GAP = 1;
export const SEQUENCE_REORDERED = 2;
export const SEQUENCE_RESET = 3;

export class SequenceTracker {
  /** The sequence number the next datagram should carry. */
  expected = 0;
  private primed = false;
  /**
   * False when the last datagram had records we could not count (a data
   * set with an unknown template in IPFIX): the next number cannot be
   * predicted, so it is taken as is.
   */
  private incrementKnown = true;

  /** Compares a received sequence number with the expected one and counts the outcome. */
  check(received: number, stats: ExporterStats): number {
    if (!this.primed || !this.incrementKnown) return SEQUENCE_IN_ORDER;
    const forward = (received - this.expected + TWO_POW_32) % TWO_POW_32;
    if (forward === 0) return SEQUENCE_IN_ORDER;
    if (forward < TWO_POW_31) {
      if (forward <= MAX_PLAUSIBLE_GAP) {
        stats.sequenceGaps++;
        stats.sequenceLost += forward;
        return SEQUENCE_GAP;
      }
      stats.sequenceResets++;
      return SEQUENCE_RESET;
    }
    if (TWO_POW_32 - forward <= REORDER_WINDOW) {
      stats.sequenceReordered++;
      return SEQUENCE_REORDERED;
    }
    stats.sequenceResets++;
    return SEQUENCE_RESET;
  }

  /**
   * Sets the expectation for the next datagram once this one is decoded.
   * Late datagrams (SEQUENCE_REORDERED) must not move it backwards.
   */
  advance(received: number, increment: number, incrementKnown: boolean): void {
    this.expected = (received + increment) % TWO_POW_32;
    this.incrementKnown = incrementKnown;
    this.primed = true;
  }
}
