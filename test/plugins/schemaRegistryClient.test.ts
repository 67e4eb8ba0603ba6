/**
 * The schema registry client against a small HTTP server in the test that
 * answers the two REST calls as Confluent documents them (the Confluent
 * Schema Registry is a Java service not installable here):
 *  - POST /subjects/{subject}/versions, body {"schema": "<text>"} in
 *    application/vnd.schemaregistry.v1+json -> {"id": N}, the same id for
 *    the same schema under any subject
 *    (https://docs.confluent.io/cloud/current/ccloud/register/);
 *  - GET /schemas/ids/{id} -> {"schema": "<text>"}, 404 with error_code
 *    40403 when unknown; invalid schema -> 422, error_code 42201
 *    (https://docs.confluent.io/platform/current/schema-registry/develop/api.html).
 * Then a record framed in the Confluent wire format is decoded the way a
 * consumer does: magic byte, id, schema fetched by id, Avro body.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import avsc from 'avsc';
import { buildAggregateLayout, compileKeyWriter } from '../../src/model/aggregateLayout.ts';
import { FlowRecord } from '../../src/model/flowRecord.ts';
import { StringTable } from '../../src/model/stringTable.ts';
import { AcctDataCodec } from '../../src/output/avro/acctDataCodec.ts';
import { AcctMarkerCodec } from '../../src/output/avro/acctMarkerCodec.ts';
import { parseConfluentFrame } from '../../src/output/avro/confluentWireFormat.ts';
import { acctSubjects, SchemaRegistryClient, SchemaRegistryError } from '../../src/plugins/schemaRegistryClient.ts';
import { FakeSchemaRegistry, REGISTRY_CONTENT_TYPE } from './fakeSchemaRegistry.ts';

let registry: FakeSchemaRegistry;
let base: string;

before(async () => {
  registry = await FakeSchemaRegistry.start();
  base = registry.base;
});

after(() => registry.stop());

const layout = buildAggregateLayout(['src_host', 'dst_port', 'proto'], 'nfacctd');
const codec = new AcctDataCodec(layout, { history: false, labelAsMap: false, writerId: 'k/7' });
const markers = new AcctMarkerCodec('k/7');

test('registers pmacct\'s three subjects and keeps the ids', async () => {
  const client = new SchemaRegistryClient(`${base}/`);
  const subjects = acctSubjects('pmacct.acct');
  assert.deepEqual(subjects, { acctData: 'pmacct.acct-acct-data-value', acctInit: 'pmacct.acct-acct-init-value', acctClose: 'pmacct.acct-acct-close-value' });
  const data = await client.register(subjects.acctData, codec.schemaText);
  const init = await client.register(subjects.acctInit, markers.initSchemaText);
  const close = await client.register(subjects.acctClose, markers.closeSchemaText);
  assert.equal(new Set([data, init, close]).size, 3);
  const sent = registry.requests.filter((r) => r.method === 'POST');
  assert.deepEqual(sent.map((r) => r.url), [
    '/subjects/pmacct.acct-acct-data-value/versions', '/subjects/pmacct.acct-acct-init-value/versions', '/subjects/pmacct.acct-acct-close-value/versions',
  ]);
  assert.ok(sent.every((r) => r.contentType === REGISTRY_CONTENT_TYPE && r.authorization === undefined));
  // The registry got the schema text pmacct sends (avro-c's), and answers it back by id.
  assert.equal(registry.schemas.get(data), codec.schemaText);
  assert.equal(await client.schemaById(data), codec.schemaText);

  // Registered once per client: asking again sends nothing.
  const before = registry.requests.length;
  assert.equal(await client.register(subjects.acctData, codec.schemaText), data);
  assert.equal(registry.requests.length, before);
});

test('a framed record decodes with the schema the registry holds for its id', async () => {
  const client = new SchemaRegistryClient(base);
  const id = await client.register('decode-test-acct-data-value', codec.schemaText);
  const rec = new FlowRecord();
  rec.srcHost.setV4Number(0xc0000201);
  rec.dstPort = 53;
  rec.proto = 17;
  const strings = new StringTable();
  const keys = new Uint32Array(layout.keyWords);
  compileKeyWriter(layout)(rec, keys, strings);
  const row = { keys, off: 0, packets: 2, bytes: 150, flows: 0, isEvent: false, binStart: 0 };
  const message = codec.toConfluentBuffer(id, row, { timestamps: { utc: true, rfc3339: false, sinceEpoch: false }, strings, flushTime: 0, history: false, utc: true });

  // As a consumer: magic byte 0, the id, the schema by id, then the body.
  const { schemaId, avro } = parseConfluentFrame(message);
  assert.equal(message[0], 0);
  assert.equal(schemaId, id);
  const type = avsc.Type.forSchema(JSON.parse(await client.schemaById(schemaId)) as Parameters<typeof avsc.Type.forSchema>[0], { wrapUnions: false });
  assert.deepEqual({ ...(type.fromBuffer(avro) as object) }, {
    ip_src: '192.0.2.1', port_dst: 53, ip_proto: 'udp', packets: 2, flows: null, bytes: 150, writer_id: 'k/7',
  });
});

test('registry errors carry the status and error_code, and are not cached', async () => {
  const client = new SchemaRegistryClient(base);
  await assert.rejects(client.register('bad-value', '{"type":"nope"}'), (err: unknown) => {
    assert.ok(err instanceof SchemaRegistryError);
    assert.equal(err.status, 422);
    assert.equal(err.errorCode, 42201);
    assert.match(err.message, /HTTP 422 \(error_code 42201\): Invalid schema/);
    return true;
  });
  const posts = registry.requests.filter((r) => r.url === '/subjects/bad-value/versions').length;
  await assert.rejects(client.register('bad-value', '{"type":"nope"}'), SchemaRegistryError);
  assert.equal(registry.requests.filter((r) => r.url === '/subjects/bad-value/versions').length, posts + 1);
  await assert.rejects(client.schemaById(9999), (err: unknown) => err instanceof SchemaRegistryError && err.status === 404 && err.errorCode === 40403);
});

test('an unreachable registry is an error, not a crash', async () => {
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const address = closed.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  const client = new SchemaRegistryClient(`http://127.0.0.1:${address.port}`, { timeoutMs: 2000 });
  await assert.rejects(client.register('x-value', codec.schemaText), (err: unknown) => err instanceof SchemaRegistryError && err.status === 0);
});

test('user:password in the URL becomes basic authentication', async () => {
  const client = new SchemaRegistryClient(base.replace('http://', 'http://alice:s%3Acret@'));
  await client.register('auth-value', markers.initSchemaText);
  const last = registry.requests.at(-1)!;
  assert.equal(last.url, '/subjects/auth-value/versions');
  assert.equal(last.authorization, `Basic ${Buffer.from('alice:s:cret').toString('base64')}`);
});
