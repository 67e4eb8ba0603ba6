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
import { bgpLookupOf, flowToRdMapOf, type BgpRibSource } from './bgpLookupStage.ts';

export type EnrichStageBuilder = (config: LoadedConfig, daemon: FlowDaemon, logger: Logger) => EnrichStage | null;

/** The builders, in pmacct's order of evaluation. */
const BUILDERS: EnrichStageBuilder[] = [
  flowToRdStageOf,
  preTagStageOf,
  // Before the BGP lookup, which the daemons add after these (src/enrich/bgpLookupStage.ts).
  ipNextHopStageOf,
];

/**
 * flow_to_rd_map without bgp_daemon: the RD becomes the flow's mpls_vpn_rd
 * (with bgp_daemon the BGP lookup evaluates the map itself, as its VPN key).
 */
function flowToRdStageOf(config: LoadedConfig, daemon: FlowDaemon, logger: Logger): EnrichStage | null {
  if (daemon !== 'nfacctd' && daemon !== 'sfacctd') return null;
  const holder = flowToRdMapOf(config, logger, daemon);
  if (holder === null) return null;
  return (rec) => {
    const rule = holder.map.ruleFor(rec);
    if (rule !== null) rec.mplsVpnRd.set(rule.value);
  };
}

/**
 * The stages; with a BGP daemon (`bgp`), the BGP lookup (with flow_to_rd_map
 * before it and the source maps after it) follows them and pre_tag_map
 * moves after it, as pmacct evaluates pre_tag_map in exec_plugins once
 * bgp_srcdst_lookup has run: its BGP keys read the lookup's routes.
 */
export function buildEnrichStages(config: LoadedConfig, daemon: FlowDaemon, logger: Logger, bgp: BgpRibSource | null = null): EnrichStage[] {
  if (bgp === null || (daemon !== 'nfacctd' && daemon !== 'sfacctd')) {
    return BUILDERS.map((build) => build(config, daemon, logger)).filter((s): s is EnrichStage => s !== null);
  }
  const stages = BUILDERS.filter((b) => b !== preTagStageOf && b !== flowToRdStageOf).map((build) => build(config, daemon, logger)).filter((s): s is EnrichStage => s !== null);
  const lookup = bgpLookupOf(config, logger, bgp, daemon);
  stages.push((rec) => lookup.apply(rec));
  const preTag = preTagStageOf(config, daemon, logger, lookup);
  if (preTag !== null) stages.push(preTag);
  return stages;
}
