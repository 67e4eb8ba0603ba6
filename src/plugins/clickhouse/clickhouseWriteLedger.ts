/**
 * How the clickhouse plugin writes each row once although ClickHouse has no
 * transactions and a plain MergeTree does not deduplicate retried INSERTs
 * (only Replicated tables do, with ZooKeeper).
 *
 * Every INSERT tags its rows with a fresh random 64-bit tsacct_write_id and
 * runs under the query id `tsacct-<write id>`. When an INSERT fails after it
 * may have reached the server (a timeout, a cut connection, a crash, even an
 * error answer: a block spanning several partitions is committed part by
 * part), the writer does not know whether its rows are in the table. Before
 * that flush is written again, the INSERT is settled:
 *
 *  1. `KILL QUERY WHERE query_id = … SYNC` ends it if the server still runs
 *     it (a frozen server that came back);
 *  2. `SELECT count() … WHERE tsacct_write_id = …` says what landed: all of
 *     its rows (the INSERT did commit: it is not sent again), none (it is
 *     sent again under a new id), or some (a body cut at a row boundary is
 *     taken as a shorter INSERT; parts of a multi-partition block): those
 *     are deleted (ALTER TABLE … DELETE, a mutation ClickHouse applies in
 *     the background) and the rows are sent again under a new id.
 *
 * One case is left: a request the server had received but not started when
 * the check ran (its connection still waiting in a frozen server's accept
 * queue) can land after the retry. The ids given up on are therefore checked
 * again at each write for RECHECK_WINDOW_MS, and rows that landed late are
 * deleted by their id — the retry's rows carry another id and stay.
 *
 * Without the column (clickhouse_write_id false, or a table made without it)
 * none of this is possible: an INSERT that failed without an answer is sent
 * again and may count twice (at-least-once), which the log says.
 */
import { randomBytes } from 'node:crypto';
import type { FlushBatch } from '../../core/aggregatingConsumer.ts';
import type { Logger } from '../../core/logger.ts';
import { ClickhouseRequestError, type ClickhouseHttp } from './clickhouseHttp.ts';
import { qualifiedTable, quoteString, WRITE_ID_COLUMN } from './clickhouseTable.ts';

/** How long ids given up on are checked for rows landing late. */
const RECHECK_WINDOW_MS = 120_000;

/** An INSERT whose outcome is not known. */
export interface UncertainInsert {
  readonly table: string;
  /** Its tsacct_write_id (decimal), or null when the table has no such column. */
  readonly writeId: string | null;
  readonly queryId: string;
  readonly rows: number;
  /** The stamp_inserted range of its rows (history), to let the check skip other partitions. */
  readonly bins: { readonly min: number; readonly max: number } | null;
}

/** What settling an uncertain INSERT found. */
export type SettleOutcome = 'landed' | 'absent' | 'unknown';

/** A batch's progress across its retries: chunks written, and the one whose INSERT is uncertain. */
export interface BatchProgress {
  readonly done: Set<number>;
  readonly uncertain: Map<number, UncertainInsert>;
}

export function newWriteId(): string {
  // 0 is what rows written without the column read back as: never used.
  for (;;) {
    const id = randomBytes(8).readBigUInt64BE();
    if (id !== 0n) return id.toString();
  }
}

export class ClickhouseWriteLedger {
  private readonly tag: string;
  private readonly logger: Logger;
  private readonly database: string;
  /** The batch `progress` belongs to: its sequence, or the cache itself for batches without one. */
  private batchKey: number | FlushBatch['cache'] | null = null;
  private progress: BatchProgress = { done: new Set(), uncertain: new Map() };
  /** Ids given up on (their rows sent again under another id), and when. */
  private superseded: Array<{ insert: UncertainInsert; at: number }> = [];
  private killRefused = false;

  constructor(tag: string, database: string, logger: Logger) {
    this.tag = tag;
    this.database = database;
    this.logger = logger;
  }

  /** The progress of `batch`: kept across retries of the same flush (also read back from the spool), fresh for another. */
  progressOf(batch: FlushBatch): BatchProgress {
    const key = batch.sequence ?? batch.cache;
    if (key !== this.batchKey) {
      if (this.progress.uncertain.size > 0) {
        // The consumer gave that flush up (its spool file was unreadable): say what may be in the table.
        for (const u of this.progress.uncertain.values()) {
          this.logger.error(`${this.tag}: an unanswered INSERT of ${u.rows} rows into '${u.table}' (query id ${u.queryId}) belongs to a flush that was given up; it may or may not have landed`);
        }
      }
      this.batchKey = key;
      this.progress = { done: new Set(), uncertain: new Map() };
    }
    return this.progress;
  }

  /** Settles an INSERT that failed without a sure outcome (see the top of this file). */
  async settle(http: ClickhouseHttp, insert: UncertainInsert): Promise<SettleOutcome> {
    if (insert.writeId === null) {
      this.logger.warn(
        `${this.tag}: an INSERT of ${insert.rows} rows into '${insert.table}' got no answer and the table has no ${WRITE_ID_COLUMN} column to tell whether it landed: ` +
          'sending it again (its rows count twice if it had)',
      );
      return 'unknown';
    }
    await this.kill(http, insert.queryId);
    const landed = await this.count(http, insert.table, [insert.writeId], insert.bins);
    const rows = landed.get(insert.writeId) ?? 0;
    if (rows === insert.rows) {
      this.logger.warn(`${this.tag}: the unanswered INSERT ${insert.queryId} of ${rows} rows into '${insert.table}' did land: not sent again`);
      return 'landed';
    }
    if (rows > insert.rows) {
      this.logger.error(`${this.tag}: ${rows} rows of '${insert.table}' carry write id ${insert.writeId}, which tagged ${insert.rows}: left as they are`);
      return 'landed';
    }
    if (rows > 0) {
      this.logger.warn(`${this.tag}: the unanswered INSERT ${insert.queryId} landed ${rows} of its ${insert.rows} rows into '${insert.table}': deleting them and sending all again`);
      await this.remove(http, insert.table, [insert.writeId]);
    }
    this.superseded.push({ insert, at: Date.now() });
    return 'absent';
  }

  /** Deletes rows of given-up INSERTs that landed after all; forgets ids past the window (all of them with `final`). */
  async recheck(http: ClickhouseHttp, final = false): Promise<void> {
    if (this.superseded.length === 0) return;
    const byTable = new Map<string, UncertainInsert[]>();
    for (const { insert } of this.superseded) {
      const list = byTable.get(insert.table) ?? [];
      list.push(insert);
      byTable.set(insert.table, list);
    }
    for (const [table, inserts] of byTable) {
      const bins = mergedBins(inserts);
      const landed = await this.count(http, table, inserts.map((i) => i.writeId!), bins);
      if (landed.size === 0) continue;
      const ids = [...landed.keys()];
      const rows = [...landed.values()].reduce((a, b) => a + b, 0);
      this.logger.warn(`${this.tag}: ${rows} rows of INSERT(s) given up on landed late in '${table}' (write id ${ids.join(', ')}): deleting them; their retry's rows stay`);
      await this.remove(http, table, ids);
      this.superseded = this.superseded.filter((s) => !landed.has(s.insert.writeId!));
    }
    const horizon = Date.now() - RECHECK_WINDOW_MS;
    this.superseded = final ? [] : this.superseded.filter((s) => s.at > horizon);
  }

  private async kill(http: ClickhouseHttp, queryId: string): Promise<void> {
    try {
      await http.query(`KILL QUERY WHERE query_id = ${quoteString(queryId)} SYNC`, { database: false });
    } catch (err) {
      // A user without the right to KILL still gets the count; an unreachable server fails the settling.
      if (!(err instanceof ClickhouseRequestError) || err.status === null) throw err;
      if (!this.killRefused) this.logger.warn(`${this.tag}: KILL QUERY refused (${err.message}); settling unanswered INSERTs by their rows only`);
      this.killRefused = true;
    }
  }

  /** Rows per write id found in `table`. */
  private async count(http: ClickhouseHttp, table: string, writeIds: readonly string[], bins: UncertainInsert['bins']): Promise<Map<string, number>> {
    const range = bins === null ? '' : ` AND stamp_inserted >= toDateTime(${bins.min}) AND stamp_inserted <= toDateTime(${bins.max})`;
    const text = await http.query(
      `SELECT ${WRITE_ID_COLUMN}, count() FROM ${qualifiedTable(this.database, table)} WHERE ${WRITE_ID_COLUMN} IN (${writeIds.join(', ')})${range} ` +
        `GROUP BY ${WRITE_ID_COLUMN} FORMAT TabSeparated`,
    );
    const found = new Map<string, number>();
    for (const line of text.split('\n')) {
      if (line === '') continue;
      const [id, n] = line.split('\t');
      found.set(id!, Number(n));
    }
    return found;
  }

  private async remove(http: ClickhouseHttp, table: string, writeIds: readonly string[]): Promise<void> {
    await http.query(`ALTER TABLE ${qualifiedTable(this.database, table)} DELETE WHERE ${WRITE_ID_COLUMN} IN (${writeIds.join(', ')})`);
  }
}

function mergedBins(inserts: readonly UncertainInsert[]): UncertainInsert['bins'] {
  let min = Infinity;
  let max = -Infinity;
  for (const i of inserts) {
    if (i.bins === null) return null;
    min = Math.min(min, i.bins.min);
    max = Math.max(max, i.bins.max);
  }
  return { min, max };
}
