/**
 * What the pipeline fans records out to: an accounting plugin instance.
 * `accept` is the hot path (called once per flow, synchronously, with a
 * record the caller reuses); flushing is asynchronous and never blocks it.
 */
import type { FlowRecord } from '../model/flowRecord.ts';

export type FlushReason = 'refresh' | 'cache-full' | 'shutdown';

export interface PluginStatistics {
  name: string;
  type: string;
  recordsIn: number;
  cacheEntries: number;
  flushes: number;
  lastFlushMs: number;
  writeErrors: number;
  /** Records this plugin could not account and had to drop (never silent: logged too). */
  dropped: number;
  /** Entries a plugin's checks (sql_preprocess) left out of its writes: counted, logged per purge, not written. */
  filteredEntries?: number;
  /** Entries of flushes the backend refused, waiting for a retry (spooled ones included). */
  pendingEntries?: number;
  /** Of those, the entries waiting in spool files. */
  spooledEntries?: number;
}

export interface FlowConsumer {
  readonly name: string;
  readonly type: string;
  accept(rec: FlowRecord): void;
  /** Starts timers (refresh). */
  start(): void;
  /** Final flush; resolves when everything accepted so far is written. */
  stop(): Promise<void>;
  statistics(): PluginStatistics;
}
