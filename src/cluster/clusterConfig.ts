/**
 * The cluster registry a daemon's configuration asks for: redis_host (with
 * redis_db, cluster_name, cluster_id) turns it on; without redis_host
 * cluster_name and cluster_id do nothing, as in pmacct.
 */
import type { LoadedConfig } from '../config/index.ts';
import type { Logger } from '../core/logger.ts';
import { clusterEntries, CORE_THREADS, type CoreThread } from './clusterKeys.ts';
import { ClusterRegistry } from './clusterRegistry.ts';
import { parseRedisEndpoint } from './redisEndpoint.ts';
import { PMACCT_REGISTRY_TIMING, type RegistryTiming } from './registryTiming.ts';

/** The config key that starts each core thread pmacct lists in the registry. */
const THREAD_KEYS: Readonly<Record<CoreThread, string>> = {
  isis: 'isis_daemon',
  bgp: 'bgp_daemon',
  bmp: 'bmp_daemon',
  telemetry: 'telemetry_daemon',
};

/**
 * Why the registry settings cannot work, each with its file:line; checked
 * before the daemon starts. pmacct exits at startup on a missing
 * cluster_name too ("redis_host requires cluster_name to be specified").
 */
export function clusterConfigProblems(config: LoadedConfig): string[] {
  const g = config.global;
  const host = g.str('redis_host');
  if (host === undefined) return [];
  const problems: string[] = [];
  const place = (key: string): string => {
    const at = g.where(key);
    return at ? `${at.file}:${at.line}` : 'configuration';
  };
  const endpoint = parseRedisEndpoint(host);
  if (typeof endpoint === 'string') problems.push(`${place('redis_host')}: ${endpoint}`);
  const name = g.str('cluster_name');
  if (name === undefined || name.trim() === '') problems.push(`${place('redis_host')}: redis_host requires cluster_name to be specified`);
  return problems;
}

/** The daemon's registry when redis_host is set (the config passed clusterConfigProblems), else null. */
export function clusterRegistryFor(config: LoadedConfig, logger: Logger, timing: RegistryTiming = PMACCT_REGISTRY_TIMING): ClusterRegistry | null {
  const g = config.global;
  const host = g.str('redis_host');
  if (host === undefined) return null;
  const endpoint = parseRedisEndpoint(host);
  const clusterName = g.str('cluster_name');
  if (typeof endpoint === 'string' || clusterName === undefined) throw new Error(`redis settings not checked before start: ${host}`);
  const identity = { clusterName, clusterId: g.int('cluster_id') };
  const entries = clusterEntries(identity, {
    daemon: config.daemon,
    coreName: g.str('core_proc_name') ?? 'default',
    threads: CORE_THREADS.filter((thread) => g.bool(THREAD_KEYS[thread])),
    plugins: config.plugins.map((p) => ({ name: p.name, type: p.type })),
  });
  return new ClusterRegistry({ identity, endpoint, database: g.int('redis_db'), entries, timing }, logger);
}
