import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AggregatingConsumer, type AggregateWriter, type FlushBatch } from '../../src/core/aggregatingConsumer.ts';
import { memoryLogger } from '../../src/core/logger.ts';
import { buildAggregateLayout } from '../../src/model/aggregateLayout.ts';
import { FlowRecord } from '../../src/model/flowRecord.ts';

function consumer(writer: AggregateWriter, cacheEntries: number, maxPendingBatches?: number) {
  const logger = memoryLogger();
  const layout = buildAggregateLayout(['src_port'], 'nfacctd');
  const c = new AggregatingConsumer({ name: 't', type: 'print', layout, refreshSeconds: 0, cacheEntries, binner: null, logger, maxPendingBatches }, writer);
  return { c, logger };
}

function flow(port: number, packets: number): FlowRecord {
  const rec = new FlowRecord();
  rec.srcPort = port;
  rec.packets = packets;
  rec.bytes = packets * 100;
  rec.flows = 1;
  return rec;
}

function totals(batches: FlushBatch[]): { entries: number; packets: number } {
  let entries = 0;
  let packets = 0;
  for (const b of batches) {
    entries += b.cache.size;
    packets += b.cache.totals().packets;
  }
  return { entries, packets };
}

test('a full cache is flushed early and nothing is lost', async () => {
  const written: FlushBatch[] = [];
  const { c, logger } = consumer({ write: async (b) => void written.push(b) }, 100);
  for (let i = 0; i < 250; i++) c.accept(flow(i, 1));
  await c.stop();
  // 250 distinct keys with room for 100: flushed at 100 and 200, the rest at stop.
  assert.deepEqual(written.map((b) => b.reason), ['cache-full', 'cache-full', 'shutdown']);
  assert.deepEqual(totals(written), { entries: 250, packets: 250 });
  assert.ok(logger.lines.some((l) => l.includes('cache full')));
});

test('a failed write is kept and written with the next flush', async () => {
  const written: FlushBatch[] = [];
  let fail = true;
  const { c, logger } = consumer({ write: async (b) => {
    if (fail) throw new Error('disk full');
    written.push(b);
  } }, 0);
  c.accept(flow(1, 5));
  await c.flush('refresh');
  assert.equal(written.length, 0);
  assert.equal(c.statistics().writeErrors, 1);
  fail = false;
  c.accept(flow(2, 7));
  await c.stop();
  assert.deepEqual(totals(written), { entries: 2, packets: 12 });
  assert.equal(c.statistics().dropped, 0);
  assert.ok(logger.lines.some((l) => l.includes('write failed (disk full)')));
});

test('beyond the retry bound the oldest batch is dropped, counted and logged', async () => {
  const { c, logger } = consumer({ write: async () => {
    throw new Error('database down');
  } }, 0, 2);
  for (let i = 0; i < 4; i++) {
    c.accept(flow(i, 1));
    await c.flush('refresh');
  }
  // Four failed batches of one entry each, two kept for retry: two dropped.
  assert.equal(c.statistics().dropped, 2);
  assert.equal(logger.lines.filter((l) => l.includes('dropping 1 unwritten entries')).length, 2);
});
