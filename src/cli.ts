/**
 * `tsacct <daemon> [pmacct switches]`: picks the daemon, loads its pmacct
 * configuration (file and command line), and runs it; `start` runs nfacctd
 * on the embedded default configuration.
 */
import { readFileSync } from 'node:fs';
import { ConfigError, loadConfigText, loadDaemonConfig, type DaemonName, type LoadedConfig } from './config/index.ts';
import { createLogger, type Logger } from './core/logger.ts';
import { runNfacctd } from './daemons/nfacctd.ts';
import { DEFAULT_CONFIG_TEXT } from './daemons/defaultConfig.ts';
import { primitiveListing } from './output/primitiveListing.ts';
import { daemonUsage, daemonVersion } from './config/index.ts';

const RUNNABLE: Partial<Record<DaemonName, (config: LoadedConfig, logger: Logger) => Promise<void>>> = {
  nfacctd: runNfacctd,
};

const USAGE = `usage: tsacct <command> [options]

commands:
  nfacctd [pmacct nfacctd switches]   NetFlow v5/v9 and IPFIX collector (try: tsacct nfacctd -h)
  start                               nfacctd on the embedded default configuration (see README)
  version                             print the version
`;

export async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (!command || command === '-h' || command === '--help' || command === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  if (command === 'version' || command === '-V' || command === '--version') {
    process.stdout.write(`tsacct ${packageVersion()}\n`);
    return;
  }
  try {
    if (command === 'start') {
      const config = loadConfigText('nfacctd', DEFAULT_CONFIG_TEXT, '(embedded default config)');
      await run(config);
      return;
    }
    const daemon = command as DaemonName;
    const action = loadDaemonConfig(daemon, rest);
    switch (action.action) {
      case 'help':
        process.stdout.write(daemonUsage(daemon));
        return;
      case 'version':
        process.stdout.write(daemonVersion(daemon));
        return;
      case 'list-primitives':
        process.stdout.write(`${daemonVersion(daemon).split('\n')[0]}\n${primitiveListing(asFlowDaemon(daemon))}`);
        return;
      case 'run':
        await run(action.config);
        return;
    }
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.problems.join('\n')}\n`);
      process.exit(1);
    }
    throw err;
  }
}

async function run(config: LoadedConfig): Promise<void> {
  const runner = RUNNABLE[config.daemon];
  if (!runner) throw new Error(`daemon '${config.daemon}' is not implemented in tsacct yet`);
  const logger = createLogger({ tag: 'default/core', debug: config.global.bool('debug'), file: config.global.str('logfile') });
  await runner(config, logger);
}

function asFlowDaemon(daemon: DaemonName): 'nfacctd' | 'sfacctd' | 'pmacctd' | 'uacctd' {
  if (daemon === 'nfacctd' || daemon === 'sfacctd' || daemon === 'pmacctd' || daemon === 'uacctd') return daemon;
  throw new Error(`${daemon} has no aggregation primitives`);
}

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
