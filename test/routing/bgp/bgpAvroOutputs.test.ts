// The BGP message log and table dump in Avro (bgp_daemon_msglog_output /
// bgp_table_dump_output avro and avro_json), to files, Kafka (librdkafka's
// mock broker, read back with kcat) and AMQP (RabbitMQ). Debian's pmacct
// has no Avro, so the reference is the JSON output of the same scripted
// feed (itself byte-equal to pmbgpd 1.7.7, test/golden/bgp/): every Avro
// record, decoded with the schema tsacct wrote to *_avro_schema_file, has
// the JSON line's values field by field, typed as the schema says, and null
// where the line has no such key. The schemas themselves are checked
// against texts written out by hand from pmacct 1.7.7's
// src/bgp/bgp_logdump.c (p_avro_schema_build_bgp* and
// p_avro_schema_build_bgp_common / _route; record names from src/bgp/bgp.c).
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import avsc from 'avsc';
import { connect, type Channel, type ChannelModel } from 'amqplib';
import { loadConfigText } from '../../../src/config/index.ts';
import { memoryLogger } from '../../../src/core/logger.ts';
import { checkBgpDaemonConfig, startBgpDaemon } from '../../../src/daemons/bgpDaemon.ts';
import { KEEPALIVE_MESSAGE } from '../../../src/decode/bgp/bgpMessageReader.ts';
import { addPathCapability, fourOctetAsCapability, multiprotocolCapability } from '../../../src/decode/bgp/bgpOpen.ts';
import { encodeUpdate, rdAs2, routeTarget } from '../../../src/decode/bgp/updateEncoder.ts';
import { parseConfluentFrame } from '../../../src/output/avro/confluentWireFormat.ts';
import type { BgpCollector } from '../../../src/routing/bgp/bgpCollector.ts';
import { FakeSchemaRegistry } from '../../plugins/fakeSchemaRegistry.ts';
import { kafkaClientSkip } from '../../kafka/kafkaClient.ts';
import { consumeTopic, kafkaTestSkip, MockBroker } from '../../kafka/mockBroker.ts';
import { rabbitmqSkip } from '../../golden/bgp/rabbitmqSkip.ts';
import { TestPeer } from './bgpTestPeer.ts';
import { freePort, removeDir, tempDir, waitFor } from './bgpTestKit.ts';

type AvscType = ReturnType<typeof avsc.Type.forSchema>;
type Plain = Record<string, unknown>;
type Kind = 'msglog' | 'dump';

// ---- the schemas, written out from bgp_logdump.c ----------------------------

const S = '{"type":"string"}';
const L = '{"type":"long"}';
const I = '{"type":"int"}';
const OPT_S = '[{"type":"null"},{"type":"string"}]';
const OPT_L = '[{"type":"null"},{"type":"long"}]';
const OPT_I = '[{"type":"null"},{"type":"int"}]';
const f = (name: string, type: string): string => `{"name":"${name}","type":${type}}`;
const rec = (name: string, fields: string[]): string => `{"type":"record","name":"${name}","fields":[${fields.join(',')}]}`;
// p_avro_schema_build_bgp_common (log_type first, only in the log's route records), then peer_ip_src, peer_tcp_port.
const COMMON = [f('seq', L), f('timestamp', S), f('event_type', S), f('writer_id', S), f('peer_ip_src', S), f('peer_tcp_port', OPT_I)];
// p_avro_schema_build_bgp_route, without roa (RPKI) and with origin a string (tmp_bgp_daemon_origin_type_int off).
const ROUTE = [
  f('afi', I), f('safi', I), f('ip_prefix', OPT_S), f('rd', OPT_S), f('rd_origin', OPT_S), f('bgp_nexthop', OPT_S), f('as_path', OPT_S),
  f('as_path_id', OPT_L), f('comms', OPT_S), f('ecomms', OPT_S), f('lcomms', OPT_S), f('origin', OPT_S), f('local_pref', OPT_L),
  f('med', OPT_L), f('aigp', OPT_L), f('psid_li', OPT_L), f('label', OPT_S),
];
const EXPECTED_SCHEMAS: Record<string, string> = {
  bgp_msglog: rec('bgp_msglog', [f('log_type', S), ...COMMON, ...ROUTE]),
  bgp_loginit: rec('bgp_loginit', COMMON),
  bgp_logclose: rec('bgp_logclose', COMMON),
  bgp_dump: rec('bgp_dump', [...COMMON, ...ROUTE]),
  bgp_dumpinit: rec('bgp_dumpinit', [...COMMON, f('dump_period', L)]),
  bgp_dumpclose: rec('bgp_dumpclose', [...COMMON, f('entries', OPT_L), f('tables', OPT_I)]),
};
const RECORD_NAMES: Record<Kind, { route: string; init: string; close: string; events: { route: string; init: string; close: string } }> = {
  msglog: { route: 'bgp_msglog', init: 'bgp_loginit', close: 'bgp_logclose', events: { route: 'log', init: 'log_init', close: 'log_close' } },
  dump: { route: 'bgp_dump', init: 'bgp_dumpinit', close: 'bgp_dumpclose', events: { route: 'dump', init: 'dump_init', close: 'dump_close' } },
};

interface SchemaSet {
  /** Record name → its schema as parsed from the schema file, and avsc's type for it. */
  byName: Map<string, { fields: { name: string; type: unknown }[]; type: AvscType }>;
}

/** The schemas tsacct wrote for `kind` under `base`, compiled with avsc. */
function loadSchemaFiles(base: string, kind: Kind): SchemaSet {
  const byName: SchemaSet['byName'] = new Map();
  const names = RECORD_NAMES[kind];
  for (const name of [names.route, names.init, names.close]) {
    const parsed = JSON.parse(readFileSync(`${base}-${name}`, 'utf8')) as { fields: { name: string; type: unknown }[] };
    byName.set(name, { fields: parsed.fields, type: avsc.Type.forSchema(parsed as Parameters<typeof avsc.Type.forSchema>[0], { wrapUnions: false }) });
  }
  return { byName };
}

/** The schemas a consumer fetched from the registry, as a SchemaSet keyed by record name. */
function schemaSetOfTexts(texts: readonly string[]): SchemaSet {
  const byName: SchemaSet['byName'] = new Map();
  for (const text of texts) {
    const parsed = JSON.parse(text) as { name: string; fields: { name: string; type: unknown }[] };
    byName.set(parsed.name, { fields: parsed.fields, type: avsc.Type.forSchema(parsed as Parameters<typeof avsc.Type.forSchema>[0], { wrapUnions: false }) });
  }
  return { byName };
}

// ---- reading the outputs back --------------------------------------------------

/**
 * Binary records back to back (a file) or one per message: pmacct frames
 * nothing, so each record is tried against the output's three schemas and
 * taken by the one whose decoding gives that schema's event_type.
 */
function decodeBinary(buf: Buffer, kind: Kind, schemas: SchemaSet): Plain[] {
  const names = RECORD_NAMES[kind];
  const candidates: [string, string][] = [[names.init, names.events.init], [names.route, names.events.route], [names.close, names.events.close]];
  const out: Plain[] = [];
  let pos = 0;
  while (pos < buf.length) {
    let taken = false;
    for (const [name, event] of candidates) {
      let decoded: { value: unknown; offset: number };
      try {
        decoded = schemas.byName.get(name)!.type.decode(buf, pos);
      } catch {
        continue;
      }
      if (decoded.offset < 0 || (decoded.value as Plain)['event_type'] !== event) continue;
      out.push({ ...(decoded.value as Plain) });
      pos = decoded.offset;
      taken = true;
      break;
    }
    if (!taken) break; // the rest is not written yet (or is not a record: the test fails on the count)
  }
  return out;
}

/**
 * One avro_json text as its plain values, checking avro-c's form on the
 * way: the fields in schema order, a union's value null or {"<branch>": v}
 * with the schema's branch name.
 */
function unwrapAvroJson(text: string, kind: Kind, schemas: SchemaSet): Plain {
  const value = JSON.parse(text) as Plain;
  const event = value['event_type'];
  const names = RECORD_NAMES[kind];
  const name = event === names.events.init ? names.init : event === names.events.close ? names.close : names.route;
  const fields = schemas.byName.get(name)!.fields;
  assert.deepEqual(Object.keys(value), fields.map((x) => x.name), `fields of ${name} in schema order`);
  const plain: Plain = {};
  for (const field of fields) {
    const v = value[field.name];
    if (Array.isArray(field.type)) {
      if (v === null) plain[field.name] = null;
      else {
        const branch = (field.type as { type: string }[])[1]!.type;
        assert.deepEqual(Object.keys(v as Plain), [branch], `${name}.${field.name} as {"${branch}": …}`);
        plain[field.name] = (v as Plain)[branch];
      }
    } else plain[field.name] = v;
  }
  return plain;
}

function jsonLines(text: string): Plain[] {
  return text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Plain);
}

// ---- the comparison ---------------------------------------------------------------

/**
 * Each Avro record against the JSON line of the same place: the schema's
 * fields only, the JSON's keys all in the schema, each value equal and of
 * the schema's type (int and long numbers, strings), null where the JSON
 * has none; writer_id "<core_proc_name>/<pid>". The message log's
 * timestamps and the peer's TCP port are the run's own (another session,
 * another moment): both are checked for their form only.
 */
function assertSameRecords(avro: readonly Plain[], json: readonly Plain[], kind: Kind, schemas: SchemaSet, what: string): void {
  assert.equal(avro.length, json.length, `${what}: as many records as JSON lines`);
  const names = RECORD_NAMES[kind];
  for (let i = 0; i < json.length; i++) {
    const j = json[i]!;
    const a = avro[i]!;
    const event = j['event_type'];
    const name = event === names.events.init ? names.init : event === names.events.close ? names.close : names.route;
    const fields = schemas.byName.get(name)!.fields;
    const at = `${what} #${i} (${String(event)})`;
    assert.deepEqual(Object.keys(a).sort(), fields.map((x) => x.name).sort(), `${at}: the record has the schema's fields`);
    for (const key of Object.keys(j)) assert.ok(fields.some((x) => x.name === key), `${at}: JSON key ${key} is in the schema`);
    assert.equal(a['writer_id'], `default/${process.pid}`, `${at}: writer_id`);
    for (const field of fields) {
      if (field.name === 'writer_id') continue;
      const type = Array.isArray(field.type) ? (field.type as { type: string }[])[1]!.type : (field.type as { type: string }).type;
      if (!(field.name in j)) {
        assert.equal(a[field.name], null, `${at}: ${field.name} null where the JSON has none`);
        continue;
      }
      const value = a[field.name];
      assert.equal(typeof value, type === 'string' ? 'string' : 'number', `${at}: ${field.name} is a ${type}`);
      if (type !== 'string') assert.ok(Number.isInteger(value), `${at}: ${field.name} is an integer`);
      if (field.name === 'peer_tcp_port') assert.ok((value as number) > 0 && (value as number) < 65536, `${at}: a TCP port`);
      else if (field.name === 'timestamp' && kind === 'msglog') assert.match(value as string, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/, `${at}: a timestamp`);
      else assert.equal(value, j[field.name], `${at}: ${field.name}`);
    }
  }
}

// ---- the scripted feed ----------------------------------------------------------------

const PEER_ADDRESS = '127.0.0.9';
/** The dump's time: fixed, so the dump's timestamps are the same in every run. */
const DUMP_SEC = 1_700_000_040;
const addPath = { addPath: true } as const;
const FEED: readonly Uint8Array[] = [
  encodeUpdate({ ...addPath, origin: 0, asPath: [65001, 65002], nextHop: '192.0.2.1', localPref: 100, communities: [0xfde80001], nlri: [{ prefix: '10.1.0.0/16', pathId: 1 }, { prefix: '10.1.3.0/24', pathId: 1 }] }),
  encodeUpdate({ ...addPath, origin: 1, asPath: [65001, 65003], nextHop: '192.0.2.2', med: 5, extCommunities: [routeTarget(65001, 7)], largeCommunities: [[65001, 1, 2]], nlri: [{ prefix: '10.1.0.0/16', pathId: 2 }, { prefix: '10.4.0.0/16', pathId: 7 }] }),
  encodeUpdate({ origin: 0, asPath: [65001], mpReach: { afi: 2, safi: 1, nextHop: '2001:db8::1', nlri: [{ prefix: '2001:db8:1::/48' }, { prefix: '2001:db8:2::/48' }] } }),
  encodeUpdate({ origin: 2, asPath: [65001, 65007], mpReach: { afi: 1, safi: 128, nextHop: '192.0.2.7', nlri: [{ prefix: '10.7.0.0/16', labels: [100], rd: rdAs2(65000, 7) }] } }),
  encodeUpdate({ origin: 0, asPath: [65001, 65009], mpReach: { afi: 1, safi: 4, nextHop: '192.0.2.9', nlri: [{ prefix: '10.9.0.0/16', labels: [200] }] } }),
  encodeUpdate({ ...addPath, withdrawn: [{ prefix: '10.1.3.0/24', pathId: 1 }] }),
  encodeUpdate({ mpUnreach: { afi: 2, safi: 1, nlri: [{ prefix: '2001:db8:2::/48' }] } }),
];
/** log_init, 8 updates, 2 withdrawals. */
const LOG_RECORDS_BEFORE_DUMP = 11;

/**
 * The feed into the collector on `port`: updates, withdrawals, a dump
 * (stamped DUMP_SEC), the session's end (its delete lines and log_close).
 * `records` counts what the output holds so far.
 */
async function runFeed(collector: BgpCollector, port: number, records: () => { msglog: Plain[]; dump: Plain[] }): Promise<void> {
  const peer = await TestPeer.open({
    port,
    localAddress: PEER_ADDRESS,
    capabilities: [
      multiprotocolCapability(1, 1), multiprotocolCapability(2, 1), multiprotocolCapability(1, 4), multiprotocolCapability(1, 128),
      fourOctetAsCapability(65001), addPathCapability([{ afi: 1, safi: 1, sendReceive: 2 }]),
    ],
  });
  const keepalive = setInterval(() => peer.send(KEEPALIVE_MESSAGE), 5000);
  try {
    for (const update of FEED) peer.send(update);
    await waitFor('the updates and withdrawals', () => records().msglog.length >= LOG_RECORDS_BEFORE_DUMP);
    await collector.dumpTables(DUMP_SEC);
    await waitFor('the dump', () => records().dump.some((r) => r['event_type'] === 'dump_close'));
    peer.close();
    await waitFor('log_close', () => records().msglog.some((r) => r['event_type'] === 'log_close'));
  } finally {
    clearInterval(keepalive);
    peer.close();
  }
}

async function startCollector(lines: readonly string[]): Promise<{ collector: BgpCollector; port: number }> {
  const port = await freePort();
  // A day between dumps: no scheduled dump (at a minute's start) comes between the test's own.
  const config = loadConfigText('pmbgpd', ['bgp_daemon_ip: 127.0.0.1', `bgp_daemon_port: ${port}`, 'bgp_table_dump_refresh_time: 86400', ...lines].join('\n'), 'test.conf');
  checkBgpDaemonConfig(config);
  return { collector: await startBgpDaemon(config, memoryLogger()), port };
}

function fileText(path: string): Buffer {
  return existsSync(path) ? readFileSync(path) : Buffer.alloc(0);
}

// ---- the tests ---------------------------------------------------------------------------

describe('BGP message log and table dump in Avro', () => {
  const dir = tempDir('tsacct-bgp-avro-');
  /** The JSON run's records: the reference. */
  let reference: { msglog: Plain[]; dump: Plain[] };

  before(async () => {
    const { collector, port } = await startCollector([
      `bgp_daemon_msglog_file: ${join(dir, 'json', 'msglog-$peer_src_ip.json')}`,
      `bgp_table_dump_file: ${join(dir, 'json', 'dump-$peer_src_ip.json')}`,
    ]);
    const read = (): { msglog: Plain[]; dump: Plain[] } => ({
      msglog: jsonLines(fileText(join(dir, 'json', 'msglog-127_0_0_9.json')).toString('utf8')),
      dump: jsonLines(fileText(join(dir, 'json', 'dump-127_0_0_9.json')).toString('utf8')),
    });
    try {
      await runFeed(collector, port, read);
    } finally {
      await collector.stop();
    }
    reference = read();
  });

  after(() => removeDir(dir));

  it('the reference feed logs every kind of line', () => {
    const types = reference.msglog.map((r) => r['log_type'] ?? r['event_type']);
    assert.deepEqual(new Set(types), new Set(['log_init', 'update', 'withdraw', 'delete', 'log_close']));
    assert.ok(reference.msglog.some((r) => 'rd' in r && 'label' in r), 'a VPN route');
    assert.ok(reference.msglog.some((r) => !('rd' in r) && 'label' in r), 'a labeled unicast route');
    assert.ok(reference.msglog.some((r) => 'ecomms' in r && 'lcomms' in r && 'med' in r), 'extended and large communities, MED');
    assert.ok(reference.msglog.some((r) => r['log_type'] === 'update' && !('local_pref' in r) && !('med' in r) && !('comms' in r)), 'a route without local_pref, med, comms');
    assert.equal(reference.dump[0]!['event_type'], 'dump_init');
    assert.equal(reference.dump.at(-1)!['event_type'], 'dump_close');
  });

  it('writes the schemas pmacct builds to *_avro_schema_file', async () => {
    const base = join(dir, 'schemas', 'sub');
    const { collector } = await startCollector([
      'bgp_daemon_msglog_output: avro',
      `bgp_daemon_msglog_file: ${join(dir, 'schemas', 'msglog')}`,
      `bgp_daemon_msglog_avro_schema_file: ${base}-log`,
      'bgp_table_dump_output: avro_json',
      `bgp_table_dump_file: ${join(dir, 'schemas', 'dump')}`,
      `bgp_table_dump_avro_schema_file: ${base}-dump`,
    ]);
    await collector.stop();
    for (const name of ['bgp_msglog', 'bgp_loginit', 'bgp_logclose']) {
      assert.equal(readFileSync(`${base}-log-${name}`, 'utf8'), EXPECTED_SCHEMAS[name], name);
      assert.equal(statSync(`${base}-log-${name}`).mode & 0o777, 0o600, `${name}: files_umask 077`);
    }
    for (const name of ['bgp_dump', 'bgp_dumpinit', 'bgp_dumpclose']) assert.equal(readFileSync(`${base}-dump-${name}`, 'utf8'), EXPECTED_SCHEMAS[name], name);
  });

  it('writes no schema file for json output, and refuses an unwritable schema path', async () => {
    const { collector } = await startCollector([
      `bgp_daemon_msglog_file: ${join(dir, 'nojson', 'msglog')}`,
      `bgp_daemon_msglog_avro_schema_file: ${join(dir, 'nojson', 'schema')}`,
    ]);
    await collector.stop();
    assert.equal(existsSync(join(dir, 'nojson', 'schema-bgp_msglog')), false);
    // A directory that is a file.
    writeFileSync(join(dir, 'not-a-dir'), '');
    await assert.rejects(startCollector([
      'bgp_daemon_msglog_output: avro',
      `bgp_daemon_msglog_file: ${join(dir, 'bad', 'msglog')}`,
      `bgp_daemon_msglog_avro_schema_file: ${join(dir, 'not-a-dir', 'schema')}`,
    ]), /test\.conf:\d+: bgp_daemon_msglog_avro_schema_file: cannot write the Avro schemas/);
  });

  it('avro to files: binary records back to back, equal to the JSON lines', async () => {
    const out = join(dir, 'avro');
    const { collector, port } = await startCollector([
      'bgp_daemon_msglog_output: avro',
      `bgp_daemon_msglog_file: ${join(out, 'msglog-$peer_src_ip.avro')}`,
      `bgp_daemon_msglog_avro_schema_file: ${join(out, 'schema-log')}`,
      'bgp_table_dump_output: avro',
      `bgp_table_dump_file: ${join(out, 'dump-$peer_src_ip.avro')}`,
      `bgp_table_dump_avro_schema_file: ${join(out, 'schema-dump')}`,
    ]);
    const logSchemas = loadSchemaFiles(join(out, 'schema-log'), 'msglog');
    const dumpSchemas = loadSchemaFiles(join(out, 'schema-dump'), 'dump');
    const read = (): { msglog: Plain[]; dump: Plain[] } => ({
      msglog: decodeBinary(fileText(join(out, 'msglog-127_0_0_9.avro')), 'msglog', logSchemas),
      dump: decodeBinary(fileText(join(out, 'dump-127_0_0_9.avro')), 'dump', dumpSchemas),
    });
    try {
      await runFeed(collector, port, read);
    } finally {
      await collector.stop();
    }
    const { msglog, dump } = read();
    // Every byte of each file is a record: nothing else is written (no container header).
    const logFile = fileText(join(out, 'msglog-127_0_0_9.avro'));
    const logBytes = msglog.reduce((n, r) => n + logSchemas.byName.get(r['event_type'] === 'log' ? 'bgp_msglog' : r['event_type'] === 'log_init' ? 'bgp_loginit' : 'bgp_logclose')!.type.toBuffer(r).length, 0);
    assert.equal(logBytes, logFile.length, 'the msglog file is its records, back to back');
    assertSameRecords(msglog, reference.msglog, 'msglog', logSchemas, 'msglog (avro file)');
    assertSameRecords(dump, reference.dump, 'dump', dumpSchemas, 'dump (avro file)');
  });

  it('avro_json to files: one avro-c JSON text a line, equal to the JSON lines', async () => {
    const out = join(dir, 'avro_json');
    const { collector, port } = await startCollector([
      'bgp_daemon_msglog_output: avro_json',
      `bgp_daemon_msglog_file: ${join(out, 'msglog-$peer_src_ip.json')}`,
      `bgp_daemon_msglog_avro_schema_file: ${join(out, 'schema-log')}`,
      'bgp_table_dump_output: avro_json',
      `bgp_table_dump_file: ${join(out, 'dump-$peer_src_ip.json')}`,
      `bgp_table_dump_avro_schema_file: ${join(out, 'schema-dump')}`,
    ]);
    const logSchemas = loadSchemaFiles(join(out, 'schema-log'), 'msglog');
    const dumpSchemas = loadSchemaFiles(join(out, 'schema-dump'), 'dump');
    const lines = (name: string): string[] => fileText(join(out, name)).toString('utf8').split('\n').filter((l) => l !== '');
    const read = (): { msglog: Plain[]; dump: Plain[] } => ({
      msglog: lines('msglog-127_0_0_9.json').map((l) => unwrapAvroJson(l, 'msglog', logSchemas)),
      dump: lines('dump-127_0_0_9.json').map((l) => unwrapAvroJson(l, 'dump', dumpSchemas)),
    });
    try {
      await runFeed(collector, port, read);
    } finally {
      await collector.stop();
    }
    const { msglog, dump } = read();
    assertSameRecords(msglog, reference.msglog, 'msglog', logSchemas, 'msglog (avro_json file)');
    assertSameRecords(dump, reference.dump, 'dump', dumpSchemas, 'dump (avro_json file)');
    // avro-c's text, jansson's separators (avro_value_to_json, one line).
    const init = lines('msglog-127_0_0_9.json')[0]!.replace(/"timestamp": "[^"]*"/, '"timestamp": "T"').replace(/\{"int": \d+\}/, '{"int": P}');
    assert.equal(init, `{"seq": 0, "timestamp": "T", "event_type": "log_init", "writer_id": "default/${process.pid}", "peer_ip_src": "127.0.0.9", "peer_tcp_port": {"int": P}}`);
    const dumpClose = lines('dump-127_0_0_9.json').at(-1)!.replace(/\{"int": \d+\}/, '{"int": P}');
    const closeJson = reference.dump.at(-1)!;
    assert.equal(dumpClose, `{"seq": ${String(closeJson['seq'])}, "timestamp": "${String(closeJson['timestamp'])}", "event_type": "dump_close", "writer_id": "default/${process.pid}", "peer_ip_src": "127.0.0.9", "peer_tcp_port": {"int": P}, "entries": {"long": ${String(closeJson['entries'])}}, "tables": {"int": 1}}`);
  });

  const kafkaSkip = kafkaTestSkip() ?? kafkaClientSkip();
  it('Kafka: msglog avro_json (each text with its NUL byte), dump avro (a record a message)', { skip: kafkaSkip ?? false }, async () => {
    const out = join(dir, 'kafka');
    const topics = ['avro-msglog-127_0_0_9', 'avro-dump-127_0_0_9'];
    const broker = await MockBroker.start(topics, 1);
    let collector: BgpCollector | null = null;
    let polling = true;
    let consumed: { msglog: Buffer[]; dump: Buffer[] } = { msglog: [], dump: [] };
    const poll = (async () => {
      while (polling) {
        const [msglog, dump] = await Promise.all(topics.map((t) => consumeTopic(broker.bootstrap, t)));
        consumed = { msglog: msglog!.map((m) => m.bytes), dump: dump!.map((m) => m.bytes) };
        await new Promise((r) => setTimeout(r, 200));
      }
    })();
    try {
      const started = await startCollector([
        'bgp_daemon_msglog_output: avro_json',
        `bgp_daemon_msglog_kafka_broker_host: ${broker.bootstrap}`,
        'bgp_daemon_msglog_kafka_topic: avro-msglog-$peer_src_ip',
        `bgp_daemon_msglog_avro_schema_file: ${join(out, 'schema-log')}`,
        'bgp_table_dump_output: avro',
        `bgp_table_dump_kafka_broker_host: ${broker.bootstrap}`,
        'bgp_table_dump_kafka_topic: avro-dump-$peer_src_ip',
        `bgp_table_dump_avro_schema_file: ${join(out, 'schema-dump')}`,
      ]);
      collector = started.collector;
      const logSchemas = loadSchemaFiles(join(out, 'schema-log'), 'msglog');
      const dumpSchemas = loadSchemaFiles(join(out, 'schema-dump'), 'dump');
      const read = (): { msglog: Plain[]; dump: Plain[] } => ({
        msglog: consumed.msglog.map((b) => {
          assert.equal(b.at(-1), 0, 'an avro_json message ends with a NUL byte (pmacct sends strlen + 1)');
          return unwrapAvroJson(b.subarray(0, -1).toString('utf8'), 'msglog', logSchemas);
        }),
        dump: consumed.dump.map((b) => {
          const records = decodeBinary(b, 'dump', dumpSchemas);
          assert.equal(records.length, 1, 'one record a message');
          return records[0]!;
        }),
      });
      await runFeed(collector, started.port, read);
      const { msglog, dump } = read();
      assertSameRecords(msglog, reference.msglog, 'msglog', logSchemas, 'msglog (Kafka avro_json)');
      assertSameRecords(dump, reference.dump, 'dump', dumpSchemas, 'dump (Kafka avro)');
    } finally {
      polling = false;
      await poll;
      await collector?.stop();
      await broker.stop();
    }
  });

  it('AMQP: msglog avro, dump avro_json (the text alone)', async (t) => {
    const reason = await rabbitmqSkip();
    if (reason) {
      t.skip(reason);
      return;
    }
    const out = join(dir, 'amqp');
    const exchange = `tsacct-bgp-avro-${process.pid}`;
    const tap = await BinaryAmqpTap.open(exchange, ['avro-msglog-127_0_0_9', 'avro-dump-127_0_0_9']);
    let collector: BgpCollector | null = null;
    try {
      const started = await startCollector([
        'bgp_daemon_msglog_output: avro',
        'bgp_daemon_msglog_amqp_routing_key: avro-msglog-$peer_src_ip',
        `bgp_daemon_msglog_amqp_exchange: ${exchange}`,
        `bgp_daemon_msglog_avro_schema_file: ${join(out, 'schema-log')}`,
        'bgp_table_dump_output: avro_json',
        'bgp_table_dump_amqp_routing_key: avro-dump-$peer_src_ip',
        `bgp_table_dump_amqp_exchange: ${exchange}`,
        `bgp_table_dump_avro_schema_file: ${join(out, 'schema-dump')}`,
      ]);
      collector = started.collector;
      const logSchemas = loadSchemaFiles(join(out, 'schema-log'), 'msglog');
      const dumpSchemas = loadSchemaFiles(join(out, 'schema-dump'), 'dump');
      const read = (): { msglog: Plain[]; dump: Plain[] } => ({
        msglog: tap.bodies('avro-msglog-127_0_0_9').flatMap((b) => {
          const records = decodeBinary(b, 'msglog', logSchemas);
          assert.equal(records.length, 1, 'one record a message');
          return records;
        }),
        dump: tap.bodies('avro-dump-127_0_0_9').map((b) => {
          assert.notEqual(b.at(-1), 0, 'no NUL byte over AMQP');
          return unwrapAvroJson(b.toString('utf8'), 'dump', dumpSchemas);
        }),
      });
      await runFeed(collector, started.port, read);
      const { msglog, dump } = read();
      assertSameRecords(msglog, reference.msglog, 'msglog', logSchemas, 'msglog (AMQP avro)');
      // pmacct's BGP AMQP hosts set application/json at startup and publish binary records with it too.
      assert.ok(tap.messages.every((m) => m.contentType === 'application/json'), 'content type application/json');
      assertSameRecords(dump, reference.dump, 'dump', dumpSchemas, 'dump (AMQP avro_json)');
    } finally {
      await collector?.stop();
      await tap.close(exchange);
    }
  });

  it('Kafka with the schema registry: each message framed with the id of its record\'s schema, under pmacct\'s subjects', { skip: kafkaSkip ?? false }, async () => {
    const out = join(dir, 'registry');
    const topics = { msglog: 'reg-msglog', dump: 'reg-dump' };
    const broker = await MockBroker.start(Object.values(topics), 1);
    const registry = await FakeSchemaRegistry.start();
    let collector: BgpCollector | null = null;
    let polling = true;
    let consumed: { msglog: Buffer[]; dump: Buffer[] } = { msglog: [], dump: [] };
    const poll = (async () => {
      while (polling) {
        const [msglog, dump] = await Promise.all([topics.msglog, topics.dump].map((t) => consumeTopic(broker.bootstrap, t)));
        consumed = { msglog: msglog!.map((m) => m.bytes), dump: dump!.map((m) => m.bytes) };
        await new Promise((r) => setTimeout(r, 200));
      }
    })();
    try {
      const started = await startCollector([
        'bgp_daemon_msglog_output: avro',
        `bgp_daemon_msglog_kafka_broker_host: ${broker.bootstrap}`,
        `bgp_daemon_msglog_kafka_topic: ${topics.msglog}`,
        `bgp_daemon_msglog_kafka_avro_schema_registry: ${registry.base}`,
        `bgp_daemon_msglog_avro_schema_file: ${join(out, 'schema-log')}`,
        'bgp_table_dump_output: avro',
        `bgp_table_dump_kafka_broker_host: ${broker.bootstrap}`,
        `bgp_table_dump_kafka_topic: ${topics.dump}`,
        `bgp_table_dump_kafka_avro_schema_registry: ${registry.base}`,
      ]);
      collector = started.collector;
      // As a consumer does: the schema by the message's id, then the body with it.
      const decodeFramed = (b: Buffer, kind: Kind): Plain => {
        assert.equal(b[0], 0, 'magic byte 0');
        const { schemaId, avro } = parseConfluentFrame(b);
        const text = registry.schemas.get(schemaId);
        assert.ok(text !== undefined, `schema id ${schemaId} is the registry's`);
        const name = (JSON.parse(text) as { name: string }).name;
        const set = schemaSetOfTexts([text]);
        const value = { ...(set.byName.get(name)!.type.fromBuffer(avro) as Plain) };
        // The id is the one registered under the subject of the record's own kind.
        const events = RECORD_NAMES[kind].events;
        const names = RECORD_NAMES[kind];
        const expectedName = value['event_type'] === events.init ? names.init : value['event_type'] === events.close ? names.close : names.route;
        assert.equal(name, expectedName, `a ${String(value['event_type'])} record is framed with the id of ${expectedName}`);
        const subject = `${topics[kind]}-bgp-${expectedName.slice('bgp_'.length)}-value`;
        assert.deepEqual(registry.subjects.get(subject), [schemaId], `${subject}: registered once, with the message's id`);
        return value;
      };
      const read = (): { msglog: Plain[]; dump: Plain[] } => ({
        msglog: consumed.msglog.map((b) => decodeFramed(b, 'msglog')),
        dump: consumed.dump.map((b) => decodeFramed(b, 'dump')),
      });
      await runFeed(collector, started.port, read);
      const { msglog, dump } = read();
      assert.deepEqual([...registry.subjects.keys()].sort(), [
        'reg-dump-bgp-dump-value', 'reg-dump-bgp-dumpclose-value', 'reg-dump-bgp-dumpinit-value',
        'reg-msglog-bgp-logclose-value', 'reg-msglog-bgp-loginit-value', 'reg-msglog-bgp-msglog-value',
      ]);
      // The registered schemas are those of the schema files (and of pmacct).
      for (const name of ['bgp_msglog', 'bgp_loginit', 'bgp_logclose']) assert.equal(registry.schemas.get(registry.idsBySchema.get(EXPECTED_SCHEMAS[name]!)!), readFileSync(join(out, `schema-log-${name}`), 'utf8'));
      for (const name of ['bgp_dump', 'bgp_dumpinit', 'bgp_dumpclose']) assert.ok(registry.idsBySchema.has(EXPECTED_SCHEMAS[name]!), `${name} registered as pmacct builds it`);
      const logSchemas = schemaSetOfTexts([...registry.schemas.values()]);
      assertSameRecords(msglog, reference.msglog, 'msglog', logSchemas, 'msglog (Kafka avro, registry)');
      assertSameRecords(dump, reference.dump, 'dump', logSchemas, 'dump (Kafka avro, registry)');
    } finally {
      polling = false;
      await poll;
      await collector?.stop();
      await broker.stop();
      await registry.stop();
    }
  });

  it('refuses at startup what pmacct refuses with the schema registry, and what cannot work', async () => {
    const refused = async (lines: readonly string[], expected: RegExp): Promise<void> => {
      await assert.rejects(startCollector(lines), expected, lines.join(' | '));
    };
    const msglogRegistry = 'bgp_daemon_msglog_kafka_avro_schema_registry: http://127.0.0.1:8081';
    const dumpRegistry = 'bgp_table_dump_kafka_avro_schema_registry: http://127.0.0.1:8081';
    // pmacct 1.7.7 (src/bgp/bgp.c, bgp_logdump.c): its own complaints.
    await refused(['bgp_daemon_msglog_output: avro_json', 'bgp_daemon_msglog_kafka_topic: t', msglogRegistry],
      /test\.conf:\d+: 'avro_json' output is not compatible with 'bgp_daemon_msglog_kafka_avro_schema_registry'/);
    await refused(['bgp_daemon_msglog_output: avro', 'bgp_daemon_msglog_kafka_topic: t-$peer_src_ip', msglogRegistry],
      /dynamic 'bgp_daemon_msglog_kafka_topic' is not compatible with 'bgp_daemon_msglog_kafka_avro_schema_registry'/);
    await refused(['bgp_table_dump_output: avro', 'bgp_table_dump_kafka_topic: t-$peer_tcp_port', dumpRegistry],
      /dynamic 'bgp_table_dump_kafka_topic' is not compatible with 'bgp_table_dump_kafka_avro_schema_registry'/);
    // What cannot work.
    await refused(['bgp_table_dump_output: avro_json', 'bgp_table_dump_kafka_topic: t', dumpRegistry],
      /'avro_json' output is not compatible with 'bgp_table_dump_kafka_avro_schema_registry'/);
    await refused(['bgp_daemon_msglog_kafka_topic: t', msglogRegistry],
      /'bgp_daemon_msglog_kafka_avro_schema_registry' needs 'bgp_daemon_msglog_output: avro'/);
    await refused(['bgp_daemon_msglog_output: avro', `bgp_daemon_msglog_file: ${join(dir, 'never')}`, msglogRegistry],
      /'bgp_daemon_msglog_kafka_avro_schema_registry' needs 'bgp_daemon_msglog_kafka_topic'/);
    await refused(['bgp_table_dump_output: avro', 'bgp_table_dump_kafka_topic: t', 'bgp_table_dump_kafka_avro_schema_registry: registry:8081'],
      /bgp_table_dump_kafka_avro_schema_registry: 'registry:8081' is not an http:\/\/ or https:\/\/ URL/);
  });
});

/** An exclusive queue bound to the routing keys, keeping each message's bytes. */
class BinaryAmqpTap {
  readonly messages: { routingKey: string; body: Buffer; contentType: unknown }[] = [];
  private readonly connection: ChannelModel;
  private readonly channel: Channel;

  private constructor(connection: ChannelModel, channel: Channel) {
    this.connection = connection;
    this.channel = channel;
  }

  static async open(exchange: string, routingKeys: readonly string[]): Promise<BinaryAmqpTap> {
    const connection = await connect('amqp://guest:guest@127.0.0.1');
    const channel = await connection.createChannel();
    await channel.assertExchange(exchange, 'direct', { durable: false, autoDelete: false });
    const q = await channel.assertQueue('', { exclusive: true });
    for (const key of routingKeys) await channel.bindQueue(q.queue, exchange, key);
    const tap = new BinaryAmqpTap(connection, channel);
    await channel.consume(q.queue, (m) => {
      if (m) tap.messages.push({ routingKey: m.fields.routingKey, body: Buffer.from(m.content), contentType: m.properties.contentType });
    }, { noAck: true });
    return tap;
  }

  bodies(routingKey: string): Buffer[] {
    return this.messages.filter((m) => m.routingKey === routingKey).map((m) => m.body);
  }

  async close(exchange: string): Promise<void> {
    await this.channel.deleteExchange(exchange).catch(() => undefined);
    await this.connection.close().catch(() => undefined);
  }
}
