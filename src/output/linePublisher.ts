/**
 * A message broker as a destination of lines: what the BGP message log and
 * table dump need when they go to Kafka (bgp_*_kafka_topic) or AMQP
 * (bgp_*_amqp_routing_key) instead of files. Each line is one message;
 * `destination` is the topic or routing key it goes to, already resolved
 * for the peer ($peer_src_ip, time variables).
 *
 * Like pmacct, publishing never blocks the caller: a broker that is down
 * loses the messages (counted), and the publisher reconnects on its own.
 * Implementations: plugins/kafka/kafkaLinePublisher.ts and
 * plugins/amqp/amqpLinePublisher.ts.
 */

export interface LinePublisherCounters {
  /** Messages handed to the broker client. */
  published: number;
  /** Messages lost: broker down, client queue full, delivery failed. */
  lost: number;
  /** Connection and delivery errors. */
  errors: number;
}

export interface LinePublisher {
  readonly counters: LinePublisherCounters;
  /** Connects in the background; publish() may be called at once. */
  start(): void;
  /** `message`: text or binary (Avro); `key`: the message key where the broker has one (Kafka); undefined: the publisher's own. */
  publish(destination: string, message: string | Buffer, key?: string | null): void;
  /**
   * Resolves when the client can take more messages without holding many
   * in memory: a producer of many messages (the table dump) awaits it
   * between batches.
   */
  drain(): Promise<void>;
  /** Resolves once what was published so far is with the broker (true) or the wait ran out (false). */
  flush(timeoutMs: number): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * pmacct's *_topic_rr / *_routing_key_rr: with a count n > 0, message k of
 * the publisher goes to "<destination>_<k mod n>" (CONFIG-KEYS,
 * amqp_routing_key_rr); 0 leaves destinations as they are.
 */
export class RoundRobinDestination {
  private readonly count: number;
  private next = 0;

  constructor(count: number) {
    this.count = count;
  }

  of(destination: string): string {
    if (this.count <= 0) return destination;
    const name = `${destination}_${this.next}`;
    this.next = (this.next + 1) % this.count;
    return name;
  }
}
