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
import { compileRow, joinTextParts, type RowPart, type RowRenderer } from './compiledRow.ts';

export class JsonSerializer implements AggregateSerializer {
  /** The object up to its last primitive, compiled once for the layout. */
  private readonly renderFields: RowRenderer;
  private readonly countFlows: boolean;
  /** Whether anything precedes the stamps/counters (they then need a ", "). */
  private readonly hasLeadingKeys: boolean;

  /** The memory client prints objects without `event_type` (withEventType false). */
  constructor(layout: AggregateLayout, withEventType = true) {
    this.countFlows = layout.countFlows;
    const fields = jsonOrderedFields(layout);
    const parts: RowPart[] = [{ kind: 'text', text: withEventType ? '{"event_type": "purge"' : '{' }];
    fields.forEach((placed, i) => {
      const separator = i > 0 || withEventType ? ', ' : '';
      parts.push({ kind: 'text', text: `${separator}"${placed.field.jsonKey}": ` });
      parts.push({ kind: 'field', read: placed.field.read, offset: placed.offset, quote: placed.field.jsonType === 'string' });
    });
    this.renderFields = compileRow(joinTextParts(parts));
    this.hasLeadingKeys = withEventType || fields.length > 0;
  }

  header(): string {
    return '';
  }

  line(row: AggregateRow, ctx: SerializerContext): string {
    let out = this.renderFields(row, ctx);
    let separator = this.hasLeadingKeys ? ', ' : '';
    if (ctx.history) {
      out += `${separator}"stamp_inserted": "${dateTimeText(row.binStart, ctx.utc)}", "stamp_updated": "${dateTimeText(ctx.flushTime, ctx.utc)}"`;
      separator = ', ';
    }
    if (!row.isEvent) {
      if (this.countFlows) out += `${separator}"flows": ${row.flows}, "packets": ${row.packets}, "bytes": ${row.bytes}`;
      else out += `${separator}"packets": ${row.packets}, "bytes": ${row.bytes}`;
    }
    return out + '}\n';
  }
}
