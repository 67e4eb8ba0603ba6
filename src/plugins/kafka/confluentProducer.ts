/**
 * The Kafka producer over @confluentinc/kafka-javascript, which wraps
 * librdkafka as pmacct's own Kafka plugin does (so librdkafka's properties
 * from kafka_config_file mean the same). Its native part is built by
 * scripts/buildNative.ts (docs/adr/0005-kafka-client-build.md); it is
 * loaded only when a kafka plugin is configured, and a missing or unloadable
 * build is a startup error saying how to build it, never a crash of the
 * rest of tsacct.
 *
 * librdkafka's events are polled every few milliseconds (an unref'd timer).
 * Only failed messages are reported, with their value (see the
 * constructor); flush() tells when every message is done.
 */
import { createRequire } from 'node:module';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { FailureListener, KafkaClientProperties, KafkaProducer, ProduceOutcome } from './kafkaProducer.ts';

/**
 * The part of the package this file uses, declared here rather than
 * imported from its typings: the package is an optional dependency, and
 * tsacct type-checks without it.
 */
interface LibrdKafkaError {
  message: string;
  code: number;
}

interface DeliveryReport {
  topic: string;
  partition: number;
  /** The message's value (reports made with dr_msg_cb). */
  value?: Buffer | null;
}

type Properties = Record<string, string | boolean>;

interface Producer {
  on(event: 'delivery-report', listener: (err: LibrdKafkaError | null, report: DeliveryReport) => void): this;
  on(event: 'event.error', listener: (err: LibrdKafkaError) => void): this;
  connect(options: { timeout: number }, callback: (err: LibrdKafkaError | null) => void): this;
  setPollInterval(intervalMs: number): this;
  produce(topic: string, partition: number, message: Buffer, key: string | null): unknown;
  isConnected(): boolean;
  flush(timeoutMs: number, callback: (err: LibrdKafkaError | null) => void): this;
  disconnect(callback: () => void): this;
}

interface ConfluentModule {
  Producer: new (conf: Properties, topicConf?: Properties) => Producer;
  librdkafkaVersion: string;
}

const PACKAGE = '@confluentinc/kafka-javascript';
/** librdkafka's RD_KAFKA_RESP_ERR__QUEUE_FULL. */
const ERR_QUEUE_FULL = -184;
const CONNECT_TIMEOUT_MS = 10_000;
/**
 * How often librdkafka's events (delivery reports) are served on the event
 * loop. Not setPollInBackground: with it, this build handed over the first
 * report and then held the others until a flush.
 */
const POLL_INTERVAL_MS = 10;
/** Loop iterations without a new report after a flush before the reports count as all received. */
const QUIET_ITERATIONS = 2;

/** How to get a working client, for the startup error. */
export const KAFKA_CLIENT_BUILD_HINT =
  `build it with \`node scripts/buildNative.ts\` (needs the apt packages g++ make python3 libssl-dev zlib1g-dev libzstd-dev ` +
  `liblz4-dev libsasl2-dev libcurl4-openssl-dev; see docs/adr/0005-kafka-client-build.md)`;

let loaded: ConfluentModule | Error | null = null;

/** The client package, loaded once; throws with a build hint when it is not installed or its native part does not load. */
export function loadConfluentClient(): ConfluentModule {
  if (loaded === null) {
    try {
      const required: unknown = createRequire(import.meta.url)(PACKAGE);
      loaded = required as ConfluentModule;
    } catch (err) {
      const first = err instanceof Error ? err.message.split('\n')[0]! : String(err);
      const reason = /Could not locate the bindings file/.test(first) ? 'its native part is not built' : first;
      loaded = new Error(`the Kafka client (${PACKAGE}) cannot be loaded: ${reason}; ${KAFKA_CLIENT_BUILD_HINT}`);
    }
  }
  if (loaded instanceof Error) throw loaded;
  return loaded;
}

/** Checks librdkafka properties the way librdkafka does, without connecting: throws on the first it refuses. */
export function checkConfluentProperties(properties: KafkaClientProperties): void {
  const { Producer } = loadConfluentClient();
  new Producer(properties.global, properties.topic);
}

/** Whether librdkafka takes `key` as a topic property (message.timeout.ms, partitioner, compression.codec…). */
export function isConfluentTopicProperty(key: string, value: string): boolean {
  try {
    checkConfluentProperties({ global: {}, topic: { [key]: value } });
    return true;
  } catch {
    return false;
  }
}

export function createConfluentProducer(properties: KafkaClientProperties): KafkaProducer {
  return new ConfluentProducer(loadConfluentClient(), properties);
}

class ConfluentProducer implements KafkaProducer {
  private readonly producer: Producer;
  private failureListener: FailureListener = () => undefined;
  private errorListener: (message: string) => void = () => undefined;
  /** Reports received so far (flush() waits until they stop coming). */
  private reports = 0;

  constructor(client: ConfluentModule, properties: KafkaClientProperties) {
    // Reports for failed messages only, with their value: a report per
    // delivered message would cost more than producing it (measured: 300k
    // against 700k messages/s); flush() says when all are done.
    const global = { ...properties.global, dr_cb: true, dr_msg_cb: true, 'delivery.report.only.error': 'true' };
    this.producer = new client.Producer(global, properties.topic);
    this.producer.on('delivery-report', (err, report) => {
      this.reports++;
      if (err) this.failureListener(report.value ?? Buffer.alloc(0), err.message || `error ${err.code}`);
    });
    this.producer.on('event.error', (err) => this.errorListener(err.message || `error ${err.code}`));
  }

  connect(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.producer.connect({ timeout: CONNECT_TIMEOUT_MS }, (err) => {
        if (err) {
          reject(new Error(err.message || `error ${err.code}`));
          return;
        }
        this.producer.setPollInterval(POLL_INTERVAL_MS);
        resolve();
      });
    });
  }

  produce(topic: string, partition: number, value: Buffer, key: string | null): ProduceOutcome {
    try {
      this.producer.produce(topic, partition, value, key);
    } catch (err) {
      if ((err as LibrdKafkaError).code === ERR_QUEUE_FULL) return 'queue-full';
      throw err;
    }
    return 'queued';
  }

  onFailure(listener: FailureListener): void {
    this.failureListener = listener;
  }

  onError(listener: (message: string) => void): void {
    this.errorListener = listener;
  }

  async flush(timeoutMs: number): Promise<boolean> {
    const done = await new Promise<boolean>((resolve) => this.producer.flush(timeoutMs, (err) => resolve(!err)));
    if (!done) return false;
    // librdkafka has handed every report to the client, which queues them
    // and passes at most 100 to the event loop per loop iteration: wait
    // until an iteration (one setImmediate later) brings no more.
    for (let quiet = 0; quiet < QUIET_ITERATIONS; ) {
      const before = this.reports;
      await yieldToEventLoop();
      quiet = this.reports === before ? quiet + 1 : 0;
    }
    return true;
  }

  close(timeoutMs: number): Promise<void> {
    const producer = this.producer;
    if (!producer.isConnected()) return Promise.resolve();
    return new Promise<void>((resolve) => {
      producer.flush(timeoutMs, () => producer.disconnect(() => resolve()));
    });
  }
}
