/**
 * Unix-daemon lifecycle shared by every daemon, as pmacct behaves:
 * SIGINT/SIGTERM flush the caches and exit, SIGUSR1 logs statistics,
 * SIGUSR2 reloads maps, SIGHUP reopens logs; a pidfile when asked.
 */
import { writeFileSync, rmSync } from 'node:fs';
import type { Logger } from './logger.ts';
import { mapReloader } from '../maps/mapReloader.ts';

export interface LifecycleHooks {
  /** Stops inputs, flushes every plugin; resolves when all is written. */
  stop(): Promise<void>;
  /** Statistics lines (per exporter, per plugin, losses). */
  statistics(): string[];
  /** Reloads maps (pre_tag_map, networks_file…) when there are any. */
  reloadMaps?(): void;
  /** SIGHUP: reopens output files that outlive a flush (the BGP message log). */
  reopenLogs?(): void;
}

export class DaemonLifecycle {
  private readonly hooks: LifecycleHooks;
  private readonly logger: Logger;
  private stopping: Promise<void> | null = null;
  private pidFile: string | null = null;

  constructor(hooks: LifecycleHooks, logger: Logger) {
    this.hooks = hooks;
    this.logger = logger;
  }

  installSignalHandlers(): void {
    const onStop = (signal: string): void => {
      this.logger.info(`received ${signal}: flushing caches and exiting`);
      void this.shutdown(0);
    };
    process.on('SIGINT', () => onStop('SIGINT'));
    process.on('SIGTERM', () => onStop('SIGTERM'));
    process.on('SIGUSR1', () => this.logStatistics());
    process.on('SIGUSR2', () => this.reloadMaps());
    process.on('SIGHUP', () => {
      this.hooks.reopenLogs?.();
      this.logger.info('SIGHUP: log file reopened');
    });
  }

  /**
   * SIGUSR2: the maps registered by the stages and plugins (pre_tag_map,
   * networks_file), each when its maps_refresh is on; pmacct discards the
   * signal silently otherwise.
   */
  reloadMaps(): void {
    const tried = mapReloader.reloadAll();
    if (this.hooks.reloadMaps) this.hooks.reloadMaps();
    else if (tried === 0 && mapReloader.maps().length === 0) this.logger.info('SIGUSR2: no maps to reload');
  }

  writePidFile(path: string): void {
    writeFileSync(path, `${process.pid}\n`);
    this.pidFile = path;
  }

  logStatistics(): void {
    for (const line of this.hooks.statistics()) this.logger.info(line);
  }

  /** Flushes, logs final statistics, removes the pidfile and exits with `code`. */
  shutdown(code: number): Promise<void> {
    if (!this.stopping) {
      this.stopping = (async () => {
        try {
          await this.hooks.stop();
        } catch (err) {
          this.logger.error(`error while stopping: ${(err as Error).message}`);
          code = code || 1;
        }
        this.logStatistics();
        if (this.pidFile) rmSync(this.pidFile, { force: true });
        process.exitCode = code;
        // stderr and stdout are asynchronous on pipes: exit only once what was
        // written (the final statistics above all) has been handed to the OS.
        await flushed(process.stdout);
        await flushed(process.stderr);
        process.exit(code);
      })();
    }
    return this.stopping;
  }
}

/** Resolves when everything written so far to `stream` is flushed (an empty write's callback comes last). */
function flushed(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (stream.destroyed || !stream.writable) resolve();
    else stream.write('', () => resolve());
  });
}
