/**
 * sql_recovery_backup_host: with the primary server down, every flush goes
 * to the backup host, whole and once. For each server backend, `tsacct
 * nfacctd` runs live with a `pgsql[x]`/`mysql[x]` plugin whose sql_host is
 * 127.0.0.2 (nothing listens there: connections are refused) and whose
 * backup host is a scratch server on 127.0.0.1 (the backup shares sql_port,
 * as in pmacct), next to a `print[check]` plugin with the same aggregate.
 * After a few seconds of NetFlow v9 and SIGTERM, the backup's table holds
 * exactly what the daemon received (and, without kernel drops, what was
 * sent), one row per primary key, and the log says each purge went to the
 * backup host. The killed-primary case (a purge written to the primary,
 * the primary killed, the next purges on the backup, the primary back and
 * written again) runs against the writer directly.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { FlowGenerator } from '../../../bench/flowGenerator.ts';
import { sendLive } from '../../../bench/liveSender.ts';
import { DaemonUnderTest, freeUdpPort, receiveQueue } from '../../robustness/udpTestKit.ts';
import { ScratchMariadb, ScratchPostgres, scratchUnavailable } from './scratchServers.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const TSACCT = join(ROOT, 'bin', 'tsacct.js');
const SCHEMAS = join(ROOT, 'test', 'golden', 'sql', 'schemas');
const FLOWS_PER_SECOND = 5000;
const SEND_SECONDS = 3;

interface Totals { rows: number; packets: number; bytes: number; duplicates: number }

interface RecoveryBackend {
  name: 'pgsql' | 'mysql';
  /** Creates database pmacct with pmacct's v7 table on the backup; returns the plugin's connection lines. */
  prepare(): Promise<string[]>;
  totals(): Promise<Totals>;
}

const V7_KEY = ['ip_src', 'ip_dst', 'src_port', 'dst_port', 'ip_proto', 'stamp_inserted'];

function postgresBackend(server: ScratchPostgres): RecoveryBackend {
  const key = V7_KEY.map((c) => (c === 'src_port' ? 'port_src' : c === 'dst_port' ? 'port_dst' : c)).join(', ');
  return {
    name: 'pgsql',
    async prepare() {
      await server.query('CREATE DATABASE pmacct');
      await server.query(readFileSync(join(SCHEMAS, 'pmacct-create-table_v7.pgsql'), 'utf8'), [], 'pmacct');
      return [`sql_port[x]: ${server.port}`, `sql_user[x]: ${server.user}`, 'sql_passwd[x]: unused'];
    },
    async totals() {
      const [sums] = await server.query('SELECT COUNT(*)::bigint AS n, COALESCE(SUM(packets), 0)::bigint AS packets, COALESCE(SUM(bytes), 0)::bigint AS bytes FROM acct_v7', [], 'pmacct');
      const [dups] = await server.query(`SELECT COALESCE(SUM(n), 0)::bigint AS d FROM (SELECT COUNT(*) AS n FROM acct_v7 GROUP BY ${key} HAVING COUNT(*) > 1) AS x`, [], 'pmacct');
      return { rows: Number(sums!.n), packets: Number(sums!.packets), bytes: Number(sums!.bytes), duplicates: Number(dups!.d) };
    },
  };
}

function mariadbBackend(server: ScratchMariadb): RecoveryBackend {
  return {
    name: 'mysql',
    async prepare() {
      await server.query('CREATE DATABASE pmacct');
      for (const statement of readFileSync(join(SCHEMAS, 'pmacct-create-table_v7.mysql'), 'utf8').replace(/^--.*$/gm, '').split(';')) {
        if (statement.trim() !== '') await server.query(statement, [], { database: 'pmacct' });
      }
      return [`sql_port[x]: ${server.port}`, `sql_user[x]: ${server.user}`, `sql_passwd[x]: ${server.password}`];
    },
    async totals() {
      const [sums] = await server.query('SELECT COUNT(*) AS n, COALESCE(SUM(packets), 0) AS packets, COALESCE(SUM(bytes), 0) AS bytes FROM pmacct.acct_v7');
      const [dups] = await server.query(`SELECT COALESCE(SUM(n), 0) AS d FROM (SELECT COUNT(*) AS n FROM pmacct.acct_v7 GROUP BY ${V7_KEY.join(', ')} HAVING COUNT(*) > 1) AS x`);
      return { rows: Number(sums!.n), packets: Number(sums!.packets), bytes: Number(sums!.bytes), duplicates: Number(dups!.d) };
    },
  };
}

function csvTotals(path: string): { rows: number; packets: number; bytes: number } {
  const lines = readFileSync(path, 'utf8').split('\n').filter((l) => l !== '');
  const headerLine = lines[0]!;
  const header = headerLine.split(',');
  const p = header.indexOf('PACKETS');
  const b = header.indexOf('BYTES');
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

async function runPrimaryDown(backend: RecoveryBackend): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), `tsacct-recovery-${backend.name}-`));
  let daemon: DaemonUnderTest | null = null;
  try {
    const connection = await backend.prepare();
    const port = await freeUdpPort();
    const check = join(work, 'check.csv');
    const conf = join(work, 'nfacctd.conf');
    writeFileSync(conf, [
      'daemonize: false',
      'nfacctd_ip: 127.0.0.1',
      `nfacctd_port: ${port}`,
      'nfacctd_pipe_size: 4194304',
      'timestamps_utc: true',
      `plugins: ${backend.name}[x], print[check]`,
      'aggregate[x]: src_host, dst_host, src_port, dst_port, proto',
      // The primary: nothing listens on 127.0.0.2 (the scratch servers bind 127.0.0.1 only).
      'sql_host[x]: 127.0.0.2',
      // The legacy spelling, to check the alias too (pgsql); the documented one for mysql.
      `${backend.name === 'pgsql' ? 'sql_backup_host' : 'sql_recovery_backup_host'}[x]: 127.0.0.1`,
      ...connection,
      'sql_db[x]: pmacct',
      'sql_table_version[x]: 7',
      'sql_refresh_time[x]: 1',
      'sql_history[x]: 1m',
      'sql_history_roundoff[x]: m',
      `spool_dir[x]: ${join(work, 'spool')}`,
      'aggregate[check]: src_host, dst_host, src_port, dst_port, proto',
      'print_output[check]: csv',
      `print_output_file[check]: ${check}`,
      'print_refresh_time[check]: 3600',
      'print_output_file_append[check]: true',
      'print_cache_entries[check]: 100000',
      '',
    ].join('\n'));
    daemon = new DaemonUnderTest([TSACCT, 'nfacctd', '-f', conf]);
    await daemon.waitForLog(/waiting for NetFlow\/IPFIX data on 127\.0\.0\.1/);
    const generator = new FlowGenerator({
      protocol: 'netflow-v9', flows: FLOWS_PER_SECOND * SEND_SECONDS, distinctKeys: 500, exporters: 1, seed: 7, datagramIntervalUs: 15_000,
    });
    const sent = await sendLive(generator, { host: '127.0.0.1', port, flowsPerSecond: FLOWS_PER_SECOND, maxSeconds: SEND_SECONDS + 10 });
    while (receiveQueue(port) > 0) {
      daemon.assertAlive();
      await sleep(10);
    }
    // At least one purge during the run, then the last one at exit.
    await daemon.waitForLog(/written to the backup host '127\.0\.0\.1'/);
    const { code, signal } = await daemon.terminate();
    const log = daemon.log;
    assert.equal(signal, null, log);
    assert.equal(code, 0, log);
    const final = log.slice(log.lastIndexOf('received SIGTERM'));
    const udp = /: UDP 127\.0\.0\.1:\d+: datagrams (\d+), bytes (\d+), kernel drops (\d+)/.exec(final);
    assert.ok(udp, final);
    const plugin = new RegExp(`plugin x/${backend.name}: records (\\d+), .*write errors (\\d+), dropped (\\d+)`).exec(final);
    assert.ok(plugin, final);
    assert.equal(Number(plugin[2]), 0, 'no flush failed: each one went to the backup');
    assert.equal(Number(plugin[3]), 0, 'nothing dropped');
    assert.doesNotMatch(final, /unwritten entries/);
    assert.match(log, /primary server failed \(.*ECONNREFUSED.*\); writing the purge to the backup host '127\.0\.0\.1'/);

    const table = await backend.totals();
    const daemonSaw = csvTotals(check);
    assert.equal(table.duplicates, 0, 'one row per primary key');
    assert.deepEqual({ packets: table.packets, bytes: table.bytes }, { packets: daemonSaw.packets, bytes: daemonSaw.bytes }, 'the backup holds what the daemon received, once');
    if (Number(udp[3]) === 0) {
      assert.deepEqual({ packets: table.packets, bytes: table.bytes }, { packets: sent.packets, bytes: sent.bytes }, 'the backup holds every packet and byte sent, once');
    }
  } catch (err) {
    if (daemon) (err as Error).message += `\n--- daemon log (tail) ---\n${daemon.log.split('\n').slice(-40).join('\n')}`;
    throw err;
  } finally {
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

describe('sql_recovery_backup_host: primary down, every purge on the backup host once', { timeout: 120_000 }, () => {
  const servers: Array<{ dispose(): Promise<void> }> = [];
  after(async () => {
    for (const s of servers) await s.dispose();
  });

  it('pgsql', { skip: scratchUnavailable('pgsql') ?? false }, async () => {
    const server = await ScratchPostgres.create();
    servers.push(server);
    await runPrimaryDown(postgresBackend(server));
  });

  it('mysql', { skip: scratchUnavailable('mysql') ?? false }, async () => {
    const server = await ScratchMariadb.create();
    servers.push(server);
    await runPrimaryDown(mariadbBackend(server));
  });
});
