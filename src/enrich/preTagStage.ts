/**
 * The pre_tag_map enrichment stage: loads the map named by the global
 * pre_tag_map key at startup (maps_entries, maps_row_len apply) and sets
 * tag, tag2 and label on every record. maps_index is accepted: tsacct's
 * evaluation gives the same results without it.
 */
import type { LoadedConfig } from '../config/index.ts';
import type { EnrichStage } from '../core/pipeline.ts';
import type { Logger } from '../core/logger.ts';
import type { FlowDaemon } from '../model/primitive.ts';
import { loadPreTagMap } from '../maps/preTagMap.ts';

export function preTagStageOf(config: LoadedConfig, daemon: FlowDaemon, logger: Logger): EnrichStage | null {
  const g = config.global;
  const file = g.has('pre_tag_map') ? g.str('pre_tag_map') : undefined;
  if (file === undefined) return null;
  if (daemon !== 'nfacctd' && daemon !== 'sfacctd') return null;
  const map = loadPreTagMap(file, {
    daemon,
    maxEntries: g.int('maps_entries'),
    maxRowLength: g.int('maps_row_len'),
    warn: (m) => logger.warn(m),
  });
  logger.info(`[${file}] map successfully (re)loaded.`);
  return (rec) => map.apply(rec);
}
