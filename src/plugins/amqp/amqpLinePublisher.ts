/**
 * Lines to an AMQP exchange, one message each: for the BGP message log and
 * table dump (bgp_daemon_msglog_amqp_*, bgp_table_dump_amqp_*), published
 * as pmacct does there — content type application/json, delivery mode 2
 * only with *_persistent_msg, the exchange declared (durable with
 * persistent messages) on connecting.
 *
 * Publishing does not wait for the broker (pmacct publishes without
 * confirms too); when the connection's write buffer is full, amqplib keeps
 * the messages and drain() waits for it to empty. Messages published
 * before the first connection are kept
 * (up to PENDING_LIMIT); when the connection fails or drops, what is
 * published meanwhile is lost and counted, and the publisher connects
 * again after `retrySeconds` (pmacct's *_amqp_retry).
 */
import type { Channel, ChannelModel } from 'amqplib';
import type { Logger } from '../../core/logger.ts';
import { RoundRobinDestination, type LinePublisher, type LinePublisherCounters } from '../../output/linePublisher.ts';
import { connectToBroker, declareExchange, type AmqpBrokerOptions } from './amqpBroker.ts';
import { resultWithin, waitForDrain } from './channelWaits.ts';

export interface AmqpLinePublisherOptions extends AmqpBrokerOptions {
  /** For log lines: "bgp msglog", "bgp table dump". */
  label: string;
  /** *_amqp_routing_key_rr (0: off). */
  roundRobin: number;
  retrySeconds: number;
}

const PENDING_LIMIT = 100_000;

interface Pending {
  routingKey: string;
  body: Buffer;
}

export class AmqpLinePublisher implements LinePublisher {
  readonly counters: LinePublisherCounters = { published: 0, lost: 0, errors: 0 };
  private readonly options: AmqpLinePublisherOptions;
  private readonly logger: Logger;
  private readonly roundRobin: RoundRobinDestination;
  private readonly properties: { contentType: string; deliveryMode?: number };
  private connection: ChannelModel | null = null;
  private channel: Channel | null = null;
  /** True from start() until the first connection attempt ends. */
  private connecting = false;
  private closed = false;
  private pending: Pending[] = [];
  private retryTimer: NodeJS.Timeout | null = null;
  /** The channel's write buffer was full at the last publish. */
  private full = false;

  constructor(options: AmqpLinePublisherOptions, logger: Logger) {
    this.options = options;
    this.logger = logger;
    this.roundRobin = new RoundRobinDestination(options.roundRobin);
    this.properties = options.persistent ? { contentType: 'application/json', deliveryMode: 2 } : { contentType: 'application/json' };
  }

  start(): void {
    if (this.closed || this.connecting || this.channel) return;
    this.connecting = true;
    this.open().then(
      () => {
        this.connecting = false;
        const queued = this.pending;
        this.pending = [];
        for (const m of queued) this.send(m.routingKey, m.body);
      },
      (err: Error) => {
        this.connecting = false;
        this.counters.errors++;
        this.counters.lost += this.pending.length;
        this.pending = [];
        this.logger.warn(`${this.options.label}: cannot connect to the AMQP broker (${this.options.host}): ${err.message}; retrying in ${this.options.retrySeconds}s`);
        this.scheduleRetry();
      },
    );
  }

  private async open(): Promise<void> {
    const o = this.options;
    const connection = await connectToBroker(o);
    if (this.closed) {
      await connection.close().catch(() => undefined);
      return;
    }
    connection.on('error', (err: Error) => {
      this.counters.errors++;
      this.logger.limited(`${o.label}-amqp-error`, 'WARN', `${o.label}: AMQP connection error: ${err.message}`, 60_000);
    });
    connection.on('close', () => {
      if (this.connection !== connection) return;
      this.connection = null;
      this.channel = null;
      if (!this.closed) {
        this.logger.warn(`${o.label}: the AMQP connection closed; reconnecting in ${o.retrySeconds}s`);
        this.scheduleRetry();
      }
    });
    this.connection = connection;
    const channel = await connection.createChannel();
    channel.on('error', (err: Error) => {
      this.counters.errors++;
      this.logger.limited(`${o.label}-amqp-channel`, 'WARN', `${o.label}: AMQP channel error: ${err.message}`, 60_000);
    });
    await declareExchange(channel, o);
    this.channel = channel;
  }

  private scheduleRetry(): void {
    if (this.closed || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.start();
    }, this.options.retrySeconds * 1000);
    this.retryTimer.unref();
  }

  publish(destination: string, message: string | Buffer): void {
    const routingKey = this.roundRobin.of(destination);
    const body = typeof message === 'string' ? Buffer.from(message) : message;
    if (this.channel) this.send(routingKey, body);
    else if (this.connecting && this.pending.length < PENDING_LIMIT) this.pending.push({ routingKey, body });
    else this.counters.lost++;
  }

  private send(routingKey: string, body: Buffer): void {
    const channel = this.channel;
    if (!channel) {
      this.counters.lost++;
      return;
    }
    try {
      this.full = !channel.publish(this.options.exchange, routingKey, body, this.properties);
      this.counters.published++;
    } catch (err) {
      this.counters.lost++;
      this.counters.errors++;
      this.logger.limited(`${this.options.label}-amqp-publish`, 'WARN', `${this.options.label}: AMQP publish failed: ${(err as Error).message}`, 60_000);
    }
  }

  async drain(): Promise<void> {
    const channel = this.channel;
    if (!this.full || !channel) return;
    await waitForDrain(channel);
    this.full = false;
  }

  async flush(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.connecting && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    const channel = this.channel;
    if (!channel) return this.pending.length === 0;
    // amqplib writes to the socket as it can; a channel-level round trip
    // (checkExchange) returns once the broker has read everything before it.
    try {
      return await resultWithin(channel.checkExchange(this.options.exchange).then(() => true), Math.max(0, deadline - Date.now()), false);
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.counters.lost += this.pending.length;
    this.pending = [];
    const connection = this.connection;
    this.connection = null;
    this.channel = null;
    if (connection) await connection.close().catch(() => undefined);
  }
}
