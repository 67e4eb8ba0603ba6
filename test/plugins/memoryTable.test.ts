/**
 * The memory table's bound and its administrative answers: keys beyond
 * imt_max_entries are refused (counted, logged) while known keys still
 * count; -r hides zeroed entries until traffic brings them back; -e empties
 * the table and -i then counts seconds.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AggregationCache } from '../../src/core/aggregationCache.ts';
import { memoryLogger } from '../../src/core/logger.ts';
import { buildAggregateLayout } from '../../src/model/aggregateLayout.ts';
import { FlowRecord } from '../../src/model/flowRecord.ts';
import { answerTableQuery } from '../../src/plugins/memory/memoryQuery.ts';
import { MemoryTable } from '../../src/plugins/memory/memoryTable.ts';
import { defaultTableQuery } from '../../src/plugins/memory/tableQuery.ts';

function record(port: number, packets: number): FlowRecord {
  const rec = new FlowRecord();
  rec.srcPort = port;
  rec.packets = packets;
  rec.bytes = packets * 100;
  rec.flows = 1;
  return rec;
}

async function ask(table: MemoryTable, q: ReturnType<typeof defaultTableQuery>, now = 1000): Promise<string> {
  let out = '';
  await answerTableQuery(table, q, async (t) => { out += typeof t === 'string' ? t : Buffer.from(t).toString(); }, now);
  return out;
}

test('removeNewest takes back the last key and leaves every other key findable', () => {
  const cache = new AggregationCache(1, 16);
  for (let i = 0; i < 1000; i++) {
    cache.key[0] = i * 7919;
    cache.add(1, 1, 1, false);
  }
  cache.removeNewest();
  assert.equal(cache.size, 999);
  for (let i = 0; i < 999; i++) {
    cache.key[0] = i * 7919;
    cache.add(1, 1, 1, false);
  }
  assert.equal(cache.size, 999, 'no key was lost or duplicated');
  cache.key[0] = 999 * 7919;
  cache.add(1, 1, 1, false);
  assert.equal(cache.size, 1000);
});

test('a full table refuses new keys, counts and logs them, and keeps counting known keys', async () => {
  const lines: string[] = [];
  const table = new MemoryTable({
    name: 't',
    layout: buildAggregateLayout(['src_port'], 'nfacctd'),
    timestamps: { utc: true, rfc3339: false, sinceEpoch: false },
    maxEntries: 3,
    buckets: 7,
    logger: memoryLogger(lines),
  });
  for (const port of [1, 2, 3, 4, 5]) table.accept(record(port, 1));
  table.accept(record(1, 10));
  assert.equal(table.cache.size, 3);
  assert.equal(table.statistics().dropped, 2);
  assert.equal(table.statistics().recordsIn, 6);
  assert.ok(lines.some((l) => l.includes('table full')), lines.join('\n'));
  const q = defaultTableQuery('counters');
  q.primitives = ['src_port'];
  q.requests = ['1', '4', '*'];
  q.counters = 'all';
  // src_port 1: 11 packets in 2 records; 4 was refused; '*': all three entries (flows counted only with `flows` aggregated).
  assert.equal(await ask(table, q), '11 1100 0 1\n0 0 0 0\n13 1300 0 3\n');
});

test('-r hides the entries it zeroed until traffic comes back; -e empties the table; -i counts from it', async () => {
  const table = new MemoryTable({
    name: 't',
    layout: buildAggregateLayout(['src_port'], 'nfacctd'),
    timestamps: { utc: true, rfc3339: false, sinceEpoch: false },
    maxEntries: 100,
    buckets: 7,
    logger: memoryLogger(),
  });
  for (const port of [1, 2, 3]) table.accept(record(port, port));
  const reset = defaultTableQuery('match');
  reset.primitives = ['src_port'];
  reset.requests = ['2'];
  reset.output = 'csv';
  reset.reset = true;
  assert.equal(await ask(table, reset), 'SRC_PORT,PACKETS,BYTES\n2,2,200\n');
  const show = defaultTableQuery('show');
  show.output = 'csv';
  assert.equal(await ask(table, show), 'SRC_PORT,PACKETS,BYTES\n1,1,100\n3,3,300\n');
  table.accept(record(2, 5));
  assert.equal(await ask(table, show), 'SRC_PORT,PACKETS,BYTES\n1,1,100\n2,5,500\n3,3,300\n');
  assert.equal(await ask(table, defaultTableQuery('sinceClear')), 'never\n');
  assert.equal(await ask(table, defaultTableQuery('erase'), 1000), 'OK: Clearing stats.\n');
  assert.equal(await ask(table, defaultTableQuery('sinceClear'), 1042), '42\n');
  assert.equal(await ask(table, show), 'SRC_PORT,PACKETS,BYTES\n');
});
