/**
 * What the mysql plugin adds to the SQL core, as pmacct 1.7.7 does it:
 * default tables are those of sqlite3 (acct, acct_v2 … acct_v8, acct_bgp;
 * version 9 falls back to acct, confirmed with nfacctd's "Table
 * 'pmacct.acct' doesn't exist"), and LOCK TABLES only with
 * sql_locking_style table (MySQL has no row style: pmacct locks nothing).
 */
import type { SqlLockingStyle } from './sqlConnection.ts';
import { defaultSqliteTable } from './sqlTableProfile.ts';

export function defaultMysqlTable(version: number): string {
  return defaultSqliteTable(version);
}

export function mysqlLocksTables(style: SqlLockingStyle): boolean {
  return style === 'table';
}
