/**
 * How pmacct 1.7.7's message-broker plugins (amqp, kafka) encode with
 * `<prefix>_output: json`: each aggregate is the print plugin's JSON object
 * with `"writer_id": "<plugin name>/<writer pid>"` as its last key, and the
 * purge_init / purge_close markers (kafka_markers, amqp_markers) are small
 * objects of their own.
 *
 * This is the encoding step only; packing objects into messages
 * (multi-values) and markers' placement are brokerMessageCursor.ts's. An
 * Avro encoding can take this one's place behind the same three methods.
 */
import type { AggregateLayout } from '../../model/aggregateLayout.ts';
import type { AggregateRow, SerializerContext } from '../../output/aggregateSerializer.ts';
import { JsonSerializer } from '../../output/jsonSerializer.ts';

/** What a broker plugin sends for the markers and for each aggregate. */
export interface BrokerMessageEncoding {
  readonly writerId: string;
  purgeInit(): string;
  entry(row: AggregateRow, ctx: SerializerContext): string;
  purgeClose(purgedEntries: number, totalEntries: number, durationSeconds: number): string;
}

export class BrokerJsonEncoding implements BrokerMessageEncoding {
  readonly writerId: string;
  private readonly serializer: JsonSerializer;
  /** `, "writer_id": "x/123"}`: the end of every aggregate object. */
  private readonly entryTail: string;

  /**
   * `labelAsMap`: pre_tag_label_encode_as_map. `pid`: the writer_id's
   * process id (default: this process). `numProtos`: amqp/kafka_num_protos.
   */
  constructor(layout: AggregateLayout, pluginName: string, labelAsMap: boolean, pid: number = process.pid, numProtos = false) {
    this.serializer = new JsonSerializer(layout, 'print', labelAsMap, numProtos);
    this.writerId = `${pluginName}/${pid}`;
    this.entryTail = `, "writer_id": "${this.writerId}"}`;
  }

  purgeInit(): string {
    return `{"event_type": "purge_init", "writer_id": "${this.writerId}"}`;
  }

  entry(row: AggregateRow, ctx: SerializerContext): string {
    const line = this.serializer.line(row, ctx);
    // The serializer's object ends in "}\n": writer_id goes last, inside it.
    return line.slice(0, -2) + this.entryTail;
  }

  purgeClose(purgedEntries: number, totalEntries: number, durationSeconds: number): string {
    return `{"event_type": "purge_close", "writer_id": "${this.writerId}", "purged_entries": ${purgedEntries}, "total_entries": ${totalEntries}, "duration": ${durationSeconds}}`;
  }
}
