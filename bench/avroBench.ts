/**
 * `npm run bench -- avro [--flows N]`: encoding rate of the broker plugins'
 * per-aggregate messages, in process: --flows (default 1M) cache entries of
 * a 5-tuple + timestamp_start aggregate with history, encoded as pmacct's
 * JSON object (BrokerJsonEncoding), as one acct_data Avro record per
 * message, packed 100 records per message (amqp_multi_values 100,
 * avro_buffer_size 64 KiB), and as avro_json text. Median of 5 runs;
 * pmacct 1.7.7 from Debian has no Avro, so there is no side-by-side here.
 */
import { AggregationCache } from '../src/core/aggregationCache.ts';
import { buildAggregateLayout, compileKeyWriter } from '../src/model/aggregateLayout.ts';
import { FlowRecord } from '../src/model/flowRecord.ts';
import { StringTable } from '../src/model/stringTable.ts';
import type { AggregateRow, SerializerContext } from '../src/output/aggregateSerializer.ts';
import { AcctDataCodec } from '../src/output/avro/acctDataCodec.ts';
import { AvroMessagePacker, type PackedMessage } from '../src/output/avro/avroMessagePacker.ts';
import { BrokerJsonEncoding } from '../src/plugins/broker/brokerJsonEncoding.ts';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

export function runAvroBench(opts: { records: number; runs: number }): string {
  const layout = buildAggregateLayout(['src_host', 'dst_host', 'src_port', 'dst_port', 'proto', 'timestamp_start'], 'nfacctd');
  const strings = new StringTable();
  const cache = new AggregationCache(layout.keyWords, opts.records);
  const writeKey = compileKeyWriter(layout);
  const rec = new FlowRecord();
  let seed = 7;
  const next = (): number => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0), seed);
  for (let i = 0; i < opts.records; i++) {
    rec.srcHost.setV4Number(next());
    rec.dstHost.setV4Number(next());
    rec.srcPort = next() & 0xffff;
    rec.dstPort = next() & 0xffff;
    rec.proto = 6;
    rec.timestampStart.sec = 1_700_000_000 + (next() % 300);
    writeKey(rec, cache.key, strings);
    cache.add(1 + (next() & 7), 64 + (next() & 1023), 1, false);
  }
  const ctx: SerializerContext = { timestamps: { utc: true, rfc3339: false, sinceEpoch: false }, strings, flushTime: 1_700_000_300, history: true, utc: true };
  const row: AggregateRow = { keys: new Uint32Array(0), off: 0, packets: 0, bytes: 0, flows: 0, isEvent: false, binStart: 0 };
  const json = new BrokerJsonEncoding(layout, 'x', false);
  const codec = new AcctDataCodec(layout, { history: true, labelAsMap: false, writerId: `x/${process.pid}` });

  const measure = (encode: () => number): { rate: number; bytes: number } => {
    const rates: number[] = [];
    let bytes = 0;
    for (let k = 0; k < opts.runs; k++) {
      const t0 = performance.now();
      bytes = encode();
      rates.push(opts.records / ((performance.now() - t0) / 1000));
    }
    return { rate: median(rates), bytes: bytes / opts.records };
  };
  const each = (f: () => number) => (): number => {
    let bytes = 0;
    for (let i = 0; i < opts.records; i++) {
      cache.readEntry(i, row);
      row.binStart = 1_700_000_100;
      bytes += f();
    }
    return bytes;
  };

  const results = [
    ['json (one object per message)', measure(each(() => json.entry(row, ctx).length))],
    ['avro (one record per message)', measure(each(() => codec.toBuffer(row, ctx).length))],
    ['avro_json (one record per message)', measure(each(() => codec.toJsonText(row, ctx).length))],
    ['avro, 100 records per message', measure(() => {
      const packer = new AvroMessagePacker(codec, { format: 'avro', multiValues: 100, bufferSize: 65536 });
      const out: PackedMessage[] = [];
      let bytes = 0;
      for (let i = 0; i < opts.records; i++) {
        cache.readEntry(i, row);
        row.binStart = 1_700_000_100;
        packer.add(row, ctx, out);
        if (out.length > 0) {
          for (const m of out) bytes += m.body.length;
          out.length = 0;
        }
      }
      packer.finish(out);
      for (const m of out) bytes += m.body.length;
      return bytes;
    })],
  ] as const;
  const lines = [
    `Broker message encoding, ${opts.records} entries (src_host, dst_host, src_port, dst_port, proto, timestamp_start, history), median of ${opts.runs} runs`,
    '',
    '| encoding | records/s | bytes per record |',
    '|---|---|---|',
    ...results.map(([name, r]) => `| ${name} | ${(r.rate / 1e6).toFixed(2)} M | ${r.bytes.toFixed(1)} |`),
    '',
  ];
  return lines.join('\n');
}
