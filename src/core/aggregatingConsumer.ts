/**
 * The part every aggregating plugin (print, memory, SQL, brokers) shares:
 * build the plugin's key for each record, sum counters in its cache (per time
 * bin when history is on), and hand the whole cache to the plugin's writer on
 * every refresh, when the cache is full, and at shutdown.
 *
 * A flush swaps in an empty cache first, so collection never waits for a
 * writer. Flushes run one at a time in order. A failed write keeps its batch
 * and retries it at the next flush (bounded; beyond the bound the oldest
 * batch is dropped, counted and logged — never silently).
 */
import type { FlowRecord } from '../model/flowRecord.ts';
import { compileKeyWriter, type AggregateLayout, type CompiledKeyWriter } from '../model/aggregateLayout.ts';
import { StringTable } from '../model/stringTable.ts';
import { AggregationCache } from './aggregationCache.ts';
import type { FlowConsumer, FlushReason, PluginStatistics } from './flowConsumer.ts';
import { TimeBinner } from './timeBins.ts';
import type { Logger } from './logger.ts';

export interface FlushBatch {
  readonly cache: AggregationCache;
  readonly layout: AggregateLayout;
  /** Word index of the bin start inside each key, or -1 without history. */
  readonly binWord: number;
  readonly flushTime: number;
  readonly reason: FlushReason;
  readonly strings: StringTable;
}

export interface AggregateWriter {
  write(batch: FlushBatch): Promise<void>;
  /** Called once at startup (e.g. to print a header to stdout). */
  open?(): void;
  close?(): Promise<void>;
}

export interface AggregatingOptions {
  name: string;
  type: string;
  layout: AggregateLayout;
  refreshSeconds: number;
  /** Entries after which the cache is flushed early (0 = unbounded). */
  cacheEntries: number;
  binner: TimeBinner | null;
  /** Failed batches kept for retry before the oldest is dropped. */
  maxPendingBatches?: number;
  logger: Logger;
  now?: () => number;
}

export class AggregatingConsumer implements FlowConsumer {
  readonly name: string;
  readonly type: string;
  private readonly options: AggregatingOptions;
  private readonly writer: AggregateWriter;
  private readonly layout: AggregateLayout;
  private readonly strings = new StringTable();
  private readonly binWord: number;
  private readonly keyWords: number;
  private readonly writeKey: CompiledKeyWriter;
  private cache: AggregationCache;
  private timer: NodeJS.Timeout | null = null;
  private flushChain: Promise<void> = Promise.resolve();
  private flushRequested = false;
  private readonly pending: FlushBatch[] = [];
  private readonly stats: PluginStatistics;

  constructor(options: AggregatingOptions, writer: AggregateWriter) {
    this.options = options;
    this.writer = writer;
    this.name = options.name;
    this.type = options.type;
    this.layout = options.layout;
    this.binWord = options.binner?.enabled ? options.layout.keyWords : -1;
    this.keyWords = options.layout.keyWords + (this.binWord >= 0 ? 1 : 0);
    this.writeKey = compileKeyWriter(options.layout);
    this.cache = new AggregationCache(this.keyWords, 1024, options.layout.orWord);
    this.stats = { name: options.name, type: options.type, recordsIn: 0, cacheEntries: 0, flushes: 0, lastFlushMs: 0, writeErrors: 0, dropped: 0 };
  }

  accept(rec: FlowRecord): void {
    this.stats.recordsIn++;
    const cache = this.cache;
    const key = cache.key;
    if (this.binWord >= 0) {
      // pmacct bins by its accounting time; 0 (e.g. nfacctd_time_new) means the arrival time.
      const t = rec.accountingTimeSec !== 0 ? rec.accountingTimeSec : rec.timestampArrival.sec;
      key[this.binWord] = this.options.binner!.binStart(t);
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
    const limit = this.options.cacheEntries;
    if (limit > 0 && cache.size >= limit && !this.flushRequested) {
      this.flushRequested = true;
      this.options.logger.warn(`${this.name}/${this.type}: cache full (${cache.size} entries): flushing early; consider a larger cache entries value`);
      void this.flush('cache-full');
    }
  }

  start(): void {
    this.writer.open?.();
    this.schedule();
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.flush('shutdown');
    await this.writer.close?.();
  }

  statistics(): PluginStatistics {
    return { ...this.stats, cacheEntries: this.cache.size };
  }

  /** Swaps the cache and queues its batch behind earlier flushes. */
  flush(reason: FlushReason): Promise<void> {
    const full = this.cache;
    // The next bin usually holds as many entries as this one: start at that size, except at shutdown.
    const expected = reason === 'shutdown' ? 1024 : Math.max(1024, Math.min(full.size, 1 << 20));
    this.cache = new AggregationCache(this.keyWords, expected, this.layout.orWord);
    this.flushRequested = false;
    const now = this.options.now ? this.options.now() : Math.floor(Date.now() / 1000);
    const batch: FlushBatch = { cache: full, layout: this.layout, binWord: this.binWord, flushTime: now, reason, strings: this.strings };
    this.flushChain = this.flushChain.then(() => this.writeWithRetry(batch));
    return this.flushChain;
  }

  private schedule(): void {
    const refreshMs = this.options.refreshSeconds * 1000;
    if (refreshMs <= 0) return;
    // Align to multiples of the refresh time like pmacct's deadlines do.
    const nowMs = Date.now();
    const wait = refreshMs - (nowMs % refreshMs);
    this.timer = setTimeout(() => {
      void this.flush('refresh');
      this.schedule();
    }, wait);
    this.timer.unref();
  }

  private async writeWithRetry(batch: FlushBatch): Promise<void> {
    const queue = [...this.pending.splice(0), batch];
    for (let i = 0; i < queue.length; i++) {
      const b = queue[i]!;
      const started = performance.now();
      try {
        await this.writer.write(b);
        this.stats.flushes++;
        this.stats.lastFlushMs = performance.now() - started;
      } catch (err) {
        this.stats.writeErrors++;
        this.options.logger.error(`${this.name}/${this.type}: write failed (${(err as Error).message}); keeping ${b.cache.size} entries for retry`);
        this.pending.push(...queue.slice(i));
        this.trimPending();
        return;
      }
    }
  }

  private trimPending(): void {
    const max = this.options.maxPendingBatches ?? 16;
    while (this.pending.length > max) {
      const lost = this.pending.shift()!;
      const t = lost.cache.totals();
      this.stats.dropped += lost.cache.size;
      this.options.logger.error(`${this.name}/${this.type}: dropping ${lost.cache.size} unwritten entries (${t.packets} packets, ${t.bytes} bytes) after repeated write failures`);
    }
  }
}
