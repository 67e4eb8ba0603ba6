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

export class PgsqlDialect implements SqlDialect {
  private readonly style: DatetimeStyle;
  readonly bulkLoad: SqlBulkLoad | undefined;
  readonly columnTypes: SqlColumnTypes;

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
