/**
 * The BGP daemon as pmbgpd runs it, and as nfacctd/sfacctd run it beside
 * the flows with `bgp_daemon: true`: its settings read from the pmacct
 * configuration (with pmacct's fallbacks), checked before anything
 * starts, and the running collector with the allow file registered for
 * SIGUSR2 reloads.
 *
 * pmacct's choices kept here:
 * - the BGP identifier is bgp_daemon_id if it is a usable IPv4 address,
 *   else bgp_daemon_ip if it is one, else 1.2.3.4 (bgp_write_open_msg);
 * - without bgp_daemon_ip the daemon listens on every address, IPv6 and
 *   IPv4-mapped alike (bgp_daemon_ipv6_only turns the latter off);
 * - a table dump file without a refresh time dumps nothing and says so
 *   ("Invalid 'bgp_table_dump_refresh_time'");
 * - bgp_daemon_md5_file is read once, at startup.
 */
import { ConfigError, type LoadedConfig } from '../config/index.ts';
import type { Logger } from '../core/logger.ts';
import { AllowList } from '../maps/allowFile.ts';
import { loadBgpMd5File, type Md5Peer } from '../maps/bgpMd5File.ts';
import { loadReloadableMap } from '../maps/mapReloader.ts';
import { AF_INET } from '../model/flowRecord.ts';
import { parseIp } from '../model/ipText.ts';
import { BgpCollector, type BgpCollectorSettings } from '../routing/bgp/bgpCollector.ts';
import { BgpNeighborsFile } from '../routing/bgp/bgpNeighborsFile.ts';
import { bgpBrokerOutputProblems, brokerDumpOf, brokerMsglogOf } from './bgpBrokerOutputs.ts';
import { bgpOutputFormatOf, writeBgpAvroSchemaFilesOf } from './bgpOutputFormats.ts';
import { bgpSchemaRegistryProblems } from './bgpSchemaRegistry.ts';
import { lookingGlassProblems, startZmqLookingGlass } from './bgpLookingGlassSetup.ts';
import { bgpBatchOf, bgpPipeSizeOf, bgpSessionOptionProblems } from './bgpSessionOptions.ts';
import { xconnectProblems } from './bgpXconnectSetup.ts';
import { loadNativeTcpMd5 } from '../routing/bgp/tcpMd5.ts';

const DEFAULT_ROUTER_ID = 0x01020304; // 1.2.3.4

/** A usable IPv4 address as a 32-bit number, or null (IPv6, 0.0.0.0, not an address). */
function ipv4Number(text: string | undefined): number | null {
  if (!text) return null;
  const b = new Uint8Array(16);
  if (parseIp(text, b) !== AF_INET) return null;
  const n = ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
  return n === 0 ? null : n;
}

/** Refuses settings tsacct would otherwise ignore (called before the daemon starts). */
export function checkBgpDaemonConfig(config: LoadedConfig): void {
  const problems: string[] = [];
  problems.push(...bgpBrokerOutputProblems(config), ...bgpSchemaRegistryProblems(config), ...bgpSessionOptionProblems(config), ...lookingGlassProblems(config), ...xconnectProblems(config));
  if (problems.length > 0) throw new ConfigError(problems);
}

export function bgpCollectorSettings(config: LoadedConfig, logger: Logger): BgpCollectorSettings {
  const g = config.global;
  const ip = g.has('bgp_daemon_ip') ? g.str('bgp_daemon_ip')! : null;
  const routerId = ipv4Number(g.has('bgp_daemon_id') ? g.str('bgp_daemon_id') : undefined) ?? ipv4Number(ip ?? undefined) ?? DEFAULT_ROUTER_ID;
  const timestamps = { utc: g.bool('timestamps_utc'), rfc3339: g.bool('timestamps_rfc3339'), sinceEpoch: g.bool('timestamps_since_epoch') };
  const umask = g.int('files_umask');
  writeBgpAvroSchemaFilesOf(config);
  const msglogSink = brokerMsglogOf(config, logger);
  let dump: BgpCollectorSettings['dump'] = null;
  const dumpFile = g.str('bgp_table_dump_file') ?? g.str('bgp_table_dump_kafka_topic') ?? g.str('bgp_table_dump_amqp_routing_key');
  if (dumpFile) {
    if (!g.has('bgp_table_dump_refresh_time')) logger.warn("Invalid 'bgp_table_dump_refresh_time'.");
    else {
      const broker = brokerDumpOf(config, logger);
      dump = {
        ...(broker ? { broker: broker.broker } : {}),
        format: broker?.format ?? bgpOutputFormatOf(config, 'dump'),
        filePattern: dumpFile,
        latestPattern: g.str('bgp_table_dump_latest_file') ?? null,
        refreshSeconds: g.int('bgp_table_dump_refresh_time'),
        umask,
        timestamps,
      };
    }
  }
  let allow: BgpCollectorSettings['allow'] = null;
  const allowFile = g.str('bgp_daemon_allow_file') ?? null;
  if (allowFile) {
    const holder = loadReloadableMap(allowFile, g.bool('maps_refresh'), logger, () => new AllowList(allowFile, (m) => logger.warn(m)));
    allow = (address) => holder.map.allows(address);
  }
  let md5Keys: Md5Peer[] = [];
  const md5File = g.str('bgp_daemon_md5_file');
  if (md5File) {
    if (!loadNativeTcpMd5()) {
      throw new ConfigError([`bgp_daemon_md5_file: TCP MD5 signatures need tsacct's build/tcpMd5.node, which is not built; install a C compiler, then run 'node scripts/buildNative.ts'`]);
    }
    logger.info(`[${md5File}] (re)loading map.`);
    md5Keys = loadBgpMd5File(md5File, (m) => logger.warn(m));
    logger.info(`[${md5File}] map successfully (re)loaded.`);
  }
  return {
    ip,
    port: g.int('bgp_daemon_port'),
    md5Keys,
    ipPrecedence: g.int('bgp_daemon_ipprec'),
    receiveBufferSize: bgpPipeSizeOf(config, (m) => logger.warn(m)),
    ipv6Only: g.bool('bgp_daemon_ipv6_only'),
    routerId,
    localAs: g.has('bgp_daemon_as') ? g.int('bgp_daemon_as') : null,
    maxPeers: g.int('bgp_daemon_max_peers'),
    routerIdCheck: !g.bool('bgp_disable_router_id_check'),
    allow,
    allowFile,
    msglogFile: g.str('bgp_daemon_msglog_file') ?? null,
    msglogSink,
    msglogFormat: msglogSink?.format ?? bgpOutputFormatOf(config, 'msglog'),
    dump,
    batch: bgpBatchOf(config, (m) => logger.warn(m)) ?? undefined,
    peersChanged: neighborsFileOf(config, umask, logger),
    umask,
    timestamps,
  };
}

/** bgp_neighbors_file's writer as the collector calls it, or undefined. */
function neighborsFileOf(config: LoadedConfig, umask: number, logger: Logger): BgpCollectorSettings['peersChanged'] {
  const path = config.global.str('bgp_neighbors_file');
  if (!path) return undefined;
  const file = new BgpNeighborsFile(path, umask, logger);
  return (peers) => file.write(peers);
}

/** The collector, listening; the caller stops it on shutdown. */
export async function startBgpDaemon(config: LoadedConfig, logger: Logger): Promise<BgpCollector> {
  const collector = new BgpCollector(bgpCollectorSettings(config, logger), logger);
  await collector.start();
  const lg = await startZmqLookingGlass(config, collector, logger);
  if (lg) collector.onStop(() => lg.stop());
  return collector;
}
