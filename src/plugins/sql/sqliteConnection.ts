/**
 * The embedded backend: node:sqlite on the sql_db file, one statement
 * prepared per distinct text (a handful per table) and reused for every row.
 * The connection has INET_ATON and INET6_ATON, which sql_num_hosts needs.
 */
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type { SqlConnection, SqlParameter } from './sqlConnection.ts';
import { defineInetFunctions } from './sqliteInetFunctions.ts';

export class SqliteConnection implements SqlConnection {
  private readonly db: DatabaseSync;
  private readonly statements = new Map<string, StatementSync>();

  constructor(path: string) {
    this.db = new DatabaseSync(path);
    // A reader (sqlite3 CLI, a report) holding the file briefly must not fail a purge.
    this.db.exec('PRAGMA busy_timeout = 5000');
    defineInetFunctions(this.db);
  }

  run(sql: string, params: readonly SqlParameter[]): number {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return Number(statement.run(...params).changes);
  }

  exec(script: string): void {
    this.db.exec(script);
  }

  begin(): void {
    this.db.exec('BEGIN');
  }

  commit(): void {
    this.db.exec('COMMIT');
  }

  rollback(): void {
    if (this.db.isTransaction) this.db.exec('ROLLBACK');
  }

  close(): void {
    this.statements.clear();
    this.db.close();
  }
}
