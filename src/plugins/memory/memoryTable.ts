/**
 * `plugins: memory[name]`: pmacct's in-memory table (IMT). Records are
 * aggregated into one cache that is never flushed; the pmacct client and the
 * HTTP API read it through memoryQuery.ts. Entries whose counters were reset
 * (-r) stay in the cache with zero counters and are left out of every answer,
 * as pmacct leaves them out; new traffic for the key brings them back.
 *
 * pmacct bounds the table by imt_mem_pools_number × imt_mem_pools_size
 * (128 KiB by default, which holds a few hundred entries and is why 1M keys
 * need tuning). tsacct grows the cache as needed up to imt_max_entries
 * (default 10M); explicitly set pools translate into the same bound in
 * entries. Records of keys beyond the bound are dropped, counted and logged.
 */
import type { PluginInstance } from '../../config/index.ts';
import { AggregationCache } from '../../core/aggregationCache.ts';
import type { FlowConsumer, PluginStatistics } from '../../core/flowConsumer.ts';
import type { Logger } from '../../core/logger.ts';
import { RecordAccumulator } from '../../core/recordAccumulator.ts';
import type { FlowRecord } from '../../model/flowRecord.ts';
import type { FlowDaemon } from '../../model/primitive.ts';
import type { AggregateLayout } from '../../model/aggregateLayout.ts';
import type { StringTable } from '../../model/stringTable.ts';
import type { TimestampStyle } from '../../model/timestampText.ts';
import { pluginAggregation } from '../pluginAggregation.ts';
import { withPacketSampling } from '../samplingRate.ts';

/** What pmacct's allocator spends per entry, to turn explicit pool sizes into an entry bound. */
const PMACCT_BYTES_PER_ENTRY = 256;
const DEFAULT_MAX_ENTRIES = 10_000_000;

export interface MemoryTableOptions {
  name: string;
  layout: AggregateLayout;
  timestamps: TimestampStyle;
  /** Entries the table may hold; records of further keys are dropped (counted). */
  maxEntries: number;
  /** imt_buckets: only shapes the -t status listing. */
  buckets: number;
  logger: Logger;
}

export class MemoryTable implements FlowConsumer {
  readonly name: string;
  readonly type = 'memory';
  readonly options: MemoryTableOptions;
  private readonly accumulator: RecordAccumulator;
  private cacheValue: AggregationCache;
  /** Seconds since the epoch of the last erase (-e), or 0 for never. */
  private clearedAt = 0;
  private readonly stats: PluginStatistics;

  constructor(options: MemoryTableOptions) {
    this.options = options;
    this.name = options.name;
    this.accumulator = new RecordAccumulator(options.layout, null);
    this.cacheValue = this.newCache();
    this.stats = { name: options.name, type: 'memory', recordsIn: 0, cacheEntries: 0, flushes: 0, lastFlushMs: 0, writeErrors: 0, dropped: 0 };
  }

  get layout(): AggregateLayout {
    return this.options.layout;
  }

  get cache(): AggregationCache {
    return this.cacheValue;
  }

  get strings(): StringTable {
    return this.accumulator.strings;
  }

  /** When the table was last erased (-e), 0 for never. */
  get lastClearedAt(): number {
    return this.clearedAt;
  }

  accept(rec: FlowRecord): void {
    this.stats.recordsIn++;
    const cache = this.cacheValue;
    if (cache.size >= this.options.maxEntries) {
      const before = cache.size;
      // Existing keys still count; only a new key beyond the bound is refused.
      this.accumulator.add(rec, cache);
      if (cache.size > before) this.refuseNewest(cache);
      return;
    }
    this.accumulator.add(rec, cache);
  }

  /** -e: empties the table and remembers when (-i). */
  erase(nowSec: number): void {
    this.cacheValue = this.newCache();
    this.clearedAt = nowSec;
  }

  start(): void {}

  async stop(): Promise<void> {}

  statistics(): PluginStatistics {
    return { ...this.stats, cacheEntries: this.cacheValue.size };
  }

  private refuseNewest(cache: AggregationCache): void {
    cache.removeNewest();
    this.stats.dropped++;
    this.options.logger.limited(
      `imt-full-${this.name}`,
      'WARN',
      `${this.name}/memory: table full (${cache.size} entries): records of new keys are dropped (${this.stats.dropped} so far); raise imt_max_entries`,
      60_000,
    );
  }

  private newCache(): AggregationCache {
    return new AggregationCache(this.accumulator.keyWords, 1024, this.options.layout.orWord);
  }
}

/** Entries a memory plugin may hold: imt_max_entries, or explicitly set pools converted to entries. */
export function memoryTableBound(instance: PluginInstance): number {
  const cfg = instance.config;
  if (cfg.has('imt_max_entries')) return cfg.int('imt_max_entries');
  if (cfg.has('imt_mem_pools_number') || cfg.has('imt_mem_pools_size')) {
    const pools = cfg.int('imt_mem_pools_number');
    if (pools === 0) return Number.MAX_SAFE_INTEGER;
    return Math.max(1, Math.floor((pools * cfg.int('imt_mem_pools_size')) / PMACCT_BYTES_PER_ENTRY));
  }
  return DEFAULT_MAX_ENTRIES;
}

export function createMemoryTable(instance: PluginInstance, daemon: FlowDaemon, logger: Logger): { consumer: FlowConsumer; table: MemoryTable } {
  const aggregation = pluginAggregation(instance, daemon, null);
  const table = new MemoryTable({
    name: instance.name,
    layout: aggregation.layout,
    timestamps: aggregation.timestamps,
    maxEntries: memoryTableBound(instance),
    buckets: instance.config.int('imt_buckets'),
    logger,
  });
  return { consumer: withPacketSampling(aggregation.sampler, table), table };
}
