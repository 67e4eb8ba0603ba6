/**
 * pmbgpd: the standalone BGP collector. Composes the BGP daemon (passive
 * sessions, per-peer RIBs, message log and table dumps) with the Unix
 * daemon life cycle: SIGINT/SIGTERM end the sessions with a Cease and
 * exit, SIGUSR1 logs the statistics, SIGUSR2 reloads the allow file,
 * SIGHUP reopens the message log files. With web_port, the HTTP API
 * serves /healthz, /metrics and the looking glass (POST /api/v1/bgp/lg).
 * With bgp_daemon_xconnect_map it is a BGP proxy instead of a collector.
 */
import type { LoadedConfig } from '../config/index.ts';
import { DaemonLifecycle } from '../core/daemonLifecycle.ts';
import type { Logger } from '../core/logger.ts';
import { HttpApi } from '../web/httpApi.ts';
import { checkBgpDaemonConfig, startBgpDaemon } from './bgpDaemon.ts';
import { lookingGlassOf } from './bgpLookingGlassSetup.ts';
import { startXconnectProxy } from './bgpXconnectSetup.ts';

export function checkPmbgpdConfig(config: LoadedConfig): void {
  checkBgpDaemonConfig(config);
}

/** What pmbgpd runs: the collector, or with bgp_daemon_xconnect_map the proxy. */
interface BgpService {
  stop(): Promise<void>;
  statistics(): string[];
  reopenLogs?(): void;
  lookingGlass?: (request: readonly string[]) => string[];
}

async function startService(config: LoadedConfig, logger: Logger): Promise<BgpService> {
  if (config.global.has('bgp_daemon_xconnect_map')) return startXconnectProxy(config, logger);
  const collector = await startBgpDaemon(config, logger);
  return {
    stop: () => collector.stop(),
    statistics: () => collector.statistics(),
    reopenLogs: () => collector.reopenLogs(),
    lookingGlass: lookingGlassOf(collector),
  };
}

export async function runPmbgpd(config: LoadedConfig, logger: Logger): Promise<void> {
  const service = await startService(config, logger);
  const g = config.global;
  const api = g.has('web_port')
    ? new HttpApi(
        {
          daemon: 'pmbgpd',
          exporters: () => [],
          receive: () => null,
          recordsIn: () => 0,
          plugins: () => [],
          memoryTables: new Map(),
          ...(service.lookingGlass ? { lookingGlass: service.lookingGlass } : {}),
        },
        { ip: g.str('web_ip') ?? '127.0.0.1', port: g.int('web_port'), token: g.str('web_token') ?? null },
        logger,
      )
    : null;
  const lifecycle = new DaemonLifecycle(
    {
      stop: async () => {
        await api?.close();
        await service.stop();
      },
      statistics: () => service.statistics(),
      ...(service.reopenLogs ? { reopenLogs: () => service.reopenLogs!() } : {}),
    },
    logger,
  );
  lifecycle.installSignalHandlers();
  if (g.has('pidfile')) lifecycle.writePidFile(g.str('pidfile')!);
  await api?.listen();
}
