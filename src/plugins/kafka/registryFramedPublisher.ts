/**
 * Kafka messages in the Confluent wire format for a producer that cannot
 * wait: the BGP message log and table dump with
 * bgp_daemon_msglog_kafka_avro_schema_registry /
 * bgp_table_dump_kafka_avro_schema_registry. It registers the output's
 * schemas (one per record kind) when it starts, frames each Avro record
 * with the id of its kind's schema (magic byte 0, the id, the record), and
 * publishes through the Kafka publisher it wraps.
 *
 * pmacct 1.7.7 registers before its first message and exits when the
 * registry refuses or cannot be reached. Here a failed registration is
 * counted (as an error), logged and tried again every `retrySeconds`;
 * meanwhile the messages wait, in order, their header left blank, up to
 * `holdLimit`, and go out framed once the ids are known. Beyond the limit,
 * and those still waiting at shutdown, are lost and counted, as the Kafka
 * publisher counts what it cannot hand over: no message ever goes out
 * without its schema id.
 */
import type { Logger } from '../../core/logger.ts';
import { CONFLUENT_HEADER_BYTES, writeConfluentHeader } from '../../output/avro/confluentWireFormat.ts';
import type { LinePublisher, LinePublisherCounters } from '../../output/linePublisher.ts';
import type { SchemaRegistryClient } from '../schemaRegistryClient.ts';

/** One schema to register: the subject it goes under and its text. */
export interface SubjectSchema {
  subject: string;
  schemaText: string;
}

export interface RegistryFramedPublisherOptions<K extends string> {
  /** For log lines: "BGP msglog", "BGP table dump". */
  label: string;
  /** The schema of each record kind. */
  schemas: Record<K, SubjectSchema>;
  /** Seconds between two registration attempts after a failure. */
  retrySeconds: number;
  /** Messages kept while the ids are not known (default 200,000, the Kafka publisher's own bound). */
  holdLimit?: number;
}

const DEFAULT_HOLD_LIMIT = 200_000;
/** How often flush() looks whether the held messages went out. */
const FLUSH_POLL_MS = 20;

interface HeldMessage {
  destination: string;
  message: string | Buffer;
  key: string | null | undefined;
}

export class RegistryFramedPublisher<K extends string> implements LinePublisher {
  /** Failed registration attempts. */
  registrationFailures = 0;
  private readonly inner: LinePublisher;
  private readonly client: Pick<SchemaRegistryClient, 'register'>;
  private readonly options: RegistryFramedPublisherOptions<K>;
  private readonly logger: Logger;
  private readonly holdLimit: number;
  /** The id of each kind's schema, once registered. */
  private ids: Record<K, number> | null = null;
  /** Frames made before the ids were known, with the kind whose id they wait for. */
  private readonly blankFrames = new Map<Buffer, K>();
  private held: HeldMessage[] = [];
  /** Messages lost here: beyond holdLimit, or held at shutdown. */
  private lostHere = 0;
  private started = false;
  private closed = false;
  private retryTimer: NodeJS.Timeout | null = null;

  constructor(inner: LinePublisher, client: Pick<SchemaRegistryClient, 'register'>, options: RegistryFramedPublisherOptions<K>, logger: Logger) {
    this.inner = inner;
    this.client = client;
    this.options = options;
    this.logger = logger;
    this.holdLimit = options.holdLimit ?? DEFAULT_HOLD_LIMIT;
  }

  /** The wrapped publisher's counts, with the messages lost here and the failed registrations added. */
  get counters(): LinePublisherCounters {
    const c = this.inner.counters;
    return { published: c.published, lost: c.lost + this.lostHere, errors: c.errors + this.registrationFailures };
  }

  /** True once every schema has its id. */
  get registered(): boolean {
    return this.ids !== null;
  }

  start(): void {
    this.inner.start();
    if (this.started) return;
    this.started = true;
    void this.register();
  }

  /**
   * `record` (an Avro binary record of `kind`) behind a Confluent header:
   * with its schema id when known, else blank until the registration
   * completes (the message waits in publish() meanwhile).
   */
  frame(kind: K, record: Uint8Array): Buffer {
    const out = Buffer.allocUnsafe(CONFLUENT_HEADER_BYTES + record.length);
    out.set(record, CONFLUENT_HEADER_BYTES);
    if (this.ids !== null) return writeConfluentHeader(out, this.ids[kind]);
    out.fill(0, 0, CONFLUENT_HEADER_BYTES);
    this.blankFrames.set(out, kind);
    return out;
  }

  publish(destination: string, message: string | Buffer, key?: string | null): void {
    if (this.ids !== null && this.held.length === 0) {
      this.inner.publish(destination, message, key);
      return;
    }
    if (this.held.length >= this.holdLimit) {
      this.lose(message);
      this.logger.limited(`${this.options.label}-registry-full`, 'WARN', `${this.options.label}: ${this.holdLimit} messages wait for the schema registry already: messages lost`, 60_000);
      return;
    }
    this.held.push({ destination, message, key });
  }

  drain(): Promise<void> {
    // Held messages are bounded by holdLimit: a producer does not wait for the registry.
    return this.ids !== null ? this.inner.drain() : Promise.resolve();
  }

  async flush(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.held.length > 0 && !this.closed && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, FLUSH_POLL_MS));
    if (this.held.length > 0) return false;
    return this.inner.flush(Math.max(0, deadline - Date.now()));
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    if (this.held.length > 0) {
      this.logger.warn(`${this.options.label}: ${this.held.length} messages lost: the schema registry never gave their schema ids`);
      for (const m of this.held) this.lose(m.message);
      this.held = [];
    }
    await this.inner.close();
  }

  private async register(): Promise<void> {
    const kinds = Object.keys(this.options.schemas) as K[];
    try {
      const ids = await Promise.all(kinds.map((kind) => this.client.register(this.options.schemas[kind].subject, this.options.schemas[kind].schemaText)));
      if (this.closed) return;
      const byKind = {} as Record<K, number>;
      kinds.forEach((kind, i) => (byKind[kind] = ids[i]!));
      this.ids = byKind;
      this.logger.info(`${this.options.label}: schemas registered (${kinds.map((k) => `${this.options.schemas[k].subject} id ${byKind[k]}`).join(', ')})`);
      this.releaseHeld();
    } catch (err) {
      if (this.closed) return;
      this.registrationFailures++;
      this.logger.warn(`${this.options.label}: ${(err as Error).message}; ${this.held.length} messages wait; retrying in ${this.options.retrySeconds}s`);
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null;
        void this.register();
      }, this.options.retrySeconds * 1000);
      this.retryTimer.unref();
    }
  }

  /** Writes the ids into the blank headers and hands the held messages over, in order. */
  private releaseHeld(): void {
    const ids = this.ids!;
    for (const [frame, kind] of this.blankFrames) writeConfluentHeader(frame, ids[kind]);
    this.blankFrames.clear();
    const held = this.held;
    this.held = [];
    for (const m of held) this.inner.publish(m.destination, m.message, m.key);
  }

  private lose(message: string | Buffer): void {
    this.lostHere++;
    if (typeof message !== 'string') this.blankFrames.delete(message);
  }
}
