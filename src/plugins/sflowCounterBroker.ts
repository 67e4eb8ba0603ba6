/**
 * The sFlow counter log (sflowCounterLog.ts) to a message broker:
 * sfacctd_counter_kafka_topic or sfacctd_counter_amqp_routing_key, the
 * agent's name (counterLogName) as the topic or routing key. As sfacctd
 * 1.7.7 publishes them, each line is a message without its newline; the
 * "log_init" line alone gets "writer_id": "<core_proc_name>/<pid>" last
 * (pmacct adds it in its shared log_init code, not to the counter lines).
 * The Kafka key is sfacctd_counter_kafka_partition_key as written, the
 * publisher's own (pmacct expands no variable in it).
 */
import type { LinePublisher } from '../output/linePublisher.ts';
import type { CounterLogDestination, CounterLogTarget } from './sflowCounterLog.ts';

/** How long a shutdown waits for the broker to take the last messages. */
const CLOSE_FLUSH_MS = 5000;

export class CounterBrokerDestination implements CounterLogDestination {
  private readonly publisher: LinePublisher;
  private readonly writerId: string;
  private readonly kind: 'Kafka' | 'AMQP';

  /** `publisher`: started here; `kind` names the broker in the statistics. */
  constructor(publisher: LinePublisher, writerId: string, kind: 'Kafka' | 'AMQP') {
    this.publisher = publisher;
    this.writerId = writerId;
    this.kind = kind;
    publisher.start();
  }

  open(name: string): CounterLogTarget {
    const publisher = this.publisher;
    const writerId = this.writerId;
    return {
      // Lines are `{...}\n`: the writer_id goes inside the braces, escaped as Jansson does.
      logInit: (line) => publisher.publish(name, `${line.slice(0, -2)}, "writer_id": ${JSON.stringify(writerId)}}`),
      log: (line) => publisher.publish(name, line.slice(0, -1)),
    };
  }

  async stop(): Promise<void> {
    await this.publisher.flush(CLOSE_FLUSH_MS);
    await this.publisher.close();
  }

  statisticsLine(agents: number, lines: number): string {
    const c = this.publisher.counters;
    return `sFlow counter log (${this.kind}): ${agents} agents, ${lines} lines, messages ${c.published}, lost ${c.lost}, errors ${c.errors}`;
  }
}
