/**
 * Cache entries as ClickHouse TabSeparated rows, in clickhouseColumns()'s
 * order: [stamp_inserted, stamp_updated,] the plan's columns, packets, bytes
 * [, flows][, tsacct_write_id]. Values come from the SQL column plan's
 * readers, so they are the texts and numbers the SQL plugins bind. Date-times
 * go as epoch seconds (ClickHouse reads them as such in any server time
 * zone); texts are escaped as TabSeparated wants (backslash, tab, line ends),
 * so no flow data can end a field or a row.
 *
 * Rows are written as bytes into one buffer reused from flush to flush:
 * building a string per row made the garbage collector the larger part of a
 * million-row flush.
 */
import type { FlushBatch } from '../../core/aggregatingConsumer.ts';
import type { CacheEntryView } from '../../core/aggregationCache.ts';
import type { RenderContext } from '../../model/primitive.ts';
import type { TimestampStyle } from '../../model/timestampText.ts';
import type { SqlColumnPlan, SqlValueReader } from '../sql/sqlColumnPlan.ts';

const NEEDS_ESCAPE = /[\\\t\n\r]/;
const TAB = 0x09;
const ZERO = 0x30;
const MAX_INT_DIGITS = 16;

function escapeText(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return text;
  return text.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

export class ClickhouseRowEncoder {
  private readonly readers: readonly SqlValueReader[];
  private readonly texts: readonly boolean[];
  private readonly history: boolean;
  private readonly hasFlows: boolean;
  private readonly countsFlows: boolean;
  private readonly timestamps: TimestampStyle;
  private readonly view: CacheEntryView = { keys: new Uint32Array(0), off: 0, packets: 0, bytes: 0, flows: 0, isEvent: false };
  private buf: Buffer = Buffer.allocUnsafe(1 << 16);
  private len = 0;

  constructor(plan: SqlColumnPlan, options: { history: boolean; timestamps: TimestampStyle }) {
    this.readers = plan.columns.map((c) => c.read);
    this.texts = plan.columns.map((c) => c.kind === 'text');
    this.history = options.history;
    this.hasFlows = plan.hasFlows;
    this.countsFlows = plan.countsFlows;
    this.timestamps = options.timestamps;
  }

  /**
   * The rows of entries `indexes[from..to)` of the batch (`indexes` null:
   * the cache's own order), each ending with `writeId` when it is not null.
   * The bytes are valid until the next call.
   */
  encode(batch: FlushBatch, indexes: readonly number[] | null, from: number, to: number, writeId: string | null): Buffer {
    const view = this.view;
    const ctx: RenderContext = { timestamps: this.timestamps, strings: batch.strings };
    const readers = this.readers;
    const texts = this.texts;
    // What ends every row: the write id (the same for the whole INSERT) and the line end.
    const tail = Buffer.from(writeId === null ? '\n' : `\t${writeId}\n`, 'latin1');
    this.len = 0;
    for (let n = from; n < to; n++) {
      batch.cache.readEntry(indexes === null ? n : indexes[n]!, view);
      // Each value makes room for itself and the separator after it.
      if (this.history) {
        this.int(view.keys[view.off + batch.binWord]!);
        this.byte(TAB);
        this.int(batch.flushTime);
        this.byte(TAB);
      }
      for (let c = 0; c < readers.length; c++) {
        const value = readers[c]!(view.keys, view.off, ctx);
        if (typeof value === 'number' && !texts[c]) this.int(value);
        else this.text(texts[c] ? escapeText(String(value)) : String(value));
        this.byte(TAB);
      }
      this.int(view.packets);
      this.byte(TAB);
      this.int(view.bytes);
      if (this.hasFlows) {
        this.byte(TAB);
        this.int(this.countsFlows ? view.flows : 0);
      }
      this.reserve(tail.length);
      this.buf.set(tail, this.len);
      this.len += tail.length;
    }
    return this.buf.subarray(0, this.len);
  }

  private reserve(bytes: number): void {
    if (this.len + bytes <= this.buf.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.len + bytes));
    this.buf.copy(grown, 0, 0, this.len);
    this.buf = grown;
  }

  /** A separator: the value before it made room for it. */
  private byte(b: number): void {
    this.buf[this.len++] = b;
  }

  /** An integer in decimal (at most 16 digits below 2^53), and room for a separator. */
  private int(value: number): void {
    if ((value | 0) === value && value >= 0) {
      // The common case (ports, addresses' parts, counters below 2^31): integer arithmetic only.
      this.reserve(11);
      const buf = this.buf;
      let at = this.len + decimalDigits(value);
      this.len = at;
      let v = value;
      do {
        const q = (v / 10) | 0;
        buf[--at] = ZERO + v - q * 10;
        v = q;
      } while (v !== 0);
      return;
    }
    if (!(value >= 0 && value <= Number.MAX_SAFE_INTEGER && Math.floor(value) === value)) {
      this.text(String(value));
      return;
    }
    this.reserve(MAX_INT_DIGITS + 1);
    let digits = 1;
    for (let v = value; v >= 10; v = Math.floor(v / 10)) digits++;
    let at = this.len + digits;
    this.len = at;
    for (let v = value; at > this.len - digits; v = Math.floor(v / 10)) this.buf[--at] = ZERO + (v % 10);
  }

  /** UTF-8 text (at most 3 bytes per UTF-16 unit), and room for a separator. */
  private text(value: string): void {
    this.reserve(value.length * 3 + 1);
    this.len += this.buf.write(value, this.len, 'utf8');
  }
}

/** Decimal digits of a non-negative 32-bit integer. */
function decimalDigits(v: number): number {
  if (v < 100000) return v < 10 ? 1 : v < 100 ? 2 : v < 1000 ? 3 : v < 10000 ? 4 : 5;
  return v < 1000000 ? 6 : v < 10000000 ? 7 : v < 100000000 ? 8 : v < 1000000000 ? 9 : 10;
}
