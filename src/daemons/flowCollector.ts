/**
 * What nfacctd and sfacctd share once their decoder is chosen: read
 * datagrams from a UDP socket or replay a pcap savefile (-I), run them
 * through the pipeline, and live like a pmacct daemon (pidfile, signals,
 * statistics on SIGUSR1 and at exit, flush on shutdown).
 */
import { bgpLookupSettings } from '../enrich/bgpLookupStage.ts';
import { ConfigError, type LoadedConfig, type ScopedConfig } from '../config/index.ts';
import { ThreadedUdpListener } from '../collect/threadedUdpListener.ts';
import type { BoundUdpSocket } from '../collect/udpListener.ts';
import { KernelDropWatch } from '../collect/kernelDropWatch.ts';
import { describeReceiveBufferGrant } from '../collect/receiveBufferGrant.ts';
import { PcapSavefileSource } from '../collect/pcapSavefileSource.ts';
import type { DaemonLifecycle, LifecycleHooks } from '../core/daemonLifecycle.ts';
import type { Logger } from '../core/logger.ts';
import type { Pipeline } from '../core/pipeline.ts';
import type { ExporterRef } from '../model/exporterRef.ts';
import type { PluginServices } from '../plugins/index.ts';
import type { ExporterCounters } from '../web/daemonTelemetry.ts';
import { HttpApi } from '../web/httpApi.ts';
import { checkBgpDaemonConfig } from './bgpDaemon.ts';
import { clusterConfigProblems, clusterRegistryFor } from '../cluster/clusterConfig.ts';
import type { KafkaDatagramSource } from '../collect/kafkaDatagramSource.ts';
import { hasKafkaInput, kafkaInputProblems, startKafkaInput } from './kafkaInput.ts';

export interface FlowCollectorSetup {
  daemon: 'nfacctd' | 'sfacctd';
  config: LoadedConfig;
  logger: Logger;
  pipeline: Pipeline;
  defaultPort: number;
  ipKey: string;
  portKey: string;
  /** The key sizing the socket's receive buffer: pmacct's `<daemon>_pipe_size`. */
  rcvbufKey: string;
  /** captureSec: the pcap record's time in savefile mode, else the arrival second. */
  decode: (payload: Uint8Array, exporter: ExporterRef, arrivalSec: number, arrivalUsec: number, captureSec: number) => void;
  decoderStatistics: () => string[];
  /** The decoder's per-exporter counters, for /metrics. */
  exporterCounters: () => ExporterCounters[];
  /** What the plugins share with the daemon (memory tables for the HTTP API). */
  services: PluginServices;
  /** Outputs beside the pipeline (sfacctd_counter_file): closed after it on shutdown. */
  stopOutputs?: () => Promise<void>;
  /** The BGP daemon's looking glass for the HTTP API (bgp_daemon). */
  lookingGlass?: (request: readonly string[]) => string[];
  lifecycle: (hooks: LifecycleHooks) => DaemonLifecycle;
}

/**
 * Where AS numbers (`<daemon>_as`) and prefixes (`<daemon>_net`) come from:
 * the export itself, networks_file ('file'), networks_mask ('mask'), the BGP
 * RIBs ('bgp', with bgp_daemon: src/enrich/bgpLookupStage.ts), or the
 * longest of those ('longest', alias 'fallback'; see
 * src/enrich/networksFileStage.ts). IGP and BMP cannot be configured
 * in tsacct yet: they would be silently ignored, so they are refused, with
 * the line that asked for them. Called before the daemon starts (and
 * before -D detaches).
 */
export function checkFlowCollectorConfig(config: LoadedConfig): void {
  const bgp = config.global.bool('bgp_daemon');
  if (bgp) {
    checkBgpDaemonConfig(config);
    bgpLookupSettings(config);
  }
  const own = config.daemon === 'sfacctd' ? 'sflow' : 'netflow';
  // 'bgp' needs the BGP thread (bgp_daemon: true) to look the flows up in.
  const implemented = [own, 'longest', 'fallback', 'file', 'mask', ...(bgp ? ['bgp'] : [])];
  const problems: string[] = [];
  const scopes: ScopedConfig[] = [config.global, ...config.plugins.map((p) => p.config)];
  for (const key of [`${config.daemon}_as`, `${config.daemon}_net`]) {
    const reported = new Set<string>();
    for (const scope of scopes) {
      const value = scope.has(key) ? scope.str(key) : undefined;
      if (value === undefined || implemented.includes(value)) continue;
      const at = scope.where(key);
      const place = at ? `${at.file}:${at.line}` : 'configuration';
      if (reported.has(place)) continue;
      reported.add(place);
      problems.push(`${place}: ${key}: '${value}' is not implemented in tsacct yet (implemented: ${implemented.join(', ')})`);
    }
  }
  problems.push(...clusterConfigProblems(config));
  problems.push(...kafkaInputProblems(config));
  if (problems.length > 0) throw new ConfigError(problems);
}

export async function runFlowCollector(setup: FlowCollectorSetup): Promise<void> {
  const { config, logger, pipeline } = setup;
  const g = config.global;
  const listener = new ThreadedUdpListener();
  let bound: BoundUdpSocket | null = null;
  const dropWatch = new KernelDropWatch(listener, (grown, total) => {
    logger.limited(
      'kernel-drops',
      'WARN',
      `the kernel dropped ${grown} datagrams on UDP port ${bound?.port} (${total} in all): the receive buffer overflowed; raise ${setup.rcvbufKey}`,
      60_000,
    );
  });
  let replayAbort: AbortController | null = null;
  let kafkaInput: KafkaDatagramSource | null = null;
  let savefileStatistics: string | null = null;
  const cluster = clusterRegistryFor(config, logger);
  const api = g.has('web_port')
    ? new HttpApi(
        {
          daemon: setup.daemon,
          exporters: setup.exporterCounters,
          receive: () => (bound ? listener.statistics() : null),
          recordsIn: () => pipeline.recordsIn,
          plugins: () => pipeline.consumers.map((c) => c.statistics()),
          memoryTables: setup.services.memoryTables,
          cluster: () => cluster?.status() ?? null,
          ...(setup.lookingGlass ? { lookingGlass: setup.lookingGlass } : {}),
        },
        { ip: g.str('web_ip') ?? '127.0.0.1', port: g.int('web_port'), token: g.str('web_token') ?? null },
        logger,
      )
    : null;

  const lifecycle = setup.lifecycle({
    stop: async () => {
      await cluster?.stop();
      replayAbort?.abort();
      await kafkaInput?.stop();
      await api?.close();
      dropWatch.stop();
      await listener.close();
      await pipeline.stop();
      await setup.stopOutputs?.();
    },
    statistics: () => [
      `${setup.daemon}: records in ${pipeline.recordsIn}`,
      ...(bound ? [`${setup.daemon}: ${listener.statisticsLine()}`] : []),
      ...(savefileStatistics ? [savefileStatistics] : []),
      ...(kafkaInput ? [kafkaInput.statisticsLine()] : []),
      ...(cluster ? [cluster.statisticsLine()] : []),
      ...setup.decoderStatistics(),
      ...pipeline.consumers.map((c) => {
        const s = c.statistics();
        const waiting = s.pendingEntries ? `, pending ${s.pendingEntries} (spooled ${s.spooledEntries ?? 0})` : '';
        return `plugin ${s.name}/${s.type}: records ${s.recordsIn}, cache entries ${s.cacheEntries}, flushes ${s.flushes} (last ${Math.round(s.lastFlushMs)} ms), write errors ${s.writeErrors}, dropped ${s.dropped}${waiting}`;
      }),
    ],
  });
  lifecycle.installSignalHandlers();
  if (g.has('pidfile')) lifecycle.writePidFile(g.str('pidfile')!);
  pipeline.start();
  cluster?.start();
  await api?.listen();

  const savefile = g.str('pcap_savefile');
  if (savefile) {
    logger.info(`reading ${setup.daemon === 'nfacctd' ? 'NetFlow/IPFIX' : 'sFlow'} data from: ${savefile}`);
    replayAbort = new AbortController();
    const source = new PcapSavefileSource(savefile, {
      replay: g.has('pcap_savefile_replay') ? g.int('pcap_savefile_replay') : 1,
      delaySeconds: g.has('pcap_savefile_delay') ? g.int('pcap_savefile_delay') : 0,
      signal: replayAbort.signal,
    });
    const replayed = await source.run(setup.decode, logger);
    savefileStatistics = `savefile ${savefile}: ${replayed.frames} frames, ${replayed.datagrams} UDP datagrams, ${replayed.readErrors} read errors`;
    if (g.bool('pcap_savefile_wait')) {
      logger.info('end of savefile reached: waiting (pcap_savefile_wait), stop with SIGINT/SIGTERM');
      return;
    }
    await lifecycle.shutdown(0);
    return;
  }

  if (hasKafkaInput(config)) {
    kafkaInput = startKafkaInput(config, logger, setup.decode);
    return;
  }

  const rcvbufSize = g.has(setup.rcvbufKey) ? g.int(setup.rcvbufKey) : 0;
  bound = await listener.listen(
    {
      ip: g.str(setup.ipKey) ?? '',
      port: g.has(setup.portKey) ? g.int(setup.portKey) : setup.defaultPort,
      rcvbufSize,
      onHandlerError: (err) => {
        logger.limited('datagram-handler', 'ERROR', `error while processing a datagram, skipped: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
      },
      onSocketError: (err) => {
        logger.limited('udp-socket', 'ERROR', `UDP socket error: ${err.message}`);
      },
    },
    setup.decode,
  );
  if (rcvbufSize > 0) {
    const grant = describeReceiveBufferGrant(setup.rcvbufKey, rcvbufSize, bound.receiveBufferSize);
    logger.info(grant.info);
    if (grant.warning) logger.warn(grant.warning);
  }
  dropWatch.start();
  logger.info(`receive thread: ${listener.receiver}`);
  logger.info(`waiting for ${setup.daemon === 'nfacctd' ? 'NetFlow/IPFIX' : 'sFlow'} data on ${bound.address.includes(':') ? `[${bound.address}]` : bound.address}:${bound.port}`);
}
