/**
 * The clickhouse plugin's writer on its own: one flush of N distinct
 * 5-tuple entries (src_host, dst_host, src_port, dst_port, proto, 1-minute
 * bins) INSERTed into a fresh table, with and without gzip, several rounds;
 * prints the medians as a Markdown table. pmacct 1.7.7 has no ClickHouse
 * plugin to set beside it (operators pipe its kafka output into a
 * Kafka-engine table), so this is tsacct alone.
 *
 *   node bench/clickhouseBench.ts [--rows 1000000] [--rounds 3] [--port 8123]
 *
 * Without --port it starts a scratch clickhouse-server (the tests' helper).
 * A round counts only when the table then holds exactly the rows written.
 */
import { parseArgs } from 'node:util';
import { AggregatingConsumer } from '../src/core/aggregatingConsumer.ts';
import type { Logger } from '../src/core/logger.ts';
import { TimeBinner } from '../src/core/timeBins.ts';
import { buildAggregateLayout } from '../src/model/aggregateLayout.ts';
import { FlowRecord } from '../src/model/flowRecord.ts';
import { ClickhouseHttp } from '../src/plugins/clickhouse/clickhouseHttp.ts';
import { ClickhouseWriter } from '../src/plugins/clickhouse/clickhouseWriter.ts';
import { buildColumnPlan } from '../src/plugins/sql/sqlColumnPlan.ts';
import { ScratchClickhouse } from '../test/plugins/clickhouse/scratchClickhouse.ts';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '1000000' }, rounds: { type: 'string', default: '3' }, port: { type: 'string' } } });
const rows = Number(values.rows);
const rounds = Number(values.rounds);

const scratch = values.port === undefined ? await ScratchClickhouse.create() : null;
const port = scratch?.port ?? Number(values.port);
const user = scratch?.user ?? 'default';
const password = scratch?.password ?? '';
const quiet: Logger = { debug: () => undefined, info: () => undefined, warn: (m) => console.error(m), error: (m) => console.error(m), limited: () => undefined };

async function query(text: string): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', body: text, headers: { 'X-ClickHouse-User': user, 'X-ClickHouse-Key': password } });
  const body = await res.text();
  if (!res.ok) throw new Error(body);
  return body;
}

/** One round: the flush's wall time in ms, or null when the table does not hold every row. */
async function round(table: string, compression: 'none' | 'gzip'): Promise<number | null> {
  const layout = buildAggregateLayout(['src_host', 'dst_host', 'src_port', 'dst_port', 'proto'], 'nfacctd');
  const plan = buildColumnPlan(layout, { version: 9, optimized: true }, { numProtos: false, numHosts: false });
  const http = new ClickhouseHttp({ host: '127.0.0.1', port, user, password, database: 'bench', timeoutMs: 600_000, compression, secure: false, ca: null });
  const timestamps = { utc: true, rfc3339: false, sinceEpoch: false };
  const writer = new ClickhouseWriter({ tag: 'bench/clickhouse', table, history: true, utc: true, timestamps, maxInsertRows: 100_000, writeId: true }, layout, plan, http, quiet);
  const start = 1_704_067_200;
  const binner = new TimeBinner({ seconds: 60, monthly: false, roundoff: 'm', offset: 0, utc: true }, start);
  const consumer = new AggregatingConsumer({ name: 'bench', type: 'clickhouse', layout, refreshSeconds: 0, cacheEntries: 0, binner, logger: quiet, spoolDir: null }, writer);
  const rec = new FlowRecord();
  for (let i = 0; i < rows; i++) {
    rec.srcHost.setV4Number(0x0a000000 + (i >>> 8));
    rec.dstHost.setV4Number(0xc0000200 + (i & 0xff));
    rec.srcPort = 1024 + (i % 50000);
    rec.dstPort = 443;
    rec.proto = 6;
    rec.accountingTimeSec = start + (i % 300);
    rec.packets = 1;
    rec.bytes = 100;
    consumer.accept(rec);
  }
  const began = performance.now();
  await consumer.flush('refresh');
  const ms = performance.now() - began;
  await consumer.stop();
  const stored = Number((await query(`SELECT count() FROM bench.${table}`)).trim());
  return stored === consumer.statistics().recordsIn && consumer.statistics().writeErrors === 0 ? ms : null;
}

function median(list: number[]): number {
  const sorted = [...list].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

try {
  await query('CREATE DATABASE IF NOT EXISTS bench');
  const lines = ['| compression | rows | flush (median ms) | rows/s |', '|---|---|---|---|'];
  for (const compression of ['none', 'gzip'] as const) {
    const times: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const table = `t_${compression}_${r}_${process.pid}`;
      const ms = await round(table, compression);
      await query(`DROP TABLE IF EXISTS bench.${table}`);
      if (ms === null) throw new Error(`round ${r} (${compression}): the table does not hold every row`);
      times.push(ms);
    }
    const ms = median(times);
    lines.push(`| ${compression} | ${rows} | ${ms.toFixed(0)} | ${Math.round(rows / (ms / 1000))} |`);
  }
  console.log(lines.join('\n'));
} finally {
  await scratch?.dispose();
}
