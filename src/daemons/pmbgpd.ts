/**
 * pmbgpd: the standalone BGP collector. Composes the BGP daemon (passive
 * sessions, per-peer RIBs, message log and table dumps) with the Unix
 * daemon life cycle: SIGINT/SIGTERM end the sessions with a Cease and
 * exit, SIGUSR1 logs the statistics, SIGUSR2 reloads the allow file,
 * SIGHUP reopens the message log files.
 */
import type { LoadedConfig } from '../config/index.ts';
import { DaemonLifecycle } from '../core/daemonLifecycle.ts';
import type { Logger } from '../core/logger.ts';
import { checkBgpDaemonConfig, startBgpDaemon } from './bgpDaemon.ts';

export function checkPmbgpdConfig(config: LoadedConfig): void {
  checkBgpDaemonConfig(config);
}

export async function runPmbgpd(config: LoadedConfig, logger: Logger): Promise<void> {
  const collector = await startBgpDaemon(config, logger);
  const lifecycle = new DaemonLifecycle(
    {
      stop: () => collector.stop(),
      statistics: () => collector.statistics(),
      reopenLogs: () => collector.reopenLogs(),
    },
    logger,
  );
  lifecycle.installSignalHandlers();
  const g = config.global;
  if (g.has('pidfile')) lifecycle.writePidFile(g.str('pidfile')!);
}
