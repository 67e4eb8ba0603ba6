/**
 * What the live-daemon SQL tests share (sqlOutage, sqlRecovery, sqlTls):
 * `tsacct nfacctd` run on a UDP port of its own with a config the test
 * writes, NetFlow v9 sent and taken in, a clean exit, the statistics it
 * prints at exit, a print plugin to tell what the daemon received, and
 * pmacct's v7 table on a scratch server with its totals.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { FlowGenerator, type FlowGeneratorOptions } from '../../../bench/flowGenerator.ts';
import { sendLive, type LiveSendResult } from '../../../bench/liveSender.ts';
import { DaemonUnderTest, freeUdpPort, receiveQueue } from '../../robustness/udpTestKit.ts';
import { ScratchPostgres, type ScratchMariadb } from './scratchServers.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const TSACCT = join(ROOT, 'bin', 'tsacct.js');
export const SCHEMAS = join(ROOT, 'test', 'golden', 'sql', 'schemas');

/** A daemon started by withDaemon: the process, its NetFlow port and its work folder. */
export interface DaemonRun {
  daemon: DaemonUnderTest;
  port: number;
  work: string;
}

export interface DaemonRunOptions {
  /** Log lines appended to a failure's message (default 40). */
  logTail?: number;
  /** Where to keep the daemon's whole log after the run (none: not kept). */
  keepLogAs?: string;
}

/**
 * Starts `tsacct nfacctd` in a fresh work folder on a config listening on a
 * free UDP port of 127.0.0.1 (UTC timestamps, not daemonized) plus `lines`,
 * waits until it listens and runs `body`. A failure carries the tail of the
 * daemon's log; afterwards a daemon still running is killed and the folder
 * removed.
 */
export async function withDaemon<T>(
  prefix: string, lines: (work: string) => string[], body: (run: DaemonRun) => Promise<T>, options: DaemonRunOptions = {},
): Promise<T> {
  const work = mkdtempSync(join(tmpdir(), prefix));
  let daemon: DaemonUnderTest | null = null;
  try {
    const port = await freeUdpPort();
    const conf = join(work, 'nfacctd.conf');
    writeFileSync(conf, ['daemonize: false', 'nfacctd_ip: 127.0.0.1', `nfacctd_port: ${port}`, 'timestamps_utc: true', ...lines(work), ''].join('\n'));
    daemon = new DaemonUnderTest([TSACCT, 'nfacctd', '-f', conf]);
    await daemon.waitForLog(/waiting for NetFlow\/IPFIX data on 127\.0\.0\.1/);
    return await body({ daemon, port, work });
  } catch (err) {
    if (daemon) (err as Error).message += `\n--- daemon log (tail) ---\n${daemon.log.split('\n').slice(-(options.logTail ?? 40)).join('\n')}`;
    throw err;
  } finally {
    if (options.keepLogAs !== undefined && daemon) writeFileSync(options.keepLogAs, daemon.log);
    if (daemon && !daemon.exitedEarly) {
      try {
        process.kill(daemon.pid, 0);
        await daemon.terminate('SIGKILL');
      } catch {
        // Already gone.
      }
    }
    rmSync(work, { recursive: true, force: true });
  }
}

/** Sends the generated NetFlow v9 to the daemon at `flowsPerSecond` (for at most `maxSeconds`). */
export function sendFlows(run: DaemonRun, generator: FlowGeneratorOptions, flowsPerSecond: number, maxSeconds: number): Promise<LiveSendResult> {
  return sendLive(new FlowGenerator(generator), { host: '127.0.0.1', port: run.port, flowsPerSecond, maxSeconds });
}

/** Waits until the kernel has handed every datagram sent to the daemon. */
export async function drained(run: DaemonRun): Promise<void> {
  while (receiveQueue(run.port) > 0) {
    run.daemon.assertAlive();
    await sleep(10);
  }
}

/** SIGTERM; the daemon must flush and exit 0. Returns its log. */
export async function stopCleanly(daemon: DaemonUnderTest): Promise<string> {
  const { code, signal } = await daemon.terminate();
  assert.equal(signal, null, daemon.log);
  assert.equal(code, 0, daemon.log);
  return daemon.log;
}

/** The statistics the daemon logged after SIGTERM: its UDP socket's, and SQL plugin x's. */
export interface ExitStatistics {
  /** The log from the last SIGTERM on. */
  final: string;
  datagrams: number;
  kernelDrops: number;
  writeErrors: number;
  dropped: number;
}

export function exitStatistics(log: string, backend: string): ExitStatistics {
  const final = log.slice(log.lastIndexOf('received SIGTERM'));
  const udp = /: UDP 127\.0\.0\.1:\d+: datagrams (\d+), bytes (\d+), kernel drops (\d+)/.exec(final);
  assert.ok(udp, `no UDP statistics after SIGTERM:\n${final}`);
  const plugin = new RegExp(`plugin x/${backend}: records (\\d+), .*write errors (\\d+), dropped (\\d+)`).exec(final);
  assert.ok(plugin, `no statistics of plugin x:\n${final}`);
  return { final, datagrams: Number(udp[1]), kernelDrops: Number(udp[3]), writeErrors: Number(plugin[2]), dropped: Number(plugin[3]) };
}

/** A `print[check]` plugin with the SQL plugin's aggregate, written (appended) at exit only: what the daemon received. */
export function checkPrintPlugin(path: string): string[] {
  return [
    'aggregate[check]: src_host, dst_host, src_port, dst_port, proto',
    'print_output[check]: csv',
    `print_output_file[check]: ${path}`,
    // Written at exit, and at a full hour should the run cross one: appended, never replaced.
    'print_refresh_time[check]: 3600',
    'print_output_file_append[check]: true',
    'print_cache_entries[check]: 100000',
  ];
}

/** Sums of the print plugin's CSV (columns named in its header; appended purges may repeat it). */
export function csvTotals(path: string): { rows: number; packets: number; bytes: number } {
  const lines = readFileSync(path, 'utf8').split('\n').filter((l) => l !== '');
  const headerLine = lines[0]!;
  const header = headerLine.split(',');
  const p = header.indexOf('PACKETS');
  const b = header.indexOf('BYTES');
  assert.ok(p >= 0 && b >= 0, `no PACKETS/BYTES in ${headerLine}`);
  let rows = 0;
  let packets = 0;
  let bytes = 0;
  for (const line of lines) {
    if (line === headerLine) continue;
    const f = line.split(',');
    rows++;
    packets += Number(f[p]);
    bytes += Number(f[b]);
  }
  return { rows, packets, bytes };
}

/** sql_port, sql_user and sql_passwd of a scratch server. */
export function credentials(server: ScratchPostgres | ScratchMariadb): string[] {
  const password = server instanceof ScratchPostgres ? 'unused' : server.password;
  return [`sql_port[x]: ${server.port}`, `sql_user[x]: ${server.user}`, `sql_passwd[x]: ${password}`];
}

/** Creates database pmacct holding pmacct's v7 table (its pmacct-create-table_v7 script). */
export async function createPmacctV7(server: ScratchPostgres | ScratchMariadb): Promise<void> {
  await server.query('CREATE DATABASE pmacct');
  if (server instanceof ScratchPostgres) {
    await server.query(readFileSync(join(SCHEMAS, 'pmacct-create-table_v7.pgsql'), 'utf8'), [], 'pmacct');
    return;
  }
  // pmacct's script holds a DROP and a CREATE; mysql2 runs one statement at a time.
  for (const statement of readFileSync(join(SCHEMAS, 'pmacct-create-table_v7.mysql'), 'utf8').replace(/^--.*$/gm, '').split(';')) {
    if (statement.trim() !== '') await server.query(statement, [], { database: 'pmacct' });
  }
}

export interface TableTotals {
  rows: number;
  packets: number;
  bytes: number;
  /** Rows sharing one primary key with another row. */
  duplicates: number;
}

/** What pmacct.acct_v7 holds; duplicates counted over `key` (MySQL's column names; pgsql's port_src/port_dst taken for src_port/dst_port). */
export async function v7Totals(server: ScratchPostgres | ScratchMariadb, key: readonly string[]): Promise<TableTotals> {
  if (server instanceof ScratchPostgres) {
    const columns = key.map((c) => (c === 'src_port' ? 'port_src' : c === 'dst_port' ? 'port_dst' : c)).join(', ');
    const [sums] = await server.query('SELECT COUNT(*)::bigint AS n, COALESCE(SUM(packets), 0)::bigint AS packets, COALESCE(SUM(bytes), 0)::bigint AS bytes FROM acct_v7', [], 'pmacct');
    const [dups] = await server.query(`SELECT COALESCE(SUM(n), 0)::bigint AS d FROM (SELECT COUNT(*) AS n FROM acct_v7 GROUP BY ${columns} HAVING COUNT(*) > 1) AS x`, [], 'pmacct');
    return { rows: Number(sums!.n), packets: Number(sums!.packets), bytes: Number(sums!.bytes), duplicates: Number(dups!.d) };
  }
  const [sums] = await server.query('SELECT COUNT(*) AS n, COALESCE(SUM(packets), 0) AS packets, COALESCE(SUM(bytes), 0) AS bytes FROM pmacct.acct_v7');
  const [dups] = await server.query(`SELECT COALESCE(SUM(n), 0) AS d FROM (SELECT COUNT(*) AS n FROM pmacct.acct_v7 GROUP BY ${key.join(', ')} HAVING COUNT(*) > 1) AS x`);
  return { rows: Number(sums!.n), packets: Number(sums!.packets), bytes: Number(sums!.bytes), duplicates: Number(dups!.d) };
}
