/**
 * How the clickhouse writer cuts and encodes a flush, checked against a
 * scratch ClickHouse (read back with clickhouse-client):
 * - texts holding TabSeparated's special characters (tab, line end,
 *   backslash) and quotes or non-ASCII come back as they were;
 * - a flush larger than clickhouse_max_insert_rows goes as several INSERTs,
 *   every entry once, gzip-compressed with clickhouse_compression;
 * - with history, a flush whose bins straddle midnight UTC goes as one INSERT
 *   per day, so each INSERT is one partition (one part, committed at once).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AggregatingConsumer } from '../../../src/core/aggregatingConsumer.ts';
import type { Logger } from '../../../src/core/logger.ts';
import { TimeBinner } from '../../../src/core/timeBins.ts';
import { buildAggregateLayout, type AggregateLayout } from '../../../src/model/aggregateLayout.ts';
import { FlowRecord } from '../../../src/model/flowRecord.ts';
import { ClickhouseHttp } from '../../../src/plugins/clickhouse/clickhouseHttp.ts';
import { ClickhouseWriter } from '../../../src/plugins/clickhouse/clickhouseWriter.ts';
import { buildColumnPlan } from '../../../src/plugins/sql/sqlColumnPlan.ts';
import { clickhouseUnavailable, ScratchClickhouse } from './scratchClickhouse.ts';

const unavailable = clickhouseUnavailable();
let server: ScratchClickhouse;

before(async () => {
  if (unavailable !== null) return;
  server = await ScratchClickhouse.create();
  await server.client('CREATE DATABASE rows');
});

after(async () => {
  await server?.dispose();
});

function collect(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const keep = (m: string): void => void lines.push(m);
  return { logger: { debug: keep, info: keep, warn: keep, error: keep, limited: (_t, _l, m) => keep(m) }, lines };
}

/** An aggregating consumer writing `table` of database rows, flushed by hand. */
function consumerOf(aggregate: string[], table: string, logger: Logger, options: { maxInsertRows?: number; gzip?: boolean; binner?: TimeBinner } = {}): AggregatingConsumer {
  const layout: AggregateLayout = buildAggregateLayout(aggregate, 'nfacctd');
  const plan = buildColumnPlan(layout, { version: 9, optimized: true }, { numProtos: false, numHosts: false });
  const http = new ClickhouseHttp({
    host: '127.0.0.1', port: server.port, user: server.user, password: server.password, database: 'rows',
    timeoutMs: 10_000, compression: options.gzip ? 'gzip' : 'none', secure: false, ca: null,
  });
  const history = options.binner !== undefined;
  const writer = new ClickhouseWriter(
    { tag: 'x/clickhouse', table, history, utc: true, timestamps: { utc: true, rfc3339: false, sinceEpoch: false }, maxInsertRows: options.maxInsertRows ?? 100_000, writeId: true },
    layout, plan, http, logger,
  );
  return new AggregatingConsumer({ name: 'x', type: 'clickhouse', layout, refreshSeconds: 0, cacheEntries: 0, binner: options.binner ?? null, logger, spoolDir: null }, writer);
}

describe('clickhouse writer: encoding and INSERT boundaries', { skip: unavailable ?? false }, () => {
  it('texts with tabs, line ends, backslashes, quotes and non-ASCII come back unchanged', async () => {
    const labels = ['plain', 'tab\there', 'line\nend', 'carriage\rreturn', 'back\\slash', '\\t literally', "quote ' and \" double", 'naïve ✓ 日本', ''];
    const { logger } = collect();
    const consumer = consumerOf(['label', 'dst_port'], 'labels', logger);
    const rec = new FlowRecord();
    labels.forEach((label, i) => {
      rec.label = label;
      rec.dstPort = 1000 + i;
      rec.packets = 1;
      rec.bytes = 10;
      consumer.accept(rec);
    });
    await consumer.stop();
    assert.equal(consumer.statistics().writeErrors, 0);
    const rows = await server.rows('SELECT label, port_dst FROM rows.labels ORDER BY port_dst');
    assert.deepEqual(rows.map((r) => r.label), labels);
  });

  it('a flush of 1000 entries with clickhouse_max_insert_rows 64 and gzip: 16 INSERTs, each entry once', async () => {
    const { logger, lines } = collect();
    const consumer = consumerOf(['dst_port'], 'chunks', logger, { maxInsertRows: 64, gzip: true });
    const rec = new FlowRecord();
    for (let port = 1; port <= 1000; port++) {
      rec.dstPort = port;
      rec.packets = port;
      rec.bytes = 1;
      consumer.accept(rec);
    }
    await consumer.stop();
    // ceil(1000 / 64) = 16 INSERTs; packets are 1 + 2 + … + 1000 = 500500.
    assert.ok(lines.some((l) => /Purging cache - END \(QN: 16\/1000,/.test(l)), lines.join('\n'));
    const [sums] = await server.rows('SELECT count() AS rows, uniqExact(port_dst) AS ports, sum(packets) AS packets, uniqExact(tsacct_write_id) AS inserts FROM rows.chunks');
    assert.deepEqual(sums, { rows: '1000', ports: '1000', packets: '500500', inserts: '16' });
  });

  it('hourly bins across midnight UTC: one INSERT per day, one partition each', async () => {
    const { logger, lines } = collect();
    // 2023-12-31 22:00 UTC (1704060000) to 2024-01-01 01:59 UTC: four hourly bins, two days.
    const start = 1_704_060_000;
    const binner = new TimeBinner({ seconds: 3600, monthly: false, roundoff: 'h', offset: 0, utc: true }, start);
    const consumer = consumerOf(['dst_port'], 'days', logger, { binner });
    const rec = new FlowRecord();
    for (let hour = 0; hour < 4; hour++) {
      for (let port = 1; port <= 10; port++) {
        rec.accountingTimeSec = start + hour * 3600 + port;
        rec.dstPort = port;
        rec.packets = 1;
        rec.bytes = 1;
        consumer.accept(rec);
      }
    }
    await consumer.stop();
    assert.ok(lines.some((l) => /Purging cache - END \(QN: 2\/40,/.test(l)), lines.join('\n'));
    const parts = await server.rows("SELECT partition, sum(rows) AS rows FROM system.parts WHERE database = 'rows' AND table = 'days' AND active GROUP BY partition ORDER BY partition");
    assert.deepEqual(parts, [{ partition: '20231231', rows: '20' }, { partition: '20240101', rows: '20' }]);
    const bins = await server.rows('SELECT toString(stamp_inserted) AS bin, count() AS n FROM rows.days GROUP BY bin ORDER BY bin');
    assert.deepEqual(bins, [
      { bin: '2023-12-31 22:00:00', n: '10' }, { bin: '2023-12-31 23:00:00', n: '10' },
      { bin: '2024-01-01 00:00:00', n: '10' }, { bin: '2024-01-01 01:00:00', n: '10' },
    ]);
  });
});
