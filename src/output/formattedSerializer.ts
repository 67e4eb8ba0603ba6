/**
 * pmacct's `print_output: formatted` (and `event_formatted`): fixed-width,
 * left-justified columns under a header of the same names; the last counter
 * (BYTES) is not padded. pmacct refuses variable-length primitives here.
 */
import type { AggregateLayout, PlacedField } from '../model/aggregateLayout.ts';
import type { AggregateRow, AggregateSerializer, SerializerContext } from './aggregateSerializer.ts';
import { FORMATTED_WIDTH, csvOrderedFields, type ColumnOrder } from './columnOrder.ts';
import { compileRow, type RowPart, type RowRenderer, type ValueFormat } from './compiledRow.ts';

export class FormattedSerializer implements AggregateSerializer {
  private readonly fields;
  private readonly layout: AggregateLayout;
  private readonly withCounters: boolean;
  private readonly render: RowRenderer;

  constructor(layout: AggregateLayout, withCounters: boolean, columns: ColumnOrder = 'print') {
    if (layout.hasVariableLength) {
      throw new Error("variable-length primitives (label, as_path, communities…) are not supported by the formatted output; use csv or json");
    }
    this.layout = layout;
    this.fields = csvOrderedFields(layout, columns);
    this.withCounters = withCounters;
    this.render = compileFormattedRow(this.fields, layout, withCounters);
  }

  header(): string {
    let out = '';
    for (const placed of this.fields) {
      const f = placed.field;
      out += f.formattedWidth !== undefined ? f.header.padEnd(f.formattedWidth) + '  ' : pad(f.header, FORMATTED_WIDTH[f.header] ?? 0);
    }
    if (this.withCounters) {
      out += pad('PACKETS', FORMATTED_WIDTH['PACKETS']!);
      if (this.layout.countFlows) out += pad('FLOWS', FORMATTED_WIDTH['FLOWS']!);
      out += 'BYTES';
    }
    return out + '\n';
  }

  line(row: AggregateRow, ctx: SerializerContext): string {
    return this.render(row, ctx);
  }

  /**
   * The same line written as bytes into `buf` at `at` (the memory client's
   * answers of a million lines: no string per line, no re-encoding);
   * returns the offset after it. The caller leaves at least
   * FORMATTED_LINE_ROOM bytes free.
   */
  writeLine(row: AggregateRow, ctx: SerializerContext, buf: Buffer, at: number): number {
    const columns = this.byteColumns;
    for (let i = 0; i < columns.length; i++) {
      const c = columns[i]!;
      at = writePadded(buf, at, String(c.read(row.keys, row.off + c.keyOffset, ctx)), c.width, c.minGap);
    }
    if (this.withCounters) {
      at = writePadded(buf, at, String(row.packets), FORMATTED_WIDTH['PACKETS']!, 1);
      if (this.layout.countFlows) at = writePadded(buf, at, String(row.flows), FORMATTED_WIDTH['FLOWS']!, 1);
      at += writeText(buf, at, String(row.bytes));
    }
    buf[at++] = 0x0a;
    return at;
  }

  private get byteColumns(): ByteColumn[] {
    return (this.byteColumnsValue ??= this.fields.map((placed) => {
      const f = placed.field;
      const read = f.readFormatted ?? f.read;
      if (f.formattedWidth === undefined) return { read, keyOffset: placed.offset, width: FORMATTED_WIDTH[f.header] ?? 0, minGap: 1 };
      return { read, keyOffset: placed.offset, width: f.formattedUnpadded ? 0 : f.formattedWidth + 2, minGap: 2 };
    }));
  }

  private byteColumnsValue: ByteColumn[] | undefined;
}

/** Room a formatted line may need in writeLine's buffer (pmacct's widest line is far shorter). */
export const FORMATTED_LINE_ROOM = 8192;

interface ByteColumn {
  read: (key: Uint32Array, off: number, ctx: SerializerContext) => string | number;
  keyOffset: number;
  /** Column width, spaces included (0: unpadded). */
  width: number;
  /** Spaces that follow the value however long it is. */
  minGap: number;
}

/** The value, then spaces up to the column width and at least `minGap` of them. */
function writePadded(buf: Buffer, at: number, text: string, width: number, minGap: number): number {
  const n = writeText(buf, at, text);
  const end = at + Math.max(n + minGap, width);
  for (let i = at + n; i < end; i++) buf[i] = 0x20;
  return end;
}

/** Writes `text` as UTF-8 and returns its byte length; values are short ASCII, which a loop copies faster than a native call. */
function writeText(buf: Buffer, at: number, text: string): number {
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x7f) return buf.write(text, at, 'utf8');
    buf[at + i] = c;
  }
  return n;
}

/** The row compiled once: each column read (readFormatted where a field has one) and padded to its width. */
function compileFormattedRow(fields: readonly PlacedField[], layout: AggregateLayout, withCounters: boolean): RowRenderer {
  const parts: RowPart[] = fields.map((placed) => {
    const f = placed.field;
    const width = f.formattedWidth;
    // Custom primitives: pmacct's "%-<width>s" then two spaces.
    const format: ValueFormat =
      width !== undefined
        ? f.formattedUnpadded
          ? (v) => `${v}  `
          : (v) => `${String(v).padEnd(width)}  `
        : columnPad(FORMATTED_WIDTH[f.header] ?? 0);
    return { kind: 'field', read: f.readFormatted ?? f.read, offset: placed.offset, quote: false, format };
  });
  if (withCounters) {
    parts.push({ kind: 'counter', name: 'packets', format: columnPad(FORMATTED_WIDTH['PACKETS']!) });
    if (layout.countFlows) parts.push({ kind: 'counter', name: 'flows', format: columnPad(FORMATTED_WIDTH['FLOWS']!) });
    parts.push({ kind: 'counter', name: 'bytes' });
  }
  parts.push({ kind: 'text', text: '\n' });
  return compileRow(parts);
}

function columnPad(width: number): ValueFormat {
  return (v) => pad(String(v), width);
}

/** Left-justifies to the column width, always leaving at least one space after the value. */
function pad(text: string, width: number): string {
  return text.length < width ? text.padEnd(width) : text + ' ';
}
