/**
 * The part every aggregating plugin (print, memory, SQL, brokers) shares:
 * build the plugin's key for each record, sum counters in its cache (per time
 * bin when history is on), and hand the whole cache to the plugin's writer on
 * every refresh, when the cache is full, and at shutdown.
 *
 * A flush swaps in an empty cache first, so collection never waits for a
 * writer. Flushes run one at a time in order. A failed write keeps its batch
 * and everything behind it, in order, and retries with backoff (1 s doubling
 * up to the refresh time) and at every flush. Waiting batches stay in memory
 * up to `memoryPendingEntries` entries; older ones go to the spool directory
 * (batchSpool.ts) and come back when the backend does. Only when the spool
 * cannot be written either is a batch dropped — counted and logged, never
 * silently. What waits is in the plugin statistics (pending, spooled).
 */
import type { FlowRecord } from '../model/flowRecord.ts';
import type { AggregateLayout } from '../model/aggregateLayout.ts';
import type { StringTable } from '../model/stringTable.ts';
import { AggregationCache } from './aggregationCache.ts';
import { BatchSpool } from './batchSpool.ts';
import { RecordAccumulator } from './recordAccumulator.ts';
import type { FlowConsumer, FlushReason, PluginStatistics } from './flowConsumer.ts';
import { TimeBinner } from './timeBins.ts';
import type { Logger } from './logger.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface FlushBatch {
  readonly cache: AggregationCache;
  readonly layout: AggregateLayout;
  /** Word index of the bin start inside each key, or -1 without history. */
  readonly binWord: number;
  readonly flushTime: number;
  readonly reason: FlushReason;
  readonly strings: StringTable;
  /** The flush's number in this consumer (1, 2, …): a retried batch keeps it, also when read back from the spool. */
  readonly sequence?: number;
  /** Entries of the purge before *_preprocess left some out of `cache` (absent: cache.size). */
  readonly totalEntries?: number;
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
  /** Entries of failed batches kept in memory before the oldest go to the spool (default 1,000,000). */
  memoryPendingEntries?: number;
  /** Directory of the spool (default: <tmpdir>/tsacct-spool); null: no spool, beyond the memory bound batches are dropped. */
  spoolDir?: string | null;
  logger: Logger;
  now?: () => number;
}

export class AggregatingConsumer implements FlowConsumer {
  readonly name: string;
  readonly type: string;
  private readonly options: AggregatingOptions;
  private readonly writer: AggregateWriter;
  private readonly layout: AggregateLayout;
  private readonly accumulator: RecordAccumulator;
  private cache: AggregationCache;
  private timer: NodeJS.Timeout | null = null;
  private flushChain: Promise<void> = Promise.resolve();
  private flushRequested = false;
  private flushSequence = 0;
  /** The oldest pending batch is being written (the memory bound leaves it alone). */
  private writing = false;
  /** Failed batches, oldest first: in memory, or in a spool file (cache null). */
  private readonly pending: PendingBatch[] = [];
  private spool: BatchSpool | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private retryDelayMs = 0;
  private readonly stats: PluginStatistics;

  constructor(options: AggregatingOptions, writer: AggregateWriter) {
    this.options = options;
    this.writer = writer;
    this.name = options.name;
    this.type = options.type;
    this.layout = options.layout;
    this.accumulator = new RecordAccumulator(options.layout, options.binner);
    this.cache = new AggregationCache(this.accumulator.keyWords, 1024, options.layout.orWord);
    this.stats = { name: options.name, type: options.type, recordsIn: 0, cacheEntries: 0, flushes: 0, lastFlushMs: 0, writeErrors: 0, dropped: 0 };
  }

  accept(rec: FlowRecord): void {
    this.stats.recordsIn++;
    const cache = this.cache;
    this.accumulator.add(rec, cache);
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
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    await this.flush('shutdown');
    this.reportUnwrittenAtShutdown();
    await this.writer.close?.();
  }

  statistics(): PluginStatistics {
    let pendingEntries = 0;
    let spooledEntries = 0;
    for (const p of this.pending) {
      pendingEntries += p.entries;
      if (p.cache === null) spooledEntries += p.entries;
    }
    return { ...this.stats, cacheEntries: this.cache.size, pendingEntries, spooledEntries };
  }

  /** Swaps the cache and queues its batch behind earlier flushes. */
  flush(reason: FlushReason): Promise<void> {
    const full = this.cache;
    // The next bin usually holds as many entries as this one: start at that size, except at shutdown.
    const expected = reason === 'shutdown' ? 1024 : Math.max(1024, Math.min(full.size, 1 << 20));
    this.cache = new AggregationCache(this.accumulator.keyWords, expected, this.layout.orWord);
    this.flushRequested = false;
    const now = this.options.now ? this.options.now() : Math.floor(Date.now() / 1000);
    const batch: FlushBatch = { cache: full, layout: this.layout, binWord: this.accumulator.binWord, flushTime: now, reason, strings: this.accumulator.strings, sequence: ++this.flushSequence };
    // Queued at once, not when the chain reaches it: a batch behind a write
    // that hangs counts as pending and falls under the memory bound too.
    this.pending.push(pendingOf(batch));
    if (this.pending.length > 1) this.boundMemory();
    this.flushChain = this.flushChain.then(() => this.writeWithRetry());
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

  /** Writes what waits, oldest first; stops at the first failure and keeps the rest. */
  private async writeWithRetry(): Promise<void> {
    while (this.pending.length > 0) {
      const p = this.pending[0]!;
      let b: FlushBatch;
      try {
        b = p.cache === null ? { ...p.batch, cache: this.spoolOf().load(p.file!) } : p.batch;
      } catch (err) {
        // A spool file that cannot be read back is lost data: say so loudly.
        this.pending.shift();
        this.stats.dropped += p.entries;
        this.options.logger.error(`${this.name}/${this.type}: cannot read spool file ${p.file} (${(err as Error).message}): ${p.entries} entries (${p.packets} packets, ${p.bytes} bytes) lost`);
        continue;
      }
      const started = performance.now();
      this.writing = true;
      try {
        await this.writer.write(b);
      } catch (err) {
        this.writing = false;
        this.stats.writeErrors++;
        const waiting = this.pending.reduce((n, q) => n + q.entries, 0);
        this.options.logger.error(`${this.name}/${this.type}: write failed (${(err as Error).message}); ${waiting} entries in ${this.pending.length} batches wait for retry`);
        this.boundMemory();
        this.scheduleRetry();
        return;
      }
      this.writing = false;
      this.pending.shift();
      if (p.file !== null) this.spoolOf().remove(p.file);
      this.stats.flushes++;
      this.stats.lastFlushMs = performance.now() - started;
      if (this.retryDelayMs > 0) {
        this.options.logger.info(`${this.name}/${this.type}: backend writes again; ${this.pending.length} batches still wait`);
        this.retryDelayMs = 0;
      }
    }
  }

  /** Backoff retry between flushes: 1 s, doubling, at most the refresh time (or a minute). */
  private scheduleRetry(): void {
    if (this.retryTimer) return;
    const ceiling = Math.max(1000, this.options.refreshSeconds > 0 ? this.options.refreshSeconds * 1000 : 60_000);
    this.retryDelayMs = Math.min(ceiling, this.retryDelayMs > 0 ? this.retryDelayMs * 2 : 1000);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.flushChain = this.flushChain.then(() => this.writeWithRetry());
    }, this.retryDelayMs);
    this.retryTimer.unref();
  }

  /** Moves the oldest in-memory batches to the spool while more than the memory bound waits. */
  private boundMemory(): void {
    const bound = this.options.memoryPendingEntries ?? 1_000_000;
    let inMemory = this.pending.reduce((n, p) => n + (p.cache !== null ? p.entries : 0), 0);
    for (let i = this.writing ? 1 : 0; i < this.pending.length; i++) {
      const p = this.pending[i]!;
      if (inMemory <= bound) break;
      // An empty batch (a flush with nothing in the cache) holds no memory and is never
      // spooled: the clean-up below drops empty batches, and a spooled one's file would stay.
      if (p.cache === null || p.entries === 0) continue;
      inMemory -= p.entries;
      if (this.options.spoolDir === null) {
        this.drop(p, 'no spool directory is configured');
      } else {
        try {
          p.file = this.spoolOf().save(p.cache);
          p.cache = null;
          this.options.logger.warn(`${this.name}/${this.type}: ${p.entries} unwritten entries spooled to ${p.file}`);
        } catch (err) {
          this.drop(p, `the spool cannot be written (${(err as Error).message})`);
        }
      }
    }
    for (let i = this.pending.length - 1; i >= (this.writing ? 1 : 0); i--) if (this.pending[i]!.entries === 0) this.pending.splice(i, 1);
  }

  private drop(p: PendingBatch, why: string): void {
    this.stats.dropped += p.entries;
    this.options.logger.error(`${this.name}/${this.type}: dropping ${p.entries} unwritten entries (${p.packets} packets, ${p.bytes} bytes): ${why}`);
    p.entries = 0;
    p.cache = null;
  }

  private spoolOf(): BatchSpool {
    return (this.spool ??= new BatchSpool(this.options.spoolDir ?? join(tmpdir(), 'tsacct-spool'), `${this.name}-${this.type}`));
  }

  /** At exit with the backend still down: what could not be written, and where it is. */
  private reportUnwrittenAtShutdown(): void {
    if (this.pending.length === 0) return;
    let entries = 0;
    let packets = 0;
    let bytes = 0;
    for (const p of this.pending) {
      entries += p.entries;
      packets += p.packets;
      bytes += p.bytes;
    }
    const files = this.pending.filter((p) => p.file !== null).map((p) => p.file);
    this.stats.dropped += entries - this.pending.filter((p) => p.file !== null).reduce((n, p) => n + p.entries, 0);
    this.options.logger.error(
      `${this.name}/${this.type}: exiting with ${entries} unwritten entries (${packets} packets, ${bytes} bytes)` +
        (files.length > 0 ? `; spool files kept (this process only): ${files.join(', ')}` : ''),
    );
  }
}

/** A failed batch waiting for its retry; `cache` null once it is in `file`. */
interface PendingBatch {
  batch: FlushBatch;
  cache: AggregationCache | null;
  file: string | null;
  entries: number;
  packets: number;
  bytes: number;
}

function pendingOf(batch: FlushBatch): PendingBatch {
  const t = batch.cache.totals();
  return { batch, cache: batch.cache, file: null, entries: batch.cache.size, packets: t.packets, bytes: t.bytes };
}
