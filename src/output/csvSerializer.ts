/**
 * pmacct's `print_output: csv` (and `event_csv`, which drops the counters):
 * a header of the column names in pmacct's fixed order, then one line per
 * aggregate, fields joined by `print_output_separator`.
 */
import type { AggregateLayout } from '../model/aggregateLayout.ts';
import type { AggregateRow, AggregateSerializer, SerializerContext } from './aggregateSerializer.ts';
import { csvOrderedFields } from './columnOrder.ts';

export class CsvSerializer implements AggregateSerializer {
  private readonly fields;
  private readonly layout: AggregateLayout;
  private readonly separator: string;
  private readonly withCounters: boolean;

  constructor(layout: AggregateLayout, separator: string, withCounters: boolean) {
    this.layout = layout;
    this.fields = csvOrderedFields(layout);
    this.separator = separator;
    this.withCounters = withCounters;
  }

  header(): string {
    const names = this.fields.map((f) => f.field.header);
    if (this.withCounters) {
      names.push('PACKETS');
      if (this.layout.countFlows) names.push('FLOWS');
      names.push('BYTES');
    }
    return names.join(this.separator) + '\n';
  }

  line(row: AggregateRow, ctx: SerializerContext): string {
    const sep = this.separator;
    let out = '';
    let first = true;
    for (const placed of this.fields) {
      if (!first) out += sep;
      first = false;
      out += placed.field.read(row.keys, row.off + placed.offset, ctx);
    }
    if (this.withCounters) {
      out += (first ? '' : sep) + row.packets;
      if (this.layout.countFlows) out += sep + row.flows;
      out += sep + row.bytes;
    }
    return out + '\n';
  }
}
