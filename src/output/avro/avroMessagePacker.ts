/**
 * Groups acct_data records into broker messages as pmacct's amqp and kafka
 * plugins do with Avro output (amqp_cache_purge / kafka_cache_purge):
 *  - *_multi_values 0: one record per message;
 *  - *_multi_values N: up to N records per message (a count of records
 *    here, not bytes as with JSON output), binary records back to back, or
 *    avro_json texts back to back with nothing between them (pmacct's
 *    strcat; a concatenated-JSON reader splits them);
 *  - either way a message holds less than avro_buffer_size bytes: a record
 *    that would reach the limit sends the message so far first.
 * pmacct exits when one record alone exceeds avro_buffer_size (and loops
 * forever when it is exactly that size); tsacct sends such a record in a
 * message of its own and the caller logs it.
 *
 * Binary records are encoded straight into one buffer of avro_buffer_size
 * bytes, reused for every message; a finished message is copied out once.
 */
import type { AggregateRow, SerializerContext } from '../aggregateSerializer.ts';
import type { AcctDataCodec } from './acctDataCodec.ts';

export type AvroOutputFormat = 'avro' | 'avro_json';

export interface PackedMessage {
  body: Buffer | string;
  records: number;
}

export interface AvroPackerOptions {
  format: AvroOutputFormat;
  /** *_multi_values: records per message, 0 for one each. */
  multiValues: number;
  /** avro_buffer_size: a message stays below this many bytes. */
  bufferSize: number;
}

export class AvroMessagePacker {
  private readonly codec: AcctDataCodec;
  private readonly format: AvroOutputFormat;
  private readonly perMessage: number;
  /** Bytes a message may hold: pmacct needs a record to be strictly smaller than the room left. */
  private readonly capacity: number;
  private readonly binary: Buffer;
  private used = 0;
  private texts: string[] = [];
  private records = 0;

  constructor(codec: AcctDataCodec, options: AvroPackerOptions) {
    this.codec = codec;
    this.format = options.format;
    this.perMessage = options.multiValues > 0 ? options.multiValues : 1;
    this.capacity = Math.max(0, options.bufferSize - 1);
    this.binary = Buffer.allocUnsafe(options.format === 'avro' ? this.capacity : 0);
  }

  /**
   * Adds one row's record; every message it completes is pushed to `out`.
   * Returns the size of the record when it did not fit avro_buffer_size on
   * its own (it then went out alone), else 0.
   */
  add(row: AggregateRow, ctx: SerializerContext, out: PackedMessage[]): number {
    const oversize = this.format === 'avro' ? this.addBinary(row, ctx, out) : this.addText(row, ctx, out);
    if (this.records >= this.perMessage) this.flush(out);
    return oversize;
  }

  /** Pushes the message still being filled, if any. */
  finish(out: PackedMessage[]): void {
    this.flush(out);
  }

  private addBinary(row: AggregateRow, ctx: SerializerContext, out: PackedMessage[]): number {
    let end = this.codec.encodeInto(row, ctx, this.binary, this.used);
    if (end < 0 && this.used > 0) {
      this.flush(out);
      end = this.codec.encodeInto(row, ctx, this.binary, 0);
    }
    if (end >= 0) {
      this.used = end;
      this.records++;
      return 0;
    }
    const alone = this.codec.toBuffer(row, ctx);
    out.push({ body: alone, records: 1 });
    return alone.length;
  }

  private addText(row: AggregateRow, ctx: SerializerContext, out: PackedMessage[]): number {
    const text = this.codec.toJsonText(row, ctx);
    // avro_json is ASCII (non-ASCII is escaped), so its length is its size in bytes.
    if (this.used + text.length > this.capacity && this.used > 0) this.flush(out);
    if (text.length > this.capacity) {
      out.push({ body: text, records: 1 });
      return text.length;
    }
    this.texts.push(text);
    this.used += text.length;
    this.records++;
    return 0;
  }

  private flush(out: PackedMessage[]): void {
    if (this.records === 0) return;
    if (this.format === 'avro') out.push({ body: Buffer.from(this.binary.subarray(0, this.used)), records: this.records });
    else out.push({ body: this.texts.length === 1 ? this.texts[0]! : this.texts.join(''), records: this.records });
    this.used = 0;
    this.texts = [];
    this.records = 0;
  }
}
