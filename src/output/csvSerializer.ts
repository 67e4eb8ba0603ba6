/**
 * pmacct's `print_output: csv` (and `event_csv`, which drops the counters):
 * a header of the column names in pmacct's fixed order, then one line per
 * aggregate, fields joined by `print_output_separator`.
 */
import type { AggregateLayout } from '../model/aggregateLayout.ts';
import type { AggregateRow, AggregateSerializer, SerializerContext } from './aggregateSerializer.ts';
import { csvOrderedFields, type ColumnOrder } from './columnOrder.ts';
import { compileRow, joinTextParts, type RowPart, type RowRenderer } from './compiledRow.ts';

export class CsvSerializer implements AggregateSerializer {
  private readonly headerLine: string;
  private readonly render: RowRenderer;

  constructor(layout: AggregateLayout, separator: string, withCounters: boolean, columns: ColumnOrder = 'print') {
    const fields = csvOrderedFields(layout, columns);
    const names = fields.map((f) => f.field.header);
    const parts: RowPart[] = [];
    for (const placed of fields) {
      if (parts.length > 0) parts.push({ kind: 'text', text: separator });
      parts.push({ kind: 'field', read: placed.field.read, offset: placed.offset, quote: false });
    }
    if (withCounters) {
      const counters: Array<'packets' | 'flows' | 'bytes'> = layout.countFlows ? ['packets', 'flows', 'bytes'] : ['packets', 'bytes'];
      for (const c of counters) {
        if (parts.length > 0) parts.push({ kind: 'text', text: separator });
        parts.push({ kind: 'counter', name: c });
        names.push(c.toUpperCase());
      }
    }
    parts.push({ kind: 'text', text: '\n' });
    this.render = compileRow(joinTextParts(parts));
    this.headerLine = names.join(separator) + '\n';
  }

  header(): string {
    return this.headerLine;
  }

  line(row: AggregateRow, ctx: SerializerContext): string {
    return this.render(row, ctx);
  }
}
