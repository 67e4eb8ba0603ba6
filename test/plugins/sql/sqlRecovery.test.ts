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
import { join } from 'node:path';
import { ScratchMariadb, ScratchPostgres, scratchUnavailable } from './scratchServers.ts';
import {
  checkPrintPlugin, createPmacctV7, credentials, csvTotals, drained, exitStatistics, sendFlows, stopCleanly, v7Totals, withDaemon,
} from './sqlDaemonRun.ts';

const FLOWS_PER_SECOND = 5000;
const SEND_SECONDS = 3;

const V7_KEY = ['ip_src', 'ip_dst', 'src_port', 'dst_port', 'ip_proto', 'stamp_inserted'];

async function runPrimaryDown(server: ScratchPostgres | ScratchMariadb): Promise<void> {
  const name = server instanceof ScratchPostgres ? 'pgsql' : 'mysql';
  // The backup: database pmacct with pmacct's v7 table.
  await createPmacctV7(server);
  const config = (work: string): string[] => [
    'nfacctd_pipe_size: 4194304',
    `plugins: ${name}[x], print[check]`,
    'aggregate[x]: src_host, dst_host, src_port, dst_port, proto',
    // The primary: nothing listens on 127.0.0.2 (the scratch servers bind 127.0.0.1 only).
    'sql_host[x]: 127.0.0.2',
    // The legacy spelling, to check the alias too (pgsql); the documented one for mysql.
    `${name === 'pgsql' ? 'sql_backup_host' : 'sql_recovery_backup_host'}[x]: 127.0.0.1`,
    ...credentials(server),
    'sql_db[x]: pmacct',
    'sql_table_version[x]: 7',
    'sql_refresh_time[x]: 1',
    'sql_history[x]: 1m',
    'sql_history_roundoff[x]: m',
    `spool_dir[x]: ${join(work, 'spool')}`,
    ...checkPrintPlugin(join(work, 'check.csv')),
  ];
  await withDaemon(`tsacct-recovery-${name}-`, config, async (run) => {
    const { daemon, work } = run;
    const sent = await sendFlows(run, {
      protocol: 'netflow-v9', flows: FLOWS_PER_SECOND * SEND_SECONDS, distinctKeys: 500, exporters: 1, seed: 7, datagramIntervalUs: 15_000,
    }, FLOWS_PER_SECOND, SEND_SECONDS + 10);
    await drained(run);
    // At least one purge during the run, then the last one at exit.
    await daemon.waitForLog(/written to the backup host '127\.0\.0\.1'/);
    const log = await stopCleanly(daemon);
    const { final, kernelDrops, writeErrors, dropped } = exitStatistics(log, name);
    assert.equal(writeErrors, 0, 'no flush failed: each one went to the backup');
    assert.equal(dropped, 0, 'nothing dropped');
    assert.doesNotMatch(final, /unwritten entries/);
    assert.match(log, /primary server failed \(.*ECONNREFUSED.*\); writing the purge to the backup host '127\.0\.0\.1'/);

    const table = await v7Totals(server, V7_KEY);
    const daemonSaw = csvTotals(join(work, 'check.csv'));
    assert.equal(table.duplicates, 0, 'one row per primary key');
    assert.deepEqual({ packets: table.packets, bytes: table.bytes }, { packets: daemonSaw.packets, bytes: daemonSaw.bytes }, 'the backup holds what the daemon received, once');
    if (kernelDrops === 0) {
      assert.deepEqual({ packets: table.packets, bytes: table.bytes }, { packets: sent.packets, bytes: sent.bytes }, 'the backup holds every packet and byte sent, once');
    }
  });
}

describe('sql_recovery_backup_host: primary down, every purge on the backup host once', { timeout: 120_000 }, () => {
  const servers: Array<{ dispose(): Promise<void> }> = [];
  after(async () => {
    for (const s of servers) await s.dispose();
  });

  it('pgsql', { skip: scratchUnavailable('pgsql') ?? false }, async () => {
    const server = await ScratchPostgres.create();
    servers.push(server);
    await runPrimaryDown(server);
  });

  it('mysql', { skip: scratchUnavailable('mysql') ?? false }, async () => {
    const server = await ScratchMariadb.create();
    servers.push(server);
    await runPrimaryDown(server);
  });
});
