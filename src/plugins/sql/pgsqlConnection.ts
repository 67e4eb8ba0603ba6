/**
 * The PostgreSQL backend on `pg`: one client per plugin, opened at the first
 * flush and after a failure. Each distinct statement text is a named
 * prepared statement (per table the UPDATE and INSERTs of a few row counts,
 * see SqlWriter), parsed once per connection.
 * Transactions lock like pmacct 1.7.7 (`BEGIN; LOCK t IN EXCLUSIVE MODE;`,
 * ROW EXCLUSIVE with sql_locking_style row, none with `none` or
 * sql_dont_try_update); COPY goes through pg-copy-streams.
 *
 * Every statement is watched (serverWatch.ts): a server that stops answering
 * fails the flush instead of holding it, and the connection is destroyed.
 * Each transaction notes its txid, so that after a COMMIT whose answer was
 * lost (server crash, connection cut, or no answer in
 * SQL_STATEMENT_TIMEOUT_MS) the next connection terminates the old session
 * if it still runs and asks txid_status() whether it committed: the writer
 * then neither loses nor repeats the flush.
 */
import { readFileSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, DatabaseError, type ClientConfig } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import {
  SQL_CONNECT_TIMEOUT_MS,
  type SqlConnection, type SqlParameter, type SqlServerSettings, type SqlSessionRef, type SqlSettleOutcome,
} from './sqlConnection.ts';
import { SQL_PROBE_TIMEOUT_MS, watched, type StallGuard } from './serverWatch.ts';

/** pmacct's lock clause for the tables of a transaction (null: BEGIN only). */
export type PgsqlLockMode = 'EXCLUSIVE' | 'ROW EXCLUSIVE' | null;

/** How long settle() waits for a terminated session to be gone. */
const SESSION_END_WAIT_MS = 10_000;
/** How long a polite goodbye may take before the socket is simply destroyed. */
const CLOSE_WAIT_MS = 2_000;

export class PgsqlConnection implements SqlConnection {
  private readonly client: Client;
  private readonly config: ClientConfig;
  private readonly lockMode: PgsqlLockMode;
  private readonly quote: (name: string) => string;
  private readonly names = new Map<string, string>();
  private readonly guard: StallGuard;
  /** The server session running the transaction, as the transaction itself reported it (pid, backend_start). */
  private session: { pid: number; since: string } | null = null;
  private inTransaction = false;
  private transaction: string | null = null;
  private commitUnanswered = false;
  private begun = false;
  private lost = false;
  /** Set when this side destroys the connection: the driver's error is then no news. */
  private dropping = false;

  private constructor(client: Client, config: ClientConfig, lockMode: PgsqlLockMode, quote: (name: string) => string) {
    this.client = client;
    this.config = config;
    this.lockMode = lockMode;
    this.quote = quote;
    this.guard = { probe: () => this.probe(), giveUp: () => this.drop() };
  }

  /**
   * Connects; `onError` hears errors of the idle connection (server restart),
   * after which the connection reports itself broken and the writer opens a
   * new one before its next flush.
   */
  static async open(settings: SqlServerSettings, lockMode: PgsqlLockMode, quote: (name: string) => string, onError: (err: Error) => void): Promise<PgsqlConnection> {
    const config: ClientConfig = {
      host: settings.host,
      port: settings.port ?? 5432,
      user: settings.user,
      password: settings.password,
      database: settings.database,
      // libpq's sslmode=verify-full sslrootcert=<file>, as pmacct asks with sql_conn_ca_file.
      ssl: settings.caFile !== null ? { ca: readFileSync(settings.caFile), rejectUnauthorized: true } : false,
      connectionTimeoutMillis: SQL_CONNECT_TIMEOUT_MS,
      keepAlive: true,
      application_name: 'tsacct',
    };
    const client = new Client(config);
    let self: PgsqlConnection | null = null;
    client.on('error', (err: Error) => {
      if (self?.dropping) return;
      if (self) self.lost = true;
      onError(err);
    });
    try {
      await client.connect();
    } catch (err) {
      await client.end().catch(() => undefined);
      throw err;
    }
    self = new PgsqlConnection(client, config, lockMode, quote);
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
    const result = await this.watch(this.client.query({ name, text: sql, values: params as SqlParameter[] }), 'a statement', true);
    return result.rowCount ?? 0;
  }

  async exec(script: string): Promise<void> {
    await this.watch(this.client.query(script), 'sql_table_schema', true);
  }

  async begin(tables: readonly string[]): Promise<void> {
    // Simple-query protocol: BEGIN and LOCK travel as one message, as pmacct sends them.
    const lock = this.lockMode !== null && tables.length > 0 ? ` LOCK ${tables.map(this.quote).join(', ')} IN ${this.lockMode} MODE;` : '';
    this.inTransaction = true;
    this.begun = true;
    this.transaction = null;
    this.commitUnanswered = false;
    await this.watch(this.client.query(`BEGIN;${lock}`), 'BEGIN', true);
    // The transaction's id and session, asked inside it (right even behind a session-pooling proxy), for settle().
    const me = await this.watch(
      this.client.query<{ xid: string; pid: number; since: string }>('SELECT txid_current()::text AS xid, pid, backend_start::text AS since FROM pg_stat_activity WHERE pid = pg_backend_pid()'),
      'BEGIN', true,
    );
    const row = me.rows[0];
    this.transaction = row?.xid ?? null;
    this.session = row ? { pid: row.pid, since: row.since } : null;
  }

  async commit(): Promise<void> {
    this.commitUnanswered = true;
    try {
      await this.watch(this.client.query('COMMIT'), 'COMMIT', false);
    } catch (err) {
      // An error the server sent (a SQLSTATE) is an answer: the transaction did not commit.
      if (err instanceof DatabaseError && !this.lost) this.commitUnanswered = false;
      throw err;
    }
    this.commitUnanswered = false;
    this.inTransaction = false;
  }

  async rollback(): Promise<void> {
    if (!this.inTransaction) return;
    this.inTransaction = false;
    // A dropped connection has rolled back on the server already.
    if (this.lost) return;
    await this.watch(this.client.query('ROLLBACK'), 'ROLLBACK', true);
  }

  async close(): Promise<void> {
    if (this.lost) {
      this.drop();
      return;
    }
    const ended = this.client.end();
    const timer = sleep(CLOSE_WAIT_MS, 'late' as const);
    if ((await Promise.race([ended.then(() => 'ended' as const, () => 'ended' as const), timer])) === 'late') this.drop();
  }

  async copyIn(sql: string, data: string): Promise<void> {
    const stream = this.client.query(copyFrom(sql));
    await this.watch(pipeline(Readable.from([data]), stream), 'COPY', true);
  }

  /**
   * Null (or without a transaction) until the transaction told its id: a
   * flush that failed before that holds a lock at most (BEGIN; LOCK), which
   * the server drops when it reads the end of the destroyed connection.
   */
  sessionRef(): SqlSessionRef | null {
    if (!this.begun || this.session === null) return null;
    return { session: this.session.pid, since: this.session.since, transaction: this.transaction, commitUnanswered: this.commitUnanswered };
  }

  /** Terminates the old session if it still runs the failed flush's transaction, then asks the server whether that committed. */
  async settle(previous: SqlSessionRef): Promise<SqlSettleOutcome> {
    // backend_xid is the 32-bit form of the txid: the session counts only while it still runs that transaction.
    const same = 'pid = $1 AND backend_start::text = $2 AND backend_xid::text = ($3::bigint % 4294967296)::text';
    const values = [previous.session, previous.since, previous.transaction];
    const alive = async (): Promise<boolean> => (await this.watch(this.client.query(`SELECT 1 FROM pg_stat_activity WHERE ${same}`, values), 'settling a failed flush', true)).rows.length > 0;
    if (previous.transaction !== null && (await alive())) {
      await this.watch(this.client.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE ${same}`, values), 'settling a failed flush', true);
      const deadline = Date.now() + SESSION_END_WAIT_MS;
      while (await alive()) {
        if (Date.now() > deadline) throw new Error(`the session of the failed flush (backend ${previous.session}) does not end`);
        await sleep(50);
      }
    }
    if (!previous.commitUnanswered) return 'aborted';
    if (previous.transaction === null) return 'unknown';
    const status = await this.watch(this.client.query<{ status: string | null }>('SELECT txid_status($1::bigint) AS status', [previous.transaction]), 'settling a failed flush', true);
    const s = status.rows[0]?.status ?? null;
    if (s === 'committed' || s === 'aborted') return s;
    if (s === 'in progress') throw new Error(`the transaction of the failed flush (txid ${previous.transaction}) is still in progress`);
    return 'unknown';
  }

  private watch<T>(work: Promise<T>, what: string, probing: boolean): Promise<T> {
    return watched(work, this.guard, what, probing);
  }

  /** Destroys the socket: the server rolls back what is open when it reads the end of the stream. */
  private drop(): void {
    this.lost = true;
    this.dropping = true;
    this.client.connection.stream.destroy();
  }

  private probe(): Promise<void> {
    return probeServer(this.config, this.session?.pid ?? null);
  }
}

/**
 * The stall check: a new connection within SQL_PROBE_TIMEOUT_MS, asking
 * whether session `pid` is working (a statement running or waiting for a
 * lock). A session the server sees idle is waiting for us while we wait for
 * it: the request or its answer was lost on the way (a dropped connection
 * the kernel did not notice), so waiting longer is pointless.
 */
async function probeServer(config: ClientConfig, pid: number | null): Promise<void> {
  const client = new Client({ ...config, connectionTimeoutMillis: SQL_PROBE_TIMEOUT_MS, query_timeout: SQL_PROBE_TIMEOUT_MS, application_name: 'tsacct-probe' });
  client.on('error', () => undefined);
  try {
    await client.connect();
    if (pid === null) {
      await client.query('SELECT 1');
      return;
    }
    const rows = (await client.query<{ state: string | null }>('SELECT state FROM pg_stat_activity WHERE pid = $1', [pid])).rows;
    const state = rows[0]?.state ?? 'gone';
    if (state === 'gone' || state.startsWith('idle')) throw new Error(`the server answers, but the statement is not running there (session ${pid}: ${state})`);
  } finally {
    client.connection.stream.destroy();
  }
}
