/**
 * sfacctd: sFlow v2, v4 and v5 collector. Composes a datagram source (UDP socket, or a
 * pcap savefile for offline replay), the sFlow decoder and the configured
 * plugins. Counter samples go to the counter log when one is set (file,
 * Kafka or AMQP: sflowCounterOutputs.ts);
 * sfacctd_renormalize (-R) scales counters by pmacct's effective sampling
 * rate (src/enrich/sflowSamplingRenormalize.ts), or by the sampling_map
 * rate where a rule matches (src/maps/samplingMap.ts).
 */
import { ConfigError, type LoadedConfig } from '../config/index.ts';
import { DaemonLifecycle } from '../core/daemonLifecycle.ts';
import type { Logger } from '../core/logger.ts';
import { Pipeline, type EnrichStage } from '../core/pipeline.ts';
import { readSflowDatagramAgent } from '../decode/sflow/sflowDatagramAgent.ts';
import { SflowDecoder } from '../decode/sflow/sflowDecoder.ts';
import { activeCustomPrimitives } from '../model/customPrimitive.ts';
import type { SflowDecodeOutcome } from '../decode/sflow/sflowDecodeOutcome.ts';
import { buildEnrichStages } from '../enrich/enrichStages.ts';
import { samplingMapOf, samplingMapStage } from '../enrich/samplingRenormalize.ts';
import { SflowSamplingRenormalizer } from '../enrich/sflowSamplingRenormalize.ts';
import { createPlugin, newPluginServices } from '../plugins/index.ts';
import { checkFlowCollectorConfig, runFlowCollector } from './flowCollector.ts';
import { sflowCounterLogOf, sflowCounterOutputProblems } from './sflowCounterOutputs.ts';
import { exporterCountersOf } from '../web/daemonTelemetry.ts';
import { startBgpDaemon } from './bgpDaemon.ts';
import { lookingGlassOf } from './bgpLookingGlassSetup.ts';

/** checkFlowCollectorConfig's checks, and the counter log's (before the daemon starts). */
export function checkSfacctdConfig(config: LoadedConfig): void {
  checkFlowCollectorConfig(config);
  const problems = sflowCounterOutputProblems(config);
  if (problems.length > 0) throw new ConfigError(problems);
}

export async function runSfacctd(config: LoadedConfig, logger: Logger): Promise<void> {
  const g = config.global;
  const decoder = new SflowDecoder({ customPrimitives: activeCustomPrimitives() });
  // bgp_daemon: sessions and RIBs beside the flows, which the BGP lookup stage correlates with them.
  const bgp = g.bool('bgp_daemon') ? await startBgpDaemon(config, logger) : null;
  const stages: EnrichStage[] = buildEnrichStages(config, 'sfacctd', logger, bgp);
  const services = newPluginServices();
  const consumers = config.plugins.map((p) => createPlugin(p, 'sfacctd', logger, services));
  const samplingMap = samplingMapOf(config, logger);
  if (g.bool('sfacctd_renormalize')) {
    const renormalizer = new SflowSamplingRenormalizer(decoder, {
      extSamplingRate: g.has('sfacctd_ext_sampling_rate') ? g.int('sfacctd_ext_sampling_rate') : 0,
    });
    if (samplingMap !== null) stages.push((rec) => renormalizer.applyMapped(rec, samplingMap.map.rateOf(rec)));
    else stages.push(renormalizer.stage);
  } else if (samplingMap !== null) {
    stages.push(samplingMapStage(samplingMap));
  }
  const pipeline = new Pipeline(stages, consumers);
  const sequenceLog = g.bool('sfacctd_disable_checks') ? null : sequenceChecker(config, logger);
  const counterLog = sflowCounterLogOf(config, logger);

  const stopOutputs = async (): Promise<void> => {
    await counterLog?.stop();
    await bgp?.stop();
  };

  await runFlowCollector({
    daemon: 'sfacctd',
    config,
    logger,
    pipeline,
    defaultPort: 6343,
    ipKey: 'sfacctd_ip',
    portKey: 'sfacctd_port',
    rcvbufKey: 'sfacctd_pipe_size',
    decode: counterLog
      ? (payload, exporter, sec, usec, captureSec) => {
          counterLog.beginDatagram(readSflowDatagramAgent(payload));
          const outcome = decoder.decode(payload, exporter, sec, usec, pipeline.process, counterLog.emit, captureSec);
          sequenceLog?.(outcome);
        }
      : (payload, exporter, sec, usec, captureSec) => {
          const outcome = decoder.decode(payload, exporter, sec, usec, pipeline.process, undefined, captureSec);
          sequenceLog?.(outcome);
        },
    decoderStatistics: () => [
      ...decoder.statisticsLines(),
      ...(counterLog ? [counterLog.statisticsLine()] : []),
      ...(bgp ? bgp.statistics() : []),
    ],
    exporterCounters: () => exporterCountersOf(decoder.stats),
    services,
    stopOutputs: counterLog || bgp ? stopOutputs : undefined,
    lookingGlass: bgp ? lookingGlassOf(bgp) : undefined,
    lifecycle: (hooks) => new DaemonLifecycle(bgp ? { ...hooks, reopenLogs: () => bgp.reopenLogs() } : hooks, logger),
  });
}

/**
 * sfacctd_disable_checks: false: pmacct's line for every datagram whose
 * sequence number is not the previous one's + 1 for its agent and
 * sub-agent (the collector address is sfacctd_ip or 0.0.0.0, its port 0
 * when replaying a savefile, as pmacct prints them).
 */
function sequenceChecker(config: LoadedConfig, logger: Logger): (outcome: SflowDecodeOutcome) => void {
  const g = config.global;
  const collector = `${g.str('sfacctd_ip') ?? '0.0.0.0'}:${g.str('pcap_savefile') ? 0 : g.has('sfacctd_port') ? g.int('sfacctd_port') : 6343}`;
  return (outcome) => {
    const agent = outcome.agent;
    if (agent === null || outcome.sequenceExpected < 0) return;
    logger.info(`expecting flow '${outcome.sequenceExpected}' but received '${outcome.sequenceReceived}' collector=${collector} agent=${agent.agent}:${agent.subAgentId}`);
  };
}
