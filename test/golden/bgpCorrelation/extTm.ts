/**
 * Acceptance 3 of issue 8: the external traffic matrix of pmacct's seed
 * slides,
 *   aggregate[ext_tm]: src_as, in_iface, peer_src_ip, peer_dst_ip, peer_dst_as, as_path, dst_as
 * with nfacctd_as/nfacctd_net bgp, in 5-minute bins (sql_history 5m),
 * written end to end into SQLite (sqlite3 plugin) and PostgreSQL (pgsql
 * plugin) by one collector fed by the correlation scenario's speaker and
 * capture (bgpCorrelationScenario.ts). The tables (custom, with
 * sql_optimize_clauses: test/golden/sql/schemas/ext-tm.*) are dumped as
 * the SQL goldens dump theirs (test/golden/sql/sqlGolden.ts).
 */
import { join } from 'node:path';
import { PgsqlTarget, SqliteTarget, type SqlBackendName, type SqlCase } from '../sql/sqlGolden.ts';
import { collectorBaseLines, ROUTES, scenarioDir, type CollectorRun } from './bgpCorrelationScenario.ts';
import { sqlPluginLines } from './sqlPluginLines.ts';

export const EXT_TM_AGGREGATE = 'src_as, in_iface, peer_src_ip, peer_dst_ip, peer_dst_as, as_path, dst_as';
const PLUGIN: Record<'sqlite3' | 'pgsql', string> = { sqlite3: 'tm_lite', pgsql: 'tm_pg' };
/** 5-minute bins, as the seed slides' matrix. */
const EXT_TM_HISTORY = ['sql_history: 5m', 'sql_history_roundoff: m'];

export function extTmCase(backend: 'sqlite3' | 'pgsql'): SqlCase {
  return {
    name: 'ext-tm', backend, capture: '', schema: 'ext-tm', table: 'acct_ext_tm', aggregate: EXT_TM_AGGREGATE,
    extra: [], runs: 1, history: true, pmacctOneTablePerPurge: false,
  };
}

export function extTmStoredPath(backend: SqlBackendName): string {
  return join(scenarioDir, `ext-tm.${backend}.pmacct.csv`);
}

export interface ExtTmTargets {
  sqlite3: SqliteTarget;
  pgsql: PgsqlTarget;
}

export function extTmTargets(pgDatabase: string): ExtTmTargets {
  return { sqlite3: new SqliteTarget(), pgsql: new PgsqlTarget(pgDatabase) };
}

/** The collector run writing both tables. */
export function extTmRun(targets: ExtTmTargets): CollectorRun {
  return {
    speaker: '127.0.0.5',
    config: (dir, port) => [
      ...collectorBaseLines(dir, port),
      'nfacctd_as: bgp',
      'nfacctd_net: bgp',
      `plugins: sqlite3[${PLUGIN.sqlite3}], pgsql[${PLUGIN.pgsql}]`,
      ...sqlPluginLines(PLUGIN.sqlite3, EXT_TM_AGGREGATE, targets.sqlite3, 'acct_ext_tm', EXT_TM_HISTORY),
      ...sqlPluginLines(PLUGIN.pgsql, EXT_TM_AGGREGATE, targets.pgsql, 'acct_ext_tm', EXT_TM_HISTORY),
      '',
    ].join('\n'),
  };
}

/**
 * pmacct 1.7.7 writes peer_ip_dst as unset where it comes from BGP
 * (docs/compat.md, "peer_dst_ip from BGP"); tsacct writes the next hop of
 * the destination route. Checks each row's next hop by hand against the
 * scenario (the route is the one whose AS path the row carries; an empty
 * path is the internal route 119.160.128.0/17 or no route at all), then
 * writes the unset value instead and adds up rows that become equal, as
 * pmacct's table holds them.
 */
export function withPmacctPeerDstIp(dump: string, backend: 'sqlite3' | 'pgsql'): { text: string; problems: string[] } {
  // pgsql's inet columns read back with their prefix length.
  const address = (a: string): string => (backend === 'pgsql' ? `${a}/32` : a);
  const unset = address('0.0.0.0');
  const problems: string[] = [];
  const lines = dump.split('\n').filter(Boolean);
  const out: string[] = [];
  let columns: string[] = [];
  const rows = new Map<string, number[]>();
  const flush = (): void => {
    for (const [key, counters] of [...rows.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
      const f = key.split(',');
      f.splice(columns.indexOf('packets'), 0, String(counters[0]), String(counters[1]));
      out.push(f.join(','));
    }
    rows.clear();
  };
  const pathText = (p: string): string => p.replaceAll('"', '').trim();
  for (const line of lines) {
    if (line.startsWith('-- ')) {
      flush();
      out.push(line);
      columns = [];
      continue;
    }
    if (columns.length === 0) {
      columns = line.split(',');
      out.push(line);
      continue;
    }
    const f = line.split(',');
    const nh = f[columns.indexOf('peer_ip_dst')]!;
    const path = pathText(f[columns.indexOf('as_path')]!);
    const want = ROUTES.filter((r) => {
      const asns = (r.spec.asPath ?? []).flatMap((s) => (typeof s === 'number' ? [s] : s.asns));
      return asns.join(' ') === path;
    }).map((r) => address(r.spec.nextHop!));
    if (path === '') want.push(unset);
    if (!want.includes(nh)) problems.push(`${line}: peer_ip_dst should be one of ${want.join(', ')}`);
    f[columns.indexOf('peer_ip_dst')] = unset;
    const packets = Number(f[columns.indexOf('packets')]);
    const bytes = Number(f[columns.indexOf('bytes')]);
    f.splice(columns.indexOf('packets'), 2);
    const key = f.join(',');
    const sum = rows.get(key) ?? [0, 0];
    rows.set(key, [sum[0]! + packets, sum[1]! + bytes]);
  }
  flush();
  return { text: out.map((l) => l + '\n').join(''), problems };
}
