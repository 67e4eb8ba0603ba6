/**
 * The clickhouse plugin when its server goes away, against a scratch
 * ClickHouse (scratchClickhouse.ts).
 *
 * First, the two INSERTs whose outcome a writer cannot know, made to happen
 * on purpose by a proxy (insertProxy.ts) and retried as AggregatingConsumer
 * does (the same flush written again):
 * - the answer is lost after the server applied the INSERT: the retry finds
 *   the rows by their tsacct_write_id and does not send them again;
 * - the request is held until the writer gave it up and wrote the rows
 *   again, then delivered: the late rows are found at the next write and
 *   deleted by their write id;
 * - without the write id column (clickhouse_write_id: false) the lost answer
 *   makes the rows count twice: the documented at-least-once.
 *
 * Then a live run: `tsacct nfacctd` receives NetFlow v9 at 10k flows/s
 * with a clickhouse plugin (2-second refresh and timeout) and a print
 * plugin of the same aggregate written at exit; the server is SIGKILLed and
 * restarted on the same port and data, later SIGSTOPped and resumed. The
 * table ends up holding exactly what the print plugin counted (and what was
 * sent when the kernel dropped nothing): nothing lost, nothing twice.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { FlowGenerator } from '../../../bench/flowGenerator.ts';
import { sendLive } from '../../../bench/liveSender.ts';
import { DaemonUnderTest, freeUdpPort, receiveQueue } from '../../robustness/udpTestKit.ts';
import type { FlushBatch } from '../../../src/core/aggregatingConsumer.ts';
import { AggregationCache } from '../../../src/core/aggregationCache.ts';
import type { Logger } from '../../../src/core/logger.ts';
import { buildAggregateLayout } from '../../../src/model/aggregateLayout.ts';
import { StringTable } from '../../../src/model/stringTable.ts';
import { ClickhouseHttp } from '../../../src/plugins/clickhouse/clickhouseHttp.ts';
import { ClickhouseWriter } from '../../../src/plugins/clickhouse/clickhouseWriter.ts';
import { buildColumnPlan } from '../../../src/plugins/sql/sqlColumnPlan.ts';
import { InsertProxy } from './insertProxy.ts';
import { clickhouseUnavailable, scratchClickhouseSuite } from './scratchClickhouse.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const TSACCT = join(ROOT, 'bin', 'tsacct.js');

const unavailable = clickhouseUnavailable();
const ch = scratchClickhouseSuite('outage');

const layout = buildAggregateLayout(['dst_port'], 'nfacctd');
const plan = buildColumnPlan(layout, { version: 9, optimized: true }, { numProtos: false, numHosts: false });

/** One entry per port, 1 packet and 100 bytes each; `sequence` as the consumer numbers its flushes. */
function batchOf(ports: readonly number[], sequence: number): FlushBatch {
  const cache = new AggregationCache(layout.keyWords);
  for (const port of ports) {
    cache.key[0] = port;
    cache.add(1, 100, 1, false);
  }
  return { cache, layout, binWord: -1, flushTime: 1_700_000_000, reason: 'refresh', strings: new StringTable(), sequence };
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_v, i) => from + i);
}

function capture(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const keep = (m: string): void => void lines.push(m);
  return { logger: { debug: () => undefined, info: keep, warn: keep, error: keep, limited: (_t, _l, m) => keep(m) }, lines };
}

function writerThrough(proxy: InsertProxy, table: string, logger: Logger, writeId = true): ClickhouseWriter {
  const http = new ClickhouseHttp({
    host: '127.0.0.1', port: proxy.port, user: ch.server.user, password: ch.server.password, database: 'outage',
    timeoutMs: 2000, compression: 'none', secure: false, ca: null,
  });
  return new ClickhouseWriter(
    { tag: 'x/clickhouse', table, history: false, utc: true, timestamps: { utc: true, rfc3339: false, sinceEpoch: false }, maxInsertRows: 100_000, writeId },
    layout, plan, http, logger,
  );
}

/** Per port: rows and packets in the table, once ClickHouse has applied its pending deletions. */
async function tableState(table: string): Promise<{ rows: number; packets: number; ports: number }> {
  for (let i = 0; i < 100; i++) {
    if ((await ch.server.client("SELECT count() FROM system.mutations WHERE database = 'outage' AND is_done = 0")).trim() === '0') break;
    await sleep(100);
  }
  const [row] = await ch.server.rows(`SELECT count() AS rows, sum(packets) AS packets, uniqExact(port_dst) AS ports FROM outage.${table}`);
  return { rows: Number(row!.rows), packets: Number(row!.packets), ports: Number(row!.ports) };
}

describe('an INSERT whose outcome is unknown is written once', { skip: unavailable ?? false, concurrency: 1 }, () => {
  before(async () => {
    if (unavailable === null) await ch.server.client('CREATE DATABASE IF NOT EXISTS outage');
  });

  it('its answer lost after the server applied it: found by write id, not sent again', async () => {
    const proxy = await InsertProxy.start(ch.server.port);
    const { logger, lines } = capture();
    const writer = writerThrough(proxy, 'lost_answer', logger);
    try {
      await writer.write(batchOf(range(1, 101), 1));
      proxy.arm('lose-answer');
      const second = batchOf(range(101, 301), 2);
      // The consumer writes a failed flush again, as it is (or read back from its spool).
      await writer.write(second).catch(() => writer.write(second));
      await writer.write(batchOf(range(301, 311), 3));
      assert.equal(proxy.spoiled, 1);
      assert.ok(lines.some((l) => /the unanswered INSERT tsacct-\d+ of 200 rows into 'lost_answer' did land: not sent again/.test(l)), lines.join('\n'));
      assert.deepEqual(await tableState('lost_answer'), { rows: 310, packets: 310, ports: 310 });
    } finally {
      await writer.close();
      await proxy.close();
    }
  });

  it('held until the writer sent its rows again, then delivered: the late rows are deleted by write id', async () => {
    const proxy = await InsertProxy.start(ch.server.port);
    const { logger, lines } = capture();
    const writer = writerThrough(proxy, 'held', logger);
    try {
      await writer.write(batchOf(range(1, 101), 1));
      proxy.arm('hold');
      const second = batchOf(range(101, 301), 2);
      await assert.rejects(writer.write(second), /no answer from 127\.0\.0\.1:\d+ within 2 s/);
      // The retry: nothing of the held INSERT is in the table, so its rows go again under a new write id.
      await writer.write(second);
      assert.deepEqual(await tableState('held'), { rows: 300, packets: 300, ports: 300 });
      // The stale request reaches the server after all and lands.
      assert.match(await proxy.release(), /^HTTP\/1\.1 200 OK/);
      assert.deepEqual(await tableState('held'), { rows: 500, packets: 500, ports: 300 }, 'the late INSERT landed');
      await writer.write(batchOf(range(301, 311), 3));
      assert.ok(lines.some((l) => /200 rows of INSERT\(s\) given up on landed late in 'held' \(write id \d+\): deleting them; their retry's rows stay/.test(l)), lines.join('\n'));
      assert.deepEqual(await tableState('held'), { rows: 310, packets: 310, ports: 310 });
    } finally {
      await writer.close();
      await proxy.close();
    }
  });

  it('without tsacct_write_id (clickhouse_write_id false), a lost answer counts its rows twice, and says so', async () => {
    const proxy = await InsertProxy.start(ch.server.port);
    const { logger, lines } = capture();
    const writer = writerThrough(proxy, 'no_write_id', logger, false);
    try {
      await writer.write(batchOf(range(1, 101), 1));
      proxy.arm('lose-answer');
      const second = batchOf(range(101, 301), 2);
      await writer.write(second).catch(() => writer.write(second));
      assert.ok(lines.some((l) => /got no answer and the table has no tsacct_write_id column .*sending it again \(its rows count twice if it had\)/.test(l)), lines.join('\n'));
      assert.deepEqual(await tableState('no_write_id'), { rows: 500, packets: 500, ports: 300 });
    } finally {
      await writer.close();
      await proxy.close();
    }
  });
});

/** Sums of the print plugin's CSV. */
function csvTotals(path: string): { packets: number; bytes: number; flows: number } {
  const [header, ...lines] = readFileSync(path, 'utf8').split('\n').filter((l) => l !== '');
  const h = header!.split(',');
  const [p, b, f] = ['PACKETS', 'BYTES', 'FLOWS'].map((n) => h.indexOf(n));
  const totals = { packets: 0, bytes: 0, flows: 0 };
  for (const line of lines) {
    if (line === header) continue;
    const v = line.split(',');
    totals.packets += Number(v[p!]);
    totals.bytes += Number(v[b!]);
    totals.flows += Number(v[f!]);
  }
  return totals;
}

function count(log: string, pattern: RegExp): number {
  return (log.match(new RegExp(pattern.source, 'g')) ?? []).length;
}

describe('a live daemon while its ClickHouse is killed, restarted, frozen and resumed', { skip: unavailable ?? false }, () => {
  it('the table holds every flow the daemon received, once', async (t) => {
    const FLOWS_PER_SECOND = 10_000;
    const SEND_SECONDS = 11;
    const port = await freeUdpPort();
    const check = join(ch.work, 'check.csv');
    const conf = join(ch.work, 'live.conf');
    const aggregate = 'src_host, dst_host, src_port, dst_port, proto, flows';
    writeFileSync(conf, [
      'daemonize: false',
      'nfacctd_ip: 127.0.0.1',
      `nfacctd_port: ${port}`,
      'nfacctd_pipe_size: 4194304',
      'timestamps_utc: true',
      'plugins: clickhouse[x], print[check]',
      `aggregate[x]: ${aggregate}`,
      'clickhouse_host[x]: 127.0.0.1',
      `clickhouse_port[x]: ${ch.server.port}`,
      `clickhouse_user[x]: ${ch.server.user}`,
      `clickhouse_passwd[x]: ${ch.server.password}`,
      'clickhouse_db[x]: live',
      'clickhouse_table[x]: acct',
      'clickhouse_refresh_time[x]: 2',
      'clickhouse_timeout[x]: 2',
      'clickhouse_history[x]: 1m',
      'clickhouse_history_roundoff[x]: m',
      'clickhouse_compression[x]: gzip',
      `spool_dir[x]: ${join(ch.work, 'spool')}`,
      'spool_memory_entries[x]: 3000',
      `aggregate[check]: ${aggregate}`,
      'print_output[check]: csv',
      `print_output_file[check]: ${check}`,
      'print_refresh_time[check]: 3600',
      'print_output_file_append[check]: true',
      'print_cache_entries[check]: 100000',
      '',
    ].join('\n'));
    const daemon = new DaemonUnderTest([TSACCT, 'nfacctd', '-f', conf]);
    try {
      await daemon.waitForLog(/waiting for NetFlow\/IPFIX data on 127\.0\.0\.1/);
      const generator = new FlowGenerator({
        protocol: 'netflow-v9', flows: FLOWS_PER_SECOND * SEND_SECONDS, distinctKeys: 2000, exporters: 2, seed: 7, datagramIntervalUs: 15_000,
      });
      const started = performance.now();
      const sending = sendLive(generator, { host: '127.0.0.1', port, flowsPerSecond: FLOWS_PER_SECOND, maxSeconds: SEND_SECONDS + 20 });
      const outages = (async () => {
        await sleep(2000);
        await ch.server.crash();
        await sleep(3000);
        await ch.server.start();
        await sleep(2000);
        ch.server.freeze();
        await sleep(3000);
        ch.server.thaw();
      })();
      const [sent] = await Promise.all([sending, outages]);
      while (receiveQueue(port) > 0) {
        daemon.assertAlive();
        await sleep(10);
      }
      // The flushes refused during the outages are written before shutdown (backoff at most the refresh time).
      const deadline = Date.now() + 8000;
      while (count(daemon.log, /write failed/) > 0 && !/backend writes again; 0 batches still wait/.test(daemon.log.slice(daemon.log.lastIndexOf('write failed'))) && Date.now() < deadline) {
        await sleep(100);
      }
      const { code } = await daemon.terminate();
      const log = daemon.log;
      assert.equal(code, 0, log);
      const final = log.slice(log.lastIndexOf('received SIGTERM'));
      const udp = /: UDP 127\.0\.0\.1:\d+: datagrams (\d+), bytes (\d+), kernel drops (\d+)/.exec(final);
      assert.ok(udp, final);
      const plugin = /plugin x\/clickhouse: records (\d+), .*write errors (\d+), dropped (\d+)/.exec(final);
      assert.ok(plugin, final);
      assert.equal(Number(plugin[3]), 0, 'nothing dropped');
      assert.ok(Number(plugin[2]) >= 2, `flushes failed during the outages (write errors ${plugin[2]})`);
      assert.doesNotMatch(final, /exiting with \d+ unwritten entries/);

      for (let i = 0; i < 100 && (await ch.server.client("SELECT count() FROM system.mutations WHERE is_done = 0")).trim() !== '0'; i++) await sleep(100);
      const [table] = await ch.server.rows('SELECT sum(packets) AS packets, sum(bytes) AS bytes, sum(flows) AS flows, count() AS rows FROM live.acct');
      const printed = csvTotals(check);
      assert.deepEqual({ packets: Number(table!.packets), bytes: Number(table!.bytes), flows: Number(table!.flows) }, printed, 'the table holds what the daemon received, once');
      const drops = Number(udp[3]);
      if (drops === 0) assert.deepEqual({ packets: printed.packets, bytes: printed.bytes, flows: printed.flows }, { packets: sent.packets, bytes: sent.bytes, flows: sent.flows }, 'and what was sent');
      t.diagnostic(
        `sent ${sent.flows} flows (${sent.datagrams} datagrams) in ${sent.elapsedSeconds.toFixed(1)} s, kernel drops ${drops}; ` +
          `table ${table!.rows} rows; write errors ${plugin[2]}; settled as landed ${count(log, /did land: not sent again/)}, ` +
          `late rows deleted ${count(log, /landed late/)}, spooled batches ${count(log, /spooled to/)}; total ${((performance.now() - started) / 1000).toFixed(1)} s`,
      );
    } catch (err) {
      (err as Error).message += `\n--- daemon log (tail) ---\n${daemon.log.split('\n').slice(-40).join('\n')}`;
      throw err;
    } finally {
      if (!daemon.exitedEarly) {
        try {
          process.kill(daemon.pid, 0);
          await daemon.terminate('SIGKILL');
        } catch {
          // Already gone.
        }
      }
    }
  });
});
