/**
 * sfacctd: sFlow v5 collector. Composes a datagram source (UDP socket, or a
 * pcap savefile for offline replay), the sFlow decoder and the configured
 * plugins. Counter samples are decoded and counted; their output
 * (sfacctd_counter_file) comes with a later increment.
 */
import type { LoadedConfig } from '../config/index.ts';
import { DaemonLifecycle } from '../core/daemonLifecycle.ts';
import type { Logger } from '../core/logger.ts';
import { Pipeline, type EnrichStage } from '../core/pipeline.ts';
import { SflowDecoder } from '../decode/sflow/sflowDecoder.ts';
import { createPlugin } from '../plugins/index.ts';
import { runFlowCollector } from './flowCollector.ts';

export async function runSfacctd(config: LoadedConfig, logger: Logger): Promise<void> {
  const decoder = new SflowDecoder();
  // sfacctd_renormalize is not implemented yet (pmacct's sFlow renormalisation
  // differs from the NetFlow one): the config loader refuses it by name.
  const stages: EnrichStage[] = [];
  const consumers = config.plugins.map((p) => createPlugin(p, 'sfacctd', logger));
  const pipeline = new Pipeline(stages, consumers);

  await runFlowCollector({
    daemon: 'sfacctd',
    config,
    logger,
    pipeline,
    defaultPort: 6343,
    ipKey: 'sfacctd_ip',
    portKey: 'sfacctd_port',
    rcvbufKey: 'sfacctd_pipe_size',
    decode: (payload, exporter, sec, usec) => {
      decoder.decode(payload, exporter, sec, usec, pipeline.process);
    },
    decoderStatistics: () => decoder.statisticsLines(),
    lifecycle: (hooks) => new DaemonLifecycle(hooks, logger),
  });
}
