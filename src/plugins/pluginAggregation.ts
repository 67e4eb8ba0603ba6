/**
 * The aggregation settings every aggregating plugin reads the same way:
 * `aggregate`, the `<prefix>_history` time bins with roundoff and offset,
 * and the timestamps_* output style.
 */
import type { PluginInstance } from '../config/index.ts';
import { TimeBinner, type Roundoff } from '../core/timeBins.ts';
import { buildAggregateLayout, type AggregateLayout } from '../model/aggregateLayout.ts';
import type { FlowDaemon } from '../model/primitive.ts';
import type { TimestampStyle } from '../model/timestampText.ts';

export interface PluginAggregation {
  layout: AggregateLayout;
  binner: TimeBinner | null;
  timestamps: TimestampStyle;
}

/** `prefix` is the plugin family's key prefix: print, sql, kafka, amqp… */
export function pluginAggregation(instance: PluginInstance, daemon: FlowDaemon, prefix: string): PluginAggregation {
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
    timestamps: { utc, rfc3339: cfg.bool('timestamps_rfc3339'), sinceEpoch: cfg.bool('timestamps_since_epoch') },
  };
}
