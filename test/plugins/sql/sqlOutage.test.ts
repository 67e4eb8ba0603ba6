/**
 * Issue 6, acceptance 3: a database outage while flows are collected loses
 * nothing and counts nothing twice. For each server backend the test starts
 * its own server (scratchServers.ts), runs `tsacct nfacctd` live on a UDP
 * port with a `pgsql[x]`/`mysql[x]` plugin writing pmacct's v7 table
 * (UPDATE-then-INSERT, 1-minute bins, refresh every few seconds, a small
 * memory bound so refused flushes also go through the spool directory) and
 * a `print[check]` plugin with the same aggregate written only at exit, then
 * sends NetFlow v9 at 20k flows/s. Ten seconds in, the server goes away for
 * 30 s — PostgreSQL is SIGKILLed and restarted on the same port and data
 * (crash recovery, new connections), MariaDB is SIGSTOPped and SIGCONTed
 * (a stalled server: statements hang rather than fail) — and sending goes
 * on. After the last datagram the daemon gets SIGTERM, flushes and exits 0.
 *
 * Then: the sums of packets and bytes in the table equal the print
 * plugin's (what the daemon received) and, when the kernel dropped nothing,
 * what the generator sent; no primary key holds two rows; the log shows that
 * flushes failed during the outage and were written when the server came
 * back; nothing was dropped.
 *
 * A flush whose COMMIT is in flight when the server goes is the one that
 * could be applied twice (or lost); src/plugins/sql/sqlWriter.ts says how it
 * is settled. The first group of tests makes that case happen on purpose: a
 * proxy (CommitCuttingProxy) loses the COMMIT, or its answer, and the writer
 * retries the batch as AggregatingConsumer would.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LiveSendResult } from '../../../bench/liveSender.ts';
import type { FlushBatch } from '../../../src/core/aggregatingConsumer.ts';
import { AggregationCache } from '../../../src/core/aggregationCache.ts';
import type { Logger } from '../../../src/core/logger.ts';
import { MysqlConnection } from '../../../src/plugins/sql/mysqlConnection.ts';
import { MysqlDialect } from '../../../src/plugins/sql/mysqlDialect.ts';
import { PgsqlConnection } from '../../../src/plugins/sql/pgsqlConnection.ts';
import { PgsqlDialect } from '../../../src/plugins/sql/pgsqlDialect.ts';
import type { SqlConnection, SqlServerSettings } from '../../../src/plugins/sql/sqlConnection.ts';
import type { SqlDialect } from '../../../src/plugins/sql/sqlDialect.ts';
import { SqlWriter } from '../../../src/plugins/sql/sqlWriter.ts';
import { CommitCuttingProxy, ScratchMariadb, ScratchPostgres, scratchUnavailable, type ScratchServer } from './scratchServers.ts';
import { dstPortBatch, dstPortLayout, dstPortPlan } from './dstPortBatch.ts';
import {
  checkPrintPlugin, createPmacctV7, credentials, csvTotals, drained, exitStatistics, sendFlows, stopCleanly, v7Totals, withDaemon, type TableTotals,
} from './sqlDaemonRun.ts';

const FLOWS_PER_SECOND = 20_000;
const SEND_SECONDS = 48;
const OUTAGE_AFTER_MS = 10_000;
const OUTAGE_MS = 30_000;
/** 2,000 distinct 5-tuples: each flush holds at most that many entries per bin, which a scratch server takes in well under a refresh. */
const DISTINCT_KEYS = 2000;
/** Virtual time runs ten times faster than real time (30 flows a datagram, 20k flows/s): ~8 one-minute bins, so rows are both inserted and updated. */
const DATAGRAM_INTERVAL_US = 15_000;

interface OutageBackend {
  name: 'pgsql' | 'mysql';
  /** How the server goes away: killed and restarted, or frozen and resumed. */
  outage: Outage;
  /** Creates database pmacct with pmacct's v7 table; returns the plugin's connection lines. */
  prepare(): Promise<string[]>;
  goAway(): Promise<void>;
  comeBack(): Promise<void>;
  totals(): Promise<TableTotals>;
}

const V7_KEY = ['agent_id', 'class_id', 'mac_src', 'mac_dst', 'vlan', 'as_src', 'as_dst', 'ip_src', 'ip_dst', 'src_port', 'dst_port', 'ip_proto', 'tos', 'stamp_inserted'];

type Outage = 'crash' | 'freeze';

/** TSACCT_OUTAGE=crash or freeze gives both backends that outage (by default PostgreSQL crashes, MariaDB freezes). */
function outageOf(preset: Outage): Outage {
  const forced = process.env.TSACCT_OUTAGE;
  return forced === 'crash' || forced === 'freeze' ? forced : preset;
}

const OUTAGE_WORDS: Readonly<Record<Outage, string>> = {
  crash: 'killed (SIGKILL) for 30 s and restarted',
  freeze: 'frozen (SIGSTOP) for 30 s and resumed',
};

async function goAway(server: ScratchServer, outage: Outage): Promise<void> {
  if (outage === 'crash') await server.crash();
  else server.freeze();
}

async function comeBack(server: ScratchServer, outage: Outage): Promise<void> {
  if (outage === 'crash') await server.start();
  else server.thaw();
}

/** PostgreSQL crashes and MariaDB freezes unless TSACCT_OUTAGE says otherwise. */
function outageBackend(server: ScratchPostgres | ScratchMariadb): OutageBackend {
  const outage = outageOf(server instanceof ScratchPostgres ? 'crash' : 'freeze');
  return {
    name: server instanceof ScratchPostgres ? 'pgsql' : 'mysql',
    outage,
    async prepare() {
      await createPmacctV7(server);
      return ['sql_host[x]: 127.0.0.1', ...credentials(server), 'sql_db[x]: pmacct'];
    },
    goAway: () => goAway(server, outage),
    comeBack: () => comeBack(server, outage),
    totals: () => v7Totals(server, V7_KEY),
  };
}

function count(log: string, pattern: RegExp): number {
  return (log.match(new RegExp(pattern.source, 'g')) ?? []).length;
}

async function runOutage(backend: OutageBackend, diagnostic: (message: string) => void): Promise<void> {
  const connection = await backend.prepare();
  // TSACCT_OUTAGE_LOG_DIR=<dir> keeps the daemon's log for a look after the run.
  const keep = process.env.TSACCT_OUTAGE_LOG_DIR;
  const config = (work: string): string[] => [
    'nfacctd_pipe_size: 4194304',
    `plugins: ${backend.name}[x], print[check]`,
    'aggregate[x]: src_host, dst_host, src_port, dst_port, proto',
    ...connection,
    'sql_table_version[x]: 7',
    'sql_refresh_time[x]: 3',
    'sql_history[x]: 1m',
    'sql_history_roundoff[x]: m',
    `spool_dir[x]: ${join(work, 'spool')}`,
    'spool_memory_entries[x]: 4000',
    ...checkPrintPlugin(join(work, 'check.csv')),
  ];
  await withDaemon(`tsacct-outage-${backend.name}-`, config, async (run) => {
    const { daemon, work } = run;
    const spool = join(work, 'spool');
    const started = performance.now();
    const sending = sendFlows(run, {
      protocol: 'netflow-v9', flows: FLOWS_PER_SECOND * SEND_SECONDS, distinctKeys: DISTINCT_KEYS, exporters: 2, seed: 6, datagramIntervalUs: DATAGRAM_INTERVAL_US,
    }, FLOWS_PER_SECOND, SEND_SECONDS + 30);
    const outage = (async () => {
      await sleep(OUTAGE_AFTER_MS);
      const failuresBefore = count(daemon.log, /write failed/);
      await backend.goAway();
      const awayAt = performance.now();
      await sleep(OUTAGE_MS);
      await backend.comeBack();
      return { awayAt: (awayAt - started) / 1000, backAt: (performance.now() - started) / 1000, failuresBefore };
    })();
    const [sent, times] = await Promise.all([sending, outage]) as [LiveSendResult, { awayAt: number; backAt: number; failuresBefore: number }];
    await drained(run);
    // The flushes refused during the outage are written again before shutdown (backoff at most the refresh time).
    const deadline = Date.now() + 60_000;
    while (count(daemon.log, /write failed/) > 0 && count(daemon.log, /backend writes again/) === 0 && Date.now() < deadline) {
      daemon.assertAlive();
      await sleep(100);
    }
    const log = await stopCleanly(daemon);

    const { final, datagrams: received, kernelDrops: drops, writeErrors, dropped } = exitStatistics(log, backend.name);
    assert.equal(received + drops, sent.datagrams, 'datagrams received + kernel drops = sent');
    assert.equal(dropped, 0, 'no entry dropped');
    assert.doesNotMatch(final, /exiting with \d+ unwritten entries/);

    // The outage hit flushes: they failed, waited, and were written once the server was back. A frozen
    // server is found out by the stall check; only a COMMIT in flight at the freeze (not given up, see
    // src/plugins/sql/serverWatch.ts) would instead wait out the 30 s and succeed: a purge of that length.
    const longestPurge = Math.max(0, ...[...log.matchAll(/Purging cache - END \(QN: \d+\/\d+, ET: (\d+)\)/g)].map((m) => Number(m[1])));
    const waitedOutCommit = backend.outage === 'freeze' && writeErrors === 0 && longestPurge >= OUTAGE_MS / 1000 - 5;
    if (!waitedOutCommit) {
      assert.ok(writeErrors >= 1, `at least one flush failed during the outage (write errors ${writeErrors})`);
      assert.ok(count(log, /write failed/) > times.failuresBefore, 'a flush failed after the server went away');
      assert.ok(count(log, /backend writes again/) >= 1, 'the waiting flushes were written when the server came back');
      if (backend.outage === 'freeze') assert.match(log, /no answer from the server in \d+ s, and the check on a new connection failed/, 'the stall check found the frozen server');
    }

    const table = await backend.totals();
    const daemonSaw = csvTotals(join(work, 'check.csv'));
    assert.equal(table.duplicates, 0, 'one row per primary key');
    assert.deepEqual({ packets: table.packets, bytes: table.bytes }, { packets: daemonSaw.packets, bytes: daemonSaw.bytes }, 'the table holds what the daemon received, once');
    if (drops === 0) {
      assert.equal(received, sent.datagrams);
      assert.deepEqual({ packets: table.packets, bytes: table.bytes }, { packets: sent.packets, bytes: sent.bytes }, 'the table holds every packet and byte sent, once');
    }
    const spooled = count(log, /unwritten entries spooled to/);
    diagnostic(
      `${backend.name} (${backend.outage} at ${times.awayAt.toFixed(1)} s, back at ${times.backAt.toFixed(1)} s): sent ${sent.flows} flows ` +
        `(${sent.datagrams} datagrams, ${sent.packets} packets, ${sent.bytes} bytes) in ${sent.elapsedSeconds.toFixed(1)} s; kernel drops ${drops}; ` +
        `table ${table.rows} rows (print ${daemonSaw.rows}); write errors ${writeErrors}; batches spooled ${spooled}; longest purge ${longestPurge} s; ` +
        `spool files left ${existsSync(spool) ? readdirSync(spool).length : 0}; total ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    if (existsSync(spool)) assert.deepEqual(readdirSync(spool), [], 'no spool file is left');
  }, { logTail: 60, ...(keep ? { keepLogAs: join(keep, `outage-${backend.name}.log`) } : {}) });
}

/** One scratch server of each kind for the whole file, created when first needed. */
let postgres: Promise<ScratchPostgres> | null = null;
let mariadb: Promise<ScratchMariadb> | null = null;
const scratchPostgres = (): Promise<ScratchPostgres> => (postgres ??= ScratchPostgres.create());
const scratchMariadb = (): Promise<ScratchMariadb> => (mariadb ??= ScratchMariadb.create());
after(async () => {
  for (const server of [postgres, mariadb]) await (await server?.catch(() => null))?.dispose();
});

describe('a flush whose COMMIT is lost on the way is written exactly once', { concurrency: 1 }, () => {
  const layout = dstPortLayout;
  const plan = dstPortPlan;
  const quiet = (): undefined => undefined;

  const batchOf = dstPortBatch;

  /** A logger keeping the warnings. */
  function capture(): { logger: Logger; warnings: string[] } {
    const warnings: string[] = [];
    const logger: Logger = { debug: quiet, info: quiet, error: quiet, warn: (m) => void warnings.push(m), limited: quiet };
    return { logger, warnings };
  }

  function writerOf(dialect: SqlDialect, logger: Logger, connect: () => Promise<SqlConnection>): SqlWriter {
    return new SqlWriter(
      { tag: 'x/test', table: 't', schema: null, history: false, dontTryUpdate: false, multiValues: 0, utc: true, timestamps: { utc: true, rfc3339: false, sinceEpoch: false } },
      layout, plan, dialect, connect, logger,
    );
  }

  /**
   * Writes a batch through the proxy, which loses the COMMIT (`when`), then
   * writes the same flush again as AggregatingConsumer does (read back from
   * its spool), and then a second batch; returns the table's rows.
   */
  async function loseCommit(
    when: 'before' | 'after', targetPort: number, connect: (port: number) => Promise<SqlConnection>, dialect: SqlDialect,
    rows: () => Promise<Array<Record<string, unknown>>>,
  ): Promise<{ rows: Array<Record<string, unknown>>; warnings: string[] }> {
    const proxy = await CommitCuttingProxy.start(targetPort);
    const { logger, warnings } = capture();
    const writer = writerOf(dialect, logger, () => connect(proxy.port));
    try {
      const batch: FlushBatch = { ...batchOf([53, 80]), sequence: 7 };
      proxy.arm(when);
      await assert.rejects(writer.write(batch));
      assert.equal(proxy.cuts, 1, 'the COMMIT was cut');
      // The retry as it comes back from the spool: another object, the same flush.
      await writer.write({ ...batch, cache: AggregationCache.fromEntries(batch.cache.exportEntries()) });
      await writer.write(batchOf([80]));
      return { rows: await rows(), warnings };
    } finally {
      await writer.close();
      await proxy.close();
    }
  }

  const pgCase = async (when: 'before' | 'after'): Promise<{ rows: Array<Record<string, unknown>>; warnings: string[] }> => {
    const server = await scratchPostgres();
    const database = `lost_commit_${when}`;
    await server.query(`CREATE DATABASE ${database}`);
    await server.query('CREATE TABLE t (dst_port INT NOT NULL PRIMARY KEY, packets INT NOT NULL, bytes BIGINT NOT NULL)', [], database);
    const dialect = new PgsqlDialect({ utc: true, sinceEpoch: false });
    const settings = (port: number): SqlServerSettings => ({ host: '127.0.0.1', port, user: server.user, password: 'unused', database, caFile: null });
    return loseCommit(when, server.port, (port) => PgsqlConnection.open(settings(port), 'EXCLUSIVE', (t) => dialect.quoteIdentifier(t), quiet), dialect,
      () => server.query('SELECT dst_port, packets, bytes::int AS bytes FROM t ORDER BY dst_port', [], database));
  };

  const mysqlCase = async (when: 'before' | 'after'): Promise<{ rows: Array<Record<string, unknown>>; warnings: string[] }> => {
    const server = await scratchMariadb();
    const database = `lost_commit_${when}`;
    await server.query(`CREATE DATABASE ${database}`);
    await server.query('CREATE TABLE t (dst_port INT NOT NULL PRIMARY KEY, packets INT NOT NULL, bytes BIGINT NOT NULL)', [], { database });
    const dialect = new MysqlDialect({ utc: true, sinceEpoch: false });
    const settings = (port: number): SqlServerSettings => ({ host: '127.0.0.1', port, user: server.user, password: server.password, database, caFile: null });
    return loseCommit(when, server.port, (port) => MysqlConnection.open(settings(port), true, (t) => dialect.quoteIdentifier(t), quiet), dialect,
      async () => (await server.query('SELECT dst_port, packets, bytes FROM t ORDER BY dst_port', [], { database })).map((r) => ({ ...r, bytes: Number(r.bytes) })));
  };

  const once = [{ dst_port: 53, packets: 1, bytes: 100 }, { dst_port: 80, packets: 2, bytes: 200 }];

  it('PostgreSQL, COMMIT lost before the server: the old session (holding its lock) is ended, the retry writes the batch', {
    skip: scratchUnavailable('pgsql') ?? false, timeout: 60_000,
  }, async () => {
    const { rows } = await pgCase('before');
    assert.deepEqual(rows, once);
  });

  it('PostgreSQL, answer to COMMIT lost: txid_status says it committed, the retry does not write it again', {
    skip: scratchUnavailable('pgsql') ?? false, timeout: 60_000,
  }, async () => {
    const { rows, warnings } = await pgCase('after');
    assert.deepEqual(rows, once);
    assert.ok(warnings.some((w) => /did commit: its 2 entries are written and not written again/.test(w)), warnings.join('\n'));
  });

  it('MariaDB, COMMIT lost before the server: the old session (holding LOCK TABLES) is killed, the retry writes the batch', {
    skip: scratchUnavailable('mysql') ?? false, timeout: 60_000,
  }, async () => {
    const { rows } = await mysqlCase('before');
    assert.deepEqual(rows, once);
  });

  it('MariaDB, answer to COMMIT lost: the server cannot tell, the batch is written again and the log says so (docs/compat.md)', {
    skip: scratchUnavailable('mysql') ?? false, timeout: 60_000,
  }, async () => {
    const { rows, warnings } = await mysqlCase('after');
    // The documented limitation: counted twice, and said so with the amounts.
    assert.deepEqual(rows, [{ dst_port: 53, packets: 2, bytes: 200 }, { dst_port: 80, packets: 3, bytes: 300 }]);
    assert.ok(warnings.some((w) => /cannot tell whether it committed: writing its 2 entries again \(2 packets, 200 bytes counted twice if it had\)/.test(w)), warnings.join('\n'));
  });
});

describe('SQL backend outage while collecting 20k flows/s (issue 6, acceptance 3)', { concurrency: 1 }, () => {
  it(`PostgreSQL ${OUTAGE_WORDS[outageOf('crash')]}: every packet and byte in the table exactly once`, {
    skip: scratchUnavailable('pgsql') ?? false,
    timeout: 150_000,
  }, async (t) => {
    await runOutage(outageBackend(await scratchPostgres()), (m) => t.diagnostic(m));
  });

  it(`MariaDB ${OUTAGE_WORDS[outageOf('freeze')]}: every packet and byte in the table exactly once`, {
    skip: scratchUnavailable('mysql') ?? false,
    timeout: 150_000,
  }, async (t) => {
    await runOutage(outageBackend(await scratchMariadb()), (m) => t.diagnostic(m));
  });
});
