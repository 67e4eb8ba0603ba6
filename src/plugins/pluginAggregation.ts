/**
 * The aggregation settings every aggregating plugin reads the same way:
 * `aggregate`, the `<prefix>_history` time bins with roundoff and offset,
 * the timestamps_* output style, and the `sampling_rate` sampler.
 */
import type { PluginInstance, ScopedConfig } from '../config/index.ts';
import { TimeBinner, type Roundoff } from '../core/timeBins.ts';
import { buildAggregateLayout, type AggregateLayout } from '../model/aggregateLayout.ts';
import type { IpField } from '../model/flowRecord.ts';
import { writeAddress, writeMaskedAddress } from '../model/keyCodecs.ts';
import type { FlowDaemon, KeyWriter } from '../model/primitive.ts';
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
 * `prefix` is the plugin family's key prefix: print, sql, kafka, amqp… (null:
 * the plugin has no time bins, as pmacct's memory plugin);
 * `random` feeds the random sampler of the non-NetFlow daemons (tests seed it).
 */
export function pluginAggregation(
  instance: PluginInstance,
  daemon: FlowDaemon,
  prefix: string | null,
  random: RandomSource = seededRandom(freshSeed()),
): PluginAggregation {
  const cfg = instance.config;
  let layout = buildAggregateLayout(cfg.list('aggregate'), daemon, { timestampsSecs: cfg.bool('timestamps_secs') });
  if (cfg.bool('networks_no_mask_if_zero')) layout = withNoMaskIfZero(layout);
  const utc = cfg.bool('timestamps_utc');
  let binner: TimeBinner | null = null;
  if (prefix !== null && cfg.has(`${prefix}_history`)) {
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

/** src_net/dst_net under networks_no_mask_if_zero: the whole address when the mask is 0 (unknown network or default route). */
function writeNetUnlessZeroMask(ip: IpField, mask: number, key: Uint32Array, off: number): void {
  if (mask === 0) writeAddress(ip, key, off);
  else writeMaskedAddress(ip, mask, key, off);
}

const NO_MASK_IF_ZERO: Record<string, KeyWriter> = {
  src_net: (r, k, o) => writeNetUnlessZeroMask(r.srcHost, r.srcMask, k, o),
  dst_net: (r, k, o) => writeNetUnlessZeroMask(r.dstHost, r.dstMask, k, o),
};

/**
 * networks_no_mask_if_zero (pmacct 1.7.7): src_net, dst_net and sum_net keep
 * addresses whose resolved mask is 0 unmasked instead of printing 0.0.0.0;
 * src_mask/dst_mask still print 0.
 */
export function withNoMaskIfZero(layout: AggregateLayout): AggregateLayout {
  const placed = layout.placed.map((p) => {
    const write = layout.sum === null ? NO_MASK_IF_ZERO[p.primitive.name] : undefined;
    return write === undefined ? p : { ...p, primitive: { ...p.primitive, write, keyCode: undefined } };
  });
  const sum =
    layout.sum?.keyword === 'sum_net'
      ? { ...layout.sum, writeSource: NO_MASK_IF_ZERO['src_net']!, writeDestination: NO_MASK_IF_ZERO['dst_net']! }
      : layout.sum;
  return { ...layout, placed, sum };
}

/** spool_dir and spool_memory_entries: where a plugin keeps flushes its backend refused. */
export function spoolOptionsOf(cfg: ScopedConfig): { spoolDir?: string; memoryPendingEntries: number } {
  const dir = cfg.str('spool_dir');
  return { ...(dir !== undefined ? { spoolDir: dir } : {}), memoryPendingEntries: cfg.int('spool_memory_entries') };
}
