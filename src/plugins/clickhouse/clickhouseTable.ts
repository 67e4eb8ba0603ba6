/**
 * The table the clickhouse plugin writes: the SQL plugins' columns for the
 * plugin's aggregate (sql_optimize_clauses naming: only the aggregated
 * primitives, ip_src, port_dst, tag, timestamp_start + _residual, …; see
 * src/plugins/sql/sqlColumnPlan.ts), in ClickHouse types, plus
 * stamp_inserted/stamp_updated with history, the counters, and
 * tsacct_write_id (the INSERT that wrote the row; clickhouseWriteLedger.ts).
 *
 * Types, for ClickHouse 18.16 (Debian 12's): counters UInt64; numbers in
 * the narrowest unsigned type their primitive's range fits; addresses,
 * protocols and other texts String (18.16 has neither the IPv4/IPv6 domains
 * nor LowCardinality without an experimental flag; String keeps the print
 * plugin's text, so queries match what pmacct prints); stamp_* and
 * timestamp_* DateTime (whole seconds; the _residual column keeps the
 * microseconds, as pmacct's SQL tables do).
 *
 * The autocreated table is a MergeTree ordered by stamp_inserted and the
 * aggregated primitives (the SQL plugins' primary key) and, with history,
 * partitioned by the UTC day of stamp_inserted, so old days are dropped with
 * ALTER TABLE … DROP PARTITION.
 */
import type { SqlColumn, SqlColumnPlan, SqlValueKind } from '../sql/sqlColumnPlan.ts';

/** The column telling which INSERT wrote each row. */
export const WRITE_ID_COLUMN = 'tsacct_write_id';

export interface ClickhouseColumn {
  readonly name: string;
  readonly type: string;
  /** Part of the sorting key (the SQL plugins' WHERE columns, stamp_inserted first). */
  readonly inKey: boolean;
}

/**
 * Numbers whose field is at most 16 or 8 bits wide wherever they come from
 * (ports, masks, header bytes). ClickHouse wraps a value too large for its
 * column silently (70000 into UInt16 reads 4464), so only fields that cannot
 * exceed the type are narrowed; the rest are UInt32 or UInt64.
 */
const NARROW_TYPES: Readonly<Record<string, string>> = {
  port_src: 'UInt16', port_dst: 'UInt16', src_port: 'UInt16', dst_port: 'UInt16',
  post_nat_port_src: 'UInt16', post_nat_port_dst: 'UInt16', tunnel_port_src: 'UInt16', tunnel_port_dst: 'UInt16',
  vlan: 'UInt16', cos: 'UInt16', tcp_flags: 'UInt16', nat_event: 'UInt16', mpls_stack_depth: 'UInt16',
  tos: 'UInt8', tunnel_tos: 'UInt8', mask_src: 'UInt8', mask_dst: 'UInt8', ip_proto: 'UInt8', tunnel_ip_proto: 'UInt8',
};

/** 64-bit numbers (pre_tag_map tags). */
const WIDE_TYPES: ReadonlySet<string> = new Set(['tag', 'tag2', 'agent_id']);

function typeOf(column: SqlColumn): string {
  const kinds: Readonly<Record<SqlValueKind, () => string>> = {
    text: () => 'String',
    time: () => 'DateTime',
    int: () => NARROW_TYPES[column.name] ?? (WIDE_TYPES.has(column.name) ? 'UInt64' : 'UInt32'),
  };
  return kinds[column.kind]();
}

/** Every column of the plugin's table, in its INSERT order. */
export function clickhouseColumns(plan: SqlColumnPlan, history: boolean, writeId: boolean): ClickhouseColumn[] {
  const columns: ClickhouseColumn[] = [];
  if (history) columns.push({ name: 'stamp_inserted', type: 'DateTime', inKey: true }, { name: 'stamp_updated', type: 'DateTime', inKey: false });
  for (const c of plan.columns) columns.push({ name: c.name, type: typeOf(c), inKey: c.inWhere });
  columns.push({ name: 'packets', type: 'UInt64', inKey: false }, { name: 'bytes', type: 'UInt64', inKey: false });
  if (plan.hasFlows) columns.push({ name: 'flows', type: 'UInt64', inKey: false });
  if (writeId) columns.push({ name: WRITE_ID_COLUMN, type: 'UInt64', inKey: false });
  return columns;
}

/** A name between backquotes, as ClickHouse reads it. */
export function quoteIdentifier(name: string): string {
  return `\`${name.replace(/\\/g, '\\\\').replace(/`/g, '\\`')}\``;
}

/** A string literal between single quotes. */
export function quoteString(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

export function qualifiedTable(database: string, table: string): string {
  return `${quoteIdentifier(database)}.${quoteIdentifier(table)}`;
}

export function createTableStatement(database: string, table: string, columns: readonly ClickhouseColumn[], history: boolean): string {
  const key = columns.filter((c) => c.inKey).map((c) => quoteIdentifier(c.name));
  return [
    `CREATE TABLE IF NOT EXISTS ${qualifiedTable(database, table)} (`,
    columns.map((c) => `${quoteIdentifier(c.name)} ${c.type}`).join(', '),
    ') ENGINE = MergeTree',
    history ? " PARTITION BY toYYYYMMDD(stamp_inserted, 'UTC')" : '',
    ` ORDER BY ${key.length > 0 ? `(${key.join(', ')})` : 'tuple()'}`,
  ].join('');
}
