/**
 * What the broker plugins (amqp, kafka) do around each purge and at
 * startup, from their <prefix>_preprocess(_type), <prefix>_trigger_exec and
 * <prefix>_startup_delay keys: the same stages as the SQL plugins'
 * (../purgePreprocess.ts, ../purgeTrigger.ts, ../startupDelay.ts), with the
 * broker plugins' rules for each.
 */
import type { PluginInstance } from '../../config/index.ts';
import { ConfigError } from '../../config/configError.ts';
import type { AggregateWriter } from '../../core/aggregatingConsumer.ts';
import type { FlowConsumer } from '../../core/flowConsumer.ts';
import type { Logger } from '../../core/logger.ts';
import { parseBrokerPreprocess, PreprocessWriter, withPreprocessStatistics, type Preprocess } from '../purgePreprocess.ts';
import { PurgeTriggerWriter } from '../purgeTrigger.ts';
import { withStartupDelay } from '../startupDelay.ts';

export type BrokerPrefix = 'amqp' | 'kafka';

export interface BrokerPurgeHooks {
  /** The writer with *_preprocess in front of it and *_trigger_exec after it. */
  writer: AggregateWriter;
  /** Wraps the plugin's consumer: preprocess statistics and *_startup_delay. */
  around(consumer: FlowConsumer): FlowConsumer;
}

export function brokerPurgeHooks(writer: AggregateWriter, instance: PluginInstance, prefix: BrokerPrefix, logger: Logger): BrokerPurgeHooks {
  const cfg = instance.config;
  const tag = `${instance.name}/${prefix}`;
  let out = writer;
  let preprocess: PreprocessWriter | null = null;
  const prepKey = `${prefix}_preprocess`;
  const prepText = cfg.str(prepKey);
  if (prepText !== undefined) {
    let prep: Preprocess | null;
    try {
      prep = parseBrokerPreprocess(prepText, cfg.str(`${prefix}_preprocess_type`), prepKey, tag, logger);
    } catch (err) {
      throw new ConfigError([`${cfg.placeOf(prepKey)}plugin '${instance.name}': ${(err as Error).message}`]);
    }
    if (prep !== null) {
      preprocess = new PreprocessWriter(out, prep, tag, logger, prepKey);
      out = preprocess;
    }
  }
  const triggerKey = `${prefix}_trigger_exec`;
  const command = cfg.str(triggerKey);
  if (command !== undefined) out = new PurgeTriggerWriter(out, { tag, key: triggerKey, command }, logger);
  const delay = cfg.int(`${prefix}_startup_delay`);
  return {
    writer: out,
    around(consumer: FlowConsumer): FlowConsumer {
      if (preprocess !== null) withPreprocessStatistics(consumer, preprocess);
      return withStartupDelay(consumer, delay);
    },
  };
}
