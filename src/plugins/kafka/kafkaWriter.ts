/**
 * The Kafka plugin's writer: produces each flushed cache as pmacct 1.7.7's
 * kafka plugin does with `kafka_output: json` (brokerMessageCursor.ts: one
 * message per aggregate or kafka_multi_values packs, optional markers;
 * writer_id "<plugin>/<pid>"), to kafka_topic — resolved per aggregate when
 * it holds variables, or rotated over "<topic>_0" … "<topic>_<n-1>" with
 * kafka_topic_rr — with kafka_partition_key (static, or per aggregate) as
 * the message key, to kafka_partition or to the partitioner's choice.
 * With kafka_output avro / avro_json the same messages carry pmacct's Avro
 * records (BrokerAvroCursor), framed for kafka_avro_schema_registry once
 * the schemas are registered, which the writer does when it connects
 * (kafkaSchemaRegistration.ts).
 *
 * Like pmacct, a message without a topic yet is not sent: purge_init when
 * the topic is dynamic or round-robin, and purge_close of an empty purge
 * then too.
 *
 * Unlike pmacct (which logs a failed delivery and goes on), a flush counts
 * as written only when librdkafka reported every message delivered;
 * otherwise write() throws and the aggregating consumer keeps the batch and
 * retries it. The writer remembers which messages of the failed batch were
 * delivered and produces only the others on the retry, so a retry repeats
 * only messages the broker stored while their report said otherwise (a
 * timeout at the wrong moment), and librdkafka's own resends can repeat a
 * message unless enable.idempotence is set (docs/compat.md#kafka-plugin).
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { AggregateWriter, FlushBatch } from '../../core/aggregatingConsumer.ts';
import type { Logger } from '../../core/logger.ts';
import type { AggregateLayout } from '../../model/aggregateLayout.ts';
import { BrokerAvroCursor, type BrokerAvroOutput, type BrokerCursor } from '../broker/brokerAvroCursor.ts';
import { BrokerJsonEncoding } from '../broker/brokerJsonEncoding.ts';
import { BrokerMessageCursor, type BrokerWriterOptions } from '../broker/brokerMessageCursor.ts';
import { DynamicBrokerName, isDynamicName, PARTITION_KEY_VARIABLES, TOPIC_VARIABLES } from '../broker/dynamicBrokerName.ts';
import type { KafkaClientProperties, KafkaProducer, KafkaProducerFactory } from './kafkaProducer.ts';
import type { KafkaSchemaRegistration } from './kafkaSchemaRegistration.ts';

export interface KafkaWriterOptions extends BrokerWriterOptions {
  name: string;
  /** librdkafka's bootstrap.servers, from kafka_broker_host and kafka_broker_port. */
  brokers: string;
  /** kafka_topic, variables included. */
  topic: string;
  /** kafka_topic_rr: number of numbered topics to rotate over (0: off). */
  topicRoundRobin: number;
  /** kafka_partition, or UNASSIGNED_PARTITION for the partitioner. */
  partition: number;
  /** kafka_partition_key, variables included; null: messages have no key. */
  partitionKey: string | null;
  /** librdkafka properties (kafka_config_file and what the plugin adds), without bootstrap.servers. */
  properties: KafkaClientProperties;
  /**
   * Longest wait for the delivery of a flush's messages before it counts as
   * failed and the client is replaced (librdkafka reports every message
   * within its message.timeout.ms, so this is a backstop; default 6 minutes).
   */
  reportTimeoutMs?: number;
  /** The writer_id's process id (default: this process). */
  pid?: number;
  /** kafka_output avro / avro_json (absent: json). The codecs' writer_id must be this writer's. */
  avro?: BrokerAvroOutput;
  /** kafka_avro_schema_registry: registers the Avro schemas before the first message. */
  schemaRegistration?: KafkaSchemaRegistration;
}

const DEFAULT_REPORT_TIMEOUT_MS = 360_000;
/** Messages produced between two yields to the event loop (collection goes on during a long flush). */
const YIELD_EVERY = 2048;
/** Wait before producing again into a full client queue. */
const QUEUE_FULL_WAIT_MS = 5;
/** One flush() wait of the client, repeated until the report timeout. */
const FLUSH_STEP_MS = 1000;

/** Delivery state of one message of the flush being written (0: not walked yet). */
const PRODUCED = 1;
const DELIVERED = 2;
const FAILED = 3;
const NO_TOPIC = 4;

export class KafkaWriter implements AggregateWriter {
  private readonly options: KafkaWriterOptions;
  private readonly logger: Logger;
  private readonly factory: KafkaProducerFactory;
  private readonly cursor: BrokerCursor;
  private readonly label: string;
  private readonly topicName: DynamicBrokerName | null;
  private readonly keyName: DynamicBrokerName | null;
  private producer: KafkaProducer | null = null;
  /** Values of the messages the client reported not delivered during the current flush. */
  private failedValues: Buffer[] = [];
  private firstFailure: string | null = null;
  /** What the last failed batch (by its sequence) got delivered, so its retry skips those messages. */
  private resume: { sequence: number; states: Uint8Array } | null = null;

  constructor(options: KafkaWriterOptions, layout: AggregateLayout, logger: Logger, factory: KafkaProducerFactory) {
    this.options = options;
    this.logger = logger;
    this.factory = factory;
    this.label = `${options.name}/kafka`;
    const cursorOptions = { label: this.label, markers: options.markers, multiValues: options.multiValues, history: options.history, timestamps: options.timestamps };
    this.cursor = options.avro
      ? new BrokerAvroCursor(options.avro, cursorOptions, logger)
      : new BrokerMessageCursor(new BrokerJsonEncoding(layout, options.name, options.labelAsMap, options.pid, options.numProtos), cursorOptions, logger);
    this.topicName = isDynamicName(options.topic) ? new DynamicBrokerName(options.topic, TOPIC_VARIABLES, layout) : null;
    this.keyName = options.partitionKey !== null && isDynamicName(options.partitionKey) ? new DynamicBrokerName(options.partitionKey, PARTITION_KEY_VARIABLES, layout) : null;
  }

  async write(batch: FlushBatch): Promise<void> {
    const started = Date.now();
    const pid = this.options.pid ?? process.pid;
    this.logger.info(`${this.label}: *** Purging cache - START (PID: ${pid}) ***`);
    const sequence = batch.sequence ?? 0;
    const before = this.resume !== null && this.resume.sequence === sequence ? this.resume.states : null;
    this.resume = null;
    const producer = await this.connectedProducer();
    const o = this.options;
    // At most one message per aggregate plus the two markers.
    const states = new Uint8Array(batch.cache.size + 2);
    this.failedValues = [];
    this.firstFailure = null;
    const markers: { index: number; value: Buffer }[] = [];
    const ctx = { timestamps: o.timestamps, strings: batch.strings };
    const cursor = this.cursor;
    cursor.start(batch, started);
    // pmacct sets topic and key per message and sends each with the ones last set.
    let topic: string | null = this.topicName === null && o.topicRoundRobin <= 0 ? o.topic : null;
    let key: string | null = this.keyName === null ? o.partitionKey : null;
    let roundRobin = 0;
    let produced = 0;
    let skipped = 0;
    while (cursor.next()) {
      const i = cursor.index;
      if (this.topicName !== null && cursor.entry >= 0) topic = this.topicName.resolve(cursor.row, ctx);
      if (o.topicRoundRobin > 0 && cursor.kind === 'purge') {
        topic = `${o.topic}_${roundRobin}`;
        roundRobin = (roundRobin + 1) % o.topicRoundRobin;
      }
      if (this.keyName !== null && cursor.entry >= 0) key = this.keyName.resolve(cursor.row, ctx);
      if (topic === null) {
        states[i] = NO_TOPIC;
        continue;
      }
      if (before !== null && before[i] === DELIVERED) {
        states[i] = DELIVERED;
        skipped++;
        continue;
      }
      const value = typeof cursor.body === 'string' ? Buffer.from(cursor.body) : cursor.body;
      // A marker's body can differ when the batch is walked again (purge_close's duration): keep it to recognise it.
      if (cursor.kind !== 'purge') markers.push({ index: i, value });
      try {
        while (producer.produce(topic, o.partition, value, key) === 'queue-full') await sleep(QUEUE_FULL_WAIT_MS);
      } catch (err) {
        // Refused at once (a partition the topic does not have, a message over message.max.bytes…).
        states[i] = FAILED;
        this.firstFailure ??= (err as Error).message;
        continue;
      }
      states[i] = PRODUCED;
      if (++produced % YIELD_EVERY === 0) await yieldToEventLoop();
    }
    const messages = cursor.index + 1;
    const settled = await this.flushed(producer, o.reportTimeoutMs ?? DEFAULT_REPORT_TIMEOUT_MS);
    if (!settled) {
      // A client that does not finish is replaced; what it did not confirm counts as failed.
      this.firstFailure ??= 'the client did not finish delivering in time';
      markAll(states, messages, PRODUCED, FAILED);
      this.dropProducer();
    } else if (this.failedValues.length > 0) {
      this.markFailed(batch, started, states, markers);
    }
    markAll(states, messages, PRODUCED, DELIVERED);
    let failures = 0;
    for (let i = 0; i < messages; i++) if (states[i] === FAILED) failures++;
    if (failures > 0) {
      this.resume = { sequence, states: states.slice() };
      throw new Error(`${failures} of ${messages} messages not delivered (${this.firstFailure})`);
    }
    if (skipped > 0) this.logger.info(`${this.label}: ${skipped} of ${messages} messages were delivered by an earlier attempt and not produced again`);
    const size = batch.cache.size;
    // pmacct's END line (QN: written / before kafka_preprocess); ET in whole seconds as pmacct prints it.
    this.logger.info(`${this.label}: *** Purging cache - END (PID: ${pid}, QN: ${size}/${batch.totalEntries ?? size}, ET: ${Math.round((Date.now() - started) / 1000)}) ***`);
  }

  async close(): Promise<void> {
    const producer = this.producer;
    this.producer = null;
    if (producer) await producer.close(10_000).catch(() => undefined);
  }

  private async connectedProducer(): Promise<KafkaProducer> {
    const o = this.options;
    // Before any message: a framed message needs its schema's id (a failure fails this flush, retried later).
    await o.schemaRegistration?.ensureRegistered();
    if (this.producer !== null) return this.producer;
    const global = { ...o.properties.global };
    // pmacct adds kafka_broker_host to any bootstrap.servers of kafka_config_file.
    global['bootstrap.servers'] = global['bootstrap.servers'] ? `${global['bootstrap.servers']},${o.brokers}` : o.brokers;
    const producer = this.factory({ global, topic: o.properties.topic });
    producer.onFailure((value, error) => {
      // Reports of a replaced client's messages come too late to count.
      if (producer !== this.producer) return;
      this.failedValues.push(value);
      this.firstFailure ??= error;
    });
    producer.onError((message) => this.logger.limited(`${this.label}-client`, 'WARN', `${this.label}: ${message}`, 10_000));
    try {
      await producer.connect();
    } catch (err) {
      throw new Error(`cannot reach the Kafka broker(s) ${o.brokers}: ${(err as Error).message}`, { cause: err });
    }
    this.producer = producer;
    return producer;
  }

  /** Waits until the client delivered or reported every message produced; false after `timeoutMs`. */
  private async flushed(producer: KafkaProducer, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      if (await producer.flush(Math.min(left, FLUSH_STEP_MS))) return true;
    }
  }

  /**
   * Marks the messages whose values the client reported not delivered, by
   * walking the batch again (the same messages in the same order); the
   * markers are matched with the values produced. When a report matches no
   * message (which should not happen), every message counts as failed:
   * some are then written twice, none lost.
   */
  private markFailed(batch: FlushBatch, started: number, states: Uint8Array, markers: readonly { index: number; value: Buffer }[]): void {
    const failed = new Set(this.failedValues.map((v) => v.toString('latin1')));
    let matched = 0;
    for (const m of markers) {
      if (states[m.index] === PRODUCED && failed.has(m.value.toString('latin1'))) {
        states[m.index] = FAILED;
        matched++;
      }
    }
    const cursor = this.cursor;
    cursor.start(batch, started);
    while (cursor.next()) {
      if (cursor.kind !== 'purge' || states[cursor.index] !== PRODUCED) continue;
      const body = cursor.body;
      if (failed.has(typeof body === 'string' ? Buffer.from(body).toString('latin1') : body.toString('latin1'))) {
        states[cursor.index] = FAILED;
        matched++;
      }
    }
    if (matched < failed.size) markAll(states, states.length, PRODUCED, FAILED);
  }

  private dropProducer(): void {
    const producer = this.producer;
    this.producer = null;
    if (producer) void producer.close(0).catch(() => undefined);
  }
}

function markAll(states: Uint8Array, count: number, from: number, to: number): void {
  for (let i = 0; i < count; i++) if (states[i] === from) states[i] = to;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
