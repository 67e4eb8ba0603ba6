/**
 * sql_use_copy (with sql_dont_try_update): pmacct 1.7.7's pgsql plugin
 * loads rows with `COPY t (cols…) FROM STDIN DELIMITER ','` (sql_delimiter)
 * in text format, datetimes as 'YYYY-MM-DD HH:MM:SS' (epoch integers with
 * timestamps_since_epoch). pmacct writes values as they are, so a value
 * holding the delimiter breaks its row; tsacct escapes it, a backslash and
 * line ends as the COPY text format defines, so any value loads as itself.
 */
import type { SqlValueKind } from './sqlColumnPlan.ts';
import type { SqlParameter } from './sqlConnection.ts';
import type { DatetimeStyle, SqlBulkLoad } from './sqlDialect.ts';

export class PgsqlCopy implements SqlBulkLoad {
  private readonly delimiter: string;
  private readonly style: DatetimeStyle;
  private readonly special: RegExp;

  /** `delimiter` is one character other than a backslash or a line end (checked by the plugin). */
  constructor(delimiter: string, style: DatetimeStyle) {
    this.delimiter = delimiter;
    this.style = style;
    this.special = new RegExp(`[\\\\\\n\\r${delimiter.replace(/[\]^\\-]/g, '\\$&')}]`, 'g');
  }

  statement(table: string, columns: readonly string[]): string {
    // The delimiter is config text: a string literal, quote doubled.
    return `COPY ${table} (${columns.join(', ')}) FROM STDIN DELIMITER '${this.delimiter.replaceAll("'", "''")}'`;
  }

  row(values: readonly SqlParameter[], from: number, width: number, kinds: readonly SqlValueKind[]): string {
    let line = '';
    for (let i = 0; i < width; i++) {
      if (i > 0) line += this.delimiter;
      line += this.field(values[from + i]!, kinds[i]!);
    }
    return line + '\n';
  }

  private field(value: SqlParameter, kind: SqlValueKind): string {
    if (value === null) return '\\N';
    if (kind === 'time' && !this.style.sinceEpoch) return datetimeText(Number(value), this.style.utc);
    if (typeof value === 'number') return String(value);
    return value.replace(this.special, escape);
  }
}

function escape(c: string): string {
  if (c === '\n') return '\\n';
  if (c === '\r') return '\\r';
  return `\\${c}`;
}

function datetimeText(epoch: number, utc: boolean): string {
  const d = new Date(epoch * 1000);
  const two = (n: number): string => (n < 10 ? `0${n}` : String(n));
  if (utc) return `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}
