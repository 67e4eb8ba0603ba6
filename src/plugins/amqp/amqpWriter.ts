/**
 * The AMQP plugin's writer: publishes each flushed cache as pmacct 1.7.7's
 * amqp plugin does with `amqp_output: json` — one message per entry (the
 * print plugin's JSON object plus `"writer_id": "<plugin>/<pid>"` last), or
 * newline-terminated objects packed up to amqp_multi_values bytes, between
 * optional purge_init / purge_close markers; content type
 * application/json, delivery mode 2 and a durable exchange with
 * amqp_persistent_msg. The routing key may hold `$peer_src_ip`, `$tag`,
 * `$tag2`, `$post_tag`, `$post_tag2`, resolved per entry as pmacct does
 * (see docs/compat.md, "Broker plugins").
 *
 * With `amqp_output: avro` / `avro_json` the entries go out as pmacct's
 * acct_data Avro records (output/avro/), grouped by amqp_multi_values
 * records within avro_buffer_size bytes, between acct_init / acct_close
 * marker records; content type application/octet-stream for binary Avro.
 *
 * Unlike pmacct (which drops a purge it cannot publish), a flush counts as
 * written only once the broker confirmed every message of it (publisher
 * confirms); otherwise write() throws and the aggregating consumer keeps the
 * batch and retries. The writer remembers how many leading messages of the
 * failed batch the broker already confirmed and skips them on the retry, so
 * a retry duplicates only messages whose confirm was lost on the way.
 */
import type { ChannelModel, ConfirmChannel } from 'amqplib';
import type { AggregateWriter, FlushBatch } from '../../core/aggregatingConsumer.ts';
import type { Logger } from '../../core/logger.ts';
import type { AggregateLayout } from '../../model/aggregateLayout.ts';
import type { OutputField } from '../../model/primitive.ts';
import type { AggregateRow } from '../../output/aggregateSerializer.ts';
import { BrokerJsonEncoding } from '../broker/brokerJsonEncoding.ts';
import { BrokerMessageCursor, type BrokerMessageKind, type BrokerWriterOptions } from '../broker/brokerMessageCursor.ts';
import { BrokerAvroCursor, type BrokerAvroOutput, type BrokerCursor } from '../broker/brokerAvroCursor.ts';
import { connectToBroker, declareExchange, type AmqpBrokerOptions } from './amqpBroker.ts';
import { resultWithin, waitForDrain } from './channelWaits.ts';

export interface AmqpWriterOptions extends AmqpBrokerOptions, BrokerWriterOptions {
  name: string;
  routingKey: string;
  /** amqp_routing_key_rr: rotate over <routingKey>_0 … _<n-1>, a message at a time (0: off). */
  routingKeyRoundRobin?: number;
  /** How long a publish may wait for the broker's confirms before the flush counts as failed. */
  confirmTimeoutMs?: number;
  /** The writer_id's process id (default: this process). */
  pid?: number;
  /** amqp_output avro / avro_json (absent: json). The codecs' writer_id must be this writer's. */
  avro?: BrokerAvroOutput;
}

interface OutMessage {
  kind: BrokerMessageKind;
  routingKey: string;
  body: string | Buffer;
}

const DEFAULT_CONFIRM_TIMEOUT_MS = 60_000;

/** Whether a routing key holds a per-entry variable (pmacct: any '$'). */
export function isDynamicRoutingKey(key: string): boolean {
  return key.includes('$');
}

export class AmqpWriter implements AggregateWriter {
  private readonly options: AmqpWriterOptions;
  private readonly cursor: BrokerCursor;
  private readonly logger: Logger;
  private readonly dynamicKey: boolean;
  private readonly peerSrcIp: { offset: number; field: OutputField } | null;
  private readonly tagOffset: number;
  private readonly tag2Offset: number;
  private connection: ChannelModel | null = null;
  private channel: ConfirmChannel | null = null;
  /** Messages of a failed batch (by its sequence) the broker confirmed, in order from the first. */
  private resume: { sequence: number; confirmed: number } | null = null;

  constructor(options: AmqpWriterOptions, layout: AggregateLayout, logger: Logger) {
    this.options = options;
    this.logger = logger;
    const cursorOptions = { label: `${options.name}/amqp`, markers: options.markers, multiValues: options.multiValues, history: options.history, timestamps: options.timestamps };
    this.cursor = options.avro
      ? new BrokerAvroCursor(options.avro, cursorOptions, logger)
      : new BrokerMessageCursor(new BrokerJsonEncoding(layout, options.name, options.labelAsMap, options.pid, options.numProtos), cursorOptions, logger);
    this.dynamicKey = isDynamicRoutingKey(options.routingKey);
    const placed = (name: string) => layout.placed.find((p) => p.primitive.name === name);
    const peer = placed('peer_src_ip');
    this.peerSrcIp = peer ? { offset: peer.offset, field: peer.primitive.fields[0]! } : null;
    this.tagOffset = placed('tag')?.offset ?? -1;
    this.tag2Offset = placed('tag2')?.offset ?? -1;
  }

  async write(batch: FlushBatch): Promise<void> {
    const started = Date.now();
    const messages = this.compose(batch, started);
    const sequence = batch.sequence ?? 0;
    const skip = this.resume !== null && this.resume.sequence === sequence ? this.resume.confirmed : 0;
    this.resume = null;
    const progress = { confirmed: skip };
    try {
      const channel = await this.openChannel();
      await this.publishAll(channel, messages, progress);
    } catch (err) {
      this.resume = { sequence, confirmed: progress.confirmed };
      this.closeQuietly();
      throw err;
    }
    this.logger.info(`${this.options.name}/amqp: purged ${batch.cache.size} entries in ${messages.length} messages in ${Date.now() - started} ms`);
  }

  async close(): Promise<void> {
    const connection = this.connection;
    this.connection = null;
    this.channel = null;
    if (connection) await connection.close().catch(() => undefined);
  }

  /** Every message of a flush, in publishing order. */
  private compose(batch: FlushBatch, started: number): OutMessage[] {
    const out: OutMessage[] = [];
    const staticKey = this.dynamicKey ? '' : this.options.routingKey;
    const cursor = this.cursor;
    cursor.start(batch, started);
    while (cursor.next()) {
      // pmacct publishes with the routing key last set: a dynamic key is unset before the first entry.
      const routingKey = this.dynamicKey && cursor.entry >= 0 ? this.entryRoutingKey(cursor.row, batch) : staticKey;
      out.push({ kind: cursor.kind, routingKey, body: cursor.body });
    }
    if ((this.options.routingKeyRoundRobin ?? 0) > 0) this.rotateRoutingKeys(out);
    return out;
  }

  /**
   * amqp_routing_key_rr, as pmacct 1.7.7's amqp plugin sets keys (checked
   * with nfacctd, test/golden/amqp case routing-key-rr): the rotation starts
   * at <key>_0 in every purge; each data message takes the next key; a
   * message goes out with the key last set, so purge_init has the empty key
   * (none set yet), purge_close the last data message's, and with
   * amqp_multi_values the final, partly filled pack — sent after the loop
   * over the cache — the key of the pack before it (no rotation).
   */
  private rotateRoutingKeys(out: OutMessage[]): void {
    const base = this.options.routingKey;
    const modulo = this.options.routingKeyRoundRobin!;
    let leftover = -1;
    if (this.options.multiValues > 0) {
      for (let i = out.length - 1; i >= 0 && leftover < 0; i--) if (out[i]!.kind === 'purge') leftover = i;
    }
    let next = 0;
    let current = '';
    for (let i = 0; i < out.length; i++) {
      const m = out[i]!;
      if (m.kind === 'purge' && i !== leftover) {
        current = `${base}_${next}`;
        next = (next + 1) % modulo;
      }
      m.routingKey = current;
    }
  }

  /** amqp_routing_key with the entry's variables, as pmacct resolves them. */
  private entryRoutingKey(row: AggregateRow, batch: FlushBatch): string {
    const keys = row.keys;
    // pmacct writes "null" when the aggregate has no peer_src_ip.
    const peer = this.peerSrcIp
      ? String(this.peerSrcIp.field.read(keys, row.off + this.peerSrcIp.offset, { timestamps: this.options.timestamps, strings: batch.strings })).replace(/[.:]/g, '_')
      : 'null';
    const tag = this.tagOffset >= 0 ? keys[row.off + this.tagOffset]! * 0x100000000 + keys[row.off + this.tagOffset + 1]! : 0;
    const tag2 = this.tag2Offset >= 0 ? keys[row.off + this.tag2Offset]! * 0x100000000 + keys[row.off + this.tag2Offset + 1]! : 0;
    // post_tag/post_tag2 cannot be set in tsacct yet (refused at startup): pmacct writes their 0.
    return this.options.routingKey
      .replace(/\$peer_src_ip/g, peer)
      .replace(/\$post_tag2/g, '0')
      .replace(/\$post_tag/g, '0')
      .replace(/\$tag2/g, String(tag2))
      .replace(/\$tag/g, String(tag));
  }

  private async openChannel(): Promise<ConfirmChannel> {
    if (this.channel !== null) return this.channel;
    const o = this.options;
    const connection = await connectToBroker(o);
    connection.on('error', (err: Error) => this.logger.warn(`${o.name}/amqp: connection error: ${err.message}`));
    connection.on('close', () => {
      if (this.connection === connection) {
        this.connection = null;
        this.channel = null;
      }
    });
    this.connection = connection;
    try {
      const channel = await connection.createConfirmChannel();
      channel.on('error', (err: Error) => this.logger.warn(`${o.name}/amqp: channel error: ${err.message}`));
      channel.on('close', () => {
        if (this.channel === channel) this.channel = null;
      });
      await declareExchange(channel, o);
      this.channel = channel;
      return channel;
    } catch (err) {
      this.closeQuietly();
      throw err;
    }
  }

  /**
   * Publishes the messages from `progress.confirmed` on and waits for the
   * broker's confirms; `progress.confirmed` follows how many leading
   * messages are confirmed. Throws unless all of them are.
   */
  private async publishAll(channel: ConfirmChannel, messages: readonly OutMessage[], progress: { confirmed: number }): Promise<void> {
    const skip = progress.confirmed;
    const o = this.options;
    // pmacct: application/octet-stream for binary Avro, application/json for json and avro_json.
    const contentType = o.avro?.format === 'avro' ? 'application/octet-stream' : 'application/json';
    const props = o.persistent ? { contentType, deliveryMode: 2 } : { contentType };
    const acked = new Uint8Array(messages.length);
    let contiguous = skip;
    const advance = (): void => {
      while (contiguous < messages.length && acked[contiguous] === 1) contiguous++;
      progress.confirmed = contiguous;
    };
    let failure: Error | null = null;
    const confirms: Promise<void>[] = [];
    for (let i = skip; i < messages.length; i++) {
      const m = messages[i]!;
      let resolveOne!: () => void;
      confirms.push(new Promise<void>((resolve) => (resolveOne = resolve)));
      const index = i;
      const body = typeof m.body === 'string' ? Buffer.from(m.body) : m.body;
      const writable = channel.publish(o.exchange, m.routingKey, body, props, (err: unknown) => {
        if (err === null || err === undefined) {
          acked[index] = 1;
          advance();
        } else failure ??= err instanceof Error ? err : new Error(`message nacked by the broker: ${String(err)}`);
        resolveOne();
      });
      if (!writable) await waitForDrain(channel);
    }
    const timeoutMs = o.confirmTimeoutMs ?? DEFAULT_CONFIRM_TIMEOUT_MS;
    const outcome = await resultWithin(Promise.all(confirms).then(() => 'done' as const), timeoutMs, 'timeout' as const);
    if (outcome === 'timeout') failure ??= new Error(`the broker did not confirm ${messages.length - contiguous} messages within ${timeoutMs} ms`);
    if (failure !== null || contiguous < messages.length) throw failure ?? new Error('not every message was confirmed');
  }

  private closeQuietly(): void {
    const connection = this.connection;
    this.connection = null;
    this.channel = null;
    if (connection) connection.close().catch(() => undefined);
  }
}
