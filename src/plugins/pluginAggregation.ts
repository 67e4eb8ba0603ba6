/**
 * The aggregation settings every aggregating plugin reads the same way:
 * `aggregate`, the `<prefix>_history` time bins with roundoff and offset,
 * the timestamps_* output style, and the `sampling_rate` sampler.
 */
import type { PluginInstance, ScopedConfig } from '../config/index.ts';
import { TimeBinner, type Roundoff } from '../core/timeBins.ts';
import { buildAggregateLayout, type AggregateLayout } from '../model/aggregateLayout.ts';
import type { FlowDaemon } from '../model/primitive.ts';
import type { TimestampStyle } from '../model/timestampText.ts';
import { packetSamplerFor, type PacketSampler } from './samplingRate.ts';
import { freshSeed, seededRandom, type RandomSource } from './seededRandom.ts';

export interface PluginAggregation {
  layout: AggregateLayout;
  binner: TimeBinner | null;
  timestamps: TimestampStyle;
  /** `sampling_rate`: this plugin's own sampler (wrap the consumer with withPacketSampling), or null. */
  sampler: PacketSampler | null;
}

/** The timestamps_* keys as the output layer's style (plugins and the sFlow counter file read them alike). */
export function timestampStyleOf(cfg: ScopedConfig): TimestampStyle {
  return { utc: cfg.bool('timestamps_utc'), rfc3339: cfg.bool('timestamps_rfc3339'), sinceEpoch: cfg.bool('timestamps_since_epoch') };
}

/**
 * `prefix` is the plugin family's key prefix: print, sql, kafka, amqp…;
 * `random` feeds the random sampler of the non-NetFlow daemons (tests seed it).
 */
export function pluginAggregation(
  instance: PluginInstance,
  daemon: FlowDaemon,
  prefix: string,
  random: RandomSource = seededRandom(freshSeed()),
): PluginAggregation {
  const cfg = instance.config;
  const layout = buildAggregateLayout(cfg.list('aggregate'), daemon, { timestampsSecs: cfg.bool('timestamps_secs') });
  const utc = cfg.bool('timestamps_utc');
  let binner: TimeBinner | null = null;
  if (cfg.has(`${prefix}_history`)) {
    const historyText = cfg.str(`${prefix}_history`) ?? '';
    const monthly = /^\d+M$/.test(historyText);
    binner = new TimeBinner(
      {
        seconds: monthly ? 1 : cfg.seconds(`${prefix}_history`),
        monthly,
        roundoff: (cfg.str(`${prefix}_history_roundoff`) ?? '') as Roundoff,
        offset: cfg.has(`${prefix}_history_offset`) ? cfg.int(`${prefix}_history_offset`) : 0,
        utc,
      },
      Math.floor(Date.now() / 1000),
    );
  }
  return {
    layout,
    binner,
    timestamps: timestampStyleOf(cfg),
    sampler: cfg.has('sampling_rate') ? packetSamplerFor(daemon, cfg.int('sampling_rate'), random) : null,
  };
}
