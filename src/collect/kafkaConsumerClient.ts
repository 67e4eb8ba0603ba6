/**
 * The Kafka consumer a collector reads exported datagrams from
 * (nfacctd_kafka_* / sfacctd_kafka_*), over @confluentinc/kafka-javascript:
 * librdkafka, as pmacct's own Kafka input, so librdkafka properties from
 * <daemon>_kafka_config_file mean the same. Like the kafka plugin's producer
 * (src/plugins/kafka/confluentProducer.ts, docs/adr/0005-kafka-client-build.md)
 * the package is loaded only when Kafka input is configured, and a missing
 * native build is a startup error that says how to build it.
 *
 * Only what a single-partition reader needs: connect, learn the partition's
 * end, read from an offset, take messages in batches, disconnect.
 */
import { createRequire } from 'node:module';

/** librdkafka properties: "global" ones for the client, "topic" ones for the topic it reads. */
export interface KafkaConsumerProperties {
  global: Record<string, string>;
  topic: Record<string, string>;
}

/** One message as the client hands it over. */
export interface ConsumedKafkaMessage {
  value: Buffer | null;
  offset: number;
  partition: number;
}

export interface KafkaPartitionReader {
  connect(): Promise<void>;
  /** The offset the next message produced to `partition` will get (the high watermark). */
  endOffset(topic: string, partition: number): Promise<number>;
  /** Reads `partition` of `topic` from `offset` on (no consumer-group assignment, nothing committed). */
  assign(topic: string, partition: number, offset: number): void;
  /**
   * Up to `max` messages: waits up to the consume timeout for the first one,
   * then takes only what is already fetched. Resolves [] on a timeout.
   */
  next(max: number): Promise<ConsumedKafkaMessage[]>;
  /** Client errors (broker down, authentication…); librdkafka retries on its own. */
  onError(listener: (message: string) => void): void;
  disconnect(): Promise<void>;
}

interface LibrdKafkaError {
  message: string;
  code: number;
}

type Properties = Record<string, string | boolean>;

interface Consumer {
  connect(options: { timeout: number }, callback: (err: LibrdKafkaError | null) => void): this;
  on(event: 'event.error', listener: (err: LibrdKafkaError) => void): this;
  queryWatermarkOffsets(topic: string, partition: number, timeoutMs: number, callback: (err: LibrdKafkaError | null, offsets: { highOffset: number; lowOffset: number }) => void): void;
  assign(assignments: { topic: string; partition: number; offset: number }[]): this;
  setDefaultConsumeTimeout(timeoutMs: number): void;
  setDefaultIsTimeoutOnlyForFirstMessage(only: boolean): void;
  consume(max: number, callback: (err: LibrdKafkaError | null, messages: ConsumedKafkaMessage[]) => void): void;
  isConnected(): boolean;
  disconnect(callback: () => void): this;
}

interface ConfluentConsumerModule {
  KafkaConsumer: new (conf: Properties, topicConf?: Properties) => Consumer;
}

const PACKAGE = '@confluentinc/kafka-javascript';
const CONNECT_TIMEOUT_MS = 10_000;
const WATERMARK_TIMEOUT_MS = 10_000;
/** How long one read waits for a first message: also how soon a stop is noticed. */
const CONSUME_TIMEOUT_MS = 500;

let loaded: ConfluentConsumerModule | Error | null = null;

function loadClient(): ConfluentConsumerModule {
  if (loaded === null) {
    try {
      loaded = createRequire(import.meta.url)(PACKAGE) as ConfluentConsumerModule;
    } catch (err) {
      const first = err instanceof Error ? err.message.split('\n')[0]! : String(err);
      const reason = /Could not locate the bindings file/.test(first) ? 'its native part is not built' : first;
      loaded = new Error(
        `the Kafka client (${PACKAGE}) cannot be loaded: ${reason}; build it with \`node scripts/buildNative.ts\` (see docs/adr/0005-kafka-client-build.md)`,
      );
    }
  }
  if (loaded instanceof Error) throw loaded;
  return loaded;
}

/** A reader over librdkafka; throws (with a build hint) when the client cannot be loaded, or on a property librdkafka refuses. */
export function createKafkaPartitionReader(properties: KafkaConsumerProperties): KafkaPartitionReader {
  return new ConfluentPartitionReader(loadClient(), properties);
}

class ConfluentPartitionReader implements KafkaPartitionReader {
  private readonly consumer: Consumer;

  constructor(client: ConfluentConsumerModule, properties: KafkaConsumerProperties) {
    // The client insists on a group.id even for assign(); nothing is
    // committed (pmacct reads without a group), so it only names the client.
    const global: Properties = { 'group.id': 'tsacct', ...properties.global, 'enable.auto.commit': 'false' };
    this.consumer = new client.KafkaConsumer(global, properties.topic);
  }

  connect(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.consumer.connect({ timeout: CONNECT_TIMEOUT_MS }, (err) => {
        if (err) {
          reject(new Error(err.message || `error ${err.code}`));
          return;
        }
        this.consumer.setDefaultConsumeTimeout(CONSUME_TIMEOUT_MS);
        this.consumer.setDefaultIsTimeoutOnlyForFirstMessage(true);
        resolve();
      });
    });
  }

  endOffset(topic: string, partition: number): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      this.consumer.queryWatermarkOffsets(topic, partition, WATERMARK_TIMEOUT_MS, (err, offsets) => {
        if (err) reject(new Error(`${topic} partition ${partition}: ${err.message || `error ${err.code}`}`));
        else resolve(offsets.highOffset);
      });
    });
  }

  assign(topic: string, partition: number, offset: number): void {
    this.consumer.assign([{ topic, partition, offset }]);
  }

  next(max: number): Promise<ConsumedKafkaMessage[]> {
    return new Promise<ConsumedKafkaMessage[]>((resolve, reject) => {
      this.consumer.consume(max, (err, messages) => {
        if (err) reject(new Error(err.message || `error ${err.code}`));
        else resolve(messages);
      });
    });
  }

  onError(listener: (message: string) => void): void {
    this.consumer.on('event.error', (err) => listener(err.message || `error ${err.code}`));
  }

  disconnect(): Promise<void> {
    const consumer = this.consumer;
    if (!consumer.isConnected()) return Promise.resolve();
    return new Promise<void>((resolve) => consumer.disconnect(() => resolve()));
  }
}
