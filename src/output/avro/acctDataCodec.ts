/**
 * Encodes one aggregate (a cache row) as pmacct's acct_data Avro record:
 * binary Avro (amqp/kafka_output avro), avro_json text, or binary behind
 * the Confluent wire-format header (kafka_avro_schema_registry).
 *
 * One record object of a fixed shape is filled per row and reused, and the
 * avsc type is compiled once per plugin, so a row costs its field reads
 * (the strings the output needs anyway) and the encoding, which goes into
 * the caller's buffer. Values are read as the JSON output reads them
 * (same texts for addresses, protocols, timestamps, custom primitives).
 */
import type { AggregateLayout } from '../../model/aggregateLayout.ts';
import { stampText } from '../../model/timestampText.ts';
import type { AggregateRow, SerializerContext } from '../aggregateSerializer.ts';
import { labelPairs } from '../labelMap.ts';
import { acctDataPlan, type AcctDataOptions, type AcctDataPlan } from './acctDataSchema.ts';
import { avroJsonText, type AvroJsonValue } from './avroJsonText.ts';
import { avroSchemaText } from './avroSchema.ts';
import { compileAvroType, type AvscType } from './avscType.ts';
import { CONFLUENT_HEADER_BYTES, writeConfluentHeader } from './confluentWireFormat.ts';

export interface AcctDataCodecOptions extends AcctDataOptions {
  /** writer_id: "<plugin name>/<pid>". */
  writerId: string;
}

export class AcctDataCodec {
  readonly plan: AcctDataPlan;
  /** The schema as pmacct writes it to "<avro_schema_file>-acct_data" and registers it. */
  readonly schemaText: string;
  private readonly type: AvscType;
  /** The same schema with 64-bit exact longs, compiled at the first record that needs it. */
  private exactType: AvscType | null = null;
  /** The record last filled holds a long avsc's fast type cannot encode (beyond 2^53). */
  private needsExact = false;
  private readonly record: Record<string, AvroJsonValue>;
  private readonly customs: Record<string, string>;
  private scratch = Buffer.allocUnsafe(1024);
  /** stamp_inserted / stamp_updated texts last made: a flush has one update time and few bins. */
  private binSec = -1;
  private binText = '';
  private updatedSec = -1;
  private updatedText = '';

  constructor(layout: AggregateLayout, options: AcctDataCodecOptions) {
    this.plan = acctDataPlan(layout, options);
    this.schemaText = avroSchemaText(this.plan.schema);
    this.type = compileAvroType(this.plan.schema);
    this.customs = {};
    for (const c of this.plan.customs) this.customs[c.name] = '';
    // Every field present from the start: the object keeps one shape for the plugin's life.
    this.record = {};
    for (const { name, kind } of this.plan.kinds) this.record[name] = kind === 'long' || kind === 'double' ? 0 : kind === 'stringMap' ? {} : kind === 'string' ? '' : null;
    if (this.plan.customs.length > 0) this.record.custom_primitives = this.customs;
    this.record.writer_id = options.writerId;
  }

  /** Fills the shared record from a row; valid until the next call. */
  fill(row: AggregateRow, ctx: SerializerContext): Readonly<Record<string, AvroJsonValue>> {
    const rec = this.record;
    const keys = row.keys;
    const base = row.off;
    const prims = this.plan.primitives;
    let exact = false;
    for (let i = 0; i < prims.length; i++) {
      const p = prims[i]!;
      const value = p.read(keys, base + p.offset, ctx);
      switch (p.kind) {
        case 'long': {
          const n = Number(value);
          if (!Number.isSafeInteger(n)) exact = true;
          rec[p.name] = n;
          break;
        }
        case 'double': rec[p.name] = Number(value); break;
        case 'string': rec[p.name] = String(value); break;
        case 'stringMap': rec[p.name] = Object.fromEntries(labelPairs(String(value))); break;
      }
    }
    const customs = this.plan.customs;
    for (let i = 0; i < customs.length; i++) {
      const c = customs[i]!;
      // pmacct writes every custom primitive as a string, as in its JSON.
      this.customs[c.name] = String(c.read(keys, base + c.offset, ctx));
    }
    if (this.plan.history) {
      if (row.binStart !== this.binSec) {
        this.binSec = row.binStart;
        this.binText = stampText(row.binStart, ctx.timestamps);
      }
      if (ctx.flushTime !== this.updatedSec) {
        this.updatedSec = ctx.flushTime;
        this.updatedText = stampText(ctx.flushTime, ctx.timestamps);
      }
      rec.stamp_inserted = this.binText;
      rec.stamp_updated = this.updatedText;
    }
    if (row.isEvent) {
      // NetFlow/IPFIX event records carry no counters: pmacct sets the null branch of all three.
      rec.packets = null;
      rec.flows = null;
      rec.bytes = null;
    } else {
      rec.packets = row.packets;
      rec.flows = this.plan.countFlows ? row.flows : null;
      rec.bytes = row.bytes;
      if (!Number.isSafeInteger(row.packets) || !Number.isSafeInteger(row.bytes) || !Number.isSafeInteger(row.flows)) exact = true;
    }
    this.needsExact = exact;
    return rec;
  }

  /**
   * Writes the row's binary record into `buf` from `pos`; returns the end
   * position, or a negative number (the bytes missing) when it does not fit.
   */
  encodeInto(row: AggregateRow, ctx: SerializerContext, buf: Buffer, pos: number): number {
    const rec = this.fill(row, ctx);
    return this.typeFor().encode(rec, buf, pos);
  }

  /** The row's binary record in a buffer of its own. */
  toBuffer(row: AggregateRow, ctx: SerializerContext): Buffer {
    return this.frame(row, ctx, 0, (buf) => buf);
  }

  /** The row's record behind the Confluent wire-format header (magic byte 0, schema id). */
  toConfluentBuffer(schemaId: number, row: AggregateRow, ctx: SerializerContext): Buffer {
    return this.frame(row, ctx, CONFLUENT_HEADER_BYTES, (buf) => writeConfluentHeader(buf, schemaId));
  }

  /** The row as avro_json text. */
  toJsonText(row: AggregateRow, ctx: SerializerContext): string {
    return avroJsonText(this.plan.kinds, this.fill(row, ctx));
  }

  /** Decodes a binary record (consumers and tests). */
  decode(buf: Buffer): unknown {
    return this.type.fromBuffer(buf);
  }

  /** The type that can encode the record just filled. */
  private typeFor(): AvscType {
    if (!this.needsExact) return this.type;
    this.exactType ??= compileAvroType(this.plan.schema, true);
    return this.exactType;
  }

  /** Encodes into the growing scratch buffer after `header` bytes, then copies out exactly the bytes used. */
  private frame(row: AggregateRow, ctx: SerializerContext, header: number, writeHeader: (buf: Buffer) => Buffer): Buffer {
    const rec = this.fill(row, ctx);
    const type = this.typeFor();
    let end = type.encode(rec, this.scratch, header);
    if (end < 0) {
      this.scratch = Buffer.allocUnsafe((this.scratch.length - end) * 2);
      end = type.encode(rec, this.scratch, header);
    }
    const out = Buffer.allocUnsafe(end);
    this.scratch.copy(out, 0, 0, end);
    return writeHeader(out);
  }
}
