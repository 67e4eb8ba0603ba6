/**
 * The enrichment stages a flow daemon runs between decoding and the
 * plugins, in pmacct's order, built from the global config: maps and
 * lookups that fill or change record fields (pre_tag_map, networks_file,
 * …). Each stage kind is one builder below, returning null when its keys
 * are not set. Daemon-specific stages (renormalisation, which needs the
 * decoder's sample context) are added by the daemon after these.
 */
import type { LoadedConfig } from '../config/index.ts';
import type { EnrichStage } from '../core/pipeline.ts';
import type { Logger } from '../core/logger.ts';
import type { FlowDaemon } from '../model/primitive.ts';
import { preTagStageOf } from './preTagStage.ts';
import { ipNextHopStageOf } from './ipNextHopStage.ts';

export type EnrichStageBuilder = (config: LoadedConfig, daemon: FlowDaemon, logger: Logger) => EnrichStage | null;

/** The builders, in pmacct's order of evaluation. */
const BUILDERS: EnrichStageBuilder[] = [
  preTagStageOf,
  // Before the BGP lookup, which the daemons add after these (src/enrich/bgpLookupStage.ts).
  ipNextHopStageOf,
];

export function buildEnrichStages(config: LoadedConfig, daemon: FlowDaemon, logger: Logger): EnrichStage[] {
  return BUILDERS.map((build) => build(config, daemon, logger)).filter((s): s is EnrichStage => s !== null);
}
