/**
 * The Avro cursor a broker writer walks (amqp today, kafka through the same
 * interface): pmacct's message order (acct_init, data, acct_close), which
 * aggregate each message's routing key / topic / partition key comes from,
 * and with schema registry ids the Confluent framing of every message
 * (magic byte 0, 4-byte big-endian id, then the record, as libserdes'
 * serdes_schema_serialize_avro() frames pmacct's records).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import avsc from 'avsc';
import type { FlushBatch } from '../../../src/core/aggregatingConsumer.ts';
import { AggregationCache } from '../../../src/core/aggregationCache.ts';
import { memoryLogger } from '../../../src/core/logger.ts';
import { buildAggregateLayout } from '../../../src/model/aggregateLayout.ts';
import { StringTable } from '../../../src/model/stringTable.ts';
import { AcctDataCodec } from '../../../src/output/avro/acctDataCodec.ts';
import { AcctMarkerCodec, ACCT_CLOSE_SCHEMA, ACCT_INIT_SCHEMA } from '../../../src/output/avro/acctMarkerCodec.ts';
import { BrokerAvroCursor, type BrokerAvroOutput } from '../../../src/plugins/broker/brokerAvroCursor.ts';

const layout = buildAggregateLayout(['dst_port'], 'nfacctd');
const PORTS = [443, 80, 53];

function batchOf(ports: readonly number[]): FlushBatch {
  const cache = new AggregationCache(layout.keyWords);
  for (const port of ports) {
    cache.key[0] = port;
    cache.add(1, 100, 1, false);
  }
  const batch: FlushBatch = { cache, layout, binWord: -1, flushTime: 1700000000, reason: 'refresh', strings: new StringTable(), sequence: 1 };
  return batch;
}

function output(format: 'avro' | 'avro_json', registry?: BrokerAvroOutput['registry']): BrokerAvroOutput {
  return { format, data: new AcctDataCodec(layout, { history: false, labelAsMap: false, writerId: 'k/1' }), markers: new AcctMarkerCodec('k/1'), bufferSize: 8192, registry };
}

const options = (multiValues: number) => ({ label: 'k/kafka', markers: true, multiValues, history: false, timestamps: { utc: true, rfc3339: false, sinceEpoch: false } });

function walk(cursor: BrokerAvroCursor, batch: FlushBatch): { kind: string; entry: number; index: number; body: string | Buffer; port: number }[] {
  const out = [];
  cursor.start(batch, Date.now());
  while (cursor.next()) out.push({ kind: cursor.kind, entry: cursor.entry, index: cursor.index, body: cursor.body, port: cursor.entry >= 0 ? cursor.row.keys[cursor.row.off]! : -1 });
  return out;
}

test('with registry ids: init, one framed record per aggregate, close; each decodes with its own schema', () => {
  const avro = output('avro', { acctData: 11, acctInit: 12, acctClose: 13 });
  const cursor = new BrokerAvroCursor(avro, options(0), memoryLogger());
  const messages = walk(cursor, batchOf(PORTS));
  assert.deepEqual(messages.map((m) => [m.kind, m.entry, m.index]), [
    ['purge_init', -1, 0], ['purge', 0, 1], ['purge', 1, 2], ['purge', 2, 3], ['purge_close', 2, 4],
  ]);
  const dataType = avsc.Type.forSchema(JSON.parse(avro.data.schemaText) as Parameters<typeof avsc.Type.forSchema>[0], { wrapUnions: false });
  const ids = messages.map((m) => {
    const body = m.body as Buffer;
    assert.equal(body[0], 0, 'magic byte');
    return body.readUInt32BE(1);
  });
  assert.deepEqual(ids, [12, 11, 11, 11, 13]);
  const bodies = messages.map((m) => (m.body as Buffer).subarray(5));
  assert.equal((avsc.Type.forSchema(ACCT_INIT_SCHEMA as unknown as Parameters<typeof avsc.Type.forSchema>[0]).fromBuffer(bodies[0]!) as { event_type: string }).event_type, 'purge_init');
  assert.deepEqual(bodies.slice(1, 4).map((b) => (dataType.fromBuffer(b) as { port_dst: number }).port_dst), messages.slice(1, 4).map((m) => m.port));
  const close = avsc.Type.forSchema(ACCT_CLOSE_SCHEMA as unknown as Parameters<typeof avsc.Type.forSchema>[0]).fromBuffer(bodies[4]!) as { purged_entries: number; total_entries: number };
  assert.deepEqual([close.purged_entries, close.total_entries], [3, 3]);
});

test('a batch walked again gives the same messages (a retry resumes by index)', () => {
  const cursor = new BrokerAvroCursor(output('avro'), options(2), memoryLogger());
  const batch = batchOf(PORTS);
  const first = walk(cursor, batch).slice(0, -1);
  const second = walk(cursor, batch).slice(0, -1);
  assert.deepEqual(second, first);
});

test('avro_json with multi-values 2: a message takes the key of the aggregate that completed it, the last one the last aggregate', () => {
  const cursor = new BrokerAvroCursor(output('avro_json'), options(2), memoryLogger());
  const messages = walk(cursor, batchOf(PORTS));
  assert.deepEqual(messages.map((m) => [m.kind, m.entry]), [['purge_init', -1], ['purge', 1], ['purge', 2], ['purge_close', 2]]);
  const body = String(messages[1]!.body);
  assert.equal(body.split('}{').length, 2, 'two texts back to back');
  assert.match(String(messages[0]!.body), /^\{"event_type": "purge_init", "writer_id": "k\/1"\}$/);
});

test('a registry needs single binary records, as pmacct refuses multi-values and avro_json with one', () => {
  assert.throws(() => new BrokerAvroCursor(output('avro', { acctData: 1, acctInit: 2, acctClose: 3 }), options(5), memoryLogger()), /without multi-values/);
  assert.throws(() => new BrokerAvroCursor(output('avro_json', { acctData: 1, acctInit: 2, acctClose: 3 }), options(0), memoryLogger()), /avro output/);
});
