/**
 * pmacct's `print_output: formatted` (and `event_formatted`): fixed-width,
 * left-justified columns under a header of the same names; the last counter
 * (BYTES) is not padded. pmacct refuses variable-length primitives here.
 */
import type { AggregateLayout } from '../model/aggregateLayout.ts';
import type { AggregateRow, AggregateSerializer, SerializerContext } from './aggregateSerializer.ts';
import { FORMATTED_WIDTH, csvOrderedFields } from './columnOrder.ts';

export class FormattedSerializer implements AggregateSerializer {
  private readonly fields;
  private readonly layout: AggregateLayout;
  private readonly withCounters: boolean;

  constructor(layout: AggregateLayout, withCounters: boolean) {
    if (layout.hasVariableLength) {
      throw new Error("variable-length primitives (label, as_path, communities…) are not supported by the formatted output; use csv or json");
    }
    this.layout = layout;
    this.fields = csvOrderedFields(layout);
    this.withCounters = withCounters;
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
    let out = '';
    for (const placed of this.fields) {
      const f = placed.field;
      const off = row.off + placed.offset;
      const text = f.readFormatted ? f.readFormatted(row.keys, off, ctx) : String(f.read(row.keys, off, ctx));
      // Custom primitives: pmacct's "%-<width>s" then two spaces.
      out += f.formattedWidth !== undefined ? (f.formattedUnpadded ? text : text.padEnd(f.formattedWidth)) + '  ' : pad(text, FORMATTED_WIDTH[f.header] ?? 0);
    }
    if (this.withCounters) {
      out += pad(String(row.packets), FORMATTED_WIDTH['PACKETS']!);
      if (this.layout.countFlows) out += pad(String(row.flows), FORMATTED_WIDTH['FLOWS']!);
      out += String(row.bytes);
    }
    return out + '\n';
  }
}

/** Left-justifies to the column width, always leaving at least one space after the value. */
function pad(text: string, width: number): string {
  return text.length < width ? text.padEnd(width) : text + ' ';
}
