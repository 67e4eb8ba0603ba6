/**
 * Counters kept for each exporter (source address): what arrived, what was
 * decoded, and everything that went wrong, for SIGUSR1 stats and metrics.
 */
import { emptyMalformedCounts, type MalformedCounts, type MalformedKind } from './malformedKind.ts';

export class ExporterStats {
  /** Datagrams received, whatever became of them. */
  datagrams = 0;
  /** Bytes of those datagrams (UDP payload). */
  bytes = 0;
  /** Flow and event records handed to the consumer. */
  records = 0;
  /** Options data records applied (sampling, exporter address). */
  optionRecords = 0;
  /** Data records pmacct would drop too: no IP version could be told from the template or record. */
  unclassifiedRecords = 0;
  /** Data and options templates currently known for this exporter. */
  templates = 0;
  /** Template definitions received, first or repeated. */
  templateUpdates = 0;
  /** Templates removed by IPFIX withdrawal messages. */
  templateWithdrawals = 0;
  /** Data sets skipped because their template is not known (yet). */
  templateMisses = 0;
  /** Forward jumps of the export sequence number (lost datagrams, flows or records). */
  sequenceGaps = 0;
  /** Sum of the forward jumps, in the unit of the protocol: flows (v5), datagrams (v9), records (IPFIX). */
  sequenceLost = 0;
  /** Sequence numbers slightly behind the expected one: late or duplicated datagrams. */
  sequenceReordered = 0;
  /** Sequence numbers far off in either direction, taken as an exporter restart. */
  sequenceResets = 0;
  malformedTotal = 0;
  readonly malformed: MalformedCounts = emptyMalformedCounts();

  countMalformed(kind: MalformedKind): void {
    this.malformed[kind]++;
    this.malformedTotal++;
  }
}
