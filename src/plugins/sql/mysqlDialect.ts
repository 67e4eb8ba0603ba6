/**
 * MySQL/MariaDB as pmacct 1.7.7's mysql plugin writes it (its statements,
 * seen in the server's general log): the table name in backticks,
 * datetimes as FROM_UNIXTIME(epoch) and stamp_updated as NOW() in the
 * session's time zone, plain epoch integers with timestamps_since_epoch.
 * Parameters are `?` of server-side prepared statements.
 */
import type { SqlValueKind } from './sqlColumnPlan.ts';
import type { SqlColumnTypes } from './sqlCreateTable.ts';
import type { DatetimeStyle, SqlDialect } from './sqlDialect.ts';

export class MysqlDialect implements SqlDialect {
  private readonly style: DatetimeStyle;
  readonly columnTypes: SqlColumnTypes;

  constructor(style: DatetimeStyle) {
    this.style = style;
    this.columnTypes = {
      int: 'BIGINT UNSIGNED', text: 'VARCHAR(255)', time: style.sinceEpoch ? 'BIGINT UNSIGNED' : 'DATETIME', counter: 'BIGINT UNSIGNED',
      // InnoDB's key limit; a utf8mb4 VARCHAR(255) takes 4 bytes per character in it.
      keyLimit: { bytes: 3072, width: { int: 8, text: 1020, time: style.sinceEpoch ? 8 : 5 } },
      // README.IPv6: INET6_ATON's 4 or 16 bytes (and INET_ATON's '0' of a fake) in VARBINARY(16).
      numericHost: { type: 'VARBINARY(16)', keyWidth: 17 },
    };
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
