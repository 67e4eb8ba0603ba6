/**
 * MySQL/MariaDB as pmacct 1.7.7's mysql plugin writes it (its statements,
 * seen in the server's general log): the table name in backticks,
 * datetimes as FROM_UNIXTIME(epoch) and stamp_updated as NOW() in the
 * session's time zone, plain epoch integers with timestamps_since_epoch.
 * Parameters are `?` of server-side prepared statements.
 */
import type { SqlValueKind } from './sqlColumnPlan.ts';
import type { DatetimeStyle, SqlDialect } from './sqlDialect.ts';

export class MysqlDialect implements SqlDialect {
  private readonly style: DatetimeStyle;

  constructor(style: DatetimeStyle) {
    this.style = style;
  }

  quoteIdentifier(name: string): string {
    return `\`${name.replaceAll('`', '``')}\``;
  }

  parameter(_index: number, kind: SqlValueKind): string {
    return kind === 'time' && !this.style.sinceEpoch ? 'FROM_UNIXTIME(?)' : '?';
  }

  now(): string {
    return this.style.sinceEpoch ? 'UNIX_TIMESTAMP(NOW())' : 'NOW()';
  }
}
