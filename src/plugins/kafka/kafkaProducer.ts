/**
 * What the Kafka plugin needs from a Kafka client, so the rest of tsacct
 * does not depend on one: queue messages, learn which were not delivered and
 * when all are done, and close.
 * The implementation over librdkafka is confluentProducer.ts; tests can put
 * any other behind this.
 */

/** librdkafka's RD_KAFKA_PARTITION_UA: the topic's partitioner chooses. */
export const UNASSIGNED_PARTITION = -1;

/** The outcome of queueing one message. */
export type ProduceOutcome = 'queued' | 'queue-full';

/** A message the client could not deliver: its value as produced, and why. */
export type FailureListener = (value: Buffer, error: string) => void;

export interface KafkaProducer {
  /** Connects (fetches the cluster's metadata); rejects when no broker answers in time. */
  connect(): Promise<void>;
  /**
   * Queues one message for delivery (the client copies `value`); a full
   * client queue queues nothing and says so.
   */
  produce(topic: string, partition: number, value: Buffer, key: string | null): ProduceOutcome;
  /**
   * Sets the one listener for messages that were not delivered; messages
   * that were are not reported one by one (that costs as much as producing
   * them), flush() says when they all are.
   */
  onFailure(listener: FailureListener): void;
  /** Sets the listener for client errors (broker down, authentication…), which librdkafka also retries on its own. */
  onError(listener: (message: string) => void): void;
  /**
   * Resolves true once every message queued so far is delivered or reported
   * to the failure listener, false if that takes longer than `timeoutMs`.
   */
  flush(timeoutMs: number): Promise<boolean>;
  /** Waits up to `timeoutMs` for the queued messages, then disconnects. */
  close(timeoutMs: number): Promise<void>;
}

/** librdkafka properties: "global" ones for the client, "topic" ones for every topic it produces to. */
export interface KafkaClientProperties {
  global: Record<string, string>;
  topic: Record<string, string>;
}

/** Makes a producer from librdkafka properties (and checks them: an invalid property throws). */
export type KafkaProducerFactory = (properties: KafkaClientProperties) => KafkaProducer;
