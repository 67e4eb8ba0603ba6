/**
 * The PostgreSQL backend on `pg`: one client per plugin, opened at the first
 * flush and after a failure. Each distinct statement text is a named
 * prepared statement (a handful per table), parsed once per connection.
 * Transactions lock like pmacct 1.7.7 (`BEGIN; LOCK t IN EXCLUSIVE MODE;`,
 * ROW EXCLUSIVE with sql_locking_style row, none with `none` or
 * sql_dont_try_update); COPY goes through pg-copy-streams.
 */
import { readFileSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import {
  SQL_CONNECT_TIMEOUT_MS, SQL_STATEMENT_TIMEOUT_MS,
  type SqlConnection, type SqlParameter, type SqlServerSettings,
} from './sqlConnection.ts';

/** pmacct's lock clause for the tables of a transaction (null: BEGIN only). */
export type PgsqlLockMode = 'EXCLUSIVE' | 'ROW EXCLUSIVE' | null;

export class PgsqlConnection implements SqlConnection {
  private readonly client: Client;
  private readonly lockMode: PgsqlLockMode;
  private readonly quote: (name: string) => string;
  private readonly names = new Map<string, string>();
  private inTransaction = false;
  private lost = false;

  private constructor(client: Client, lockMode: PgsqlLockMode, quote: (name: string) => string) {
    this.client = client;
    this.lockMode = lockMode;
    this.quote = quote;
  }

  /**
   * Connects; `onError` hears errors of the idle connection (server restart),
   * after which the connection reports itself broken and the writer opens a
   * new one before its next flush.
   */
  static async open(settings: SqlServerSettings, lockMode: PgsqlLockMode, quote: (name: string) => string, onError: (err: Error) => void): Promise<PgsqlConnection> {
    const client = new Client({
      host: settings.host,
      port: settings.port ?? 5432,
      user: settings.user,
      password: settings.password,
      database: settings.database,
      // libpq's sslmode=verify-full sslrootcert=<file>, as pmacct asks with sql_conn_ca_file.
      ssl: settings.caFile !== null ? { ca: readFileSync(settings.caFile), rejectUnauthorized: true } : false,
      connectionTimeoutMillis: SQL_CONNECT_TIMEOUT_MS,
      query_timeout: SQL_STATEMENT_TIMEOUT_MS,
      keepAlive: true,
      application_name: 'tsacct',
    });
    let self: PgsqlConnection | null = null;
    client.on('error', (err: Error) => {
      if (self) self.lost = true;
      onError(err);
    });
    try {
      await client.connect();
    } catch (err) {
      await client.end().catch(() => undefined);
      throw err;
    }
    self = new PgsqlConnection(client, lockMode, quote);
    return self;
  }

  get broken(): boolean {
    return this.lost;
  }

  async run(sql: string, params: readonly SqlParameter[]): Promise<number> {
    let name = this.names.get(sql);
    if (name === undefined) {
      name = `tsacct_${this.names.size}`;
      this.names.set(sql, name);
    }
    const result = await this.client.query({ name, text: sql, values: params as SqlParameter[] });
    return result.rowCount ?? 0;
  }

  async exec(script: string): Promise<void> {
    await this.client.query(script);
  }

  async begin(tables: readonly string[]): Promise<void> {
    // Simple-query protocol: BEGIN and LOCK travel as one message, as pmacct sends them.
    const lock = this.lockMode !== null && tables.length > 0 ? ` LOCK ${tables.map(this.quote).join(', ')} IN ${this.lockMode} MODE;` : '';
    this.inTransaction = true;
    await this.client.query(`BEGIN;${lock}`);
  }

  async commit(): Promise<void> {
    await this.client.query('COMMIT');
    this.inTransaction = false;
  }

  async rollback(): Promise<void> {
    if (!this.inTransaction) return;
    this.inTransaction = false;
    await this.client.query('ROLLBACK');
  }

  async close(): Promise<void> {
    await this.client.end();
  }

  async copyIn(sql: string, data: string): Promise<void> {
    const stream = this.client.query(copyFrom(sql));
    await pipeline(Readable.from([data]), stream);
  }
}
