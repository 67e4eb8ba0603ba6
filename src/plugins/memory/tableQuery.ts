/**
 * A question to a memory table, as the pmacct client's switches and the HTTP
 * API ask it. It travels as one line of JSON over the table's UNIX socket, so
 * it is plain data, checked by parseTableQuery where it arrives.
 */

export type TableOutput = 'formatted' | 'csv' | 'json' | 'event_formatted' | 'event_csv';
export type CounterName = 'bytes' | 'packets' | 'flows';

export interface TableQuery {
  /**
   * show: every entry (-s); match: entries matching `requests` (-M);
   * counters: counters of entries matching each request (-N); erase: -e;
   * status: -t; sinceClear: -i; customPrimitives: -U; classifiers: -C.
   */
  kind: 'show' | 'match' | 'counters' | 'erase' | 'status' | 'sinceClear' | 'customPrimitives' | 'classifiers';
  /** -c: the primitives the requests give values for. */
  primitives: string[];
  /** -M/-N: one request per ';'-separated part, values ','-separated in `primitives` order ('*' matches anything). */
  requests: string[];
  output: TableOutput;
  /** -n: counters -N prints ('all': packets, bytes, flows and the number of matching entries). */
  counters: CounterName | 'all';
  /** -S: one sum over all requests instead of one line each. */
  sum: boolean;
  /** -T: the top entries by a counter (count 0: all, sorted). */
  top: { by: CounterName; count: number } | null;
  /** -r: zero the counters of what was read. */
  reset: boolean;
  /** -E */
  separator: string;
  /** -I */
  sinceEpoch: boolean;
  /** -0 */
  utc: boolean;
  /** -u */
  numericProtocols: boolean;
}

export function defaultTableQuery(kind: TableQuery['kind']): TableQuery {
  return {
    kind,
    primitives: [],
    requests: [],
    output: 'formatted',
    counters: 'bytes',
    sum: false,
    top: null,
    reset: false,
    separator: ',',
    sinceEpoch: false,
    utc: false,
    numericProtocols: false,
  };
}

const KINDS: ReadonlyArray<TableQuery['kind']> = ['show', 'match', 'counters', 'erase', 'status', 'sinceClear', 'customPrimitives', 'classifiers'];
const OUTPUTS: readonly TableOutput[] = ['formatted', 'csv', 'json', 'event_formatted', 'event_csv'];
const COUNTERS: ReadonlyArray<CounterName | 'all'> = ['bytes', 'packets', 'flows', 'all'];

export class TableQueryError extends Error {}

/** Checks a query received as JSON; unknown or ill-typed fields are refused, missing ones take their defaults. */
export function parseTableQuery(text: string): TableQuery {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new TableQueryError('query is not JSON');
  }
  if (typeof raw !== 'object' || raw === null) throw new TableQueryError('query is not an object');
  const o = raw as Record<string, unknown>;
  if (!KINDS.includes(o['kind'] as TableQuery['kind'])) throw new TableQueryError(`unknown query kind '${String(o['kind'])}'`);
  const q = defaultTableQuery(o['kind'] as TableQuery['kind']);
  if (o['primitives'] !== undefined) q.primitives = stringList(o['primitives'], 'primitives');
  if (o['requests'] !== undefined) q.requests = stringList(o['requests'], 'requests');
  if (o['output'] !== undefined) {
    if (!OUTPUTS.includes(o['output'] as TableOutput)) throw new TableQueryError(`unknown output '${String(o['output'])}'`);
    q.output = o['output'] as TableOutput;
  }
  if (o['counters'] !== undefined) {
    if (!COUNTERS.includes(o['counters'] as CounterName)) throw new TableQueryError(`unknown counters '${String(o['counters'])}'`);
    q.counters = o['counters'] as CounterName | 'all';
  }
  if (o['top'] !== undefined && o['top'] !== null) {
    const t = o['top'] as Record<string, unknown>;
    if (!COUNTERS.includes(t['by'] as CounterName) || t['by'] === 'all' || !Number.isInteger(t['count']) || (t['count'] as number) < 0) {
      throw new TableQueryError('top must be {by: bytes|packets|flows, count: integer >= 0}');
    }
    q.top = { by: t['by'] as CounterName, count: t['count'] as number };
  }
  for (const flag of ['sum', 'reset', 'sinceEpoch', 'utc', 'numericProtocols'] as const) {
    if (o[flag] !== undefined) {
      if (typeof o[flag] !== 'boolean') throw new TableQueryError(`${flag} must be true or false`);
      q[flag] = o[flag];
    }
  }
  if (o['separator'] !== undefined) {
    if (typeof o['separator'] !== 'string') throw new TableQueryError('separator must be a string');
    q.separator = o['separator'];
  }
  return q;
}

function stringList(value: unknown, name: string): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw new TableQueryError(`${name} must be a list of strings`);
  return value as string[];
}
