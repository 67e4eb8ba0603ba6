/**
 * nfacctd_renormalize / sfacctd_renormalize: scales sampled counters back
 * to estimated totals, as pmacct 1.7.7 does (checked with the binary, see
 * test/enrich/samplingRenormalize.test.ts):
 *
 * - packets and bytes are multiplied by the record's sampling rate; flows
 *   are not;
 * - sampling_rate then reads 1 ("already renormalised"); a record whose
 *   rate is unknown (0) keeps its counters and its 0;
 * - with nfacctd_ext_sampling_rate set, every record (events included) is
 *   multiplied by that rate instead of its own, and sampling_rate still
 *   reads 1 only where the exporter's rate was known.
 *
 * A sampling_map stage, when there is one, runs before and sets the
 * record's rate (src/maps/samplingMap.ts); this stage only applies it.
 */
import type { LoadedConfig } from '../config/index.ts';
import type { Logger } from '../core/logger.ts';
import { loadReloadableMap, type MapHolder } from '../maps/mapReloader.ts';
import { loadSamplingMap, type SamplingMap } from '../maps/samplingMap.ts';
import type { FlowRecord } from '../model/flowRecord.ts';

export interface SamplingRenormalizeOptions {
  /** nfacctd_ext_sampling_rate / sfacctd_ext_sampling_rate; 0 or absent = use each record's rate. */
  readonly extSamplingRate?: number;
}

export function renormalizeSampling(rec: FlowRecord, extSamplingRate: number): void {
  const known = rec.samplingRate > 0;
  const rate = extSamplingRate > 0 ? extSamplingRate : rec.samplingRate;
  if (rate > 0) {
    rec.packets *= rate;
    rec.bytes *= rate;
  }
  if (known) rec.samplingRate = 1;
}

/** The stage as the pipeline runs it: one call per record. */
export function samplingRenormalizeStage(options: SamplingRenormalizeOptions = {}): (rec: FlowRecord) => void {
  const ext = options.extSamplingRate ?? 0;
  return (rec) => renormalizeSampling(rec, ext);
}

/** The loaded sampling_map, swapped on SIGUSR2 (maps_refresh) as pre_tag_map is. */
export type SamplingMapHolder = MapHolder<SamplingMap>;

/** Loads the global sampling_map key's file, null when unset; registers it for reload. */
export function samplingMapOf(config: LoadedConfig, logger: Logger): SamplingMapHolder | null {
  const g = config.global;
  const file = g.has('sampling_map') ? g.str('sampling_map') : undefined;
  if (file === undefined) return null;
  return loadReloadableMap(file, g.bool('maps_refresh'), logger, (): SamplingMap =>
    loadSamplingMap(file, { maxEntries: g.int('maps_entries'), maxRowLength: g.int('maps_row_len'), warn: (m) => logger.warn(m) }),
  );
}

/** nfacctd: a matching sampling_map rule replaces the record's sampling rate. */
export function samplingMapStage(holder: SamplingMapHolder): (rec: FlowRecord) => void {
  return (rec) => {
    const rate = holder.map.rateOf(rec);
    if (rate > 0) rec.samplingRate = rate;
  };
}
