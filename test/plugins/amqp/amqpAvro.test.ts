/**
 * `amqp_output: avro` / `avro_json` end to end: tsacct's nfacctd replays a
 * corpus capture into RabbitMQ (127.0.0.1:5672, guest/guest, or
 * TSACCT_AMQP_HOST) with several amqp plugins at once, each into its own
 * exchange and queue. The binary messages are decoded with the schema
 * tsacct wrote to avro_schema_file, and every record must equal, value
 * for value and key for key in order, the JSON object pmacct 1.7.7
 * published for the same capture and aggregate
 * (test/golden/amqp/<case>.pmacct.txt, made by its regenerate.ts), mapped
 * as test/plugins/broker/brokerAvroCheck.ts says. avro_json texts are
 * checked against the text avro-c's avro_value_to_json() makes of those
 * same values (unions as {"long": n}, null flows).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Channel, ChannelModel, GetMessage } from 'amqplib';
import { amqpDir, amqpHost, brokerConnection, drainQueue } from '../../golden/amqp/amqpGolden.ts';
import { refusedStartup, replayLines, runDaemon } from '../../golden/brokerGolden.ts';
import { asPmacctJson, avroJsonTextOf, decodeAll, packedRecords, unwrapUnions, writtenSchemaType } from '../broker/brokerAvroCheck.ts';

const tsacct = [process.execPath, join(amqpDir, '..', '..', '..', 'bin', 'tsacct.js'), 'nfacctd'];
const work = mkdtempSync(join(tmpdir(), 'tsacct-amqp-avro-'));
const tag = `tsacct-avro-${process.pid}`;

interface PluginCase {
  name: string;
  lines: readonly string[];
  /** Binding key of the plugin's queue (default acct). */
  routingKey?: string;
  durable?: boolean;
  topic?: boolean;
}

const FIVE_TUPLE = 'src_host, dst_host, src_port, dst_port, proto';

/** nfv5: the plain-5tuple and markers-persistent goldens' aggregates, in four plugins. */
const NFV5: readonly PluginCase[] = [
  { name: 'a', lines: [`aggregate: ${FIVE_TUPLE}`, 'amqp_output: avro', 'amqp_markers: true', `avro_schema_file: ${join(work, 'a', 'schema')}`] },
  { name: 'j', lines: [`aggregate: ${FIVE_TUPLE}`, 'amqp_output: avro_json'] },
  { name: 'm', lines: [`aggregate: ${FIVE_TUPLE}`, 'amqp_output: avro', 'amqp_multi_values: 7', 'avro_buffer_size: 300', `avro_schema_file: ${join(work, 'm', 'schema')}`] },
  { name: 'n', lines: [`aggregate: ${FIVE_TUPLE}`, 'amqp_output: avro_json', 'amqp_multi_values: 3'] },
  // routing-key-no-peer: a dynamic key, resolved per record ("null" without peer_src_ip in the aggregate).
  { name: 'k', topic: true, routingKey: '#', lines: ['aggregate: proto', 'amqp_exchange_type: topic', 'amqp_routing_key: acct.$peer_src_ip', 'amqp_output: avro', `avro_schema_file: ${join(work, 'k', 'schema')}`] },
  { name: 'f', durable: true, lines: ['aggregate: proto, tos, flows', 'amqp_output: avro', 'amqp_persistent_msg: true', `avro_schema_file: ${join(work, 'f', 'schema')}`] },
];

/** nfv9-asr9k: the history-timestamps golden's aggregate and history. */
const NFV9: readonly PluginCase[] = [
  {
    name: 'h', routingKey: 'flows',
    lines: [
      'aggregate: src_host, dst_host, proto, timestamp_start, timestamp_end', 'amqp_routing_key: flows', 'amqp_history: 5m', 'amqp_history_roundoff: m',
      'amqp_output: avro', `avro_schema_file: ${join(work, 'h', 'schema')}`,
    ],
  },
];

let broker: ChannelModel;
let ch: Channel;
const received = new Map<string, GetMessage[]>();

/** One daemon run: every plugin publishes into exchange/queue "<tag>-<plugin>". */
async function run(capture: string, plugins: readonly PluginCase[]): Promise<void> {
  for (const p of plugins) {
    const name = `${tag}-${p.name}`;
    await ch.assertExchange(name, p.topic ? 'topic' : 'direct', { durable: p.durable === true });
    await ch.assertQueue(name, { durable: false });
    await ch.bindQueue(name, name, p.routingKey ?? 'acct');
  }
  const conf = join(work, `${capture}.conf`);
  writeFileSync(conf, [
    ...replayLines(capture),
    `plugins: ${plugins.map((p) => `amqp[${p.name}]`).join(', ')}`,
    ...plugins.flatMap((p) => [
      `amqp_host[${p.name}]: ${amqpHost()}`,
      `amqp_exchange[${p.name}]: ${tag}-${p.name}`,
      `amqp_refresh_time[${p.name}]: 3600`,
      ...p.lines.map((line) => line.replace(/^([a-z_]+):/, `$1[${p.name}]:`)),
    ]),
    '',
  ].join('\n'));
  await runDaemon(tsacct, conf);
  for (const p of plugins) received.set(p.name, await drainQueue(ch, `${tag}-${p.name}`));
}

before(async () => {
  broker = await brokerConnection();
  ch = await broker.createChannel();
  await run('nfv5', NFV5);
  await run('nfv9-asr9k', NFV9);
});

after(async () => {
  for (const p of [...NFV5, ...NFV9]) {
    await ch.deleteQueue(`${tag}-${p.name}`).catch(() => undefined);
    await ch.deleteExchange(`${tag}-${p.name}`).catch(() => undefined);
  }
  await broker.close();
  rmSync(work, { recursive: true, force: true });
});

/** The stored pmacct lines of a golden case: routing key, properties, object. */
function golden(caseName: string): { key: string; props: string; object: string }[] {
  return readFileSync(join(amqpDir, `${caseName}.pmacct.txt`), 'utf8').trimEnd().split('\n').map((line) => {
    const [key, props, object] = line.split('\t') as [string, string, string];
    return { key, props, object };
  });
}

/** The schema tsacct wrote for `plugin`. */
function schemaType(plugin: string, which: 'acct_data' | 'acct_init' | 'acct_close'): ReturnType<typeof writtenSchemaType> {
  return writtenSchemaType(join(work, plugin, 'schema'), which);
}

const dataMessages = (plugin: string): GetMessage[] => {
  const all = received.get(plugin)!;
  // Plugin a publishes with markers: the first and last messages are acct_init / acct_close.
  return plugin === 'a' ? all.slice(1, -1) : all;
};

test('avro_schema_file: the three schemas, as pmacct writes them for src_host, dst_host, src_port, dst_port, proto', () => {
  // Hand-written from plugin_cmn_avro.c (p_avro_schema_build_acct_data/_init/_close, p_avro_schema_add_writer_id)
  // and avro-c's avro_schema_to_json(); see test/output/avro/acctDataSchema.test.ts.
  const S = '{"type":"string"}';
  const L = '{"type":"long"}';
  const OPT_L = '[{"type":"null"},{"type":"long"}]';
  const field = (n: string, t: string): string => `{"name":"${n}","type":${t}}`;
  assert.equal(readFileSync(join(work, 'a', 'schema-acct_data'), 'utf8'), `{"type":"record","name":"acct_data","fields":[${[
    field('ip_src', S), field('ip_dst', S), field('port_src', L), field('port_dst', L), field('ip_proto', S),
    field('packets', OPT_L), field('flows', OPT_L), field('bytes', OPT_L), field('writer_id', S),
  ].join(',')}]}`);
  assert.equal(readFileSync(join(work, 'a', 'schema-acct_init'), 'utf8'), `{"type":"record","name":"acct_init","fields":[${field('event_type', S)},${field('writer_id', S)}]}`);
  assert.equal(readFileSync(join(work, 'a', 'schema-acct_close'), 'utf8'), `{"type":"record","name":"acct_close","fields":[${[
    field('event_type', S), field('writer_id', S), field('purged_entries', L), field('total_entries', L), field('duration', '{"type":"int"}'),
  ].join(',')}]}`);
  assert.ok(!existsSync(join(work, 'j')), 'no avro_schema_file, no schema written');
});

test('avro: every record decodes with the schema file and equals pmacct 1.7.7\'s JSON object (plain-5tuple)', () => {
  const type = schemaType('a', 'acct_data');
  const messages = dataMessages('a');
  const expected = golden('plain-5tuple');
  assert.equal(messages.length, expected.length, 'one message per entry without multi-values');
  const got = messages.map((m) => {
    assert.equal(m.fields.routingKey, 'acct');
    assert.equal(m.properties.contentType, 'application/octet-stream');
    const records = decodeAll(type, m.content);
    assert.equal(records.length, 1);
    return asPmacctJson('a', records[0]!);
  });
  assert.deepEqual(got.sort(), expected.map((e) => e.object).sort());
});

test('avro markers: acct_init first and acct_close last, decoded with their schema files', () => {
  const all = received.get('a')!;
  const init = { ...(schemaType('a', 'acct_init').fromBuffer(all[0]!.content) as Record<string, unknown>) };
  assert.equal(init.event_type, 'purge_init');
  assert.match(String(init.writer_id), /^a\/\d+$/);
  const close = { ...(schemaType('a', 'acct_close').fromBuffer(all.at(-1)!.content) as Record<string, unknown>) };
  const entries = golden('plain-5tuple').length;
  assert.deepEqual({ ...close, duration: typeof close.duration }, {
    event_type: 'purge_close', writer_id: init.writer_id, purged_entries: entries, total_entries: entries, duration: 'number',
  });
});

test('avro_json: the avro-c text of the values pmacct 1.7.7 published (plain-5tuple)', () => {
  const messages = received.get('j')!;
  const expected = golden('plain-5tuple').map(({ object }) => avroJsonTextOf(object));
  const got = messages.map((m) => {
    assert.equal(m.properties.contentType, 'application/json');
    return m.content.toString('utf8').replace(/"writer_id": "j\/\d+"/, '"writer_id": "x/PID"');
  });
  assert.deepEqual(got.sort(), expected.sort());
});

test('avro with amqp_multi_values 7 and avro_buffer_size 300: packed records, the same set', () => {
  const type = schemaType('m', 'acct_data');
  const messages = received.get('m')!;
  const all = packedRecords(type, messages.map((m) => m.content), 'm', { bufferSize: 300, multiValues: 7 });
  // Records are about 51 bytes here, so the 300 bytes close the messages before the count of 7 does;
  // pmacct sends the buffer when the next record's size is >= the room left (300 - used).
  for (let i = 0; i + 1 < messages.length; i++) {
    const next = type.toBuffer(decodeAll(type, messages[i + 1]!.content)[0]).length;
    assert.ok(next >= 300 - messages[i]!.content.length, `message ${i} was sent while the next record still fitted`);
  }
  assert.deepEqual(all.sort(), golden('plain-5tuple').map((e) => e.object).sort());
});

test('avro_json with amqp_multi_values 3: three texts back to back per message, nothing between them', () => {
  const messages = received.get('n')!.map((m) => m.content.toString('utf8'));
  const texts = messages.map((body) => body.split(/(?<=\})(?=\{"ip_src")/));
  const entries = golden('plain-5tuple').length;
  assert.deepEqual(texts.map((t) => t.length), [...Array<number>(Math.floor(entries / 3)).fill(3), ...(entries % 3 ? [entries % 3] : [])]);
  const objects = texts.flat().map((t) => asPmacctJson('n', unwrapUnions(JSON.parse(t) as Record<string, unknown>)));
  assert.deepEqual(objects.sort(), golden('plain-5tuple').map((e) => e.object).sort());
});

test('avro with flows and amqp_persistent_msg: delivery mode 2, flows counted (markers-persistent)', () => {
  const type = schemaType('f', 'acct_data');
  const messages = received.get('f')!;
  const expected = golden('markers-persistent').filter((e) => e.object.startsWith('{"event_type": "purge",'));
  const got = messages.map((m) => {
    assert.equal(`${m.properties.contentType}/${m.properties.deliveryMode}`, 'application/octet-stream/2');
    return asPmacctJson('f', decodeAll(type, m.content)[0]!);
  });
  assert.deepEqual(got.sort(), expected.map((e) => e.object).sort());
});

test('avro with a dynamic routing key: each record with its key (routing-key-no-peer)', () => {
  const type = schemaType('k', 'acct_data');
  const got = received.get('k')!.map((m) => `${m.fields.routingKey}\t${asPmacctJson('k', decodeAll(type, m.content)[0]!)}`);
  assert.deepEqual(got.sort(), golden('routing-key-no-peer').map((e) => `${e.key}\t${e.object}`).sort());
});

test('avro with history and timestamps: stamp_inserted / stamp_updated and the flow times (history-timestamps)', () => {
  const type = schemaType('h', 'acct_data');
  const messages = received.get('h')!;
  const got = messages.map((m) => {
    assert.equal(m.fields.routingKey, 'flows');
    return asPmacctJson('h', decodeAll(type, m.content)[0]!);
  });
  assert.deepEqual(got.sort(), golden('history-timestamps').map((e) => e.object).sort());
});

test('an avro_schema_file that cannot be written stops the startup, naming the key', async () => {
  writeFileSync(join(work, 'not-a-dir'), '');
  const conf = join(work, 'refused.conf');
  writeFileSync(conf, [
    'daemonize: false', 'plugins: amqp[x]', 'aggregate[x]: proto', 'amqp_output[x]: avro', `avro_schema_file[x]: ${join(work, 'not-a-dir', 'schema')}`, '',
  ].join('\n'));
  const stderr = await refusedStartup(tsacct, conf);
  assert.match(stderr, /refused\.conf:\d+: avro_schema_file: cannot write the Avro schemas: .*not-a-dir/);
});
