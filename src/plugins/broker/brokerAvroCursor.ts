/**
 * The messages of one flush of a message-broker plugin (amqp, kafka) with
 * `<prefix>_output: avro` or `avro_json`, in pmacct 1.7.7's order: the
 * acct_init marker record (with markers), the acct_data records grouped by
 * <prefix>_multi_values records within avro_buffer_size bytes
 * (output/avro/avroMessagePacker.ts), then the acct_close marker record.
 *
 * The same pull interface as BrokerMessageCursor (the JSON one), so a writer
 * walks either: `row` / `entry` name the aggregate whose values set the
 * message's routing key, topic or partition key: the record just added
 * when it completed a message (with multi-values, the one that no longer
 * fitted, or the last one counted), the last aggregate for the final
 * message and purge_close, none (-1) for purge_init. The sequence is the
 * same every time a batch is walked (only purge_close's duration can
 * differ), so `index` names a message across retries.
 *
 * With a schema id (kafka_avro_schema_registry) every binary message is one
 * record behind the Confluent wire-format header, as libserdes frames it;
 * pmacct refuses multi-values with a registry, so the caller does too.
 */
import type { FlushBatch } from '../../core/aggregatingConsumer.ts';
import type { Logger } from '../../core/logger.ts';
import type { TimestampStyle } from '../../model/timestampText.ts';
import { serializerContext, type AggregateRow, type SerializerContext } from '../../output/aggregateSerializer.ts';
import type { AcctDataCodec } from '../../output/avro/acctDataCodec.ts';
import type { AcctMarkerCodec } from '../../output/avro/acctMarkerCodec.ts';
import { AvroMessagePacker, type AvroOutputFormat, type PackedMessage } from '../../output/avro/avroMessagePacker.ts';
import { confluentFrame } from '../../output/avro/confluentWireFormat.ts';
import type { BrokerMessageKind } from './brokerMessageCursor.ts';

/** What a broker writer walks, for JSON (BrokerMessageCursor) or Avro (BrokerAvroCursor). */
export interface BrokerCursor {
  readonly kind: BrokerMessageKind;
  readonly body: string | Buffer;
  readonly entry: number;
  readonly index: number;
  readonly row: AggregateRow;
  start(batch: FlushBatch, startedMs: number): void;
  next(): boolean;
}

export interface BrokerAvroOutput {
  format: AvroOutputFormat;
  data: AcctDataCodec;
  markers: AcctMarkerCodec;
  /** avro_buffer_size. */
  bufferSize: number;
  /** Schema ids from kafka_avro_schema_registry: frame every message (binary only, no multi-values). */
  registry?: { acctData: number; acctInit: number; acctClose: number };
}

export interface BrokerAvroCursorOptions {
  /** The plugin's name and type, for log lines ("x/amqp"). */
  label: string;
  markers: boolean;
  /** <prefix>_multi_values: records per message, 0 for one each. */
  multiValues: number;
  history: boolean;
  timestamps: TimestampStyle;
}

const Phase = { Init: 0, Entries: 1, Close: 2, Done: 3 } as const;
type Phase = (typeof Phase)[keyof typeof Phase];

export class BrokerAvroCursor implements BrokerCursor {
  kind: BrokerMessageKind = 'purge';
  body: string | Buffer = '';
  entry = -1;
  index = -1;
  readonly row: AggregateRow = { keys: new Uint32Array(0), off: 0, packets: 0, bytes: 0, flows: 0, isEvent: false, binStart: 0 };

  private readonly avro: BrokerAvroOutput;
  private readonly options: BrokerAvroCursorOptions;
  private readonly logger: Logger;
  private batch: FlushBatch | null = null;
  private ctx: SerializerContext | null = null;
  private packer: AvroMessagePacker | null = null;
  private phase: Phase = Phase.Done;
  private nextEntry = 0;
  private startedMs = 0;
  /** Messages completed by the last add(), not returned yet (a pack and an oversized record can come together). */
  private readonly ready: PackedMessage[] = [];
  private readyAt = 0;
  private readyEntry = -1;

  constructor(avro: BrokerAvroOutput, options: BrokerAvroCursorOptions, logger: Logger) {
    if (avro.registry && (avro.format !== 'avro' || options.multiValues > 0)) {
      throw new Error('a schema registry frames single binary records: it needs avro output without multi-values');
    }
    this.avro = avro;
    this.options = options;
    this.logger = logger;
  }

  start(batch: FlushBatch, startedMs: number): void {
    this.batch = batch;
    this.ctx = serializerContext(batch, this.options.timestamps, this.options.history);
    // A fresh packer per walk: a walk abandoned half-way leaves nothing behind.
    this.packer = new AvroMessagePacker(this.avro.data, { format: this.avro.format, multiValues: this.options.multiValues, bufferSize: this.avro.bufferSize });
    this.phase = Phase.Init;
    this.nextEntry = 0;
    this.startedMs = startedMs;
    this.ready.length = 0;
    this.readyAt = 0;
    this.index = -1;
    this.entry = -1;
  }

  next(): boolean {
    const batch = this.batch;
    if (batch === null) return false;
    const size = batch.cache.size;
    const avro = this.avro;
    for (;;) {
      if (this.readyAt < this.ready.length) {
        const m = this.ready[this.readyAt++]!;
        return this.set('purge', this.frame(m.body, avro.registry?.acctData), this.readyEntry);
      }
      this.ready.length = 0;
      this.readyAt = 0;
      switch (this.phase) {
        case Phase.Init:
          this.phase = Phase.Entries;
          if (this.options.markers) {
            const init = avro.format === 'avro' ? avro.markers.initBuffer() : avro.markers.initJsonText();
            return this.set('purge_init', this.frame(init, avro.registry?.acctInit), -1);
          }
          break;
        case Phase.Entries: {
          if (this.nextEntry >= size) {
            this.phase = Phase.Close;
            this.packer!.finish(this.ready);
            this.readyEntry = size - 1;
            break;
          }
          const i = this.nextEntry++;
          const row = this.row;
          batch.cache.readEntry(i, row);
          row.binStart = batch.binWord >= 0 ? row.keys[row.off + batch.binWord]! : 0;
          const oversize = this.packer!.add(row, this.ctx!, this.ready);
          if (oversize > 0) {
            this.logger.limited(
              `${this.options.label}-avro-buffer`,
              'WARN',
              `${this.options.label}: an Avro record of ${oversize} bytes does not fit avro_buffer_size (${avro.bufferSize}): sent in a message of its own (pmacct exits here)`,
              60_000,
            );
          }
          this.readyEntry = i;
          break;
        }
        case Phase.Close:
          this.phase = Phase.Done;
          if (this.options.markers) {
            const close = { purgedEntries: size, totalEntries: batch.totalEntries ?? size, durationSeconds: Math.floor(Date.now() / 1000) - Math.floor(this.startedMs / 1000) };
            const body = avro.format === 'avro' ? avro.markers.closeBuffer(close) : avro.markers.closeJsonText(close);
            return this.set('purge_close', this.frame(body, avro.registry?.acctClose), size - 1);
          }
          break;
        case Phase.Done:
          return false;
      }
    }
  }

  /** A binary message behind the Confluent header when a registry gave the schema's id. */
  private frame(body: string | Buffer, schemaId: number | undefined): string | Buffer {
    return schemaId === undefined || typeof body === 'string' ? body : confluentFrame(schemaId, body);
  }

  private set(kind: BrokerMessageKind, body: string | Buffer, entry: number): true {
    this.kind = kind;
    this.body = body;
    this.entry = entry;
    this.index++;
    return true;
  }
}
