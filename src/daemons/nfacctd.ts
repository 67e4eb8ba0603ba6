/**
 * nfacctd: NetFlow v5/v9 and IPFIX collector. Composes a datagram source
 * (UDP socket, or a pcap savefile for offline replay), the NetFlow decoder,
 * the enrichment stages and the configured plugins.
 */
import type { LoadedConfig } from '../config/index.ts';
import { DaemonLifecycle } from '../core/daemonLifecycle.ts';
import { memoryLogger, type Logger } from '../core/logger.ts';
import { Pipeline, type EnrichStage } from '../core/pipeline.ts';
import { NetflowDecoder } from '../decode/netflow/netflowDecoder.ts';
import { activeCustomPrimitives } from '../model/customPrimitive.ts';
import { buildEnrichStages } from '../enrich/enrichStages.ts';
import { samplingMapOf, samplingMapStage, samplingRenormalizeStage } from '../enrich/samplingRenormalize.ts';
import { createPlugin, newPluginServices, type PluginServices } from '../plugins/index.ts';
import { runFlowCollector } from './flowCollector.ts';
import { exporterCountersOf } from '../web/daemonTelemetry.ts';
import { warmUpNetflow } from './jitWarmup.ts';
import { startBgpDaemon } from './bgpDaemon.ts';
import { lookingGlassOf } from './bgpLookingGlassSetup.ts';
import type { BgpRibSource } from '../enrich/bgpLookupStage.ts';

/** The decode → enrich → plugins path, built the same way for real and for the JIT warm-up. */
function buildFlowPath(config: LoadedConfig, logger: Logger, services: PluginServices, bgp: BgpRibSource | null): { decoder: NetflowDecoder; pipeline: Pipeline } {
  const g = config.global;
  const decoder = new NetflowDecoder({
    timeSecs: g.bool('nfacctd_time_secs'),
    timeNew: g.bool('nfacctd_time_new'),
    disableChecks: g.bool('nfacctd_disable_checks'),
    accountOptions: g.bool('nfacctd_account_options'),
    customPrimitives: activeCustomPrimitives(),
  });
  // With bgp_daemon: the BGP lookup and the maps around it (src/enrich/enrichStages.ts).
  const stages: EnrichStage[] = buildEnrichStages(config, 'nfacctd', logger, bgp);
  const samplingMap = samplingMapOf(config, logger);
  if (samplingMap !== null) stages.push(samplingMapStage(samplingMap));
  if (g.bool('nfacctd_renormalize')) {
    stages.push(samplingRenormalizeStage({ extSamplingRate: g.has('nfacctd_ext_sampling_rate') ? g.int('nfacctd_ext_sampling_rate') : 0 }));
  }
  const consumers = config.plugins.map((p) => createPlugin(p, 'nfacctd', logger, services));
  return { decoder, pipeline: new Pipeline(stages, consumers) };
}

export async function runNfacctd(config: LoadedConfig, logger: Logger): Promise<void> {
  if (!config.global.str('pcap_savefile')) {
    // Live sockets only: a throwaway path gets the JIT ready before the first real datagram.
    const throwaway = buildFlowPath(config, memoryLogger(), newPluginServices(), null);
    warmUpNetflow(throwaway.decoder, throwaway.pipeline);
  }
  const services = newPluginServices();
  // bgp_daemon: sessions and RIBs beside the flows, which the BGP lookup stage correlates with them.
  const bgp = config.global.bool('bgp_daemon') ? await startBgpDaemon(config, logger) : null;
  const { decoder, pipeline } = buildFlowPath(config, logger, services, bgp);

  await runFlowCollector({
    daemon: 'nfacctd',
    config,
    logger,
    pipeline,
    defaultPort: 2100,
    ipKey: 'nfacctd_ip',
    portKey: 'nfacctd_port',
    rcvbufKey: 'nfacctd_pipe_size',
    decode: (payload, exporter, sec, usec) => {
      decoder.decode(payload, exporter, sec, usec, pipeline.process);
    },
    decoderStatistics: () => (bgp ? [...decoder.statisticsLines(), ...bgp.statistics()] : decoder.statisticsLines()),
    exporterCounters: () => exporterCountersOf(decoder.stats),
    services,
    stopOutputs: bgp ? () => bgp.stop() : undefined,
    lookingGlass: bgp ? lookingGlassOf(bgp) : undefined,
    lifecycle: (hooks) => new DaemonLifecycle(bgp ? { ...hooks, reopenLogs: () => bgp.reopenLogs() } : hooks, logger),
  });
}
