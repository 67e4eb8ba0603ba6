/**
 * The MySQL/MariaDB backend on `mysql2`: one connection per plugin, opened
 * at the first flush and after a failure; statements are server-side
 * prepared (mysql2 caches them per connection). pmacct 1.7.7 brackets a
 * purge with `LOCK TABLES t WRITE` … `UNLOCK TABLES` (nothing with
 * sql_locking_style none or row) and relies on autocommit; tsacct also
 * turns autocommit off for the flush so a failed one rolls back whole on
 * transactional (InnoDB) tables — MySQL's documented way to combine
 * LOCK TABLES with a transaction.
 *
 * Every statement is watched (serverWatch.ts): a server that stops
 * answering fails the flush instead of holding it, and the connection is
 * destroyed (mysql2's own query timeout would leave it waiting for the late
 * answer). After a failure the next connection KILLs the old session if the
 * server still runs it, so its table locks cannot hold the retry. MySQL
 * keeps no record of a transaction's fate, so a COMMIT whose answer was lost
 * (server crash, connection cut at that moment) is reported 'unknown' and
 * the writer writes the flush again (XA would tell, but MySQL refuses LOCK
 * TABLES inside an XA transaction).
 */
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { createConnection, type Connection, type ConnectionOptions, type ResultSetHeader, type RowDataPacket } from 'mysql2/promise';
import {
  SQL_CONNECT_TIMEOUT_MS,
  type SqlConnection, type SqlParameter, type SqlServerSettings, type SqlSessionRef, type SqlSettleOutcome,
} from './sqlConnection.ts';
import { SQL_PROBE_TIMEOUT_MS, watched, type StallGuard } from './serverWatch.ts';

/** How long settle() waits for a killed session to be gone. */
const SESSION_END_WAIT_MS = 10_000;
/** How long a polite goodbye may take before the socket is simply destroyed. */
const CLOSE_WAIT_MS = 2_000;
/** Two readings of the server's boot time (now − Uptime) closer than this are the same boot. */
const BOOT_TOLERANCE_S = 5;

export class MysqlConnection implements SqlConnection {
  private readonly conn: Connection;
  private readonly lockTables: boolean;
  private readonly quote: (name: string) => string;
  private readonly guard: StallGuard;
  private readonly serverBoot: number;
  private locked = false;
  private inTransaction = false;
  private begun = false;
  private commitUnanswered = false;
  private lost = false;

  private constructor(conn: Connection, options: ConnectionOptions, lockTables: boolean, quote: (name: string) => string, serverBoot: number) {
    this.conn = conn;
    this.lockTables = lockTables;
    this.quote = quote;
    this.serverBoot = serverBoot;
    this.guard = { probe: () => probeServer(options, conn.threadId), giveUp: () => this.drop() };
  }

  /**
   * Connects; `onError` hears errors of the idle connection (server restart),
   * after which the connection reports itself broken and the writer opens a
   * new one before its next flush.
   */
  static async open(settings: SqlServerSettings, lockTables: boolean, quote: (name: string) => string, onError: (err: Error) => void): Promise<MysqlConnection> {
    const socket = settings.host.startsWith('unix:') ? settings.host.slice('unix:'.length) : null;
    const options: ConnectionOptions = {
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
    };
    const conn = await createConnection(options);
    let self: MysqlConnection | null = null;
    conn.on('error', (err: Error) => {
      if (self === null || self.lost) return;
      self.lost = true;
      onError(err);
    });
    let boot: number;
    try {
      // The server's boot time tells a later session with the same connection id (after a restart) from this one (settle()).
      const probeOnly: StallGuard = { probe: () => probeServer(options, null), giveUp: () => destroySocket(conn) };
      const [rows] = await watched(conn.query<RowDataPacket[]>("SHOW GLOBAL STATUS LIKE 'Uptime'"), probeOnly, 'reading the server uptime', true);
      boot = Math.round(Date.now() / 1000) - Number(rows[0]?.Value ?? 0);
    } catch (err) {
      destroySocket(conn);
      throw err;
    }
    self = new MysqlConnection(conn, options, lockTables, quote, boot);
    return self;
  }

  get broken(): boolean {
    return this.lost;
  }

  async run(sql: string, params: readonly SqlParameter[]): Promise<number> {
    const [result] = await this.watch(this.conn.execute<ResultSetHeader>(sql, params as SqlParameter[]), 'a statement', true);
    return result.affectedRows;
  }

  async exec(script: string): Promise<void> {
    // One statement, as pmacct's mysql_query() of sql_table_schema: no multi-statement mode.
    await this.watch(this.conn.query(script), 'sql_table_schema', true);
  }

  async begin(tables: readonly string[]): Promise<void> {
    this.inTransaction = true;
    this.begun = true;
    this.commitUnanswered = false;
    await this.watch(this.conn.query('SET autocommit = 0'), 'BEGIN', true);
    if (this.lockTables && tables.length > 0) {
      // One LOCK TABLES for all: a second one would release the first's locks.
      await this.watch(this.conn.query(`LOCK TABLES ${tables.map((t) => `${this.quote(t)} WRITE`).join(', ')}`), 'LOCK TABLES', true);
      this.locked = true;
    } else {
      await this.watch(this.conn.query('START TRANSACTION'), 'BEGIN', true);
    }
  }

  async commit(): Promise<void> {
    this.commitUnanswered = true;
    try {
      await this.watch(this.conn.query('COMMIT'), 'COMMIT', false);
    } catch (err) {
      // An error the server sent is an answer: the transaction did not commit.
      if (!this.lost && typeof (err as { sqlState?: unknown }).sqlState === 'string') this.commitUnanswered = false;
      throw err;
    }
    this.commitUnanswered = false;
    try {
      await this.finish();
    } catch {
      // Committed: the flush is done. A connection that fails after that (UNLOCK TABLES unanswered) is
      // only replaced; the writer settles its session (KILL, releasing the table locks) before the next flush.
      this.drop();
    }
  }

  async rollback(): Promise<void> {
    if (!this.inTransaction) return;
    // A dropped connection has rolled back on the server already.
    if (this.lost) {
      this.inTransaction = false;
      this.locked = false;
      return;
    }
    try {
      await this.watch(this.conn.query('ROLLBACK'), 'ROLLBACK', true);
    } finally {
      await this.finish();
    }
  }

  async close(): Promise<void> {
    // A connection the server dropped, or this side gave up, has nothing to say goodbye to.
    if (this.lost) {
      destroySocket(this.conn);
      return;
    }
    const ended = this.conn.end().then(() => 'ended' as const, () => 'ended' as const);
    if ((await Promise.race([ended, sleep(CLOSE_WAIT_MS, 'late' as const)])) === 'late') this.drop();
  }

  sessionRef(): SqlSessionRef | null {
    if (!this.begun) return null;
    return { session: this.conn.threadId, since: String(this.serverBoot), transaction: null, commitUnanswered: this.commitUnanswered };
  }

  /** KILLs the old session if the same server still runs it; MySQL cannot tell whether an unanswered COMMIT committed. */
  async settle(previous: SqlSessionRef): Promise<SqlSettleOutcome> {
    const id = previous.session;
    const sameBoot = Math.abs(Number(previous.since) - this.serverBoot) <= BOOT_TOLERANCE_S;
    if (sameBoot && Number.isSafeInteger(id) && id > 0 && id !== this.conn.threadId) {
      const alive = async (): Promise<boolean> =>
        (await this.watch(this.conn.query<RowDataPacket[]>('SELECT ID FROM information_schema.PROCESSLIST WHERE ID = ?', [id]), 'settling a failed flush', true))[0].length > 0;
      if (await alive()) {
        try {
          await this.watch(this.conn.query(`KILL CONNECTION ${id}`), 'settling a failed flush', true);
        } catch (err) {
          // ER_NO_SUCH_THREAD: it ended meanwhile.
          if ((err as { errno?: unknown }).errno !== 1094) throw err;
        }
        const deadline = Date.now() + SESSION_END_WAIT_MS;
        while (await alive()) {
          if (Date.now() > deadline) throw new Error(`the session of the failed flush (connection ${id}) does not end`);
          await sleep(50);
        }
      }
    }
    return previous.commitUnanswered ? 'unknown' : 'aborted';
  }

  private async finish(): Promise<void> {
    this.inTransaction = false;
    if (this.locked) {
      this.locked = false;
      await this.watch(this.conn.query('UNLOCK TABLES'), 'UNLOCK TABLES', true);
    }
    await this.watch(this.conn.query('SET autocommit = 1'), 'SET autocommit', true);
  }

  private watch<T>(work: Promise<T>, what: string, probing: boolean): Promise<T> {
    return watched(work, this.guard, what, probing);
  }

  /** Destroys the socket: the server rolls back what is open when it reads the end of the stream. */
  private drop(): void {
    this.lost = true;
    destroySocket(this.conn);
  }
}

/**
 * mysql2's destroy() only half-closes (and waits for the server's end):
 * the socket itself goes, so a frozen or unreachable server holds nothing.
 */
function destroySocket(conn: Connection): void {
  conn.destroy();
  const core = (conn as unknown as { connection?: { stream?: { destroy?: () => void } } }).connection;
  core?.stream?.destroy?.();
}

/**
 * The stall check: a new connection within SQL_PROBE_TIMEOUT_MS, asking
 * whether connection `id` is working (a statement running or waiting for a
 * lock). A session the server sees sleeping is waiting for us while we wait
 * for it: the request or its answer was lost on the way (a dropped
 * connection the kernel did not notice), so waiting longer is pointless.
 */
async function probeServer(options: ConnectionOptions, id: number | null): Promise<void> {
  const conn = await createConnection({ ...options, connectTimeout: SQL_PROBE_TIMEOUT_MS });
  conn.on('error', () => undefined);
  try {
    const [rows] = await conn.query<RowDataPacket[]>({ sql: 'SELECT COMMAND FROM information_schema.PROCESSLIST WHERE ID = ?', timeout: SQL_PROBE_TIMEOUT_MS }, [id ?? 0]);
    if (id === null) return;
    const command = String(rows[0]?.COMMAND ?? 'gone');
    if (command === 'gone' || command === 'Sleep') throw new Error(`the server answers, but the statement is not running there (connection ${id}: ${command})`);
  } finally {
    destroySocket(conn);
  }
}
