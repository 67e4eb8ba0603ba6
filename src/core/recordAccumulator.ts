/**
 * How a plugin turns one record into counters of its aggregation cache: the
 * time bin word (history), the sum_* double counting, or the compiled key
 * writer with tcpflags ORed per entry. Shared by the plugins that flush their
 * cache (print, SQL, brokers) and the memory table that keeps it.
 */
import type { FlowRecord } from '../model/flowRecord.ts';
import { compileKeyWriter, type AggregateLayout, type CompiledKeyWriter } from '../model/aggregateLayout.ts';
import { StringTable } from '../model/stringTable.ts';
import type { AggregationCache } from './aggregationCache.ts';
import type { TimeBinner } from './timeBins.ts';

export class RecordAccumulator {
  readonly layout: AggregateLayout;
  /** Interned variable-length texts of every key this accumulator wrote. */
  readonly strings = new StringTable();
  /** Word index of the bin start inside each key, or -1 without history. */
  readonly binWord: number;
  /** Words per cache key: the layout's, plus the bin word with history. */
  readonly keyWords: number;
  private readonly binner: TimeBinner | null;
  private readonly writeKey: CompiledKeyWriter;

  constructor(layout: AggregateLayout, binner: TimeBinner | null) {
    this.layout = layout;
    this.binner = binner?.enabled ? binner : null;
    this.binWord = this.binner ? layout.keyWords : -1;
    this.keyWords = layout.keyWords + (this.binner ? 1 : 0);
    this.writeKey = compileKeyWriter(layout);
  }

  /** Adds the record's counters to its entry of `cache` (created when new). */
  add(rec: FlowRecord, cache: AggregationCache): void {
    const key = cache.key;
    if (this.binner) {
      // pmacct bins by its accounting time; 0 (e.g. nfacctd_time_new) means the arrival time.
      const t = rec.accountingTimeSec !== 0 ? rec.accountingTimeSec : rec.timestampArrival.sec;
      key[this.binWord] = this.binner.binStart(t);
    }
    const sum = this.layout.sum;
    if (sum) {
      sum.writeSource(rec, key, 0, this.strings);
      cache.add(rec.packets, rec.bytes, rec.flows, rec.isEvent);
      sum.writeDestination(rec, key, 0, this.strings);
      cache.add(rec.packets, rec.bytes, rec.flows, rec.isEvent);
    } else {
      this.writeKey(rec, key, this.strings);
      cache.add(rec.packets, rec.bytes, rec.flows, rec.isEvent, rec.tcpFlags);
    }
  }
}
