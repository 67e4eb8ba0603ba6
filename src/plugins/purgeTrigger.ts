/**
 * amqp_trigger_exec and kafka_trigger_exec: the executable launched after
 * each written purge, as pmacct 1.7.7's broker plugins do it (checked with
 * nfacctd): without arguments and without variables of pmacct's in its
 * environment (the SQL plugins' TRIGGER_VARS are theirs only), and after
 * the purge at shutdown too.
 *
 * A purge the broker refused launches nothing (pmacct launches even then):
 * the consumer retries it, and the retry that gets through launches it.
 */
import type { AggregateWriter, FlushBatch } from '../core/aggregatingConsumer.ts';
import { ForwardingWriter } from '../core/forwardingWriter.ts';
import type { Logger } from '../core/logger.ts';
import { launchTrigger } from '../output/triggerExec.ts';

export interface PurgeTriggerOptions {
  /** "<plugin>/<type>", for the log lines. */
  tag: string;
  /** The key's name, for the log lines. */
  key: string;
  command: string;
  /** Test hook: replaces launching the executable. */
  launch?: (command: string) => void;
}

export class PurgeTriggerWriter extends ForwardingWriter {
  private readonly options: PurgeTriggerOptions;
  private readonly logger: Logger;

  constructor(inner: AggregateWriter, options: PurgeTriggerOptions, logger: Logger) {
    super(inner);
    this.options = options;
    this.logger = logger;
  }

  async write(batch: FlushBatch): Promise<void> {
    await this.inner.write(batch);
    const { command, launch, tag, key } = this.options;
    if (launch) {
      launch(command);
      return;
    }
    launchTrigger(command, null, (err) => this.logger.error(`${tag}: ${key} '${command}' failed: ${err.message}`));
  }
}
