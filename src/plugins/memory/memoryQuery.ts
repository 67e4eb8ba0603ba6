/**
 * Answers a TableQuery from a memory table with the text the pmacct client
 * prints: the table in formatted/csv/json (pmacct's columns, the memory
 * client's JSON without event_type), counters per request (-N), top-N (-T),
 * and the administrative answers (-e, -i, -t, -U, -C).
 *
 * Matching (-M/-N) compares the text of each requested primitive, as the
 * table renders it, with the request's value normalised the way pmacct's
 * client parses it (numbers by atoi, protocols by name or number, addresses
 * in canonical form); '*' matches anything. A primitive the table does not
 * aggregate on has its unset value in every entry, as in pmacct.
 *
 * Big answers are handed to `sink` in chunks, and the event loop gets a turn
 * between chunks, so a query on a million entries never stalls collection
 * for long.
 */
import { isIP } from 'node:net';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { AggregationCache, CacheEntryView } from '../../core/aggregationCache.ts';
import type { AggregateLayout, PlacedField } from '../../model/aggregateLayout.ts';
import type { OutputField, RenderContext } from '../../model/primitive.ts';
import { builtInPrimitiveByName, primitiveByName } from '../../model/primitiveCatalog.ts';
import { protocolText } from '../../model/protocolNames.ts';
import type { AggregateRow, AggregateSerializer, SerializerContext } from '../../output/aggregateSerializer.ts';
import { CsvSerializer } from '../../output/csvSerializer.ts';
import { FORMATTED_LINE_ROOM, FormattedSerializer } from '../../output/formattedSerializer.ts';
import { JsonSerializer } from '../../output/jsonSerializer.ts';
import type { MemoryTable } from './memoryTable.ts';
import type { CounterName, TableQuery } from './tableQuery.ts';

/** Where an answer goes, in pieces: text, or bytes already encoded (big formatted tables). */
export type TextSink = (text: string | Uint8Array) => Promise<void>;

/** Lines rendered between two turns of the event loop. */
const CHUNK_LINES = 4096;

/** Writes the answer to `sink`; resolves to the client's exit code. */
export async function answerTableQuery(table: MemoryTable, q: TableQuery, sink: TextSink, nowSec: number): Promise<number> {
  switch (q.kind) {
    case 'erase':
      table.erase(nowSec);
      await sink('OK: Clearing stats.\n');
      return 0;
    case 'sinceClear':
      await sink(table.lastClearedAt === 0 ? 'never\n' : `${nowSec - table.lastClearedAt}\n`);
      return 0;
    case 'status':
      await writeStatus(table, sink);
      return 0;
    case 'customPrimitives':
      await sink(customPrimitivesText(table.layout));
      return 0;
    case 'classifiers':
      await sink('CLASS_ID\tCLASS_NAME\n\nFor a total of: 0 classifiers\n');
      return 0;
    case 'show':
      await writeEntries(table, q, visibleEntries(table), sink, nowSec);
      return 0;
    case 'match': {
      const matcher = compileMatcher(table, q);
      if (typeof matcher === 'string') return refuse(sink, matcher);
      const matched = new Set<number>();
      for (const hits of matcher.matchEach()) for (const i of hits) matched.add(i);
      const indices = [...matched].sort((a, b) => a - b);
      await writeEntries(table, q, indices, sink, nowSec);
      return 0;
    }
    case 'counters': {
      const matcher = compileMatcher(table, q);
      if (typeof matcher === 'string') return refuse(sink, matcher);
      await writeCounters(table, q, matcher.matchEach(), sink);
      return 0;
    }
  }
}

async function refuse(sink: TextSink, message: string): Promise<number> {
  await sink(`ERROR: ${message}\n`);
  return 1;
}

/** Entries with a counter left (reset ones are hidden), in insertion order. */
function visibleEntries(table: MemoryTable): number[] {
  const cache = table.cache;
  const view = emptyView();
  const out: number[] = [];
  for (let i = 0, n = cache.size; i < n; i++) {
    cache.readEntry(i, view);
    if (isVisible(view)) out.push(i);
  }
  return out;
}

function isVisible(view: CacheEntryView): boolean {
  return view.packets !== 0 || view.bytes !== 0 || view.flows !== 0;
}

async function writeEntries(table: MemoryTable, q: TableQuery, indices: number[], sink: TextSink, nowSec: number): Promise<void> {
  const cache = table.cache;
  const view = emptyView();
  const selected = q.top ? topEntries(table, indices, q.top.by, q.top.count) : indices;
  // -r: read and zero in one synchronous step, so traffic counted while the
  // answer is written in chunks belongs to the next read, never to none.
  const counters = new Float64Array(selected.length * 3);
  selected.forEach((index, n) => {
    cache.readEntry(index, view);
    counters[n * 3] = view.packets;
    counters[n * 3 + 1] = view.bytes;
    counters[n * 3 + 2] = view.flows;
    if (q.reset) cache.resetCounters(index);
  });
  const layout = q.numericProtocols ? withNumericProtocols(table.layout) : table.layout;
  const withCounters = q.output !== 'event_formatted' && q.output !== 'event_csv';
  const serializer = serializerFor(layout, q, withCounters);
  const ctx = serializerContext(table, q, nowSec);
  const row: AggregateRow = { keys: view.keys, off: 0, packets: 0, bytes: 0, flows: 0, isEvent: false, binStart: 0 };
  let text = serializer.header();
  if (serializer instanceof FormattedSerializer) {
    await sink(text);
    await writeFormattedBytes(serializer, cache, selected, counters, ctx, sink);
    await sink(`\nFor a total of: ${selected.length} entries\n`);
    return;
  }
  let lines = 0;
  for (let n = 0; n < selected.length; n++) {
    fillRow(row, cache, selected[n]!, view, counters, n);
    text += serializer.line(row, ctx);
    if (++lines === CHUNK_LINES) {
      await sink(text);
      await nextTurn();
      text = '';
      lines = 0;
    }
  }
  await sink(text);
}

/** The row of entry `index`, with the counters read (and maybe reset) up front: the n-th triple of `counters`. */
function fillRow(row: AggregateRow, cache: AggregationCache, index: number, view: CacheEntryView, counters: Float64Array, n: number): void {
  cache.readEntry(index, view);
  row.keys = view.keys;
  row.off = view.off;
  row.packets = counters[n * 3]!;
  row.bytes = counters[n * 3 + 1]!;
  row.flows = counters[n * 3 + 2]!;
  row.isEvent = view.isEvent;
}

/** Bytes of formatted output handed over per chunk. */
const FORMATTED_CHUNK_BYTES = 1 << 22;

async function writeFormattedBytes(
  serializer: FormattedSerializer,
  cache: AggregationCache,
  selected: readonly number[],
  counters: Float64Array,
  ctx: SerializerContext,
  sink: TextSink,
): Promise<void> {
  const view = emptyView();
  const row: AggregateRow = { keys: view.keys, off: 0, packets: 0, bytes: 0, flows: 0, isEvent: false, binStart: 0 };
  let buf = Buffer.allocUnsafe(FORMATTED_CHUNK_BYTES);
  let at = 0;
  for (let n = 0; n < selected.length; n++) {
    fillRow(row, cache, selected[n]!, view, counters, n);
    at = serializer.writeLine(row, ctx, buf, at);
    if (buf.length - at < FORMATTED_LINE_ROOM) {
      await sink(buf.subarray(0, at));
      await nextTurn();
      // The sink may still hold the chunk (a socket's queue): start a fresh one.
      buf = Buffer.allocUnsafe(FORMATTED_CHUNK_BYTES);
      at = 0;
    }
  }
  if (at > 0) await sink(buf.subarray(0, at));
}

function serializerFor(layout: AggregateLayout, q: TableQuery, withCounters: boolean): AggregateSerializer {
  switch (q.output) {
    case 'csv':
    case 'event_csv':
      return new CsvSerializer(layout, q.separator, withCounters, 'client');
    case 'json':
      return new JsonSerializer(layout, 'client');
    default:
      return new FormattedSerializer(layout, withCounters, 'client');
  }
}

function serializerContext(table: MemoryTable, q: TableQuery, nowSec: number): SerializerContext {
  const style = table.options.timestamps;
  return {
    timestamps: { ...style, sinceEpoch: style.sinceEpoch || q.sinceEpoch, utc: style.utc || q.utc },
    strings: table.strings,
    flushTime: nowSec,
    history: false,
    utc: style.utc || q.utc,
  };
}

/** The `count` entries with the largest `by` counter, largest first (all of them, sorted, for count 0). */
function topEntries(table: MemoryTable, indices: number[], by: CounterName, count: number): number[] {
  const view = emptyView();
  const value = new Float64Array(table.cache.size);
  for (const i of indices) {
    table.cache.readEntry(i, view);
    value[i] = view[by];
  }
  const sorted = [...indices].sort((a, b) => value[b]! - value[a]! || a - b);
  return count > 0 ? sorted.slice(0, count) : sorted;
}

async function writeCounters(table: MemoryTable, q: TableQuery, perRequest: Iterable<number[]>, sink: TextSink): Promise<void> {
  const cache = table.cache;
  const view = emptyView();
  // pmacct counts flows only when `flows` is aggregated on.
  const countFlows = table.layout.countFlows;
  const total = { packets: 0, bytes: 0, flows: 0, entries: 0 };
  let text = '';
  for (const hits of perRequest) {
    const sum = { packets: 0, bytes: 0, flows: 0, entries: 0 };
    for (const i of hits) {
      cache.readEntry(i, view);
      sum.packets += view.packets;
      sum.bytes += view.bytes;
      sum.flows += countFlows ? view.flows : 0;
      sum.entries++;
      if (q.reset) cache.resetCounters(i);
    }
    if (q.sum) {
      total.packets += sum.packets;
      total.bytes += sum.bytes;
      total.flows += sum.flows;
      total.entries += sum.entries;
    } else {
      text += countersLine(sum, q.counters);
    }
  }
  if (q.sum) text += countersLine(total, q.counters);
  await sink(text);
}

function countersLine(c: { packets: number; bytes: number; flows: number; entries: number }, which: TableQuery['counters']): string {
  if (which === 'all') return `${c.packets} ${c.bytes} ${c.flows} ${c.entries}\n`;
  return `${c[which]}\n`;
}

interface Matcher {
  /** For each request, the visible entries it matches (empty requests are skipped, as pmacct skips them). */
  matchEach(): number[][];
}

/** A matcher over the table, or the error text for a request pmacct's client would refuse. */
function compileMatcher(table: MemoryTable, q: TableQuery): Matcher | string {
  const layout = table.layout;
  const columns: Array<{ field: OutputField; offset: number }> = [];
  for (const name of q.primitives) {
    const primitive = primitiveByName(name);
    if (!primitive) return `unknown primitive '${name}'`;
    const placed = layout.placed.find((p) => p.primitive.name === name);
    // Not aggregated on: every entry holds the unset value, read from a zero key.
    columns.push({ field: primitive.fields[0]!, offset: placed ? placed.offset : -1 });
  }
  const requests: Array<Array<string | null>> = [];
  for (const request of q.requests) {
    if (request.trim() === '') continue;
    const values = request.split(',');
    requests.push(columns.map((c, i) => (i < values.length ? normaliseValue(values[i]!.trim(), c.field) : MISSING)));
  }
  const zero = new Uint32Array(64);
  const ctx: RenderContext = { timestamps: table.options.timestamps, strings: table.strings };
  return {
    matchEach(): number[][] {
      const cache = table.cache;
      const view = emptyView();
      const hits: number[][] = requests.map(() => []);
      const texts: string[] = new Array<string>(columns.length);
      for (let i = 0, n = cache.size; i < n; i++) {
        cache.readEntry(i, view);
        if (!isVisible(view)) continue;
        for (let c = 0; c < columns.length; c++) {
          const col = columns[c]!;
          texts[c] = String(col.offset >= 0 ? col.field.read(view.keys, view.off + col.offset, ctx) : col.field.read(zero, 0, ctx));
        }
        for (let r = 0; r < requests.length; r++) {
          const values = requests[r]!;
          let ok = true;
          for (let c = 0; c < values.length && ok; c++) {
            const v = values[c];
            if (v === null) continue;
            ok = v === texts[c];
          }
          if (ok) hits[r]!.push(i);
        }
      }
      return hits;
    },
  };
}

/** A value no rendered text equals: a request with fewer values than primitives matches nothing. */
const MISSING = '\u0000missing';

/** The request's value as the table would print it, or null for the '*' wildcard. */
function normaliseValue(value: string, field: OutputField): string | null {
  if (value === '*') return null;
  if (field.header === 'PROTOCOL' || field.header === 'TUNNEL_PROTOCOL') {
    return /^\d+$/.test(value) ? protocolText(Number(value)) : value.toLowerCase();
  }
  if (field.jsonType === 'number') return String(atoi(value));
  const family = isIP(value);
  if (family === 6) return canonicalIpv6(value);
  if (family === 4) return value;
  if (/^[0-9a-fA-F]{1,2}(:[0-9a-fA-F]{1,2}){5}$/.test(value)) {
    return value.split(':').map((h) => h.padStart(2, '0').toLowerCase()).join(':');
  }
  return value;
}

/** C's atoi: leading blanks, an optional sign, the digits that follow; 0 when there are none. */
function atoi(text: string): number {
  const m = /^\s*([+-]?\d+)/.exec(text);
  return m ? Number(m[1]) : 0;
}

function canonicalIpv6(text: string): string {
  return new URL(`http://[${text}]/`).hostname.slice(1, -1);
}

/** -u: the same layout with protocols printed as numbers. */
function withNumericProtocols(layout: AggregateLayout): AggregateLayout {
  const fields: PlacedField[] = layout.fields.map((placed) =>
    placed.field.header === 'PROTOCOL' || placed.field.header === 'TUNNEL_PROTOCOL'
      ? { offset: placed.offset, field: { ...placed.field, read: (k: Uint32Array, o: number) => String(k[o]!) } }
      : placed,
  );
  return { ...layout, fields };
}

/** -t: pmacct lists the chains of its hash buckets; tsacct lists the table's entries spread over imt_buckets the same way. */
async function writeStatus(table: MemoryTable, sink: TextSink): Promise<void> {
  const buckets = table.options.buckets;
  const perBucket = new Uint32Array(buckets);
  const cache = table.cache;
  for (let i = 0, n = cache.size; i < n; i++) perBucket[cache.entryHash(i) % buckets]!++;
  let text = '* = element\n\nBUCKET\tCHAIN_STATUS\n';
  for (let b = 0; b < buckets; b++) {
    text += `${b}\t${'*'.repeat(perBucket[b]!)}\n`;
    if (text.length > 65536) {
      await sink(text);
      text = '';
    }
  }
  await sink(text);
}

/** -U: the custom primitives of the table's aggregate, with their length and key offset in bytes. */
function customPrimitivesText(layout: AggregateLayout): string {
  let text = `${'NAME'.padEnd(34)}${'LEN'.padEnd(7)}OFF\n`;
  for (const placed of layout.placed) {
    const name = placed.primitive.name;
    if (builtInPrimitiveByName(name) !== undefined) continue;
    text += `${name.padEnd(34)}${String(placed.primitive.words * 4).padEnd(7)}${placed.offset * 4}\n`;
  }
  return text;
}

function emptyView(): CacheEntryView {
  return { keys: new Uint32Array(0), off: 0, packets: 0, bytes: 0, flows: 0, isEvent: false };
}
