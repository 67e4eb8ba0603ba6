/**
 * Lines to Kafka, one message each, over the same producer the kafka plugin
 * uses (kafkaProducer.ts, librdkafka): for the BGP message log and table
 * dump (bgp_daemon_msglog_kafka_*, bgp_table_dump_kafka_*).
 *
 * librdkafka queues, batches, retries and reconnects by itself. This class
 * keeps, in order, the messages it cannot hand over yet — before the first
 * connection, and while librdkafka's queue is full (a full table arriving,
 * a big dump) — up to WAITING_LIMIT, handing them over as room comes;
 * beyond that, and while the first connection fails (retried every
 * `retrySeconds`, pmacct's *_kafka_retry), messages are lost and counted,
 * as pmacct loses them. drain() lets a producer of many messages (the
 * table dump) wait for room instead.
 */
import type { Logger } from '../../core/logger.ts';
import { RoundRobinDestination, type LinePublisher, type LinePublisherCounters } from '../../output/linePublisher.ts';
import type { KafkaClientProperties, KafkaProducer, KafkaProducerFactory, ProduceOutcome } from './kafkaProducer.ts';

export interface KafkaLinePublisherOptions {
  /** For log lines: "bgp msglog", "bgp table dump". */
  label: string;
  /** librdkafka's bootstrap.servers. */
  brokers: string;
  /** *_kafka_partition; UNASSIGNED_PARTITION lets the partitioner choose. */
  partition: number;
  /** The key of messages published without one (null: no key). */
  key: string | null;
  /** *_kafka_topic_rr (0: off). */
  roundRobin: number;
  retrySeconds: number;
  /** *_kafka_config_file's properties, bootstrap.servers excluded. */
  properties: KafkaClientProperties;
}

/** Messages kept while they cannot be handed to librdkafka. */
const WAITING_LIMIT = 200_000;
/** drain() resolves once no more than this many wait. */
const DRAINED = 10_000;
/** Wait before trying a full librdkafka queue again. */
const QUEUE_FULL_RETRY_MS = 5;
const CLOSE_TIMEOUT_MS = 5000;

interface Waiting {
  topic: string;
  value: Buffer;
  key: string | null;
}

export class KafkaLinePublisher implements LinePublisher {
  readonly counters: LinePublisherCounters = { published: 0, lost: 0, errors: 0 };
  private readonly options: KafkaLinePublisherOptions;
  private readonly factory: KafkaProducerFactory;
  private readonly logger: Logger;
  private readonly roundRobin: RoundRobinDestination;
  private producer: KafkaProducer | null = null;
  private connected = false;
  private closed = false;
  /** Messages not handed to librdkafka yet, oldest first (from `head`). */
  private waiting: Waiting[] = [];
  private head = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  private queueFullTimer: NodeJS.Timeout | null = null;

  constructor(options: KafkaLinePublisherOptions, factory: KafkaProducerFactory, logger: Logger) {
    this.options = options;
    this.factory = factory;
    this.logger = logger;
    this.roundRobin = new RoundRobinDestination(options.roundRobin);
  }

  start(): void {
    if (this.closed || this.producer) return;
    const o = this.options;
    const producer = this.factory({ global: { ...o.properties.global, 'bootstrap.servers': o.brokers }, topic: o.properties.topic });
    this.producer = producer;
    producer.onFailure((_value, error) => {
      this.counters.lost++;
      this.counters.errors++;
      this.logger.limited(`${o.label}-kafka-delivery`, 'WARN', `${o.label}: Kafka delivery failed: ${error}`, 60_000);
    });
    producer.onError((message) => {
      this.counters.errors++;
      this.logger.limited(`${o.label}-kafka-error`, 'WARN', `${o.label}: Kafka: ${message}`, 60_000);
    });
    producer.connect().then(
      () => {
        if (this.closed) return;
        this.connected = true;
        this.handOver();
      },
      (err: Error) => {
        this.counters.errors++;
        this.logger.warn(`${o.label}: cannot connect to Kafka (${o.brokers}): ${err.message}; retrying in ${o.retrySeconds}s`);
        this.loseWaiting();
        this.producer = null;
        producer.close(0).catch(() => undefined);
        if (this.closed) return;
        this.retryTimer = setTimeout(() => {
          this.retryTimer = null;
          this.start();
        }, o.retrySeconds * 1000);
        this.retryTimer.unref();
      },
    );
  }

  publish(destination: string, message: string | Buffer, key?: string | null): void {
    if (!this.producer) {
      this.counters.lost++;
      return;
    }
    const m = { topic: this.roundRobin.of(destination), value: typeof message === 'string' ? Buffer.from(message) : message, key: key === undefined ? this.options.key : key };
    // Order is kept: nothing goes past messages already waiting.
    if (this.connected && this.waitingCount === 0 && this.produce(m) !== 'queue-full') return;
    if (this.waitingCount >= WAITING_LIMIT) {
      this.counters.lost++;
      this.logger.limited(`${this.options.label}-kafka-full`, 'WARN', `${this.options.label}: ${WAITING_LIMIT} messages wait for the Kafka client already: messages lost`, 60_000);
      return;
    }
    this.waiting.push(m);
    if (this.connected) this.retryWhenRoom();
  }

  private get waitingCount(): number {
    return this.waiting.length - this.head;
  }

  /** Hands librdkafka the waiting messages, oldest first, until its queue is full. */
  private handOver(): void {
    while (this.connected && this.head < this.waiting.length) {
      if (this.produce(this.waiting[this.head]!) === 'queue-full') {
        this.retryWhenRoom();
        return;
      }
      this.head++;
    }
    if (this.head === this.waiting.length) {
      this.waiting = [];
      this.head = 0;
    } else if (this.head > 65_536) {
      this.waiting = this.waiting.slice(this.head);
      this.head = 0;
    }
  }

  private retryWhenRoom(): void {
    if (this.queueFullTimer || this.closed) return;
    this.queueFullTimer = setTimeout(() => {
      this.queueFullTimer = null;
      this.handOver();
    }, QUEUE_FULL_RETRY_MS);
  }

  private loseWaiting(): void {
    this.counters.lost += this.waitingCount;
    this.waiting = [];
    this.head = 0;
  }

  /** Gives one message to librdkafka: 'queued', 'queue-full' (try again later), or 'failed' (lost). */
  private produce(m: Waiting): ProduceOutcome | 'failed' {
    try {
      const outcome = this.producer!.produce(m.topic, this.options.partition, m.value, m.key);
      if (outcome === 'queued') this.counters.published++;
      return outcome;
    } catch (err) {
      this.counters.lost++;
      this.counters.errors++;
      this.logger.limited(`${this.options.label}-kafka-produce`, 'WARN', `${this.options.label}: Kafka produce failed: ${(err as Error).message}`, 60_000);
      return 'failed';
    }
  }

  async drain(): Promise<void> {
    while (this.producer && !this.closed && this.waitingCount > DRAINED) await new Promise((resolve) => setTimeout(resolve, QUEUE_FULL_RETRY_MS));
  }

  async flush(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    // Waiting messages are not with the broker yet.
    while (this.producer && this.waitingCount > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    if (!this.connected || !this.producer) return this.waitingCount === 0;
    return this.waitingCount === 0 && (await this.producer.flush(Math.max(0, deadline - Date.now())));
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.queueFullTimer) clearTimeout(this.queueFullTimer);
    this.retryTimer = null;
    this.queueFullTimer = null;
    const producer = this.producer;
    this.producer = null;
    this.loseWaiting();
    if (producer) await producer.close(CLOSE_TIMEOUT_MS);
  }
}
