/**
 * `kafka_output: avro` / `avro_json` and kafka_avro_schema_registry end to
 * end: tsacct's nfacctd replays a corpus capture into librdkafka's mock
 * broker (test/kafka/) with several kafka plugins at once, each into its
 * own topic, and kcat reads the topics back. Binary messages are decoded
 * with the schema tsacct wrote to avro_schema_file, and every record must
 * equal the JSON object pmacct 1.7.7 produced for the same capture and
 * aggregate (test/golden/kafka/<case>.pmacct.txt, made by its
 * regenerate.ts), mapped as test/plugins/broker/brokerAvroCheck.ts says
 * (Debian's pmacct has no Avro). avro_json texts are checked against the
 * text avro-c makes of those values.
 *
 * With kafka_avro_schema_registry the plugin registers its three schemas
 * with a small registry server in the test (fakeSchemaRegistry.ts) under
 * pmacct's subjects, and every message is magic byte 0, the id the
 * registry assigned to its schema, and the Avro record, decoded here with
 * the schema the registry holds under that id, as a consumer does.
 *
 * The plugins whose message order is checked write to partition 0
 * (kafka_partition, which tsacct honours), the only order Kafka keeps.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import avsc from 'avsc';
import { parseConfluentFrame } from '../../../src/output/avro/confluentWireFormat.ts';
import { buildAggregateLayout } from '../../../src/model/aggregateLayout.ts';
import { AcctDataCodec } from '../../../src/output/avro/acctDataCodec.ts';
import { AcctMarkerCodec } from '../../../src/output/avro/acctMarkerCodec.ts';
import { KafkaSchemaRegistration } from '../../../src/plugins/kafka/kafkaSchemaRegistration.ts';
import { SchemaRegistryError } from '../../../src/plugins/schemaRegistryClient.ts';
import type { BrokerAvroOutput } from '../../../src/plugins/broker/brokerAvroCursor.ts';
import { refusedStartup, replayLines, runDaemon } from '../../golden/brokerGolden.ts';
import { kafkaDir } from '../../golden/kafka/kafkaGolden.ts';
import { kafkaClientSkip } from '../../kafka/kafkaClient.ts';
import { consumeTopic, kafkaTestSkip, MockBroker, type ConsumedMessage } from '../../kafka/mockBroker.ts';
import { asPmacctJson, avroJsonTextOf, decodeAll, goldenObjects, packedRecords, unwrapUnions, writtenSchemaType, type AvroType } from '../broker/brokerAvroCheck.ts';
import { FakeSchemaRegistry } from '../fakeSchemaRegistry.ts';

const skip = kafkaTestSkip() ?? kafkaClientSkip() ?? false;
const tsacct = [process.execPath, join(kafkaDir, '..', '..', '..', 'bin', 'tsacct.js'), 'nfacctd'];
const work = mkdtempSync(join(tmpdir(), 'tsacct-kafka-avro-'));
const prefix = `tsavro.${process.pid}`;
const FIVE_TUPLE = 'src_host, dst_host, src_port, dst_port, proto';
const HISTORY = ['aggregate: src_host, dst_host, proto, timestamp_start, timestamp_end', 'kafka_history: 5m', 'kafka_history_roundoff: m'];

interface PluginCase {
  name: string;
  lines: readonly string[];
}

const schemaFile = (plugin: string): string => join(work, plugin, 'schema');

/** nfv5: the plain-5tuple and config-file goldens' aggregates. */
const NFV5: readonly PluginCase[] = [
  { name: 'a', lines: [`aggregate: ${FIVE_TUPLE}`, 'kafka_output: avro', 'kafka_markers: true', 'kafka_partition: 0', `avro_schema_file: ${schemaFile('a')}`] },
  { name: 'j', lines: [`aggregate: ${FIVE_TUPLE}`, 'kafka_output: avro_json'] },
  {
    name: 'm',
    lines: [`aggregate: ${FIVE_TUPLE}`, 'kafka_output: avro', 'kafka_multi_values: 7', 'avro_buffer_size: 300', 'kafka_partition: 0', `avro_schema_file: ${schemaFile('m')}`],
  },
  // config-file: each record keyed by its src_host (a dynamic kafka_partition_key).
  { name: 'k', lines: ['aggregate: src_host, dst_port', 'kafka_output: avro', 'kafka_partition_key: $src_host', `avro_schema_file: ${schemaFile('k')}`] },
  // The registry URL is set when the registry has started (see before()).
  { name: 'r', lines: [`aggregate: ${FIVE_TUPLE}`, 'kafka_output: avro', 'kafka_markers: true', 'kafka_partition: 0', 'kafka_avro_schema_registry: REGISTRY'] },
];

/** nfv9-asr9k: the history-timestamps and timestamps-since-epoch goldens. */
const NFV9: readonly PluginCase[] = [
  { name: 'h', lines: [...HISTORY, 'kafka_output: avro', `avro_schema_file: ${schemaFile('h')}`] },
  { name: 'e', lines: [...HISTORY, 'kafka_output: avro', 'timestamps_since_epoch: true', 'timestamps_secs: true', `avro_schema_file: ${schemaFile('e')}`] },
];

let broker: MockBroker;
let registry: FakeSchemaRegistry;
const received = new Map<string, ConsumedMessage[]>();

/** One daemon run: every plugin produces into topic "<prefix>.<plugin>". */
async function run(capture: string, plugins: readonly PluginCase[]): Promise<void> {
  const [host, port] = broker.bootstrap.split(':');
  const conf = join(work, `${capture}.conf`);
  writeFileSync(conf, [
    ...replayLines(capture),
    `plugins: ${plugins.map((p) => `kafka[${p.name}]`).join(', ')}`,
    ...plugins.flatMap((p) => [
      `kafka_broker_host[${p.name}]: ${host}`,
      `kafka_broker_port[${p.name}]: ${port}`,
      `kafka_topic[${p.name}]: ${prefix}.${p.name}`,
      `kafka_refresh_time[${p.name}]: 3600`,
      ...p.lines.map((line) => line.replace('REGISTRY', registry.base).replace(/^([a-z_]+):/, `$1[${p.name}]:`)),
    ]),
    '',
  ].join('\n'));
  await runDaemon(tsacct, conf);
  for (const p of plugins) received.set(p.name, (await consumeTopic(broker.bootstrap, `${prefix}.${p.name}`)).sort((x, y) => x.partition - y.partition || x.offset - y.offset));
}

before(async () => {
  if (skip) return;
  broker = await MockBroker.start([]);
  registry = await FakeSchemaRegistry.start();
  await run('nfv5', NFV5);
  await run('nfv9-asr9k', NFV9);
});

after(async () => {
  if (!skip) {
    await broker.stop();
    await registry.stop();
  }
  rmSync(work, { recursive: true, force: true });
});

/** The objects pmacct 1.7.7 produced for a kafka golden case. */
function golden(caseName: string): string[] {
  return goldenObjects(join(kafkaDir, `${caseName}.pmacct.txt`));
}

const schemaType = (plugin: string, which: 'acct_data' | 'acct_init' | 'acct_close'): AvroType => writtenSchemaType(schemaFile(plugin), which);

test('kafka avro: every record decodes with the schema file and equals pmacct 1.7.7\'s JSON object (plain-5tuple), between acct_init and acct_close', { skip }, () => {
  const all = received.get('a')!;
  const init = { ...(schemaType('a', 'acct_init').fromBuffer(all[0]!.bytes) as Record<string, unknown>) };
  assert.equal(init.event_type, 'purge_init');
  assert.match(String(init.writer_id), /^a\/\d+$/);
  const type = schemaType('a', 'acct_data');
  const data = all.slice(1, -1).map((m) => {
    const records = decodeAll(type, m.bytes);
    assert.equal(records.length, 1, 'one record per message without multi-values');
    return asPmacctJson('a', records[0]!);
  });
  assert.deepEqual(data.sort(), golden('plain-5tuple').sort());
  const close = { ...(schemaType('a', 'acct_close').fromBuffer(all.at(-1)!.bytes) as Record<string, unknown>) };
  assert.deepEqual({ ...close, duration: typeof close.duration }, {
    event_type: 'purge_close', writer_id: init.writer_id, purged_entries: data.length, total_entries: data.length, duration: 'number',
  });
});

test('kafka avro_json: the avro-c text of the values pmacct 1.7.7 produced (plain-5tuple)', { skip }, () => {
  const got = received.get('j')!.map((m) => m.value.replace(/"writer_id": "j\/\d+"/, '"writer_id": "x/PID"'));
  assert.deepEqual(got.sort(), golden('plain-5tuple').map(avroJsonTextOf).sort());
  // And read back as avro_json: the same values as the JSON objects.
  const objects = received.get('j')!.map((m) => asPmacctJson('j', unwrapUnions(JSON.parse(m.value) as Record<string, unknown>)));
  assert.deepEqual(objects.sort(), golden('plain-5tuple').sort());
});

test('kafka avro with kafka_multi_values 7 and avro_buffer_size 300: packed records, the same set', { skip }, () => {
  const all = packedRecords(schemaType('m', 'acct_data'), received.get('m')!.map((m) => m.bytes), 'm', { bufferSize: 300, multiValues: 7 });
  assert.deepEqual(all.sort(), golden('plain-5tuple').sort());
});

test('kafka avro with a dynamic kafka_partition_key: each record keyed as pmacct keys its JSON object (config-file)', { skip }, () => {
  const type = schemaType('k', 'acct_data');
  const got = received.get('k')!.map((m) => `${m.key}\t${asPmacctJson('k', decodeAll(type, m.bytes)[0]!)}`);
  const expected = readFileSync(join(kafkaDir, 'config-file.pmacct.txt'), 'utf8').trimEnd().split('\n').map((line) => line.split('\t').slice(2).join('\t'));
  assert.deepEqual(got.sort(), expected.sort());
});

test('kafka avro with history: stamp_inserted / stamp_updated and the flow times (history-timestamps, timestamps-since-epoch)', { skip }, () => {
  for (const [plugin, caseName] of [['h', 'history-timestamps'], ['e', 'timestamps-since-epoch']] as const) {
    const type = schemaType(plugin, 'acct_data');
    const got = received.get(plugin)!.map((m) => asPmacctJson(plugin, decodeAll(type, m.bytes)[0]!));
    assert.deepEqual(got.sort(), golden(caseName).sort(), caseName);
  }
});

test('kafka_avro_schema_registry: pmacct\'s three subjects registered, every message framed with the id the registry assigned', { skip }, () => {
  const topic = `${prefix}.r`;
  const ids = {
    data: registry.subjects.get(`${topic}-acct-data-value`),
    init: registry.subjects.get(`${topic}-acct-init-value`),
    close: registry.subjects.get(`${topic}-acct-close-value`),
  };
  // Registered once each (one client, one flush).
  assert.equal(ids.data?.length, 1);
  assert.equal(ids.init?.length, 1);
  assert.equal(ids.close?.length, 1);
  const all = received.get('r')!;
  const frames = all.map((m) => {
    assert.equal(m.bytes[0], 0, 'magic byte 0');
    return parseConfluentFrame(m.bytes);
  });
  assert.equal(frames[0]!.schemaId, ids.init![0]);
  assert.equal(frames.at(-1)!.schemaId, ids.close![0]);
  assert.ok(frames.slice(1, -1).every((f) => f.schemaId === ids.data![0]));
  // As a consumer: the schema by the message's id, then the body.
  const byId = (id: number): AvroType => avsc.Type.forSchema(JSON.parse(registry.schemas.get(id)!) as Parameters<typeof avsc.Type.forSchema>[0], { wrapUnions: false });
  assert.equal((byId(frames[0]!.schemaId).fromBuffer(frames[0]!.avro) as { event_type: string }).event_type, 'purge_init');
  const data = frames.slice(1, -1).map((f) => asPmacctJson('r', { ...(byId(f.schemaId).fromBuffer(f.avro) as Record<string, unknown>) }));
  assert.deepEqual(data.sort(), golden('plain-5tuple').sort());
  const close = byId(frames.at(-1)!.schemaId).fromBuffer(frames.at(-1)!.avro) as { event_type: string; purged_entries: number };
  assert.deepEqual([close.event_type, close.purged_entries], ['purge_close', data.length]);
});

test('kafka_avro_schema_registry: a registry that fails leaves the messages unframed and is asked again', async () => {
  const layout = buildAggregateLayout(['proto'], 'nfacctd');
  const avro: BrokerAvroOutput = {
    format: 'avro', data: new AcctDataCodec(layout, { history: false, labelAsMap: false, writerId: 'x/1' }), markers: new AcctMarkerCodec('x/1'), bufferSize: 8192,
  };
  const asked: string[] = [];
  let failing = true;
  const client = {
    register: (subject: string): Promise<number> => {
      asked.push(subject);
      return failing ? Promise.reject(new SchemaRegistryError('schema registry: HTTP 503', 503, 0)) : Promise.resolve(asked.length);
    },
  };
  const registration = new KafkaSchemaRegistration(client, 'acct', avro);
  await assert.rejects(registration.ensureRegistered(), /HTTP 503/);
  assert.equal(avro.registry, undefined);
  failing = false;
  await registration.ensureRegistered();
  assert.ok(avro.registry !== undefined);
  const registered = avro.registry;
  await registration.ensureRegistered();
  assert.equal(avro.registry, registered, 'registered once');
  assert.deepEqual(asked.slice(3).sort(), ['acct-acct-close-value', 'acct-acct-data-value', 'acct-acct-init-value']);
});

function startupError(lines: readonly string[]): Promise<string> {
  const conf = join(work, 'refused.conf');
  writeFileSync(conf, ['daemonize: false', 'plugins: kafka[x]', 'aggregate[x]: proto', ...lines, ''].join('\n'));
  return refusedStartup(tsacct, conf);
}

test('kafka_avro_schema_registry: what pmacct 1.7.7 refuses, and what cannot work, is refused at startup', { skip: kafkaClientSkip() ?? false }, async () => {
  const registryLine = 'kafka_avro_schema_registry[x]: http://127.0.0.1:8081';
  assert.match(await startupError(['kafka_output[x]: avro', registryLine, 'kafka_multi_values[x]: 1000']), /'kafka_avro_schema_registry' is not compatible with 'kafka_multi_values'/);
  assert.match(await startupError(['kafka_output[x]: avro_json', registryLine]), /'kafka_avro_schema_registry' is not compatible with 'avro_json' output/);
  assert.match(await startupError(['kafka_output[x]: avro', registryLine, 'kafka_topic[x]: acct.$peer_src_ip']), /dynamic 'kafka_topic' is not compatible with 'kafka_avro_schema_registry'/);
  assert.match(await startupError([registryLine]), /'kafka_avro_schema_registry' needs 'kafka_output: avro'/);
  assert.match(await startupError(['kafka_output[x]: avro', registryLine, 'kafka_topic_rr[x]: 2']), /'kafka_topic_rr' is not compatible with 'kafka_avro_schema_registry'/);
  assert.match(await startupError(['kafka_output[x]: avro', 'kafka_avro_schema_registry[x]: registry:8081']), /kafka_avro_schema_registry: 'registry:8081' is not an http:\/\/ or https:\/\/ URL/);
});
