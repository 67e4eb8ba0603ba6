/**
 * The purge markers of pmacct's Avro broker output (amqp/kafka_markers):
 * the "acct_init" record (event_type "purge_init", writer_id) before a
 * purge's data and "acct_close" (event_type "purge_close", writer_id,
 * purged_entries and total_entries as long, duration as int) after it, as
 * p_avro_schema_build_acct_init/_close() declare them (src/plugin_cmn_avro.c).
 *
 * pmacct 1.7.7 fills duration with total_entries, and in binary output never
 * writes the marker records into its buffer, so it publishes empty messages;
 * tsacct writes the records, with the duration (docs/compat.md, "Avro output").
 */
import { avroJsonText } from './avroJsonText.ts';
import { avroSchemaText, type AvroRecordSchema } from './avroSchema.ts';
import { compileAvroType, type AvscType } from './avscType.ts';
import { confluentFrame } from './confluentWireFormat.ts';

export const ACCT_INIT_SCHEMA: AvroRecordSchema = {
  type: 'record',
  name: 'acct_init',
  fields: [{ name: 'event_type', type: 'string' }, { name: 'writer_id', type: 'string' }],
};

export const ACCT_CLOSE_SCHEMA: AvroRecordSchema = {
  type: 'record',
  name: 'acct_close',
  fields: [
    { name: 'event_type', type: 'string' },
    { name: 'writer_id', type: 'string' },
    { name: 'purged_entries', type: 'long' },
    { name: 'total_entries', type: 'long' },
    { name: 'duration', type: 'int' },
  ],
};

const INIT_KINDS = [{ name: 'event_type', kind: 'string' }, { name: 'writer_id', kind: 'string' }] as const;
const CLOSE_KINDS = [
  ...INIT_KINDS,
  { name: 'purged_entries', kind: 'long' },
  { name: 'total_entries', kind: 'long' },
  { name: 'duration', kind: 'long' },
] as const;

export interface PurgeClose {
  purgedEntries: number;
  totalEntries: number;
  /** Seconds the purge took. */
  durationSeconds: number;
}

export class AcctMarkerCodec {
  readonly initSchemaText = avroSchemaText(ACCT_INIT_SCHEMA);
  readonly closeSchemaText = avroSchemaText(ACCT_CLOSE_SCHEMA);
  private readonly initType: AvscType = compileAvroType(ACCT_INIT_SCHEMA);
  private readonly closeType: AvscType = compileAvroType(ACCT_CLOSE_SCHEMA);
  private readonly writerId: string;

  constructor(writerId: string) {
    this.writerId = writerId;
  }

  initBuffer(): Buffer {
    return this.initType.toBuffer(this.initRecord());
  }

  closeBuffer(close: PurgeClose): Buffer {
    return this.closeType.toBuffer(this.closeRecord(close));
  }

  initJsonText(): string {
    return avroJsonText(INIT_KINDS, this.initRecord());
  }

  closeJsonText(close: PurgeClose): string {
    return avroJsonText(CLOSE_KINDS, this.closeRecord(close));
  }

  initConfluent(schemaId: number): Buffer {
    return confluentFrame(schemaId, this.initBuffer());
  }

  closeConfluent(schemaId: number, close: PurgeClose): Buffer {
    return confluentFrame(schemaId, this.closeBuffer(close));
  }

  private initRecord(): Record<string, string> {
    return { event_type: 'purge_init', writer_id: this.writerId };
  }

  private closeRecord(close: PurgeClose): Record<string, string | number> {
    return {
      event_type: 'purge_close',
      writer_id: this.writerId,
      purged_entries: close.purgedEntries,
      total_entries: close.totalEntries,
      duration: close.durationSeconds,
    };
  }
}
