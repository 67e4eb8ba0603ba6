/**
 * Issue 8, gap 1: every BGP primitive pmacct 1.7.7's SQL plugins write —
 * of the destination route (comms, ecomms, lcomms, as_path, local_pref,
 * med) and of the source route (comms_src, ecomms_src, lcomms_src,
 * as_path_src, local_pref_src, med_src, peer_as_src) — written by one
 * collector fed by the correlation scenario's speaker and capture
 * (bgpCorrelationScenario.ts) into SQLite, PostgreSQL and MySQL/MariaDB at
 * once, in custom tables (test/golden/sql/schemas/bgp-attributes.*) with
 * sql_optimize_clauses. The tables are dumped as the SQL goldens dump theirs
 * (test/golden/sql/sqlGolden.ts): rows ordered by every column.
 */
import { join } from 'node:path';
import { MysqlTarget, PgsqlTarget, SqliteTarget, type GoldenTarget, type SqlCase } from '../sql/sqlGolden.ts';
import { ALL_FROM_BGP_LINES, collectorBaseLines, scenarioDir, type CollectorRun } from './bgpCorrelationScenario.ts';
import { sqlPluginLines } from './sqlPluginLines.ts';

export type BgpAttributesBackend = 'sqlite3' | 'pgsql' | 'mysql';
export const BGP_ATTRIBUTES_BACKENDS: readonly BgpAttributesBackend[] = ['sqlite3', 'pgsql', 'mysql'];

export const BGP_ATTRIBUTES_AGGREGATE = 'src_as, dst_as, std_comm, ext_comm, lrg_comm, src_std_comm, src_ext_comm, src_lrg_comm, '
  + 'as_path, src_as_path, local_pref, src_local_pref, med, src_med, peer_src_as';
const PLUGIN: Record<BgpAttributesBackend, string> = { sqlite3: 'attrs_lite', pgsql: 'attrs_pg', mysql: 'attrs_my' };

export function bgpAttributesCase(backend: BgpAttributesBackend): SqlCase {
  return {
    name: 'bgp-attributes', backend, capture: '', schema: 'bgp-attributes', table: 'acct_bgp_attrs', aggregate: BGP_ATTRIBUTES_AGGREGATE,
    extra: [], runs: 1, history: false, pmacctOneTablePerPurge: false,
  };
}

export function bgpAttributesStoredPath(backend: BgpAttributesBackend): string {
  return join(scenarioDir, `bgp-attributes.${backend}.pmacct.csv`);
}

export type BgpAttributesTargets = Record<BgpAttributesBackend, GoldenTarget>;

/** Fresh databases named after `who` (pmacct's regeneration and tsacct's test may run at once). */
export function bgpAttributesTargets(who: string): BgpAttributesTargets {
  return {
    sqlite3: new SqliteTarget(),
    pgsql: new PgsqlTarget(`${who}_bgp_attrs`),
    mysql: new MysqlTarget(`${who}_bgp_attrs`, `${who}_bgp_attrs`.slice(0, 32)),
  };
}

/** The collector's config but for its plugins: BGP feed, capture, and every attribute of both routes from BGP. */
export function bgpAttributesCollectorLines(dir: string, port: number): string[] {
  return [...collectorBaseLines(dir, port), ...ALL_FROM_BGP_LINES];
}

/** The collector run writing the three tables. */
export function bgpAttributesRun(targets: BgpAttributesTargets): CollectorRun {
  return {
    speaker: '127.0.0.5',
    config: (dir, port) => [
      ...bgpAttributesCollectorLines(dir, port),
      `plugins: ${BGP_ATTRIBUTES_BACKENDS.map((b) => `${b}[${PLUGIN[b]}]`).join(', ')}`,
      ...BGP_ATTRIBUTES_BACKENDS.flatMap((b) => sqlPluginLines(PLUGIN[b], BGP_ATTRIBUTES_AGGREGATE, targets[b], 'acct_bgp_attrs')),
      '',
    ].join('\n'),
  };
}
