/**
 * The SQL plugins' writer: each flush of the aggregation cache becomes one
 * transaction, where every entry is UPDATEd into its row (same primitives
 * and stamp_inserted) and INSERTed when no row matched — or only INSERTed
 * with sql_dont_try_update, batched by sql_multi_values (or by the
 * backend's own limit, SqlDialect.insertOnlyBatchParameters). Dynamic table
 * names (time variables from the entry's bin, $peer_src_ip, $tag, $tag2)
 * group entries per table, created from sql_table_schema when new.
 *
 * A failed flush is rolled back and thrown: AggregatingConsumer keeps the
 * batch and retries it whole, so no entry is lost or counted twice.
 *
 * Exactly once across a server outage: a failed flush's transaction is
 * rolled back, or its connection destroyed (the server then rolls it back),
 * and nothing is committed after a failure. Two cases remain, both settled
 * on the next connection before anything else is written (settlePrevious):
 * the failed flush's session may still run on the server (a frozen or
 * unreachable server, a half-open connection), holding its locks — the
 * backend ends it first; and its COMMIT may have been sent without an answer
 * coming back (crash or cut at that moment), so it may have committed — the
 * backend says whether it did (PostgreSQL: txid_status), and a committed
 * batch is not written again. Where the server cannot tell (MySQL), the
 * batch is written again and the log says so.
 */
import type { AggregateWriter, FlushBatch } from '../../core/aggregatingConsumer.ts';
import type { Logger } from '../../core/logger.ts';
import type { AggregateLayout } from '../../model/aggregateLayout.ts';
import type { CacheEntryView } from '../../core/aggregationCache.ts';
import type { RenderContext } from '../../model/primitive.ts';
import type { TimestampStyle } from '../../model/timestampText.ts';
import { strftime, substituteVariables } from '../../output/dynamicFileName.ts';
import { DynamicTableGroups, type TableGroup } from '../dynamicTableGroups.ts';
import type { SqlColumnPlan, SqlValueKind } from './sqlColumnPlan.ts';
import type { SqlConnection, SqlParameter, SqlSessionRef } from './sqlConnection.ts';
import type { SqlDialect } from './sqlDialect.ts';
import { createTableStatement } from './sqlCreateTable.ts';
import { buildTableStatements, insertWidth, updateWidth, type TableStatements } from './sqlStatements.ts';

export interface SqlWriterOptions {
  /** "<plugin name>/<plugin type>", the prefix of log lines. */
  tag: string;
  table: string;
  /** sql_table_schema's text, run for each new dynamic table (null: none). */
  schema: string | null;
  /** sql_table_autocreate: CREATE TABLE IF NOT EXISTS from the column plan for each table written (no schema given). */
  autocreate?: boolean;
  history: boolean;
  dontTryUpdate: boolean;
  /** sql_multi_values in bytes (0: one INSERT per row). */
  multiValues: number;
  utc: boolean;
  timestamps: TimestampStyle;
}

/** Most parameters one sql_multi_values statement may carry: SQLite's SQLITE_MAX_VARIABLE_NUMBER (32766 since 3.32), below MySQL's 65535. */
const MAX_PARAMETERS = 32766;
/** What pmacct's text form of one value costs on average in its multi-values buffer, for sizing batches like it. */
const BYTES_PER_VALUE = 12;

export class SqlWriter implements AggregateWriter {
  private readonly options: SqlWriterOptions;
  private readonly plan: SqlColumnPlan;
  private readonly dialect: SqlDialect;
  private readonly connect: () => SqlConnection | Promise<SqlConnection>;
  private readonly logger: Logger;
  private readonly tables: DynamicTableGroups;
  private readonly statements = new Map<string, TableStatements>();
  private readonly createdTables = new Set<string>();
  private readonly insertParams: SqlParameter[];
  private readonly updateParams: SqlParameter[];
  private readonly rowsPerInsert: number;
  private connection: SqlConnection | null = null;
  /**
   * The session of the last failed flush, to settle on the next connection
   * (see the top of this file), and which batch it was: its sequence, or the
   * cache itself for batches without one (kept only then: a spooled batch's
   * cache must be free to go).
   */
  private unsettled: { ref: SqlSessionRef; sequence: number | undefined; cache: FlushBatch['cache'] | null } | null = null;

  constructor(options: SqlWriterOptions, layout: AggregateLayout, plan: SqlColumnPlan, dialect: SqlDialect, connect: () => SqlConnection | Promise<SqlConnection>, logger: Logger) {
    this.options = options;
    this.plan = plan;
    this.dialect = dialect;
    this.connect = connect;
    this.logger = logger;
    this.tables = new DynamicTableGroups(options.table, layout, options);
    const width = insertWidth(plan, options.history);
    this.insertParams = new Array<SqlParameter>(width).fill(null);
    this.updateParams = new Array<SqlParameter>(updateWidth(plan, options.history)).fill(null);
    const ownBatch = dialect.insertOnlyBatchParameters;
    if (options.dontTryUpdate && ownBatch !== undefined) this.rowsPerInsert = Math.max(1, Math.floor(ownBatch / width));
    else if (options.multiValues > 0) this.rowsPerInsert = Math.max(1, Math.min(Math.floor(options.multiValues / (width * BYTES_PER_VALUE)), Math.floor(MAX_PARAMETERS / width)));
    else this.rowsPerInsert = 1;
  }

  async write(batch: FlushBatch): Promise<void> {
    const started = Date.now();
    const size = batch.cache.size;
    this.logger.info(`${this.options.tag}: *** Purging cache - START ***`);
    if (size === 0) {
      this.logger.info(`${this.options.tag}: *** Purging cache - END (QN: 0/0, ET: 0) ***`);
      return;
    }
    const groups = this.tables.group(batch);
    let queries = 0;
    let conn: SqlConnection | null = null;
    try {
      conn = await this.connected();
      if (this.unsettled !== null && (await this.settlePrevious(conn, batch))) {
        this.logger.info(`${this.options.tag}: *** Purging cache - END (QN: 0/${size}, ET: ${Math.round((Date.now() - started) / 1000)}) ***`);
        return;
      }
      // Tables are created before the transaction: a failed CREATE (the table
      // exists) would abort a PostgreSQL transaction, and MySQL commits on DDL.
      for (const [table, entries] of groups) await this.ensureTable(conn, table, entries);
      await conn.begin([...groups.keys()]);
      for (const [table, entries] of groups) {
        queries += await this.writeTable(conn, table, batch, entries.indexes);
      }
      await conn.commit();
    } catch (err) {
      if (conn) {
        // A session that got as far as BEGIN is settled before the retry; an earlier failure leaves the one to settle as it was.
        const ref = conn.sessionRef?.() ?? null;
        if (ref !== null) this.unsettled = { ref, sequence: batch.sequence, cache: batch.sequence === undefined ? batch.cache : null };
        await this.abandon(conn);
      }
      throw new Error(`writing ${size} entries to '${[...groups.keys()].join("', '")}' failed: ${(err as Error).message}`, { cause: err });
    }
    const seconds = Math.round((Date.now() - started) / 1000);
    this.logger.info(`${this.options.tag}: *** Purging cache - END (QN: ${queries}/${size}, ET: ${seconds}) ***`);
  }

  async close(): Promise<void> {
    const conn = this.connection;
    this.connection = null;
    if (conn) await conn.close();
  }

  /**
   * True while a failed flush whose COMMIT got no answer is not settled yet:
   * it may be written here already, so it must not go anywhere else
   * (sql_recovery_backup_host, sqlRecovery.ts).
   */
  mayHaveCommitted(): boolean {
    return this.unsettled !== null && this.unsettled.ref.commitUnanswered;
  }

  private async connected(): Promise<SqlConnection> {
    const current = this.connection;
    if (current?.broken) {
      // The server dropped it while idle (restart, timeout): reconnect now rather than fail this flush.
      // Its session, should the server still run it (holding MySQL's table locks), is ended first.
      const ref = current.sessionRef?.() ?? null;
      if (ref !== null && this.unsettled === null) this.unsettled = { ref, sequence: undefined, cache: null };
      this.connection = null;
      this.statements.clear();
      try {
        await current.close();
      } catch {
        // Already gone.
      }
    }
    this.connection ??= await this.connect();
    return this.connection;
  }

  /**
   * Settles the last failed flush on a new connection: its session ended,
   * its transaction's fate known. True when that flush was `batch` and it
   * committed after all: it is written, not to be written again.
   */
  private async settlePrevious(conn: SqlConnection, batch: FlushBatch): Promise<boolean> {
    const { ref, sequence, cache } = this.unsettled!;
    const outcome = conn.settle ? await conn.settle(ref) : 'aborted';
    this.unsettled = null;
    // The consumer retries the failed batch first; it may come back from the spool as a new object with the same sequence.
    const same = sequence !== undefined ? batch.sequence === sequence : batch.cache === cache;
    if (!ref.commitUnanswered) return false;
    if (outcome === 'committed') {
      if (same) {
        this.logger.warn(`${this.options.tag}: the unanswered COMMIT of the failed purge did commit: its ${batch.cache.size} entries are written and not written again`);
        return true;
      }
      this.logger.warn(`${this.options.tag}: the unanswered COMMIT of an earlier failed purge did commit, but that purge was not retried: its entries were written once`);
    } else if (outcome === 'unknown' && same) {
      const t = batch.cache.totals();
      this.logger.warn(
        `${this.options.tag}: the COMMIT of the failed purge got no answer and the server cannot tell whether it committed: ` +
          `writing its ${batch.cache.size} entries again (${t.packets} packets, ${t.bytes} bytes counted twice if it had)`,
      );
    }
    return false;
  }

  /** After a failure the connection may be unusable (file gone, server restarted): reconnect at the next flush. */
  private async abandon(conn: SqlConnection): Promise<void> {
    try {
      await conn.rollback();
    } catch {
      // The failure itself is what gets reported.
    }
    this.connection = null;
    this.statements.clear();
    try {
      await conn.close();
    } catch {
      // Already broken.
    }
  }

  /**
   * pmacct runs sql_table_schema (with the table's variables: $peer_src_ip,
   * $tag, $tag2 of its entries, then the time ones) for each dynamic table
   * it writes; an existing table makes that fail harmlessly. tsacct runs it
   * once per table name and process.
   */
  private async ensureTable(conn: SqlConnection, table: string, group: TableGroup): Promise<void> {
    if (this.createdTables.has(table)) return;
    if (this.options.schema === null && this.options.autocreate === true) {
      await conn.exec(createTableStatement(table, this.plan, this.dialect, this.dialect.columnTypes, this.options.history));
      this.createdTables.add(table);
      return;
    }
    if (this.options.schema === null || !this.tables.isDynamic) return;
    const schema = group.variables === null ? this.options.schema : substituteVariables(this.options.schema, group.variables);
    const script = strftime(schema, group.time, this.options.utc);
    try {
      await conn.exec(script);
    } catch (err) {
      const message = (err as Error).message;
      if (!/already exists/i.test(message)) throw err;
    }
    this.createdTables.add(table);
  }

  private statementsOf(table: string): TableStatements {
    let s = this.statements.get(table);
    if (s === undefined) {
      s = buildTableStatements(table, this.plan, this.dialect, this.options.history);
      this.statements.set(table, s);
    }
    return s;
  }

  /** Writes the entries of one table; returns pmacct's count of queries: one per entry written. */
  private async writeTable(conn: SqlConnection, table: string, batch: FlushBatch, indexes: readonly number[] | null): Promise<number> {
    const statements = this.statementsOf(table);
    if (statements.copy !== null) return this.copyTable(conn, statements.copy, statements.insertKinds, batch, indexes);
    const ctx = this.renderContext(batch);
    const view = newView();
    const count = indexes ? indexes.length : batch.cache.size;
    const perRow = this.insertParams.length;
    const pendingLimit = this.rowsPerInsert;
    const pending: SqlParameter[] = pendingLimit > 1 ? new Array<SqlParameter>(perRow * pendingLimit) : this.insertParams;
    // Each row of a multi-row INSERT counts as a query, as each is one of pmacct's (its QN counts entries).
    const send = async (rows: number, params: SqlParameter[]): Promise<void> => {
      const done = conn.run(statements.insert(rows), params);
      if (typeof done !== 'number') await done;
      queries += rows;
    };
    let pendingRows = 0;
    let queries = 0;
    for (let n = 0; n < count; n++) {
      batch.cache.readEntry(indexes ? indexes[n]! : n, view);
      const bin = batch.binWord >= 0 ? view.keys[view.off + batch.binWord]! : 0;
      if (!this.options.dontTryUpdate) {
        this.fillUpdate(view, bin, ctx);
        const changed = conn.run(statements.update, this.updateParams);
        if ((typeof changed === 'number' ? changed : await changed) > 0) {
          queries++;
          continue;
        }
      }
      this.fillInsert(view, bin, batch.flushTime, ctx);
      if (pendingLimit === 1) {
        const done = conn.run(statements.insert(1), this.insertParams);
        if (typeof done !== 'number') await done;
        queries++;
        continue;
      }
      for (let i = 0; i < perRow; i++) pending[pendingRows * perRow + i] = this.insertParams[i]!;
      if (++pendingRows === pendingLimit) {
        await send(pendingRows, pending);
        pendingRows = 0;
      }
    }
    // The rows left over go in parts of power-of-two sizes: a table's INSERTs
    // then have a few texts, each prepared once per connection, where the
    // remainder's own size would make a new statement at nearly every flush.
    for (let from = 0; pendingRows > 0;) {
      const rows = 2 ** (31 - Math.clz32(pendingRows));
      await send(rows, pending.slice(from * perRow, (from + rows) * perRow));
      from += rows;
      pendingRows -= rows;
    }
    return queries;
  }

  /**
   * INSERT-only through the dialect's bulk load (pgsql COPY with
   * sql_use_copy): the rows of the table go as one text stream. Like pmacct,
   * each row counts as one query.
   */
  private async copyTable(conn: SqlConnection, copy: string, kinds: readonly SqlValueKind[], batch: FlushBatch, indexes: readonly number[] | null): Promise<number> {
    const bulk = this.dialect.bulkLoad;
    if (!bulk || !conn.copyIn) throw new Error('the backend has no bulk load (COPY)');
    const ctx = this.renderContext(batch);
    const view = newView();
    const count = indexes ? indexes.length : batch.cache.size;
    const width = this.insertParams.length;
    const lines: string[] = new Array<string>(count);
    for (let n = 0; n < count; n++) {
      batch.cache.readEntry(indexes ? indexes[n]! : n, view);
      const bin = batch.binWord >= 0 ? view.keys[view.off + batch.binWord]! : 0;
      this.fillInsert(view, bin, batch.flushTime, ctx);
      lines[n] = bulk.row(this.insertParams, 0, width, kinds);
    }
    await conn.copyIn(copy, lines.join(''));
    return count;
  }

  /** INSERT parameters: [stamp_updated, stamp_inserted,] columns…, packets, bytes[, flows]. */
  private fillInsert(view: CacheEntryView, bin: number, now: number, ctx: RenderContext): void {
    const p = this.insertParams;
    const plan = this.plan;
    let i = 0;
    if (this.options.history) {
      p[i++] = now;
      p[i++] = bin;
    }
    const columns = plan.columns;
    for (let c = 0; c < columns.length; c++) p[i++] = columns[c]!.read(view.keys, view.off, ctx);
    p[i++] = view.packets;
    p[i++] = view.bytes;
    if (plan.hasFlows) p[i++] = plan.countsFlows ? view.flows : 0;
  }

  /** UPDATE parameters: packets, bytes[, flows][, tcp flags][, stamp_inserted], WHERE columns…. */
  private fillUpdate(view: CacheEntryView, bin: number, ctx: RenderContext): void {
    const p = this.updateParams;
    const plan = this.plan;
    let i = 0;
    p[i++] = view.packets;
    p[i++] = view.bytes;
    if (plan.hasFlows) p[i++] = plan.countsFlows ? view.flows : 0;
    if (plan.tcpFlags !== null) p[i++] = plan.tcpFlags(view.keys, view.off, ctx);
    if (this.options.history) p[i++] = bin;
    const columns = plan.columns;
    for (let c = 0; c < columns.length; c++) {
      const column = columns[c]!;
      if (column.inWhere) p[i++] = column.read(view.keys, view.off, ctx);
    }
  }

  private renderContext(batch: FlushBatch): RenderContext {
    return { timestamps: this.options.timestamps, strings: batch.strings };
  }
}

function newView(): CacheEntryView {
  return { keys: new Uint32Array(0), off: 0, packets: 0, bytes: 0, flows: 0, isEvent: false };
}
