/**
 * `plugins: print[name]`: reads the print_* keys of one plugin instance and
 * assembles its aggregating consumer with the print writer.
 */
import type { PluginInstance } from '../../config/index.ts';
import { AggregatingConsumer } from '../../core/aggregatingConsumer.ts';
import type { FlowConsumer } from '../../core/flowConsumer.ts';
import type { Logger } from '../../core/logger.ts';
import type { FlowDaemon } from '../../model/primitive.ts';
import { PrintWriter, type PrintOutput } from './printWriter.ts';
import { pluginAggregation, spoolOptionsOf } from '../pluginAggregation.ts';
import { withPacketSampling } from '../samplingRate.ts';

/** pmacct's print cache holds print_cache_entries buckets plus ten chained entries per bucket. */
const PMACCT_AVERAGE_CHAIN_LEN = 10;

export function createPrintPlugin(instance: PluginInstance, daemon: FlowDaemon, logger: Logger): FlowConsumer {
  const cfg = instance.config;
  const aggregation = pluginAggregation(instance, daemon, 'print');
  const output = (cfg.str('print_output') ?? 'formatted') as PrintOutput;
  const writer = new PrintWriter(
    {
      name: instance.name,
      output,
      separator: cfg.str('print_output_separator') ?? ',',
      labelAsMap: cfg.bool('pre_tag_label_encode_as_map'),
      file: cfg.str('print_output_file') ?? null,
      append: cfg.bool('print_output_file_append'),
      latestFile: cfg.str('print_latest_file') ?? null,
      writeEmptyFile: cfg.bool('print_write_empty_file'),
      markers: cfg.bool('print_markers'),
      triggerExec: cfg.str('print_trigger_exec') ?? null,
      umask: cfg.int('files_umask'),
      uid: cfg.has('files_uid') ? cfg.int('files_uid') : undefined,
      gid: cfg.has('files_gid') ? cfg.int('files_gid') : undefined,
      history: aggregation.binner !== null,
      timestamps: aggregation.timestamps,
    },
    aggregation.layout,
    logger,
  );
  const cacheEntries = cfg.int('print_cache_entries');
  return withPacketSampling(aggregation.sampler, new AggregatingConsumer(
    {
      name: instance.name,
      type: 'print',
      layout: aggregation.layout,
      refreshSeconds: cfg.int('print_refresh_time'),
      cacheEntries: cacheEntries * (1 + PMACCT_AVERAGE_CHAIN_LEN),
      binner: aggregation.binner,
      logger,
      ...spoolOptionsOf(cfg),
    },
    writer,
  ));
}
