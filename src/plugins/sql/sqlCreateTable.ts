/**
 * `sql_table_autocreate` (a tsacct key): the CREATE TABLE of a table that
 * holds exactly what the plugin writes, for setups without a prepared
 * schema (npm start's embedded SQLite database). pmacct needs the table to
 * exist or a sql_table_schema to create it; this builds the equivalent from
 * the column plan: the written columns, the counters, stamp_inserted /
 * stamp_updated with sql_history, and a primary key over what the UPDATE
 * matches on, so UPDATE-then-INSERT finds its row through an index.
 */
import type { SqlColumnPlan, SqlValueKind } from './sqlColumnPlan.ts';
import type { SqlDialect } from './sqlDialect.ts';

/** A column type per value kind, and the counters' type. */
export interface SqlColumnTypes {
  readonly int: string;
  readonly text: string;
  readonly time: string;
  readonly counter: string;
  /** The most bytes a key may span and what each kind takes in it (MySQL's InnoDB: 3072); none: no limit. */
  readonly keyLimit?: { readonly bytes: number; readonly width: Readonly<Record<SqlValueKind, number>> };
  /** An address stored as a number (sql_num_hosts) and its bytes in a key; none: the backend has no such columns (pgsql). */
  readonly numericHost?: { readonly type: string; readonly keyWidth: number };
}

export function createTableStatement(table: string, plan: SqlColumnPlan, dialect: SqlDialect, types: SqlColumnTypes, history: boolean): string {
  const q = (name: string): string => dialect.quoteIdentifier(name);
  const typeOf = (kind: SqlValueKind): string => types[kind];
  const columns: string[] = [];
  const key: string[] = [];
  let keyBytes = 0;
  const limit = types.keyLimit;
  if (history) {
    columns.push(`${q('stamp_inserted')} ${types.time} NOT NULL`, `${q('stamp_updated')} ${types.time}`);
    key.push(q('stamp_inserted'));
    keyBytes += limit?.width.time ?? 0;
  }
  for (const c of plan.columns) {
    const numeric = c.hostFunction !== undefined ? types.numericHost : undefined;
    columns.push(`${q(c.name)} ${numeric?.type ?? typeOf(c.kind)} NOT NULL`);
    if (c.inWhere) {
      key.push(q(c.name));
      if (limit !== undefined) keyBytes += numeric?.keyWidth ?? limit.width[c.kind];
    }
  }
  // A key the server cannot hold would fail the CREATE and every flush after
  // it: the table then goes without one (UPDATEs scan it, rows stay right).
  if (limit !== undefined && keyBytes > limit.bytes) key.length = 0;
  columns.push(`${q('packets')} ${types.counter} NOT NULL`, `${q('bytes')} ${types.counter} NOT NULL`);
  if (plan.hasFlows) columns.push(`${q('flows')} ${types.counter} NOT NULL`);
  if (key.length > 0) columns.push(`PRIMARY KEY (${key.join(', ')})`);
  return `CREATE TABLE IF NOT EXISTS ${q(table)} (${columns.join(', ')})`;
}
