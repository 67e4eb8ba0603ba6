/**
 * The Redis keys through which a pmacct daemon and each of its plugins say
 * "I am running" when redis_host is set (pmacct's redis_common.c: the core's
 * and the plugins' refresh handlers). Every key is
 * `<cluster_name>+<cluster_id>+<resource>`, written with SETEX so that it
 * disappears on its own once its owner stops refreshing it:
 *
 *   daemon_type                            the daemon's name: nfacctd, sfacctd, …
 *   process+<core name>+core               1
 *   process+<core name>+core+<thread>      1 for each of the isis, bgp, bmp and telemetry
 *                                          threads a flow daemon runs (pmacct writes them
 *                                          for nfacctd, sfacctd, pmacctd and uacctd only)
 *   process+<plugin name>+<plugin type>    1 for each plugin
 *
 * `1` is how pmacct prints TRUE with "%d". The order is pmacct's: the core's
 * keys (daemon_type first, its threads in isis, bgp, bmp, telemetry order),
 * then the plugins in declaration order.
 */
import type { DaemonName } from '../config/index.ts';

/** pmacct's PM_REDIS_DEFAULT_SEP. */
export const CLUSTER_KEY_SEPARATOR = '+';

/** The threads of a flow daemon that pmacct lists under its core process, in pmacct's order. */
export const CORE_THREADS = ['isis', 'bgp', 'bmp', 'telemetry'] as const;
export type CoreThread = (typeof CORE_THREADS)[number];

/** The daemons whose core lists its threads (pmacct: acct_type below ACCT_FWPLANE_MAX). */
const DAEMONS_WITH_THREAD_KEYS: readonly DaemonName[] = ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd'];

export interface ClusterIdentity {
  /** cluster_name: the prefix of every key. */
  clusterName: string;
  /** cluster_id: this daemon's number inside the cluster. */
  clusterId: number;
}

/** What runs in this daemon, as the registry lists it. */
export interface ClusterMember {
  daemon: DaemonName;
  /** The core process's name (core_proc_name, 'default' unless set). */
  coreName: string;
  /** The threads the core runs beside collection. */
  threads: readonly CoreThread[];
  plugins: readonly { name: string; type: string }[];
}

export interface ClusterEntry {
  key: string;
  value: string;
}

/** The keys and values one refresh writes, in pmacct's order. */
export function clusterEntries(identity: ClusterIdentity, member: ClusterMember): ClusterEntry[] {
  const prefix = `${identity.clusterName}${CLUSTER_KEY_SEPARATOR}${identity.clusterId}${CLUSTER_KEY_SEPARATOR}`;
  const processKey = (name: string, type: string): string => `process${CLUSTER_KEY_SEPARATOR}${name}${CLUSTER_KEY_SEPARATOR}${type}`;
  const core = processKey(member.coreName, 'core');
  const entries: ClusterEntry[] = [
    { key: `${prefix}daemon_type`, value: member.daemon },
    { key: `${prefix}${core}`, value: '1' },
  ];
  if (DAEMONS_WITH_THREAD_KEYS.includes(member.daemon)) {
    for (const thread of CORE_THREADS) {
      if (member.threads.includes(thread)) entries.push({ key: `${prefix}${core}${CLUSTER_KEY_SEPARATOR}${thread}`, value: '1' });
    }
  }
  for (const plugin of member.plugins) entries.push({ key: `${prefix}${processKey(plugin.name, plugin.type)}`, value: '1' });
  return entries;
}
