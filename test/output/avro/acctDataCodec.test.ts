/**
 * Encoding one aggregate as pmacct's acct_data record: binary Avro checked
 * byte by byte against the Avro specification's encoding (hand calculation
 * in the comments), avro_json against avro-c's avro_value_to_json() rules
 * (lang/c/src/value-json.c with jansson's dump), the Confluent framing, the
 * packing of records into messages (pmacct's amqp_cache_purge /
 * kafka_cache_purge conditions), and the jansson number and string text.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import avsc from 'avsc';
import { buildAggregateLayout, compileKeyWriter, type AggregateLayout } from '../../../src/model/aggregateLayout.ts';
import { FlowRecord } from '../../../src/model/flowRecord.ts';
import { StringTable } from '../../../src/model/stringTable.ts';
import type { AggregateRow, SerializerContext } from '../../../src/output/aggregateSerializer.ts';
import { AcctDataCodec } from '../../../src/output/avro/acctDataCodec.ts';
import { AcctMarkerCodec } from '../../../src/output/avro/acctMarkerCodec.ts';
import { janssonReal, janssonString } from '../../../src/output/avro/avroJsonText.ts';
import { AvroMessagePacker, type PackedMessage } from '../../../src/output/avro/avroMessagePacker.ts';
import { confluentFrame, parseConfluentFrame } from '../../../src/output/avro/confluentWireFormat.ts';

const strings = new StringTable();
const ctx: SerializerContext = { timestamps: { utc: true, rfc3339: false, sinceEpoch: false }, strings, flushTime: 1700000300, history: false, utc: true };

function rowOf(layout: AggregateLayout, fill: (r: FlowRecord) => void, counters: Partial<AggregateRow> = {}): AggregateRow {
  const rec = new FlowRecord();
  fill(rec);
  const keys = new Uint32Array(layout.keyWords);
  compileKeyWriter(layout)(rec, keys, strings);
  return { keys, off: 0, packets: 3, bytes: 180, flows: 1, isEvent: false, binStart: 0, ...counters };
}

const portLayout = buildAggregateLayout(['dst_port'], 'nfacctd');
const port443 = rowOf(portLayout, (r) => { r.dstPort = 443; });

test('binary record of dst_port: the Avro encoding by hand', () => {
  const codec = new AcctDataCodec(portLayout, { history: false, labelAsMap: false, writerId: 'x/1' });
  // port_dst long 443: zig-zag 886 = 0b110_1110110 -> varint f6 06
  // packets [null,long] branch 1 (02), 3 -> zig-zag 6 (06)
  // flows: not aggregated -> branch 0, null (00)
  // bytes branch 1 (02), 180 -> zig-zag 360 -> e8 02
  // writer_id string: length 3 -> zig-zag 6 (06), "x/1" = 78 2f 31
  assert.equal(codec.toBuffer(port443, ctx).toString('hex'), 'f606' + '0206' + '00' + '02e802' + '06782f31');
});

test('avro_json of dst_port: unions as {"long": n} or null, jansson separators', () => {
  const codec = new AcctDataCodec(portLayout, { history: false, labelAsMap: false, writerId: 'x/1' });
  assert.equal(codec.toJsonText(port443, ctx), '{"port_dst": 443, "packets": {"long": 3}, "flows": null, "bytes": {"long": 180}, "writer_id": "x/1"}');
});

test('an event record has null packets, flows and bytes (pmacct sets branch 0 of all three)', () => {
  const layout = buildAggregateLayout(['nat_event', 'flows'], 'nfacctd');
  const codec = new AcctDataCodec(layout, { history: false, labelAsMap: false, writerId: 'x/1' });
  const row = rowOf(layout, (r) => { r.natEvent = 1; }, { isEvent: true });
  assert.equal(codec.toJsonText(row, ctx), '{"nat_event": 1, "packets": null, "flows": null, "bytes": null, "writer_id": "x/1"}');
  // nat_event 1 -> 02, three null branches 00 00 00, writer_id 06 78 2f 31
  assert.equal(codec.toBuffer(row, ctx).toString('hex'), '02' + '000000' + '06782f31');
});

test('flows aggregated, history and the label as a map decode back as written', () => {
  const layout = buildAggregateLayout(['label', 'src_host', 'proto', 'flows'], 'nfacctd');
  const codec = new AcctDataCodec(layout, { history: true, labelAsMap: true, writerId: 'amqp1/42' });
  const row = rowOf(layout, (r) => {
    r.label = 'site,par,rack,7';
    r.srcHost.setV4Number(0x0a000001);
    r.proto = 17;
  }, { packets: 10, bytes: 1000, flows: 4, binStart: 1700000000 });
  const hctx = { ...ctx, history: true };
  assert.deepEqual({ ...(codec.decode(codec.toBuffer(row, hctx)) as object) }, {
    label: { site: 'par', rack: '7' },
    ip_src: '10.0.0.1',
    ip_proto: 'udp',
    stamp_inserted: '2023-11-14 22:13:20',
    stamp_updated: '2023-11-14 22:18:20',
    packets: 10,
    flows: 4,
    bytes: 1000,
    writer_id: 'amqp1/42',
  });
  assert.equal(
    codec.toJsonText(row, hctx),
    '{"label": {"site": "par", "rack": "7"}, "ip_src": "10.0.0.1", "ip_proto": "udp", "stamp_inserted": {"string": "2023-11-14 22:13:20"}, '
      + '"stamp_updated": {"string": "2023-11-14 22:18:20"}, "packets": {"long": 10}, "flows": {"long": 4}, "bytes": {"long": 1000}, "writer_id": "amqp1/42"}',
  );
});

test('a tag beyond 2^53 is encoded exactly, and one of 2^63 or more wraps negative as pmacct\'s int64 cast does', () => {
  const layout = buildAggregateLayout(['tag'], 'nfacctd');
  const codec = new AcctDataCodec(layout, { history: false, labelAsMap: false, writerId: 'x/1' });
  const reader = avsc.Type.forSchema({ type: 'record', name: 'acct_data', fields: [{ name: 'tag', type: 'long' }] });
  for (const [tag, expected] of [[2 ** 60, 2n ** 60n], [2 ** 63, -(2n ** 63n)], [5, 5n]] as const) {
    const buf = codec.toBuffer(rowOf(layout, (r) => { r.tag = tag; }), ctx);
    // Read the varint of the first field by hand: zig-zag decode.
    let zz = 0n;
    let shift = 0n;
    for (const byte of buf) {
      zz |= BigInt(byte & 0x7f) << shift;
      shift += 7n;
      if ((byte & 0x80) === 0) break;
    }
    assert.equal((zz >> 1n) ^ -(zz & 1n), expected, `tag ${tag}`);
    if (expected === 5n) assert.equal(reader.decode(buf).value.tag, 5);
  }
});

test('Confluent wire format: magic byte 0, schema id big-endian, then the record', () => {
  const codec = new AcctDataCodec(portLayout, { history: false, labelAsMap: false, writerId: 'x/1' });
  const framed = codec.toConfluentBuffer(0x01020304, port443, ctx);
  assert.equal(framed.subarray(0, 5).toString('hex'), '0001020304');
  assert.deepEqual(framed.subarray(5), codec.toBuffer(port443, ctx));
  const parsed = parseConfluentFrame(framed);
  assert.equal(parsed.schemaId, 0x01020304);
  assert.deepEqual(parsed.avro, codec.toBuffer(port443, ctx));
  assert.deepEqual(confluentFrame(7, Buffer.from([1, 2])), Buffer.from([0, 0, 0, 0, 7, 1, 2]));
  assert.throws(() => parseConfluentFrame(Buffer.from([1, 0, 0, 0, 7])), /magic byte is 0, got 1/);
  assert.throws(() => parseConfluentFrame(Buffer.from([0, 0])), /at least 5 bytes/);
});

test('markers: acct_init and acct_close records, binary and avro_json', () => {
  const m = new AcctMarkerCodec('x/9');
  // "purge_init" (10 bytes: 14), "x/9" (3 bytes: 06)
  assert.equal(m.initBuffer().toString('hex'), '14' + Buffer.from('purge_init').toString('hex') + '06' + Buffer.from('x/9').toString('hex'));
  assert.equal(m.initJsonText(), '{"event_type": "purge_init", "writer_id": "x/9"}');
  const close = { purgedEntries: 5, totalEntries: 5, durationSeconds: 1 };
  assert.equal(m.closeJsonText(close), '{"event_type": "purge_close", "writer_id": "x/9", "purged_entries": 5, "total_entries": 5, "duration": 1}');
  // ... then purged_entries 5 -> 0a, total_entries 5 -> 0a, duration int 1 -> 02
  assert.ok(m.closeBuffer(close).toString('hex').endsWith('0a0a02'));
  assert.deepEqual(m.initConfluent(3).subarray(0, 5), Buffer.from([0, 0, 0, 0, 3]));
});

/** Five dst_port records of 12 bytes each (see the hand calculation above), packed. */
function pack(format: 'avro' | 'avro_json', multiValues: number, bufferSize: number): { sizes: number[]; records: number[]; oversize: number[] } {
  const codec = new AcctDataCodec(portLayout, { history: false, labelAsMap: false, writerId: 'x/1' });
  const packer = new AvroMessagePacker(codec, { format, multiValues, bufferSize });
  const out: PackedMessage[] = [];
  const oversize: number[] = [];
  for (let i = 0; i < 5; i++) oversize.push(packer.add(port443, ctx, out));
  packer.finish(out);
  return { sizes: out.map((m) => m.body.length), records: out.map((m) => m.records), oversize };
}

test('packing binary records: amqp_multi_values counts records, avro_buffer_size bounds bytes', () => {
  // No multi-values: one 12-byte record per message.
  assert.deepEqual(pack('avro', 0, 8192).records, [1, 1, 1, 1, 1]);
  // 3 per message: 36 and 24 bytes.
  assert.deepEqual(pack('avro', 3, 8192), { sizes: [36, 24], records: [3, 2], oversize: [0, 0, 0, 0, 0] });
  // avro_buffer_size 25: after two records 1 byte is left and pmacct needs size < room (12 >= 1): 2 per message.
  assert.deepEqual(pack('avro', 3, 25).records, [2, 2, 1]);
  // avro_buffer_size 24: after one record 12 are left, 12 >= 12: 1 per message.
  assert.deepEqual(pack('avro', 3, 24).records, [1, 1, 1, 1, 1]);
  // avro_buffer_size 12: a record never fits (pmacct loops forever here): each goes alone, reported.
  assert.deepEqual(pack('avro', 3, 12), { sizes: [12, 12, 12, 12, 12], records: [1, 1, 1, 1, 1], oversize: [12, 12, 12, 12, 12] });
});

test('packing avro_json texts: back to back, no separator, same bounds on their length', () => {
  const one = '{"port_dst": 443, "packets": {"long": 3}, "flows": null, "bytes": {"long": 180}, "writer_id": "x/1"}';
  const codec = new AcctDataCodec(portLayout, { history: false, labelAsMap: false, writerId: 'x/1' });
  const packer = new AvroMessagePacker(codec, { format: 'avro_json', multiValues: 2, bufferSize: 8192 });
  const out: PackedMessage[] = [];
  for (let i = 0; i < 3; i++) packer.add(port443, ctx, out);
  packer.finish(out);
  assert.deepEqual(out.map((m) => m.body), [one + one, one]);
  assert.deepEqual(pack('avro_json', 3, 2 * one.length + 1).records, [2, 2, 1]);
  assert.deepEqual(pack('avro_json', 3, 2 * one.length).records, [1, 1, 1, 1, 1]);
});

test('jansson text: reals as "%.17g" made real, strings with JSON_ENSURE_ASCII', () => {
  // Left: Python's '%.17g' % x (C double formatting); right: jansson's jsonp_dtostr adds ".0"
  // to integer-looking text and drops the exponent's '+' and leading zeros.
  const cases: [number, string][] = [
    [0, '0.0'], [0.1, '0.10000000000000001'], [51.5, '51.5'], [-0, '-0.0'], [1e20, '1e20'], [1.5e-5, '1.5e-5'],
    [123456789012345678, '1.2345678901234568e17'], [-33.8688, '-33.8688'], [0.0001, '0.0001'], [2, '2.0'],
    [1e16, '10000000000000000.0'], [1e17, '1e17'],
  ];
  for (const [value, text] of cases) assert.equal(janssonReal(value), text, String(value));
  assert.equal(janssonString('a"b\\c\u0001\u007f\u00e9\u{1F600}\n\t'), '"a\\"b\\\\c\\u0001\u007f\\u00e9\\ud83d\\ude00\\n\\t"');
});
