/**
 * Which of pmacct's table layouts a SQL plugin writes: sql_table_version 1..9
 * and sql_table_type bgp, folded into one number the way pmacct 1.7.7 does
 * (bgp adds 1000), plus the default table name each backend uses for it.
 * Column names and value rules depend on this number (see sqlColumnPlan.ts).
 */

/** pmacct's offset of the BGP table family: bgp v1 is version 1001. */
export const BGP_VERSION_BASE = 1000;

export interface SqlTableProfile {
  /** sql_table_version, plus BGP_VERSION_BASE for the bgp table type. */
  readonly version: number;
  /** sql_optimize_clauses: a custom table holding only the aggregated primitives. */
  readonly optimized: boolean;
}

export function isBgpTable(version: number): boolean {
  return version >= BGP_VERSION_BASE;
}

/** The version inside its family (bgp v1 → 1). */
export function familyVersion(version: number): number {
  return version % BGP_VERSION_BASE;
}

/**
 * pmacct 1.7.7's sqlite3 default tables. Version 9 has no entry of its own in
 * the binary and falls back to 'acct' (checked with nfacctd: "no such table:
 * acct" with sql_table_version 9), so the acct_v9 table of pmacct's script
 * must be named with sql_table.
 */
export function defaultSqliteTable(version: number): string {
  if (isBgpTable(version)) return 'acct_bgp';
  if (version >= 2 && version <= 8) return `acct_v${version}`;
  return 'acct';
}

/** pmacct's sqlite3 default database file. */
export const DEFAULT_SQLITE_DB = '/tmp/pmacct.db';
