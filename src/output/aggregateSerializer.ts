/**
 * The shape every output format shares: an optional header line and one
 * line per aggregate, rendered from the key words the cache holds.
 */
import type { RenderContext } from '../model/primitive.ts';
import type { StringTable } from '../model/stringTable.ts';
import type { TimestampStyle } from '../model/timestampText.ts';

/** One cache entry as the flush hands it to a serializer. */
export interface AggregateRow {
  keys: Uint32Array;
  off: number;
  packets: number;
  bytes: number;
  flows: number;
  /** NAT/firewall event records: pmacct omits their counters in JSON. */
  isEvent: boolean;
  /** Start of the entry's time bin (stamp_inserted) when the plugin keeps history, else 0. */
  binStart: number;
}

export interface SerializerContext extends RenderContext {
  /** Time of this flush (stamp_updated). */
  flushTime: number;
  /** Whether history (time bins) is configured: JSON then carries stamp_inserted/stamp_updated. */
  history: boolean;
  /** timestamps_utc, for stamp_* text. */
  utc: boolean;
}

/** The context of one flush's lines: its time and string table, the plugin's timestamp style and history. */
export function serializerContext(flush: { flushTime: number; strings: StringTable }, timestamps: TimestampStyle, history: boolean): SerializerContext {
  return { timestamps, strings: flush.strings, flushTime: flush.flushTime, history, utc: timestamps.utc };
}

export interface AggregateSerializer {
  /** Header line including its newline, or '' for formats without one. */
  header(): string;
  /** One aggregate as a line including its newline. */
  line(row: AggregateRow, ctx: SerializerContext): string;
}
