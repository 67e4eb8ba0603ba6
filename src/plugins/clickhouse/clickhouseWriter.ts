/**
 * The clickhouse plugin's writer: each flush of the aggregation cache is
 * INSERTed (TabSeparated over HTTP) into its table(s), creating each table
 * on first use (clickhouseTable.ts). ClickHouse is insert-only: a key
 * flushed twice gives two rows, which queries add up with sum() … GROUP BY
 * (as they would over pmacct's kafka output in a Kafka-engine table).
 *
 * A flush is cut into chunks, each one INSERT: per table (dynamic names),
 * per UTC day of stamp_inserted with history (one partition: ClickHouse
 * commits one part per partition), and at most clickhouse_max_insert_rows
 * rows (below ClickHouse's max_insert_block_size, so one block). A failed
 * chunk throws: AggregatingConsumer keeps the flush and retries it; chunks
 * already written are skipped, and an INSERT that may have landed is
 * settled first (clickhouseWriteLedger.ts), so each row is written once.
 */
import type { AggregateWriter, FlushBatch } from '../../core/aggregatingConsumer.ts';
import type { CacheEntryView } from '../../core/aggregationCache.ts';
import type { Logger } from '../../core/logger.ts';
import type { AggregateLayout } from '../../model/aggregateLayout.ts';
import type { TimestampStyle } from '../../model/timestampText.ts';
import { randomUUID } from 'node:crypto';
import { DynamicTableGroups } from '../dynamicTableGroups.ts';
import type { SqlColumnPlan } from '../sql/sqlColumnPlan.ts';
import { CLICKHOUSE_UNKNOWN_DATABASE, ClickhouseRequestError, type ClickhouseHttp } from './clickhouseHttp.ts';
import { ClickhouseRowEncoder } from './clickhouseRows.ts';
import {
  clickhouseColumns, createTableStatement, qualifiedTable, quoteIdentifier, quoteString, WRITE_ID_COLUMN, type ClickhouseColumn,
} from './clickhouseTable.ts';
import { ClickhouseWriteLedger, newWriteId, type BatchProgress, type UncertainInsert } from './clickhouseWriteLedger.ts';

export interface ClickhouseWriterOptions {
  /** "<plugin name>/clickhouse", the prefix of log lines. */
  tag: string;
  /** clickhouse_table after its configuration variables. */
  table: string;
  history: boolean;
  utc: boolean;
  timestamps: TimestampStyle;
  /** clickhouse_max_insert_rows. */
  maxInsertRows: number;
  /** clickhouse_write_id: tag rows with tsacct_write_id (in tables that have the column). */
  writeId: boolean;
}

/** One INSERT of a flush. */
interface Chunk {
  readonly table: string;
  /** Entry indexes of the cache (null: the cache's order), of which [from, to) go in this INSERT. */
  readonly indexes: number[] | null;
  readonly from: number;
  readonly to: number;
  readonly bins: { readonly min: number; readonly max: number } | null;
}

/** A table as found on the server: its INSERT statement and whether rows carry the write id. */
interface KnownTable {
  readonly insert: string;
  readonly writeId: boolean;
}

/** ClickHouse's code for a table that does not exist (dropped while the plugin runs: created again). */
const UNKNOWN_TABLE = 60;
const SECONDS_PER_DAY = 86_400;

export class ClickhouseWriter implements AggregateWriter {
  private readonly options: ClickhouseWriterOptions;
  private readonly http: ClickhouseHttp;
  private readonly logger: Logger;
  private readonly columns: readonly ClickhouseColumn[];
  private readonly encoder: ClickhouseRowEncoder;
  private readonly tables: DynamicTableGroups;
  private readonly known = new Map<string, KnownTable>();
  private readonly ledger: ClickhouseWriteLedger;
  private readonly view: CacheEntryView = { keys: new Uint32Array(0), off: 0, packets: 0, bytes: 0, flows: 0, isEvent: false };

  constructor(options: ClickhouseWriterOptions, layout: AggregateLayout, plan: SqlColumnPlan, http: ClickhouseHttp, logger: Logger) {
    this.options = options;
    this.http = http;
    this.logger = logger;
    this.columns = clickhouseColumns(plan, options.history, options.writeId);
    this.encoder = new ClickhouseRowEncoder(plan, { history: options.history, timestamps: options.timestamps });
    this.tables = new DynamicTableGroups(options.table, layout, { history: options.history, utc: options.utc, timestamps: options.timestamps });
    this.ledger = new ClickhouseWriteLedger(options.tag, http.database, logger);
  }

  async write(batch: FlushBatch): Promise<void> {
    const started = Date.now();
    const size = batch.cache.size;
    this.logger.info(`${this.options.tag}: *** Purging cache - START ***`);
    let inserts = 0;
    if (size > 0) {
      const chunks = this.chunksOf(batch);
      const progress = this.ledger.progressOf(batch);
      try {
        for (const chunk of chunks) await this.ensureTable(chunk.table);
        await this.ledger.recheck(this.http);
        for (let i = 0; i < chunks.length; i++) {
          if (progress.done.has(i)) continue;
          await this.writeChunk(batch, chunks[i]!, i, progress);
          inserts++;
        }
      } catch (err) {
        const tables = [...new Set(chunks.map((c) => c.table))];
        throw new Error(`writing ${size} entries to '${tables.join("', '")}' failed (${progress.done.size}/${chunks.length} INSERTs done): ${(err as Error).message}`, { cause: err });
      }
    }
    const seconds = Math.round((Date.now() - started) / 1000);
    this.logger.info(`${this.options.tag}: *** Purging cache - END (QN: ${inserts}/${size}, ET: ${seconds}) ***`);
  }

  async close(): Promise<void> {
    try {
      await this.ledger.recheck(this.http, true);
    } catch (err) {
      this.logger.warn(`${this.options.tag}: could not check INSERTs given up on at exit (${(err as Error).message})`);
    }
    this.http.close();
  }

  /**
   * One INSERT; when the server may have seen a failed one, settles it first.
   * A failure on a kept-alive socket the server had just closed is retried at
   * once (through the settling, so it is safe either way).
   */
  private async writeChunk(batch: FlushBatch, chunk: Chunk, index: number, progress: BatchProgress): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const pending = progress.uncertain.get(index);
      if (pending !== undefined) {
        const outcome = await this.ledger.settle(this.http, pending);
        progress.uncertain.delete(index);
        if (outcome === 'landed') {
          progress.done.add(index);
          return;
        }
      }
      const known = this.known.get(chunk.table)!;
      const writeId = known.writeId ? newWriteId() : null;
      const insert: UncertainInsert = {
        table: chunk.table, writeId, queryId: `tsacct-${writeId ?? randomUUID()}`, rows: chunk.to - chunk.from, bins: chunk.bins,
      };
      try {
        await this.http.insert(known.insert, this.encoder.encode(batch, chunk.indexes, chunk.from, chunk.to, writeId), insert.queryId);
        progress.done.add(index);
        return;
      } catch (err) {
        if (!(err instanceof ClickhouseRequestError)) throw err;
        // An error answer from the server means its block was refused, unless it had several partitions: only a table
        // with write ids can tell, so without them such an INSERT is taken as not written (the likely case).
        if (err.sent && (writeId !== null || err.status === null)) progress.uncertain.set(index, insert);
        if (err.code === UNKNOWN_TABLE) this.known.delete(chunk.table);
        // A kept-alive socket the server closed as we wrote fails at once; a timeout is a slow or frozen server: wait for the retry.
        if (!(attempt === 1 && err.reusedSocket && err.status === null && !err.timedOut)) throw err;
        this.logger.debug(`${this.options.tag}: INSERT on a kept-alive connection failed (${err.message}); trying again on a new one`);
      }
    }
  }

  /** Creates the table when missing (and its database), then reads its columns once. */
  private async ensureTable(table: string): Promise<void> {
    if (this.known.has(table)) return;
    const database = this.http.database;
    const create = createTableStatement(database, table, this.columns, this.options.history);
    try {
      await this.http.query(create);
    } catch (err) {
      if (!(err instanceof ClickhouseRequestError) || err.code !== CLICKHOUSE_UNKNOWN_DATABASE) throw err;
      await this.http.query(`CREATE DATABASE IF NOT EXISTS ${quoteIdentifier(database)}`, { database: false });
      this.logger.info(`${this.options.tag}: created database '${database}'`);
      await this.http.query(create);
    }
    const text = await this.http.query(
      `SELECT name FROM system.columns WHERE database = ${quoteString(database)} AND table = ${quoteString(table)} FORMAT TabSeparated`,
    );
    const present = new Set(text.split('\n').filter((l) => l !== '').map(unescapeName));
    const missing = this.columns.filter((c) => c.name !== WRITE_ID_COLUMN && !present.has(c.name)).map((c) => c.name);
    if (missing.length > 0) {
      throw new Error(`table '${database}.${table}' exists without column(s) ${missing.join(', ')} of this plugin's aggregate: add them (ALTER TABLE … ADD COLUMN) or name another clickhouse_table`);
    }
    const writeId = this.options.writeId && present.has(WRITE_ID_COLUMN);
    if (this.options.writeId && !writeId) {
      this.logger.warn(`${this.options.tag}: table '${database}.${table}' has no ${WRITE_ID_COLUMN} column: an INSERT retried after a lost answer may count twice`);
    }
    const names = this.columns.filter((c) => c.name !== WRITE_ID_COLUMN || writeId).map((c) => quoteIdentifier(c.name));
    this.known.set(table, { insert: `INSERT INTO ${qualifiedTable(database, table)} (${names.join(', ')}) FORMAT TabSeparated`, writeId });
  }

  /** The flush's INSERTs, in a fixed order for the same cache (a retry finds the same chunks). */
  private chunksOf(batch: FlushBatch): Chunk[] {
    const chunks: Chunk[] = [];
    const max = this.options.maxInsertRows;
    const split = (table: string, indexes: number[] | null, count: number, bins: Chunk['bins']): void => {
      for (let from = 0; from < count; from += max) chunks.push({ table, indexes, from, to: Math.min(count, from + max), bins });
    };
    const withBins = this.options.history && batch.binWord >= 0;
    for (const [table, group] of this.tables.group(batch)) {
      if (!withBins) {
        split(table, group.indexes, group.indexes?.length ?? batch.cache.size, null);
        continue;
      }
      // UTC day of each entry's bin -> its entries (one partition each), and the bins' range for the settling's count.
      const byDay = new Map<number, { indexes: number[]; min: number; max: number }>();
      const view = this.view;
      const count = group.indexes?.length ?? batch.cache.size;
      for (let n = 0; n < count; n++) {
        const entry = group.indexes === null ? n : group.indexes[n]!;
        batch.cache.readEntry(entry, view);
        const bin = view.keys[view.off + batch.binWord]!;
        const day = Math.floor(bin / SECONDS_PER_DAY);
        const slot = byDay.get(day);
        if (slot === undefined) byDay.set(day, { indexes: [entry], min: bin, max: bin });
        else {
          slot.indexes.push(entry);
          if (bin < slot.min) slot.min = bin;
          if (bin > slot.max) slot.max = bin;
        }
      }
      for (const slot of byDay.values()) split(table, slot.indexes, slot.indexes.length, { min: slot.min, max: slot.max });
    }
    return chunks;
  }
}

/** A name as TabSeparated prints it (backslash escapes). */
function unescapeName(text: string): string {
  return text.replace(/\\(.)/g, (_all, c: string) => (c === 't' ? '\t' : c === 'n' ? '\n' : c));
}
