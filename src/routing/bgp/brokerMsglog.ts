/**
 * The BGP message log to a broker (bgp_daemon_msglog_kafka_topic or
 * bgp_daemon_msglog_amqp_routing_key): each line a message, to the topic
 * or routing key the pattern names for the peer ($peer_src_ip,
 * $peer_tcp_port), rotated over "<name>_0" … with *_rr, keyed (Kafka) by
 * *_partition_key with the same variables. As pmbgpd 1.7.7
 * publishes them, a message is the file's JSON object without the newline
 * and with "writer_id": "<core_proc_name>/<pid>" last. With avro or
 * avro_json output the record is the message (bgpAvroFormat.ts).
 */
import type { LinePublisher } from '../../output/linePublisher.ts';
import { peerFileName } from './bgpFileName.ts';
import type { PeerIdentity } from './bgpJsonLines.ts';
import { JSON_BGP_FORMAT, type BgpMessage, type BgpOutputFormat } from './bgpOutputFormat.ts';
import type { MsglogSink, MsglogTarget } from './msglogSink.ts';

/** How long a shutdown waits for the broker to take the last messages. */
const CLOSE_FLUSH_MS = 5000;

export { withWriterId } from './bgpOutputFormat.ts';

/** "<core_proc_name>/<pid>", pmacct's writer_id. */
export function writerIdOf(procName: string, pid = process.pid): string {
  return `${procName}/${pid}`;
}

/** A peer's topic or routing key, and its Kafka message key. */
interface BrokerTarget extends MsglogTarget {
  readonly key: string | null;
}

export class BrokerMsglog implements MsglogSink {
  private readonly pattern: string;
  private readonly keyPattern: string | null;
  private readonly publisher: LinePublisher;
  private readonly writerId: string;
  private readonly kind: 'Kafka' | 'AMQP';
  /** What the collector encodes this log's messages with (the broker may need its own: the schema registry's framing). */
  readonly format: BgpOutputFormat;

  /**
   * `keyPattern`: *_kafka_partition_key, with the peer variables (null: no
   * key); `kind` names the broker for the statistics ("Kafka", "AMQP");
   * `format` (bgp_daemon_msglog_output) frames each message for it.
   */
  constructor(pattern: string, keyPattern: string | null, publisher: LinePublisher, writerId: string, kind: 'Kafka' | 'AMQP', format: BgpOutputFormat = JSON_BGP_FORMAT) {
    this.pattern = pattern;
    this.keyPattern = keyPattern;
    this.publisher = publisher;
    this.writerId = writerId;
    this.kind = kind;
    this.format = format;
    publisher.start();
  }

  open(peer: PeerIdentity): BrokerTarget {
    return { name: peerFileName(this.pattern, peer), key: this.keyPattern === null ? null : peerFileName(this.keyPattern, peer) };
  }

  append(target: BrokerTarget, message: BgpMessage): void {
    this.publisher.publish(target.name, this.format.brokerMessage(message, this.writerId, this.kind), target.key);
  }

  flush(): void {
    // Messages are handed to the client as they come; it sends them on its own.
  }

  release(): void {}

  reopen(): void {}

  async close(): Promise<void> {
    await this.publisher.flush(CLOSE_FLUSH_MS);
    await this.publisher.close();
  }

  statisticsLine(): string {
    const c = this.publisher.counters;
    return `BGP msglog (${this.kind}): messages ${c.published}, lost ${c.lost}, errors ${c.errors}`;
  }
}
