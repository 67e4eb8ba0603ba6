/**
 * What the pgsql plugin adds to the SQL core, as pmacct 1.7.7 does it:
 * default tables (sql_data typed: acct, acct_vN, acct_as* when an AS is
 * aggregated below v6; unified: acct_uni*), port_src/port_dst and numeric
 * ip_proto in every table version (pmacct's pgsql scripts use them from v1),
 * and the refusal of typed tables mixing hosts and AS numbers below v6.
 */
import type { SqlColumnPlan } from './sqlColumnPlan.ts';
import type { SqlLockingStyle } from './sqlConnection.ts';
import type { PgsqlLockMode } from './pgsqlConnection.ts';
import { familyVersion, isBgpTable } from './sqlTableProfile.ts';

export type PgsqlData = 'typed' | 'unified';

const AS_PRIMITIVES = ['src_as', 'dst_as', 'sum_as'];
const HOST_PRIMITIVES = ['src_host', 'dst_host', 'sum_host', 'src_net', 'dst_net', 'sum_net'];

/**
 * pmacct's default table (PG_init_default_values, confirmed with nfacctd's
 * "relation … does not exist"): version 9 has no name of its own and falls
 * back to acct, the bgp table is acct_bgp only when typed, and unified below
 * v6 (or v8, or bgp) ends at acct_uni.
 */
export function defaultPgsqlTable(version: number, data: PgsqlData, primitives: readonly string[]): string {
  const hasAs = primitives.some((p) => AS_PRIMITIVES.includes(p));
  if (data === 'typed') {
    if (isBgpTable(version)) return familyVersion(version) === 1 ? 'acct_bgp' : hasAs ? 'acct_as' : 'acct';
    if (version >= 6 && version <= 8) return `acct_v${version}`;
    if (version >= 2 && version <= 5) return hasAs ? `acct_as_v${version}` : `acct_v${version}`;
    return hasAs ? 'acct_as' : 'acct';
  }
  // pmacct warns "Unified data are no longer supported. Switching to typed data." from v6.
  if (version === 6 || version === 7) return `acct_v${version}`;
  if (version >= 2 && version <= 5) return `acct_uni_v${version}`;
  return 'acct_uni';
}

/** pmacct exits with "'typed' PostgreSQL table in use: unable to mix HOST/NET and AS aggregations." */
export function typedMixError(version: number, data: PgsqlData, tableSet: boolean, primitives: readonly string[]): string | null {
  if (tableSet || data !== 'typed' || version >= 6) return null;
  const hasAs = primitives.some((p) => AS_PRIMITIVES.includes(p));
  const hasHost = primitives.some((p) => HOST_PRIMITIVES.includes(p));
  return hasAs && hasHost
    ? "the default 'typed' PostgreSQL tables below v6 cannot hold both hosts/networks and AS numbers (as pmacct 1.7.7); use sql_data: unified, sql_table_version 6 or later, or your own sql_table"
    : null;
}

/** The pgsql scripts name ports port_src/port_dst in every version (MySQL and SQLite only from v8). */
export function pgsqlColumnPlan(plan: SqlColumnPlan): SqlColumnPlan {
  const rename: Readonly<Record<string, string>> = { src_port: 'port_src', dst_port: 'port_dst' };
  return { ...plan, columns: plan.columns.map((c) => (rename[c.name] !== undefined ? { ...c, name: rename[c.name]! } : c)) };
}

/** pmacct's lock clause: BEGIN only with sql_dont_try_update or `none`. */
export function pgsqlLockMode(style: SqlLockingStyle, dontTryUpdate: boolean): PgsqlLockMode {
  if (dontTryUpdate || style === 'none') return null;
  return style === 'row' ? 'ROW EXCLUSIVE' : 'EXCLUSIVE';
}
