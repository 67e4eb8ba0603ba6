/**
 * pmacct's `print_output: json`: one object per line, `"event_type":
 * "purge"` first, keys in pmacct's fixed order, jansson's `", "` and `": "`
 * separators, time-bin stamps when history is on, and counters last —
 * omitted for NAT/firewall event records as pmacct 1.7.7 does.
 */
import type { AggregateLayout } from '../model/aggregateLayout.ts';
import { stampText } from '../model/timestampText.ts';
import type { AggregateRow, AggregateSerializer, SerializerContext } from './aggregateSerializer.ts';
import { jsonOrderedFields } from './columnOrder.ts';
import { compileRow, joinTextParts, type FieldReader, type RowPart, type RowRenderer } from './compiledRow.ts';
import { labelAsJsonObject } from './labelMap.ts';
import { protocolAwareReader } from './numericProtocols.ts';

export class JsonSerializer implements AggregateSerializer {
  /** The object up to its last primitive, compiled once for the layout. */
  private readonly renderFields: RowRenderer;
  private readonly countFlows: boolean;
  private readonly style: 'print' | 'client';
  /** Whether anything precedes the stamps/counters (they then need a ", "). */
  private readonly hasLeadingKeys: boolean;

  /**
   * The memory client ('client') prints objects without `event_type` and
   * its counters as packets, flows, bytes; the print plugin as flows,
   * packets, bytes. `labelAsMap` (pre_tag_label_encode_as_map) writes the
   * label as an object of its comma-separated key, value pairs.
   * `numProtos` (amqp/kafka_num_protos) writes protocols as numbers.
   */
  constructor(layout: AggregateLayout, style: 'print' | 'client' = 'print', labelAsMap = false, numProtos = false) {
    const withEventType = style === 'print';
    this.style = style;
    this.countFlows = layout.countFlows;
    const fields = jsonOrderedFields(layout);
    const parts: RowPart[] = [{ kind: 'text', text: withEventType ? '{"event_type": "purge"' : '{' }];
    fields.forEach((placed, i) => {
      const separator = i > 0 || withEventType ? ', ' : '';
      parts.push({ kind: 'text', text: `${separator}"${placed.field.jsonKey}": ` });
      if (labelAsMap && placed.field.jsonKey === 'label') {
        parts.push({ kind: 'field', read: labelObjectReader(placed.field.read), offset: placed.offset, quote: false });
      } else {
        parts.push({ kind: 'field', read: protocolAwareReader(placed.field, numProtos), offset: placed.offset, quote: placed.field.jsonType === 'string' });
      }
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
      out += `${separator}"stamp_inserted": "${stampText(row.binStart, ctx.timestamps)}", "stamp_updated": "${stampText(ctx.flushTime, ctx.timestamps)}"`;
      separator = ', ';
    }
    if (!row.isEvent) {
      if (this.countFlows && this.style === 'client') out += `${separator}"packets": ${row.packets}, "flows": ${row.flows}, "bytes": ${row.bytes}`;
      else if (this.countFlows) out += `${separator}"flows": ${row.flows}, "packets": ${row.packets}, "bytes": ${row.bytes}`;
      else out += `${separator}"packets": ${row.packets}, "bytes": ${row.bytes}`;
    }
    return out + '}\n';
  }
}

/** The label field read as text, written as a JSON object (already JSON, so not quoted again). */
function labelObjectReader(read: FieldReader): FieldReader {
  return (key, off, ctx) => labelAsJsonObject(String(read(key, off, ctx)));
}
