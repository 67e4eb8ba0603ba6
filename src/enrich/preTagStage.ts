/**
 * The pre_tag_map enrichment stage: loads the map named by the global
 * pre_tag_map key at startup (maps_entries, maps_row_len apply) and sets
 * tag, tag2 and label on every record. maps_index is accepted: tsacct's
 * evaluation gives the same results without it. The map reloads on SIGUSR2
 * when maps_refresh is on (src/maps/mapReloader.ts): the new file is parsed
 * completely before it replaces the old one.
 *
 * With nfacctd_as / sfacctd_as file, src_as / dst_as match the AS the
 * global networks_file gives the flow's addresses: the file is read with
 * the map (and again when the map reloads).
 */
import type { LoadedConfig } from '../config/index.ts';
import type { EnrichStage } from '../core/pipeline.ts';
import type { Logger } from '../core/logger.ts';
import type { FlowDaemon } from '../model/primitive.ts';
import { loadPreTagMap, type PreTagMap } from '../maps/preTagMap.ts';
import { loadReloadableMap } from '../maps/mapReloader.ts';
import type { BgpRouteView } from '../routing/bgp/bgpRouteView.ts';
import { preTagBgpKeys } from './preTagBgpKeys.ts';
import { loadNetworksFile, networkIdOf, type NetworksTable } from '../maps/networksFile.ts';
import type { IpField } from '../model/flowRecord.ts';

export function preTagStageOf(config: LoadedConfig, daemon: FlowDaemon, logger: Logger, bgp: BgpRouteView | null = null): EnrichStage | null {
  const g = config.global;
  const file = g.has('pre_tag_map') ? g.str('pre_tag_map') : undefined;
  if (file === undefined) return null;
  if (daemon !== 'nfacctd' && daemon !== 'sfacctd') return null;
  const asSource = g.str('nfacctd_as');
  const networksFile = asSource === 'file' ? g.str('networks_file') : undefined;
  const holder = loadReloadableMap(file, g.bool('maps_refresh'), logger, (): PreTagMap =>
    loadPreTagMap(file, {
      daemon, maxEntries: g.int('maps_entries'), maxRowLength: g.int('maps_row_len'), warn: (m) => logger.warn(m),
      // src_as/dst_as depend on where the daemon takes AS numbers from.
      asSource,
      ...(networksFile === undefined ? {} : { networksAs: networksFileAs(loadNetworksFile(networksFile), logger) }),
      // With bgp_daemon the map runs after the BGP lookup, whose routes its BGP keys read.
      ...(bgp === null ? {} : {
        bgpKey: preTagBgpKeys(bgp, {
          peerSrcAsType: g.str('bgp_peer_src_as_type'),
          srcLocalPrefType: g.str('bgp_src_local_pref_type'),
          asFromBgp: ['bgp', 'longest', 'fallback'].includes(asSource ?? ''),
          asFallback: asSource === 'longest' || asSource === 'fallback',
          daemon,
        }),
      }),
    }),
  );
  return (rec) => holder.map.apply(rec);
}

/** The AS a networks_file gives an address: its longest matching network's, 0 when none. */
function networksFileAs(table: NetworksTable, logger: Logger): (addr: IpField) => number {
  for (const p of table.problems) logger.error(`pre_tag_map: ${p.message}`);
  const asns = table.asns;
  return (addr) => {
    const id = networkIdOf(table, addr);
    return id >= 0 ? asns[id]! : 0;
  };
}
