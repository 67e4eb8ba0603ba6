/**
 * PostgreSQL as pmacct 1.7.7's pgsql plugin writes it (its statements, seen
 * in the server's log): datetimes are `to_timestamp(epoch)` (compared as
 * `…::Timestamp without time zone`, which keeps the index on stamp_inserted
 * usable), stamp_updated is CURRENT_TIMESTAMP(0), and with
 * timestamps_since_epoch everything is plain epoch integers. Parameters are
 * $1, $2, …; the server types each from its column (inet, macaddr, …).
 */
import type { SqlValueKind } from './sqlColumnPlan.ts';
import type { SqlColumnTypes } from './sqlCreateTable.ts';
import type { DatetimeStyle, SqlBulkLoad, SqlDialect } from './sqlDialect.ts';

/** PostgreSQL's Bind message counts a statement's parameters in 16 bits. */
const PGSQL_MAX_PARAMETERS = 65535;

export class PgsqlDialect implements SqlDialect {
  private readonly style: DatetimeStyle;
  readonly bulkLoad: SqlBulkLoad | undefined;
  readonly columnTypes: SqlColumnTypes;
  /**
   * pmacct sends an INSERT-only purge (sql_dont_try_update) as one INSERT per
   * row and waits for each answer; tsacct sends the same rows as parameterised
   * multi-row INSERTs of up to 65535 values. That changes nothing a table can
   * tell, because of how the flush runs (sqlWriter.ts, pgsqlConnection.ts):
   * every statement of a flush is inside the one transaction opened by
   * `BEGIN` (no LOCK: pmacct takes none with sql_dont_try_update either, see
   * pgsqlLockMode), and in PostgreSQL a statement that fails aborts that
   * transaction, so the writer rolls the whole flush back and retries it
   * whole. Whether the failing row travelled alone or with others, no row of
   * that flush stays, and on success every row is there, in the same order.
   * Only statement-level triggers a user put on the table would fire once per
   * INSERT instead of once per row (row-level triggers and constraints see
   * every row as before). sql_multi_values stays ignored, as in pmacct.
   */
  readonly insertOnlyBatchParameters = PGSQL_MAX_PARAMETERS;

  constructor(style: DatetimeStyle, bulkLoad?: SqlBulkLoad) {
    this.style = style;
    this.bulkLoad = bulkLoad;
    this.columnTypes = { int: 'BIGINT', text: 'TEXT', time: style.sinceEpoch ? 'BIGINT' : 'timestamp without time zone', counter: 'BIGINT' };
  }

  /**
   * pmacct sends names unquoted, which PostgreSQL folds to lower case:
   * folding before quoting writes to the same table for `sql_table: Acct`.
   */
  quoteIdentifier(name: string): string {
    return `"${name.replace(/[A-Z]+/g, (s) => s.toLowerCase()).replaceAll('"', '""')}"`;
  }

  parameter(index: number, kind: SqlValueKind): string {
    const p = `$${index + 1}`;
    if (kind !== 'time' || this.style.sinceEpoch) return p;
    return `to_timestamp(${p})::timestamp without time zone`;
  }

  now(): string {
    return this.style.sinceEpoch ? "DATE_PART('epoch', NOW())::BIGINT" : 'CURRENT_TIMESTAMP(0)';
  }
}
