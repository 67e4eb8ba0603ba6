/**
 * sql_trigger_exec and sql_trigger_time: the executable launched after each
 * written purge (sql_trigger_time unset), or at most once per
 * sql_trigger_time interval, checked at each purge as pmacct's lazy
 * deadlines are. It gets pmacct's docs/TRIGGER_VARS in its environment;
 * the per-purge ones (TOTAL_ELEM_NUMBER, EFFECTIVE_ELEM_NUMBER,
 * ELAPSED_TIME, SQL_HISTORY_BASETIME, SQL_HISTORY_TIMESLOT) only without
 * sql_trigger_time, as pmacct.
 *
 * Like pmacct 1.7.7 (checked against nfacctd), the purge at shutdown
 * launches no trigger; a purge the backend refused launches none either
 * (it is retried, and its retry launches it).
 */
import type { AggregateWriter, FlushBatch } from '../../core/aggregatingConsumer.ts';
import { ForwardingWriter } from '../../core/forwardingWriter.ts';
import type { Logger } from '../../core/logger.ts';
import { launchTrigger } from '../../output/triggerExec.ts';

export interface SqlTriggerOptions {
  tag: string;
  command: string;
  /** sql_trigger_time in seconds (null: after every purge). */
  intervalSeconds: number | null;
  /** Variables fixed for the plugin's life: SQL_DB, SQL_TABLE, SQL_HOST, SQL_USER, SQL_REFRESH_TIME, SQL_MAX_WRITERS, … */
  fixed: Readonly<Record<string, string>>;
  /** sql_history in seconds (null: none); gives SQL_HISTORY_TIMESLOT and, with the purge's bin, SQL_HISTORY_BASETIME. */
  historySeconds: number | null;
  /** Entries of the last purge that sql_preprocess kept (null: no sql_preprocess). */
  effectiveEntries?: () => number | null;
  now?: () => number;
  /** Test hook: replaces launching the executable. */
  launch?: (command: string, env: Readonly<Record<string, string>>) => void;
}

export class SqlTriggerWriter extends ForwardingWriter {
  private nextDeadline: number | null = null;

  private readonly options: SqlTriggerOptions;
  private readonly logger: Logger;

  constructor(inner: AggregateWriter, options: SqlTriggerOptions, logger: Logger) {
    super(inner);
    this.options = options;
    this.logger = logger;
  }

  async write(batch: FlushBatch): Promise<void> {
    const started = Date.now();
    const total = batch.cache.size;
    await this.inner.write(batch);
    if (batch.reason === 'shutdown') return;
    const now = this.options.now?.() ?? Date.now();
    const interval = this.options.intervalSeconds;
    if (interval !== null) {
      const nowSeconds = Math.floor(now / 1000);
      if (this.nextDeadline === null) this.nextDeadline = nowSeconds - (nowSeconds % interval) + interval;
      if (nowSeconds < this.nextDeadline) return;
      while (this.nextDeadline <= nowSeconds) this.nextDeadline += interval;
      this.launch({ ...this.options.fixed });
      return;
    }
    const env: Record<string, string> = { ...this.options.fixed };
    const effective = this.options.effectiveEntries?.() ?? null;
    env.TOTAL_ELEM_NUMBER = String(total);
    env.EFFECTIVE_ELEM_NUMBER = String(effective ?? total);
    env.ELAPSED_TIME = String(Math.round((Date.now() - started) / 1000));
    if (this.options.historySeconds !== null) {
      env.SQL_HISTORY_TIMESLOT = String(this.options.historySeconds);
      const basetime = firstBin(batch);
      if (basetime !== null) env.SQL_HISTORY_BASETIME = String(basetime);
    }
    this.launch(env);
  }

  private launch(env: Record<string, string>): void {
    const command = this.options.command;
    if (this.options.launch) {
      this.options.launch(command, env);
      return;
    }
    launchTrigger(command, env, (err) => this.logger.error(`${this.options.tag}: sql_trigger_exec '${command}' failed: ${err.message}`));
  }
}

/** The bin start (stamp_inserted) of the purge's first entry, as pmacct's basetime; null without bins. */
function firstBin(batch: FlushBatch): number | null {
  if (batch.binWord < 0 || batch.cache.size === 0) return null;
  const cols = batch.cache.exportEntries();
  return cols.keys[batch.binWord]!;
}
