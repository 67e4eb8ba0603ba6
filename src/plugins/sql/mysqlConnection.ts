/**
 * The MySQL/MariaDB backend on `mysql2`: one connection per plugin, opened
 * at the first flush and after a failure; statements are server-side
 * prepared (mysql2 caches them per connection). pmacct 1.7.7 brackets a
 * purge with `LOCK TABLES t WRITE` … `UNLOCK TABLES` (nothing with
 * sql_locking_style none or row) and relies on autocommit; tsacct also
 * turns autocommit off for the flush so a failed one rolls back whole on
 * transactional (InnoDB) tables — MySQL's documented way to combine
 * LOCK TABLES with a transaction.
 */
import { readFileSync } from 'node:fs';
import { createConnection, type Connection, type ResultSetHeader } from 'mysql2/promise';
import {
  SQL_CONNECT_TIMEOUT_MS, SQL_STATEMENT_TIMEOUT_MS,
  type SqlConnection, type SqlParameter, type SqlServerSettings,
} from './sqlConnection.ts';

export class MysqlConnection implements SqlConnection {
  private readonly conn: Connection;
  private readonly lockTables: boolean;
  private readonly quote: (name: string) => string;
  private locked = false;
  private inTransaction = false;
  private lost = false;

  private constructor(conn: Connection, lockTables: boolean, quote: (name: string) => string) {
    this.conn = conn;
    this.lockTables = lockTables;
    this.quote = quote;
  }

  /**
   * Connects; `onError` hears errors of the idle connection (server restart),
   * after which the connection reports itself broken and the writer opens a
   * new one before its next flush.
   */
  static async open(settings: SqlServerSettings, lockTables: boolean, quote: (name: string) => string, onError: (err: Error) => void): Promise<MysqlConnection> {
    const socket = settings.host.startsWith('unix:') ? settings.host.slice('unix:'.length) : null;
    const conn = await createConnection({
      ...(socket !== null ? { socketPath: socket } : { host: settings.host, port: settings.port ?? 3306 }),
      user: settings.user,
      password: settings.password,
      database: settings.database,
      ssl: settings.caFile !== null ? { ca: readFileSync(settings.caFile), rejectUnauthorized: true } : undefined,
      connectTimeout: SQL_CONNECT_TIMEOUT_MS,
      // Text results only matter to tests; counters beyond 2^53 stay exact as strings.
      supportBigNumbers: true,
      bigNumberStrings: true,
      dateStrings: true,
    });
    const self = new MysqlConnection(conn, lockTables, quote);
    conn.on('error', (err: Error) => {
      self.lost = true;
      onError(err);
    });
    return self;
  }

  get broken(): boolean {
    return this.lost;
  }

  async run(sql: string, params: readonly SqlParameter[]): Promise<number> {
    const [result] = await this.conn.execute<ResultSetHeader>({ sql, timeout: SQL_STATEMENT_TIMEOUT_MS }, params as SqlParameter[]);
    return result.affectedRows;
  }

  async exec(script: string): Promise<void> {
    // One statement, as pmacct's mysql_query() of sql_table_schema: no multi-statement mode.
    await this.conn.query({ sql: script, timeout: SQL_STATEMENT_TIMEOUT_MS });
  }

  async begin(tables: readonly string[]): Promise<void> {
    this.inTransaction = true;
    await this.conn.query('SET autocommit = 0');
    if (this.lockTables && tables.length > 0) {
      // One LOCK TABLES for all: a second one would release the first's locks.
      await this.conn.query({ sql: `LOCK TABLES ${tables.map((t) => `${this.quote(t)} WRITE`).join(', ')}`, timeout: SQL_STATEMENT_TIMEOUT_MS });
      this.locked = true;
    } else {
      await this.conn.query('START TRANSACTION');
    }
  }

  async commit(): Promise<void> {
    await this.conn.query('COMMIT');
    await this.finish();
  }

  async rollback(): Promise<void> {
    if (!this.inTransaction) return;
    try {
      await this.conn.query('ROLLBACK');
    } finally {
      await this.finish();
    }
  }

  async close(): Promise<void> {
    // A connection the server dropped has nothing to say goodbye to.
    if (this.lost) this.conn.destroy();
    else await this.conn.end();
  }

  private async finish(): Promise<void> {
    this.inTransaction = false;
    if (this.locked) {
      this.locked = false;
      await this.conn.query('UNLOCK TABLES');
    }
    await this.conn.query('SET autocommit = 1');
  }
}
