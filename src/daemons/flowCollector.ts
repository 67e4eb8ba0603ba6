/**
 * What nfacctd and sfacctd share once their decoder is chosen: read
 * datagrams from a UDP socket or replay a pcap savefile (-I), run them
 * through the pipeline, and live like a pmacct daemon (pidfile, signals,
 * statistics on SIGUSR1 and at exit, flush on shutdown).
 */
import type { LoadedConfig } from '../config/index.ts';
import { UdpListener } from '../collect/udpListener.ts';
import { PcapSavefileSource } from '../collect/pcapSavefileSource.ts';
import type { DaemonLifecycle, LifecycleHooks } from '../core/daemonLifecycle.ts';
import type { Logger } from '../core/logger.ts';
import type { Pipeline } from '../core/pipeline.ts';
import type { ExporterRef } from '../model/exporterRef.ts';

export interface FlowCollectorSetup {
  daemon: 'nfacctd' | 'sfacctd';
  config: LoadedConfig;
  logger: Logger;
  pipeline: Pipeline;
  defaultPort: number;
  ipKey: string;
  portKey: string;
  rcvbufKey: string;
  decode: (payload: Uint8Array, exporter: ExporterRef, arrivalSec: number, arrivalUsec: number) => void;
  decoderStatistics: () => string[];
  lifecycle: (hooks: LifecycleHooks) => DaemonLifecycle;
}

export async function runFlowCollector(setup: FlowCollectorSetup): Promise<void> {
  const { config, logger, pipeline } = setup;
  const g = config.global;
  const listener = new UdpListener();
  let replayAbort: AbortController | null = null;
  let savefileStatistics: string | null = null;

  const lifecycle = setup.lifecycle({
    stop: async () => {
      replayAbort?.abort();
      await listener.close();
      await pipeline.stop();
    },
    statistics: () => [
      `${setup.daemon}: records in ${pipeline.recordsIn}`,
      ...(savefileStatistics ? [savefileStatistics] : []),
      ...setup.decoderStatistics(),
      ...pipeline.consumers.map((c) => {
        const s = c.statistics();
        return `plugin ${s.name}/${s.type}: records ${s.recordsIn}, cache entries ${s.cacheEntries}, flushes ${s.flushes}, write errors ${s.writeErrors}, dropped ${s.dropped}`;
      }),
    ],
  });
  lifecycle.installSignalHandlers();
  if (g.has('pidfile')) lifecycle.writePidFile(g.str('pidfile')!);
  pipeline.start();

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

  const bound = await listener.listen(
    {
      ip: g.str(setup.ipKey) ?? '',
      port: g.has(setup.portKey) ? g.int(setup.portKey) : setup.defaultPort,
      rcvbufSize: g.has(setup.rcvbufKey) ? g.int(setup.rcvbufKey) : 0,
    },
    setup.decode,
  );
  logger.info(`waiting for ${setup.daemon === 'nfacctd' ? 'NetFlow/IPFIX' : 'sFlow'} data on ${bound.address}:${bound.port}`);
}
