/**
 * A backend connection as the SQL writer uses it. Statements are
 * parameterised text the core builds from config and catalog names only;
 * values always travel as parameters. Results may be synchronous (embedded
 * SQLite) or promises (network drivers), so the embedded backend costs no
 * promise per row.
 */
export type SqlParameter = string | number | null;

export interface SqlConnection {
  /** Runs a parameterised statement; resolves to the number of rows it changed. */
  run(sql: string, params: readonly SqlParameter[]): number | Promise<number>;
  /** Runs a script of statements without parameters (sql_table_schema). */
  exec(script: string): void | Promise<void>;
  /**
   * Opens the flush's transaction; `tables` are the tables it writes, which a
   * server backend locks as pmacct does (sql_locking_style).
   */
  begin(tables: readonly string[]): void | Promise<void>;
  commit(): void | Promise<void>;
  rollback(): void | Promise<void>;
  close(): void | Promise<void>;
  /** Set once the server dropped the connection: the writer reconnects before the next flush instead of failing it. */
  readonly broken?: boolean;
  /**
   * Bulk load (pgsql's COPY … FROM STDIN with sql_use_copy): streams `data`,
   * rows already in the load's text format, after the COPY statement `sql`.
   */
  copyIn?(sql: string, data: string): Promise<void>;
  /** Server backends: the session and transaction of the last begin() (null before any). */
  sessionRef?(): SqlSessionRef | null;
  /**
   * Server backends, on a new connection after a flush failed on another:
   * ends that connection's session if the server still runs it (so its locks
   * go and its transaction is over) and says how its transaction ended.
   * Throws when that cannot be told yet (the flush then fails and waits).
   */
  settle?(previous: SqlSessionRef): Promise<SqlSettleOutcome>;
}

/**
 * The server session of a connection and its open transaction, kept by the
 * writer when a flush fails so that the retry cannot apply it twice.
 */
export interface SqlSessionRef {
  /** The session on the server: PostgreSQL's backend pid, MySQL's connection id. */
  readonly session: number;
  /** When that session (pgsql: backend_start) or the server (mysql: its boot) started: tells it from a later one with the same id. */
  readonly since: string;
  /** The transaction's id where the server can report its fate later (pgsql: txid), else null. */
  readonly transaction: string | null;
  /** A COMMIT was sent and no answer came: the transaction may have committed. */
  readonly commitUnanswered: boolean;
}

/** How a failed flush's transaction ended; 'unknown' when the server cannot tell (MySQL after an unanswered COMMIT). */
export type SqlSettleOutcome = 'committed' | 'aborted' | 'unknown';

/** Where a server backend (mysql, pgsql) connects: sql_host, sql_port, sql_user, sql_passwd, sql_db, sql_conn_ca_file. */
export interface SqlServerSettings {
  /** sql_host; for mysql `unix:/path` is a socket, for pgsql a path is libpq's socket directory. */
  host: string;
  /** sql_port (null: the backend's default). */
  port: number | null;
  user: string;
  password: string;
  database: string;
  /** sql_conn_ca_file: TLS to the server, verified against this CA (null: no TLS). */
  caFile: string | null;
}

/** sql_locking_style. */
export type SqlLockingStyle = 'table' | 'row' | 'none';

/** How long connecting may take before the flush fails and is retried later. */
export const SQL_CONNECT_TIMEOUT_MS = 15_000;
/**
 * How long one statement may take (waiting for a lock included) before the
 * flush fails: a stuck server must not hold the plugin's flushes forever.
 * A server that stops answering altogether fails sooner (serverWatch.ts).
 */
export const SQL_STATEMENT_TIMEOUT_MS = 300_000;
