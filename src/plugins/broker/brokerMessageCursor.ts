/**
 * The messages of one flush of a message-broker plugin (amqp, kafka), in
 * the order pmacct 1.7.7 sends them: purge_init (with markers), then one
 * message per aggregate — or, with <prefix>_multi_values, newline-terminated
 * objects packed into messages of fewer than that many bytes — then
 * purge_close (with markers).
 *
 * A pull cursor rather than an array: a writer can wait between messages
 * (a full client queue, yielding to collection) without holding a whole
 * flush of message strings, and reads each message's settings (routing key,
 * topic, partition key) from `row`, the aggregate pmacct resolves them from:
 * the aggregate just encoded, for a multi-values message the one that no
 * longer fitted (or the last), the last one for purge_close, none (entry -1)
 * for purge_init.
 *
 * The sequence is the same every time a batch is walked (only
 * purge_close's duration can differ), so `index` names a message across
 * retries of the same batch.
 */
import type { FlushBatch } from '../../core/aggregatingConsumer.ts';
import type { Logger } from '../../core/logger.ts';
import type { TimestampStyle } from '../../model/timestampText.ts';
import { serializerContext, type AggregateRow, type SerializerContext } from '../../output/aggregateSerializer.ts';
import type { BrokerMessageEncoding } from './brokerJsonEncoding.ts';

export type BrokerMessageKind = 'purge_init' | 'purge' | 'purge_close';

export interface BrokerCursorOptions {
  /** The plugin's name and type, for log lines ("x/kafka"). */
  label: string;
  markers: boolean;
  /** <prefix>_multi_values: bytes per message, 0 for one aggregate per message. */
  multiValues: number;
  history: boolean;
  timestamps: TimestampStyle;
}

/** What the kafka and amqp writers both take from their <prefix>_* keys to shape messages. */
export interface BrokerWriterOptions {
  /** <prefix>_multi_values: bytes per message (0: one aggregate per message). */
  multiValues: number;
  markers: boolean;
  labelAsMap: boolean;
  /** <prefix>_num_protos: protocols as numbers. */
  numProtos?: boolean;
  history: boolean;
  timestamps: TimestampStyle;
}

/** Where the cursor is in the flush. */
const Phase = { Init: 0, Entries: 1, LastPack: 2, Close: 3, Done: 4 } as const;
type Phase = (typeof Phase)[keyof typeof Phase];

export class BrokerMessageCursor {
  /** The current message (valid after next() returned true). */
  kind: BrokerMessageKind = 'purge';
  body = '';
  /** Index of the aggregate whose values apply to this message, -1 for none. */
  entry = -1;
  /** Position of this message in the flush: 0, 1, … */
  index = -1;
  /** The aggregate `entry` (unchanged while entry is -1). */
  readonly row: AggregateRow = { keys: new Uint32Array(0), off: 0, packets: 0, bytes: 0, flows: 0, isEvent: false, binStart: 0 };

  private readonly encoding: BrokerMessageEncoding;
  private readonly options: BrokerCursorOptions;
  private readonly logger: Logger;
  private batch: FlushBatch | null = null;
  private ctx: SerializerContext | null = null;
  private phase: Phase = Phase.Done;
  private nextEntry = 0;
  private startedMs = 0;
  private pack = '';
  private packBytes = 0;

  constructor(encoding: BrokerMessageEncoding, options: BrokerCursorOptions, logger: Logger) {
    this.encoding = encoding;
    this.options = options;
    this.logger = logger;
  }

  /** Rewinds to the first message of `batch`; `startedMs` is when the purge began (purge_close's duration). */
  start(batch: FlushBatch, startedMs: number): void {
    this.batch = batch;
    this.ctx = serializerContext(batch, this.options.timestamps, this.options.history);
    this.phase = Phase.Init;
    this.nextEntry = 0;
    this.startedMs = startedMs;
    this.pack = '';
    this.packBytes = 0;
    this.index = -1;
    this.entry = -1;
  }

  /** Moves to the next message; false when the flush has no more. */
  next(): boolean {
    const batch = this.batch;
    if (batch === null) return false;
    const size = batch.cache.size;
    const mv = this.options.multiValues;
    for (;;) {
      switch (this.phase) {
        case Phase.Init:
          this.phase = Phase.Entries;
          if (this.options.markers) return this.set('purge_init', this.encoding.purgeInit(), -1);
          break;
        case Phase.Entries: {
          if (this.nextEntry >= size) {
            this.phase = Phase.LastPack;
            break;
          }
          const i = this.nextEntry++;
          const row = this.row;
          batch.cache.readEntry(i, row);
          row.binStart = batch.binWord >= 0 ? row.keys[row.off + batch.binWord]! : 0;
          const json = this.encoding.entry(row, this.ctx!);
          if (mv <= 0) return this.set('purge', json, i);
          // pmacct: an object and its newline must fit in what remains of the pack, else the pack goes first.
          const length = Buffer.byteLength(json) + 1;
          if (length >= mv - this.packBytes) {
            // pmacct exits when one object alone does not fit; tsacct sends it alone.
            if (length >= mv) {
              this.logger.limited(
                `${this.options.label}-multi-values`,
                'WARN',
                `${this.options.label}: a JSON object of ${length} bytes does not fit multi_values (${mv}): sent in a message of its own (pmacct exits here)`,
                60_000,
              );
            }
            if (this.pack !== '') {
              const full = this.pack;
              this.pack = `${json}\n`;
              this.packBytes = length;
              return this.set('purge', full, i);
            }
          }
          this.pack += `${json}\n`;
          this.packBytes += length;
          break;
        }
        case Phase.LastPack:
          this.phase = Phase.Close;
          if (mv > 0 && this.pack !== '') {
            const last = this.pack;
            this.pack = '';
            this.packBytes = 0;
            return this.set('purge', last, size - 1);
          }
          break;
        case Phase.Close:
          this.phase = Phase.Done;
          if (this.options.markers) {
            const duration = Math.floor(Date.now() / 1000) - Math.floor(this.startedMs / 1000);
            return this.set('purge_close', this.encoding.purgeClose(size, batch.totalEntries ?? size, duration), size - 1);
          }
          break;
        case Phase.Done:
          return false;
      }
    }
  }

  private set(kind: BrokerMessageKind, body: string, entry: number): true {
    this.kind = kind;
    this.body = body;
    this.entry = entry;
    this.index++;
    return true;
  }
}
