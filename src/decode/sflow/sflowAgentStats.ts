/**
 * Counters and sequence state for one sFlow agent (agent address and
 * sub-agent id, the pair that numbers datagrams), for SIGUSR1 stats and
 * metrics.
 */
import { emptySflowMalformedCounts, type SflowMalformedCounts, type SflowMalformedKind } from './sflowMalformedKind.ts';

/** Backward distances up to this are late or duplicated datagrams, beyond it a restart. */
const REORDER_WINDOW = 0x10000;
/** Forward jumps beyond this are an agent restart rather than loss. */
const MAX_PLAUSIBLE_GAP = 0x1000000;
const TWO_POW_31 = 0x80000000;
const TWO_POW_32 = 0x100000000;

export class SflowAgentStats {
  /** "agent/sub-agent" text, made once per agent. */
  readonly key: string;
  /** The agent address as text, and the sub-agent id. */
  readonly agent: string;
  readonly subAgentId: number;
  datagrams = 0;
  /** Bytes of those datagrams (UDP payload). */
  bytes = 0;
  flowSamples = 0;
  counterSamples = 0;
  /** Samples of other types (enterprise or unknown), skipped by their length. */
  otherSamples = 0;
  /** Flow samples of no IP packet, not accounted (as in sfacctd). */
  nonIpSamples = 0;
  /** Flow records handed to the consumer. */
  records = 0;
  /** Forward jumps of the datagram sequence number. */
  sequenceGaps = 0;
  /** Datagrams missing over all gaps. */
  sequenceLost = 0;
  sequenceReordered = 0;
  /** Far jumps either way, taken as an agent restart. */
  sequenceResets = 0;
  malformedTotal = 0;
  readonly malformed: SflowMalformedCounts = emptySflowMalformedCounts();

  /** The sequence number the next datagram should carry (valid once primed). */
  private expected = 0;
  private primed = false;
  /**
   * pmacct's own check, for its log line (sfacctd_disable_checks: false):
   * each datagram must carry the previous one's number + 1, whatever came
   * before. -1 before the first datagram.
   */
  private previous = -1;
  /** After checkSequence(): the number pmacct expected, or -1 when the datagram was the one expected. */
  pmacctExpected = -1;

  constructor(key: string, agent: string, subAgentId: number) {
    this.key = key;
    this.agent = agent;
    this.subAgentId = subAgentId;
  }

  countMalformed(kind: SflowMalformedKind): void {
    this.malformed[kind]++;
    this.malformedTotal++;
  }

  /**
   * Counts the datagram sequence number against the expected one (one per
   * datagram, 32-bit, wrapping). Returns true when it was not the expected one.
   */
  checkSequence(received: number): boolean {
    const previous = this.previous;
    this.previous = received;
    this.pmacctExpected = previous >= 0 && received !== (previous + 1) % TWO_POW_32 ? (previous + 1) % TWO_POW_32 : -1;
    if (!this.primed) {
      this.primed = true;
      this.expected = (received + 1) % TWO_POW_32;
      return false;
    }
    const forward = (received - this.expected + TWO_POW_32) % TWO_POW_32;
    if (forward === 0) {
      this.expected = (received + 1) % TWO_POW_32;
      return false;
    }
    if (forward < TWO_POW_31 && forward <= MAX_PLAUSIBLE_GAP) {
      this.sequenceGaps++;
      this.sequenceLost += forward;
      this.expected = (received + 1) % TWO_POW_32;
    } else if (forward >= TWO_POW_31 && TWO_POW_32 - forward <= REORDER_WINDOW) {
      // A late datagram must not move the expectation backwards.
      this.sequenceReordered++;
    } else {
      this.sequenceResets++;
      this.expected = (received + 1) % TWO_POW_32;
    }
    return true;
  }
}
