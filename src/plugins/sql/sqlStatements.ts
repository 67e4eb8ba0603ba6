/**
 * The statements of one table, built once per table name from the column
 * plan and the dialect, in pmacct 1.7.7's shape:
 *
 *   UPDATE t SET packets=packets+?, bytes=bytes+?[, flows=flows+?][, tcp_flags=tcp_flags|?]
 *     [, stamp_updated=<now>] WHERE [stamp_inserted=<bin> AND] col=? AND …
 *   INSERT INTO t ([stamp_updated, stamp_inserted, ]cols…, packets, bytes[, flows]) VALUES (…)[, (…)…]
 *
 * Only identifiers from config and the catalog enter the text; every value
 * is a parameter. With sql_num_hosts an address's placeholder is wrapped as
 * pmacct wraps its value: `INET6_ATON(?)` (`INET_ATON(?)` for a fake).
 */
import type { SqlColumnPlan, SqlHostFunction, SqlValueKind } from './sqlColumnPlan.ts';
import type { SqlDialect } from './sqlDialect.ts';

export interface TableStatements {
  readonly update: string;
  /** INSERT of `rows` rows (1 unless sql_multi_values batches them). */
  insert(rows: number): string;
  /** The bulk-load statement (COPY) when the dialect has one. */
  readonly copy: string | null;
  /** Kind of each INSERT parameter of one row. */
  readonly insertKinds: readonly SqlValueKind[];
}

export function buildTableStatements(table: string, plan: SqlColumnPlan, dialect: SqlDialect, history: boolean): TableStatements {
  const q = (name: string): string => dialect.quoteIdentifier(name);
  const t = q(table);

  let p = 0;
  const param = (kind: SqlValueKind, through?: SqlHostFunction): string => wrap(dialect.parameter(p++, kind), through);
  const sets = [`${q('packets')}=${q('packets')}+${param('int')}`, `${q('bytes')}=${q('bytes')}+${param('int')}`];
  if (plan.hasFlows) sets.push(`${q('flows')}=${q('flows')}+${param('int')}`);
  if (plan.orTcpFlags) sets.push(`${q('tcp_flags')}=${q('tcp_flags')}|${param('int')}`);
  if (history) sets.push(`${q('stamp_updated')}=${dialect.now()}`);
  const where: string[] = [];
  if (history) where.push(`${q('stamp_inserted')}=${param('time')}`);
  for (const c of plan.columns) if (c.inWhere) where.push(`${q(c.name)}=${param(c.kind, c.hostFunction)}`);
  const update = `UPDATE ${t} SET ${sets.join(', ')}${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''}`;

  const { names, kinds } = insertColumns(plan, history);
  const through = insertHostFunctions(plan, history);
  const head = `INSERT INTO ${t} (${names.map(q).join(', ')}) VALUES `;
  const inserts = new Map<number, string>();
  const insert = (rows: number): string => {
    let text = inserts.get(rows);
    if (text === undefined) {
      const groups: string[] = [];
      let n = 0;
      for (let r = 0; r < rows; r++) groups.push(`(${kinds.map((k, i) => wrap(dialect.parameter(n++, k), through[i])).join(', ')})`);
      text = head + groups.join(', ');
      inserts.set(rows, text);
    }
    return text;
  };
  const bulk = dialect.bulkLoad;
  return { update, insert, copy: bulk ? bulk.statement(t, names.map(q)) : null, insertKinds: kinds };
}

/** The INSERT's columns and the kind of each value, in the order of SqlWriter's INSERT parameters. */
export function insertColumns(plan: SqlColumnPlan, history: boolean): { names: string[]; kinds: SqlValueKind[] } {
  return {
    names: [...(history ? ['stamp_updated', 'stamp_inserted'] : []), ...plan.columns.map((c) => c.name), 'packets', 'bytes', ...(plan.hasFlows ? ['flows'] : [])],
    kinds: [...(history ? ['time', 'time'] as const : []), ...plan.columns.map((c) => c.kind), 'int', 'int', ...(plan.hasFlows ? ['int'] as const : [])],
  };
}

/** The sql_num_hosts function of each INSERT value, in the order of insertColumns (undefined: none). */
function insertHostFunctions(plan: SqlColumnPlan, history: boolean): Array<SqlHostFunction | undefined> {
  return [...(history ? [undefined, undefined] : []), ...plan.columns.map((c) => c.hostFunction), undefined, undefined, ...(plan.hasFlows ? [undefined] : [])];
}

function wrap(placeholder: string, through: SqlHostFunction | undefined): string {
  return through === undefined ? placeholder : `${through}(${placeholder})`;
}

/** Parameters of one INSERT row (and of the UPDATE, in its own order): see SqlRowValues. */
export function insertWidth(plan: SqlColumnPlan, history: boolean): number {
  return (history ? 2 : 0) + plan.columns.length + 2 + (plan.hasFlows ? 1 : 0);
}

export function updateWidth(plan: SqlColumnPlan, history: boolean): number {
  let n = 2 + (plan.hasFlows ? 1 : 0) + (plan.orTcpFlags ? 1 : 0) + (history ? 1 : 0);
  for (const c of plan.columns) if (c.inWhere) n++;
  return n;
}
