/**
 * bgp_daemon_xconnect_map: pmbgpd as a BGP proxy (bgpXconnectProxy.ts)
 * instead of a collector. The listening, admission and bgp_neighbors_file
 * settings are the collector's; what needs RIBs (message log, table dump,
 * looking glass) has nothing to work on in a proxy, so it is refused rather
 * than silently ignored. Only pmbgpd proxies: nfacctd/sfacctd with
 * bgp_daemon are the collectors sessions are cross-connected to.
 */
import type { LoadedConfig } from '../config/index.ts';
import type { Logger } from '../core/logger.ts';
import { loadBgpXconnectMap } from '../maps/bgpXconnectMap.ts';
import { loadReloadableMap } from '../maps/mapReloader.ts';
import { BgpXconnectProxy } from '../routing/bgp/bgpXconnectProxy.ts';
import { bgpCollectorSettings } from './bgpDaemon.ts';

/** Keys that need the collector's RIBs. */
const COLLECTOR_ONLY = [
  'bgp_daemon_msglog_file', 'bgp_daemon_msglog_kafka_topic', 'bgp_daemon_msglog_amqp_routing_key',
  'bgp_table_dump_file', 'bgp_table_dump_kafka_topic', 'bgp_table_dump_amqp_routing_key', 'bgp_daemon_lg',
];

export function xconnectProblems(config: LoadedConfig): string[] {
  const g = config.global;
  if (!g.has('bgp_daemon_xconnect_map')) return [];
  const at = (key: string): string => {
    const w = g.where(key);
    return w ? `${w.file}:${w.line}: ` : '';
  };
  if (config.daemon !== 'pmbgpd') {
    return [`${at('bgp_daemon_xconnect_map')}bgp_daemon_xconnect_map: only pmbgpd proxies BGP sessions in tsacct; ${config.daemon} collects them`];
  }
  return COLLECTOR_ONLY.filter((key) => g.has(key) && !(key === 'bgp_daemon_lg' && !g.bool(key))).map(
    (key) => `${at(key)}${key}: has no effect with bgp_daemon_xconnect_map (a proxy keeps no RIB); remove one of them`,
  );
}

/** The proxy, listening; the caller stops it on shutdown. */
export async function startXconnectProxy(config: LoadedConfig, logger: Logger): Promise<BgpXconnectProxy> {
  const g = config.global;
  const s = bgpCollectorSettings(config, logger);
  const file = g.str('bgp_daemon_xconnect_map')!;
  logger.info(`[${file}] (re)loading map.`);
  const holder = loadReloadableMap(file, g.bool('maps_refresh'), logger, () =>
    loadBgpXconnectMap(file, s.maxPeers, { maxEntries: g.int('maps_entries'), maxRowLength: g.int('maps_row_len'), warn: (m) => logger.warn(m) }),
  );
  const proxy = new BgpXconnectProxy(
    {
      ip: s.ip,
      port: s.port,
      ipv6Only: s.ipv6Only,
      maxPeers: s.maxPeers,
      map: () => holder.map,
      allow: s.allow,
      allowFile: s.allowFile,
      ...(s.md5Keys ? { md5Keys: s.md5Keys } : {}),
      ...(s.batch ? { batch: s.batch } : {}),
      ...(s.peersChanged ? { peersChanged: s.peersChanged } : {}),
    },
    logger,
  );
  await proxy.start();
  return proxy;
}
