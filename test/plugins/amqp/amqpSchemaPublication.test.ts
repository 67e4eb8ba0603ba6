/**
 * amqp_avro_schema_routing_key / amqp_avro_schema_refresh_time end to end:
 * tsacct's nfacctd with `amqp_output: avro` publishes its three Avro
 * schemas to that routing key on the plugin's exchange (RabbitMQ at
 * 127.0.0.1:5672 or TSACCT_AMQP_HOST), each as pmacct's purge_schema JSON
 * object whose schema is the text written to avro_schema_file. Debian's
 * pmacct has no Avro: the message form follows pmacct's source
 * (compose_avro_purge_schema), see amqpSchemaPublication.ts.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { amqpDir, amqpHost, brokerConnection } from '../../golden/amqp/amqpGolden.ts';
import { firstSchemaDeadline, purgeSchemaMessage } from '../../../src/plugins/amqp/amqpSchemaPublication.ts';

const tsacctJs = join(amqpDir, '..', '..', '..', 'bin', 'tsacct.js');
const work = mkdtempSync(join(tmpdir(), 'tsacct-amqp-schema-'));
after(() => rmSync(work, { recursive: true, force: true }));

test('purge_schema messages: pmacct\'s object with jansson\'s separators and the writer_id\'s pid 0', () => {
  assert.equal(
    purgeSchemaMessage('x', '{"type":"record","name":"acct_init"}'),
    '{"event_type": "purge_schema", "writer_id": "x/0", "schema": "{\\"type\\":\\"record\\",\\"name\\":\\"acct_init\\"}"}',
  );
});

test('the first publication comes at the first refresh boundary from the start of the minute', () => {
  // 12:00:25 with 60 s: 12:01:00; with 10 s: 12:00:30; exactly on a boundary: that one (pmacct publishes once past it).
  const minute = 1_700_000_040; // a multiple of 60
  assert.equal(firstSchemaDeadline(minute + 25, 60), minute + 60);
  assert.equal(firstSchemaDeadline(minute + 25, 10), minute + 30);
  assert.equal(firstSchemaDeadline(minute + 20, 10), minute + 20);
});

test('amqp_avro_schema_routing_key: the three schemas of avro_schema_file are published to that key, every refresh time', async () => {
  const exchange = `tsacct-schema-${process.pid}`;
  const schemaBase = join(work, 'schema');
  const conf = join(work, 'schema.conf');
  writeFileSync(conf, [
    'daemonize: false',
    `pcap_savefile: ${join(amqpDir, '..', 'nfv5', 'capture.pcap')}`,
    // The daemon stays up after the replay: the schemas are published while it runs.
    'pcap_savefile_wait: true',
    'plugins: amqp[x]',
    'aggregate[x]: src_host, dst_host, proto',
    `amqp_host[x]: ${amqpHost()}`,
    `amqp_exchange[x]: ${exchange}`,
    'amqp_refresh_time[x]: 3600',
    'amqp_output[x]: avro',
    `avro_schema_file[x]: ${schemaBase}`,
    'amqp_avro_schema_routing_key[x]: schemas',
    'amqp_avro_schema_refresh_time[x]: 1',
    '',
  ].join('\n'));
  const conn = await brokerConnection();
  const ch = await conn.createChannel();
  await ch.assertExchange(exchange, 'direct', { durable: false, autoDelete: false });
  const queue = (await ch.assertQueue('', { exclusive: true })).queue;
  await ch.bindQueue(queue, exchange, 'schemas');
  const received: { body: string; contentType: unknown }[] = [];
  let gotSix: () => void = () => {};
  const six = new Promise<void>((resolve) => { gotSix = resolve; });
  await ch.consume(queue, (m) => {
    if (m === null) return;
    received.push({ body: m.content.toString(), contentType: m.properties.contentType });
    if (received.length === 6) gotSix();
  }, { noAck: true });
  const child = spawn(process.execPath, [tsacctJs, 'nfacctd', '-f', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    // Two publications (one a second): a safety limit, not a timing check.
    const limit = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${received.length} schema messages in 60 s\n${stderr}`)), 60_000).unref());
    await Promise.race([six, limit, exited.then(() => { throw new Error(`the daemon exited\n${stderr}`); })]);
  } finally {
    child.kill('SIGTERM');
    await exited;
    await ch.deleteExchange(exchange).catch(() => undefined);
    await conn.close();
  }
  const expected = ['acct_data', 'acct_init', 'acct_close'].map((suffix) => purgeSchemaMessage('x', readFileSync(`${schemaBase}-${suffix}`, 'utf8')));
  assert.deepEqual(received.slice(0, 6).map((m) => m.body), [...expected, ...expected]);
  assert.ok(received.every((m) => m.contentType === 'application/json'));
  const first = JSON.parse(received[0]!.body) as { event_type: string; writer_id: string; schema: string };
  assert.equal(first.event_type, 'purge_schema');
  assert.equal(JSON.parse(first.schema).name, 'acct_data');
});
