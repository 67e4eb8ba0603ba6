/**
 * Where the BGP message log goes: files (bgp_daemon_msglog_file,
 * msglogWriter.ts) or a broker (bgp_daemon_msglog_kafka_topic /
 * _amqp_routing_key, brokerMsglog.ts) — one of them, as in pmacct 1.7.7,
 * which refuses more than one.
 *
 * The collector opens a target per peer (a file, a topic or a routing key,
 * named from the peer: peers whose names resolve alike share it), appends
 * the peer's lines to it while a batch of input is processed, flushes at
 * the end of the batch, and releases the target when the peer is gone.
 */
import type { PeerIdentity } from './bgpJsonLines.ts';
import type { BgpMessage } from './bgpOutputFormat.ts';

/** A peer's log destination. */
export interface MsglogTarget {
  /** The file path, topic or routing key, as resolved for the peer. */
  readonly name: string;
}

export interface MsglogSink {
  open(peer: PeerIdentity): MsglogTarget;
  /** Queues one message in its file form (a JSON line "{...}\n", an avro_json line, a binary record) for the target. */
  append(target: MsglogTarget, message: BgpMessage): void;
  /** Writes (or publishes) every queued line. */
  flush(): void;
  release(target: MsglogTarget): void;
  /** SIGHUP: reopen files; nothing for brokers. */
  reopen(): void;
  /** Waits for what was written to be out (brokers), then lets go of connections. */
  close(): Promise<void>;
  /** One line for the daemon's statistics (SIGUSR1). */
  statisticsLine(): string;
}
