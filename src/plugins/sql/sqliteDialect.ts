/**
 * SQLite as pmacct 1.7.7's sqlite3 plugin writes it: datetimes are
 * DATETIME(epoch, 'unixepoch') text, with 'localtime' unless timestamps_utc
 * (as its statements show), or plain epoch integers with
 * timestamps_since_epoch.
 */
import type { SqlValueKind } from './sqlColumnPlan.ts';
import type { SqlColumnTypes } from './sqlCreateTable.ts';
import type { DatetimeStyle, SqlDialect } from './sqlDialect.ts';

export class SqliteDialect implements SqlDialect {
  private readonly style: DatetimeStyle;
  readonly columnTypes: SqlColumnTypes;

  constructor(style: DatetimeStyle) {
    this.style = style;
    // numericHost: README.sqlite3's INT for sql_num_hosts; an IPv6 address is a BLOB in it (sqliteInetFunctions.ts).
    const numericHost = { type: 'INTEGER', keyWidth: 0 };
    this.columnTypes = { int: 'INTEGER', text: 'TEXT', time: style.sinceEpoch ? 'INTEGER' : 'DATETIME', counter: 'INTEGER', numericHost };
  }

  quoteIdentifier(name: string): string {
    return `"${name.replaceAll('"', '""')}"`;
  }

  /**
   * node:sqlite binds every JS number as a REAL, which a TEXT-affinity column
   * would store as "6.0" where pmacct's integer literal stores "6": integers
   * are cast back, in the statement, so binding allocates nothing per value.
   */
  parameter(_index: number, kind: SqlValueKind): string {
    if (kind === 'text') return '?';
    if (kind === 'int' || this.style.sinceEpoch) return 'CAST(? AS INTEGER)';
    return this.style.utc ? "DATETIME(CAST(? AS INTEGER), 'unixepoch')" : "DATETIME(CAST(? AS INTEGER), 'unixepoch', 'localtime')";
  }

  now(): string {
    if (this.style.sinceEpoch) return "STRFTIME('%s', 'now')";
    return this.style.utc ? "DATETIME('now')" : "DATETIME('now', 'localtime')";
  }
}
