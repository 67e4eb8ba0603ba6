/**
 * pmacct's `print_output: json`: one object per line, `"event_type":
 * "purge"` first, keys in pmacct's fixed order, jansson's `", "` and `": "`
 * separators, time-bin stamps when history is on, and counters last —
 * omitted for NAT/firewall event records as pmacct 1.7.7 does.
 */
import type { AggregateLayout } from '../model/aggregateLayout.ts';
import { dateTimeText } from '../model/timestampText.ts';
import type { AggregateRow, AggregateSerializer, SerializerContext } from './aggregateSerializer.ts';
import { jsonOrderedFields } from './columnOrder.ts';

export class JsonSerializer implements AggregateSerializer {
  private readonly fields;
  private readonly layout: AggregateLayout;
  /** Prefix every object starts with; the memory client prints objects without it. */
  private readonly opening: string;

  constructor(layout: AggregateLayout, withEventType = true) {
    this.layout = layout;
    this.fields = jsonOrderedFields(layout);
    this.opening = withEventType ? '{"event_type": "purge"' : '{';
  }

  header(): string {
    return '';
  }

  line(row: AggregateRow, ctx: SerializerContext): string {
    let out = this.opening;
    let first = this.opening === '{';
    const add = (key: string, valueText: string): void => {
      out += `${first ? '' : ', '}"${key}": ${valueText}`;
      first = false;
    };
    for (const placed of this.fields) {
      const value = placed.field.read(row.keys, row.off + placed.offset, ctx);
      add(placed.field.jsonKey, placed.field.jsonType === 'number' ? String(value) : JSON.stringify(String(value)));
    }
    if (ctx.history) {
      add('stamp_inserted', JSON.stringify(dateTimeText(row.binStart, ctx.utc)));
      add('stamp_updated', JSON.stringify(dateTimeText(ctx.flushTime, ctx.utc)));
    }
    if (!row.isEvent) {
      if (this.layout.countFlows) add('flows', String(row.flows));
      add('packets', String(row.packets));
      add('bytes', String(row.bytes));
    }
    return out + '}\n';
  }
}
