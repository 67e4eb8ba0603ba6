/**
 * Throwaway database servers for tests that stop, freeze and kill them: a
 * PostgreSQL cluster (initdb + postgres) and a MariaDB instance
 * (mariadb-install-db + mariadbd), each in its own temporary directory on a
 * free 127.0.0.1 port, owned by the test. `freeze()` SIGSTOPs the server's
 * processes (postmaster and backends), `crash()` SIGKILLs them and
 * `start()` brings it back on the same port and data directory (crash
 * recovery included). `dispose()` kills what runs and removes the directory.
 *
 * Running as root (CI): PostgreSQL refuses root, so initdb and postgres run
 * as the `postgres` user (spawn's uid/gid) in a directory it owns; mariadbd
 * runs with --user=root. As another user, both run as that user.
 *
 * Both listen on TCP 127.0.0.1 only (sockets in the temp directory too) and
 * trade durability for speed where a process crash cannot lose data
 * (PostgreSQL fsync off, InnoDB flush at commit 2: writes still reach the
 * kernel before COMMIT returns, so a SIGKILL keeps every commit).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createConnection } from 'mysql2/promise';
import { Client } from 'pg';
import { freeTcpPort, listenOnLoopback } from '../../net/loopbackListen.ts';

const INITDB = '/usr/local/bin/initdb';
const POSTGRES = '/usr/local/bin/postgres';
const MARIADB_INSTALL_DB = '/usr/bin/mariadb-install-db';
const MARIADBD = '/usr/sbin/mariadbd';

/** Why a scratch server of this kind cannot run here (null: it can). */
export function scratchUnavailable(kind: 'pgsql' | 'mysql'): string | null {
  const needed = kind === 'pgsql' ? [INITDB, POSTGRES] : [MARIADB_INSTALL_DB, MARIADBD];
  const missing = needed.filter((p) => !existsSync(p));
  if (missing.length > 0) return `${missing.join(', ')} not installed`;
  if (kind === 'pgsql' && process.getuid?.() === 0 && userIds('postgres') === null) return "running as root and there is no 'postgres' user to run PostgreSQL as";
  return null;
}

/** Every process below `root`, from /proc (parents before children). */
function descendantsOf(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'latin1');
    } catch {
      continue;
    }
    // pid (comm) state ppid …: comm may hold spaces and parentheses, so read after the last ')'.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    const list = children.get(ppid) ?? [];
    list.push(Number(entry));
    children.set(ppid, list);
  }
  const out: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()!) ?? []) {
      out.push(child);
      queue.push(child);
    }
  }
  return out;
}

function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

function userIds(name: string): { uid: number; gid: number } | null {
  for (const line of readFileSync('/etc/passwd', 'utf8').split('\n')) {
    const f = line.split(':');
    if (f[0] === name && f.length >= 4) return { uid: Number(f[2]), gid: Number(f[3]) };
  }
  return null;
}

/** What every scratch server shares: a directory, a port, one server process group. */
export abstract class ScratchServer {
  readonly dir: string;
  readonly port: number;
  /** Further server options, after the ones the scratch server sets (e.g. TLS files). */
  protected extraArgs: readonly string[] = [];
  protected child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();

  protected constructor(prefix: string, port: number) {
    this.dir = mkdtempSync(join(tmpdir(), prefix));
    this.port = port;
  }

  /** The server's main process id (null when it is not running). */
  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  protected abstract command(): { file: string; args: string[]; ids: { uid: number; gid: number } | null };
  protected abstract ping(): Promise<void>;

  /** Starts the server (again: same port and data) and waits until it takes connections. */
  async start(timeoutMs = 60_000): Promise<void> {
    if (this.child !== null) throw new Error('already running');
    const { file, args, ids } = this.command();
    const log = openSync(join(this.dir, 'server.log'), 'a');
    const child = spawn(file, args, { stdio: ['ignore', log, log], detached: true, ...(ids ?? {}) });
    closeSync(log);
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    child.once('exit', () => {
      if (this.child === child) this.child = null;
    });
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.child !== child) throw new Error(`${file} exited at startup:\n${this.logTail()}`);
      try {
        await this.ping();
        return;
      } catch (err) {
        if (Date.now() > deadline) throw new Error(`${file} did not take connections within ${timeoutMs} ms (${(err as Error).message}):\n${this.logTail()}`);
        await sleep(100);
      }
    }
  }

  /** SIGSTOPs the whole server: its main process first (no new children), then every descendant. */
  freeze(): void {
    this.signalTree('SIGSTOP');
  }

  thaw(): void {
    this.signalTree('SIGCONT');
  }

  /** SIGKILLs the whole server, as a crash would, and waits until it is gone. */
  async crash(): Promise<void> {
    if (this.child === null) return;
    const exited = this.exited;
    // Stopped first, all of them: no backend outlives the postmaster long enough to say goodbye.
    const pids = this.signalTree('SIGSTOP');
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Exited meanwhile.
      }
    }
    await exited;
    // The descendants (PostgreSQL backends) are reaped by init: wait until they are gone too.
    const deadline = Date.now() + 10_000;
    while (pids.some((pid) => existsSync(`/proc/${pid}`) && !isZombie(pid)) && Date.now() < deadline) await sleep(20);
  }

  async dispose(): Promise<void> {
    if (this.child !== null) {
      this.signalTree('SIGCONT');
      await this.crash();
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  logTail(): string {
    try {
      return readFileSync(join(this.dir, 'server.log'), 'utf8').split('\n').slice(-30).join('\n');
    } catch {
      return '(no log)';
    }
  }

  /**
   * Signals the server's main process, then each of its descendants. Not its
   * process group: PostgreSQL's backends each call setsid() and leave it.
   * Returns the pids signalled.
   */
  private signalTree(signal: NodeJS.Signals): number[] {
    const pid = this.child?.pid;
    if (pid === undefined) throw new Error('the server is not running');
    const pids = [pid, ...descendantsOf(pid)];
    for (const p of pids) {
      try {
        process.kill(p, signal);
      } catch {
        // Exited meanwhile.
      }
    }
    return pids;
  }
}

/** A PostgreSQL cluster with trust authentication; superuser `postgres`. */
export class ScratchPostgres extends ScratchServer {
  readonly user = 'postgres';
  private readonly ids: { uid: number; gid: number } | null;

  private constructor(port: number) {
    super('tsacct-scratch-pg-', port);
    this.ids = process.getuid?.() === 0 ? userIds('postgres') : null;
  }

  /** `extraArgs`: more `postgres` options (e.g. `-c ssl=on`). */
  static async create(extraArgs: readonly string[] = []): Promise<ScratchPostgres> {
    const server = new ScratchPostgres(await freeTcpPort());
    server.extraArgs = extraArgs;
    try {
      if (server.ids) chownSync(server.dir, server.ids.uid, server.ids.gid);
      const init = spawnSync(INITDB, ['-D', join(server.dir, 'data'), '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions'], {
        encoding: 'utf8', timeout: 120_000, ...(server.ids ?? {}),
      });
      if (init.status !== 0) throw new Error(`initdb failed (${init.status ?? init.signal}): ${init.stderr}${init.error?.message ?? ''}`);
      await server.start();
    } catch (err) {
      await server.dispose();
      throw err;
    }
    return server;
  }

  protected command(): { file: string; args: string[]; ids: { uid: number; gid: number } | null } {
    return {
      file: POSTGRES,
      args: [
        '-D', join(this.dir, 'data'), '-p', String(this.port), '-k', this.dir,
        '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'full_page_writes=off',
        '-c', 'shared_buffers=32MB', '-c', 'max_connections=30', '-c', 'logging_collector=off',
        ...this.extraArgs,
      ],
      ids: this.ids,
    };
  }

  protected async ping(): Promise<void> {
    await this.query('SELECT 1');
  }

  /** Runs one statement on a new connection to `database`. */
  async query(sql: string, values: unknown[] = [], database = 'postgres'): Promise<Array<Record<string, unknown>>> {
    const client = new Client({ host: '127.0.0.1', port: this.port, user: this.user, database, connectionTimeoutMillis: 5000 });
    client.on('error', () => undefined);
    await client.connect();
    try {
      return (await client.query(sql, values)).rows as Array<Record<string, unknown>>;
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}

/** A MariaDB instance; user `tsacct` (password `tsacct`, every privilege) on TCP 127.0.0.1, root without password on its socket. */
export class ScratchMariadb extends ScratchServer {
  readonly user = 'tsacct';
  readonly password = 'tsacct';

  private constructor(port: number) {
    super('tsacct-scratch-mariadb-', port);
  }

  /** `extraArgs`: more `mariadbd` options (e.g. `--ssl-cert=…`). */
  static async create(extraArgs: readonly string[] = []): Promise<ScratchMariadb> {
    const server = new ScratchMariadb(await freeTcpPort());
    server.extraArgs = extraArgs;
    try {
      mkdirSync(join(server.dir, 'data'));
      const init = spawnSync(MARIADB_INSTALL_DB, [
        '--no-defaults', `--datadir=${join(server.dir, 'data')}`, '--user=root', '--auth-root-authentication-method=normal',
        '--skip-test-db', '--skip-name-resolve',
      ], { encoding: 'utf8', timeout: 120_000 });
      if (init.status !== 0) throw new Error(`mariadb-install-db failed (${init.status ?? init.signal}): ${init.stdout}${init.stderr}${init.error?.message ?? ''}`);
      await server.start();
      // The installed root is root@localhost, on the socket; TCP from 127.0.0.1 (no name resolution) has its own account.
      await server.query(`CREATE USER '${server.user}'@'127.0.0.1' IDENTIFIED BY '${server.password}'`, [], { viaSocket: true });
      await server.query(`GRANT ALL PRIVILEGES ON *.* TO '${server.user}'@'127.0.0.1'`, [], { viaSocket: true });
    } catch (err) {
      await server.dispose();
      throw err;
    }
    return server;
  }

  get socket(): string {
    return join(this.dir, 'mariadb.sock');
  }

  protected command(): { file: string; args: string[]; ids: null } {
    return {
      file: MARIADBD,
      args: [
        '--no-defaults', `--datadir=${join(this.dir, 'data')}`, `--socket=${this.socket}`, `--port=${this.port}`,
        '--bind-address=127.0.0.1', '--user=root', '--skip-name-resolve', `--pid-file=${join(this.dir, 'mariadbd.pid')}`,
        '--innodb-buffer-pool-size=32M', '--innodb-log-file-size=16M', '--innodb-flush-log-at-trx-commit=2',
        '--skip-log-bin', '--max-connections=30', '--skip-performance-schema',
        ...this.extraArgs,
      ],
      ids: null,
    };
  }

  protected async ping(): Promise<void> {
    await this.query('SELECT 1', [], { viaSocket: true });
  }

  /** Runs one statement on a new connection (over the socket while the TCP account may not exist yet). */
  async query(sql: string, values: unknown[] = [], options: { database?: string; viaSocket?: boolean } = {}): Promise<Array<Record<string, unknown>>> {
    const conn = await createConnection({
      ...(options.viaSocket ? { socketPath: this.socket, user: 'root' } : { host: '127.0.0.1', port: this.port, user: this.user, password: this.password }),
      ...(options.database !== undefined ? { database: options.database } : {}),
      connectTimeout: 5000, supportBigNumbers: true, bigNumberStrings: true,
    });
    conn.on('error', () => undefined);
    try {
      return (await conn.query(sql, values))[0] as Array<Record<string, unknown>>;
    } finally {
      await conn.end().catch(() => undefined);
    }
  }
}

/**
 * A TCP proxy in front of a scratch server that can lose a COMMIT on the
 * way: armed with 'before', it swallows the next COMMIT (pgsql simple query
 * or MySQL COM_QUERY) and cuts the client off, leaving the server's session
 * open in its transaction; with 'after', it passes the COMMIT on and cuts the
 * client off before the answer comes back, so the server commits and the
 * client never hears of it. Either way the server side stays connected
 * until close(), as a session behind a dead link would.
 */
export class CommitCuttingProxy {
  readonly port: number;
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private armed: 'before' | 'after' | null = null;
  /** How many COMMITs were cut. */
  cuts = 0;

  private constructor(server: Server, port: number) {
    this.server = server;
    this.port = port;
  }

  static async start(targetPort: number): Promise<CommitCuttingProxy> {
    const server = createServer();
    const proxy = new CommitCuttingProxy(server, await listenOnLoopback(server));
    server.on('connection', (client) => proxy.relay(client, targetPort));
    return proxy;
  }

  arm(when: 'before' | 'after'): void {
    this.armed = when;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private relay(client: Socket, targetPort: number): void {
    const upstream = connect(targetPort, '127.0.0.1');
    this.sockets.add(client);
    this.sockets.add(upstream);
    let cut = false;
    client.on('error', () => undefined);
    upstream.on('error', () => undefined);
    client.on('close', () => {
      // A client that left on its own ends its session too; a cut one leaves it behind.
      if (!cut) upstream.destroy();
    });
    upstream.on('close', () => client.destroy());
    upstream.on('data', (chunk: Buffer) => {
      if (!cut) client.write(chunk);
    });
    client.on('data', (chunk: Buffer) => {
      if (cut) return;
      if (this.armed !== null && isCommit(chunk)) {
        const when = this.armed;
        this.armed = null;
        this.cuts++;
        cut = true;
        if (when === 'after') upstream.write(chunk);
        client.destroy();
        return;
      }
      upstream.write(chunk);
    });
  }
}

/** PostgreSQL 'Q' "COMMIT\0", or a MySQL COM_QUERY (0x03) "COMMIT". */
function isCommit(chunk: Buffer): boolean {
  return (chunk[0] === 0x51 && chunk.subarray(5).toString('latin1').startsWith('COMMIT\0')) || (chunk[4] === 0x03 && chunk.subarray(5).toString('latin1') === 'COMMIT');
}
