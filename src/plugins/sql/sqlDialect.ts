/**
 * What differs between the SQL backends in the statements the core builds:
 * identifier quoting, parameter placeholders, how epoch seconds become the
 * backend's datetime, and "now". Everything else (columns, WHERE, SET,
 * batching) is dialect-independent (sqlStatements.ts). Each backend adds one
 * file implementing this and one SqlConnection.
 */
import type { SqlValueKind } from './sqlColumnPlan.ts';
import type { SqlParameter } from './sqlConnection.ts';
import type { SqlColumnTypes } from './sqlCreateTable.ts';

export interface SqlDialect {
  /** Quotes a table or column name (names come from config and our catalog only). */
  quoteIdentifier(name: string): string;
  /** Placeholder of the `index`-th parameter (0-based) of a statement, for a value of `kind`. */
  parameter(index: number, kind: SqlValueKind): string;
  /** The current time as stamp_updated of an UPDATE. */
  now(): string;
  /** Column types of a table sql_table_autocreate makes. */
  readonly columnTypes: SqlColumnTypes;
  /** The bulk-load form of INSERT-only writes (pgsql's COPY with sql_use_copy), or none. */
  readonly bulkLoad?: SqlBulkLoad;
  /**
   * Set when the backend batches the rows of INSERT-only flushes into
   * multi-row INSERTs of its own accord, sql_multi_values aside (pgsql, whose
   * plugin ignores that key as pmacct's does): the most parameters one such
   * INSERT may carry. Absent: only sql_multi_values batches rows.
   */
  readonly insertOnlyBatchParameters?: number;
}

/**
 * A bulk load: one statement per table, then every row as text. The rows are
 * data, never SQL: the format escapes what would end a field or a row.
 */
export interface SqlBulkLoad {
  /** The statement that opens the load of `columns` (already quoted) into `table` (already quoted). */
  statement(table: string, columns: readonly string[]): string;
  /** One row (with its line end) from `width` values of `values` starting at `from`. */
  row(values: readonly SqlParameter[], from: number, width: number, kinds: readonly SqlValueKind[]): string;
}

/** stamp_inserted/stamp_updated and timestamp_* columns: the backend's datetime, or epoch seconds with timestamps_since_epoch. */
export interface DatetimeStyle {
  utc: boolean;
  sinceEpoch: boolean;
}
