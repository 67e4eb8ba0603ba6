/**
 * Dynamic table names as pmacct's sql_table has them, for any plugin that
 * writes tables (the SQL writer and the clickhouse plugin):
 * the configuration's `$ref`, `$hst`, `$tzone` are substituted once; the
 * per-entry `$peer_src_ip`, `$tag`, `$tag2` and the strftime fields (from the
 * entry's time bin with history, else the flush time) are resolved per
 * flush, grouping the flush's entries by the table they go to.
 */
import type { ScopedConfig } from '../config/index.ts';
import { parseDuration } from '../config/index.ts';
import type { FlushBatch } from '../core/aggregatingConsumer.ts';
import type { CacheEntryView } from '../core/aggregationCache.ts';
import type { AggregateLayout } from '../model/aggregateLayout.ts';
import type { OutputField, RenderContext } from '../model/primitive.ts';
import type { TimestampStyle } from '../model/timestampText.ts';
import {
  hasEntryVariables, strftime, substituteConfigVariables, substituteVariables, type ConfigNameVariables, type NameVariables,
} from '../output/dynamicFileName.ts';

/** The entries of one flush that go to one table. */
export interface TableGroup {
  /** Indexes into the flushed cache, in cache order (null: all of them). */
  readonly indexes: number[] | null;
  /** The time the name was formatted with: the entries' bin with history, else the flush time. */
  readonly time: number;
  /** The per-entry variables the name was formatted with (null: the name has none); sql_table_schema is formatted with them too. */
  readonly variables: NameVariables | null;
}

/** `<prefix>_table` with the configuration variables substituted: `$ref` is <prefix>_refresh_time, `$hst` <prefix>_history in seconds (0 without). */
export function tableNameOf(pattern: string, cfg: ScopedConfig, prefix: string, utc: boolean): string {
  let historySeconds = 0;
  if (cfg.has(`${prefix}_history`)) {
    const history = parseDuration(cfg.str(`${prefix}_history`) ?? '');
    // Calendar months have no fixed length; pmacct's $hst for them is not reproduced.
    if (typeof history !== 'string' && history.kind !== 'months') historySeconds = history.seconds;
  }
  const variables: ConfigNameVariables = { refreshSeconds: cfg.int(`${prefix}_refresh_time`), historySeconds, utc };
  return substituteConfigVariables(pattern, variables);
}

export class DynamicTableGroups {
  private readonly pattern: string;
  private readonly history: boolean;
  private readonly utc: boolean;
  private readonly timestamps: TimestampStyle;
  private readonly dynamic: boolean;
  private readonly perEntry: boolean;
  private readonly peerSrcIp: { offset: number; field: OutputField } | null;
  private readonly tagOffset: number;
  private readonly tag2Offset: number;
  private readonly view: CacheEntryView = { keys: new Uint32Array(0), off: 0, packets: 0, bytes: 0, flows: 0, isEvent: false };

  /** `pattern`: the table name after tableNameOf(). */
  constructor(pattern: string, layout: AggregateLayout, options: { history: boolean; utc: boolean; timestamps: TimestampStyle }) {
    this.pattern = pattern;
    this.history = options.history;
    this.utc = options.utc;
    this.timestamps = options.timestamps;
    this.dynamic = pattern.includes('%') || pattern.includes('$');
    // With history, each entry's bin may name another table.
    this.perEntry = this.dynamic && (hasEntryVariables(pattern) || options.history);
    const peer = layout.placed.find((p) => p.primitive.name === 'peer_src_ip');
    this.peerSrcIp = peer ? { offset: peer.offset, field: peer.primitive.fields[0]! } : null;
    this.tagOffset = layout.placed.find((p) => p.primitive.name === 'tag')?.offset ?? -1;
    this.tag2Offset = layout.placed.find((p) => p.primitive.name === 'tag2')?.offset ?? -1;
  }

  /** Whether the name has variables or time fields (a fixed name needs no per-table schema run). */
  get isDynamic(): boolean {
    return this.dynamic;
  }

  /** Table name -> its entries, in the order tables first appear in the cache. */
  group(batch: FlushBatch): Map<string, TableGroup> {
    const groups = new Map<string, TableGroup>();
    if (!this.dynamic) {
      groups.set(this.pattern, { indexes: null, time: batch.flushTime, variables: null });
      return groups;
    }
    if (!this.perEntry) {
      groups.set(strftime(this.pattern, batch.flushTime, this.utc), { indexes: null, time: batch.flushTime, variables: null });
      return groups;
    }
    const view = this.view;
    const ctx: RenderContext = { timestamps: this.timestamps, strings: batch.strings };
    const withBins = this.history && batch.binWord >= 0;
    for (let i = 0; i < batch.cache.size; i++) {
      batch.cache.readEntry(i, view);
      const time = withBins ? view.keys[view.off + batch.binWord]! : batch.flushTime;
      const variables = this.entryVariables(view, ctx);
      const name = strftime(substituteVariables(this.pattern, variables), time, this.utc);
      const group = groups.get(name);
      if (group) group.indexes!.push(i);
      else groups.set(name, { indexes: [i], time, variables });
    }
    return groups;
  }

  private entryVariables(view: CacheEntryView, ctx: RenderContext): NameVariables {
    const k = view.keys;
    const o = view.off;
    return {
      peerSrcIp: this.peerSrcIp ? String(this.peerSrcIp.field.read(k, o + this.peerSrcIp.offset, ctx)) : '',
      tag: this.tagOffset >= 0 ? k[o + this.tagOffset]! * 0x100000000 + k[o + this.tagOffset + 1]! : 0,
      tag2: this.tag2Offset >= 0 ? k[o + this.tag2Offset]! * 0x100000000 + k[o + this.tag2Offset + 1]! : 0,
    };
  }
}
