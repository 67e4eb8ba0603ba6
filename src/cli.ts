/**
 * `tsacct <daemon> [pmacct switches]`: picks the daemon, loads its pmacct
 * configuration (file and command line), and runs it; `start` runs nfacctd
 * on the embedded default configuration.
 */
import { readFileSync } from 'node:fs';
import { ConfigError, loadConfigText, loadDaemonConfig, type DaemonName, type LoadedConfig } from './config/index.ts';
import { createLogger, type Logger } from './core/logger.ts';
import { respawnDetached, takeDetachedMark } from './core/daemonize.ts';
import { runNfacctd } from './daemons/nfacctd.ts';
import { checkSfacctdConfig, runSfacctd } from './daemons/sfacctd.ts';
import { checkPmbgpdConfig, runPmbgpd } from './daemons/pmbgpd.ts';
import { runPmacctClient } from './client/pmacctClient.ts';
import { checkFlowCollectorConfig } from './daemons/flowCollector.ts';
import { DEFAULT_CONFIG_TEXT } from './daemons/defaultConfig.ts';
import { primitiveListing } from './output/primitiveListing.ts';
import { daemonUsage, daemonVersion, setAggregateValidator } from './config/index.ts';
import { AggregateError, aggregateNameProblem, buildAggregateLayout } from './model/aggregateLayout.ts';
import { AGGREGATE_KEYWORDS, builtInPrimitiveByName, primitiveByName } from './model/primitiveCatalog.ts';
import { CustomPrimitiveSet, setCustomPrimitives } from './model/customPrimitive.ts';
import { loadCustomPrimitives } from './maps/customPrimitives.ts';

// The config loader checks `aggregate` names against the primitive catalog, so
// a misspelt primitive is reported with its file:line like any other key error.
// A name the catalog does not know may be an aggregate_primitives custom one:
// that map is read once the whole config is, and checkAggregateLayouts then
// reports the names still unknown, at their file:line too.
setAggregateValidator(
  (primitive, daemon) =>
    daemon === 'nfacctd' || daemon === 'sfacctd' || daemon === 'pmacctd' || daemon === 'uacctd' ? aggregateNameProblem(primitive, daemon) : undefined,
  (primitive) => primitiveByName(primitive) === undefined && /^[a-z0-9_-]+$/.test(primitive),
);

interface Runnable {
  /** Refuses settings the daemon would otherwise ignore (throws ConfigError), before anything starts. */
  check(config: LoadedConfig): void;
  run(config: LoadedConfig, logger: Logger): Promise<void>;
}

const RUNNABLE: Partial<Record<DaemonName, Runnable>> = {
  nfacctd: { check: checkFlowCollectorConfig, run: runNfacctd },
  sfacctd: { check: checkSfacctdConfig, run: runSfacctd },
  pmbgpd: { check: checkPmbgpdConfig, run: runPmbgpd },
};

const USAGE = `usage: tsacct <command> [options]

commands:
  nfacctd [pmacct nfacctd switches]   NetFlow v5/v9 and IPFIX collector (try: tsacct nfacctd -h)
  sfacctd [pmacct sfacctd switches]   sFlow v2/v4/v5 collector
  pmbgpd [pmacct pmbgpd switches]     BGP collector: passive sessions, msglog, table dumps
  pmacct [pmacct client switches]     query a memory plugin table (try: tsacct pmacct -h)
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
  if (command === 'pmacct') {
    process.exitCode = await runPmacctClient(rest, { out: (text) => process.stdout.write(text), drained: (resume) => process.stdout.once('drain', resume) });
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
  loadAggregatePrimitives(config);
  runner.check(config);
  checkAggregateLayouts(config);
  const g = config.global;
  const logfile = g.str('logfile');
  const facility = g.str('syslog');
  // pmacct's log lines name the core process: "( <core_proc_name>/core )".
  const tag = `${g.str('core_proc_name') ?? 'default'}/core`;
  // The config was read and checked above, in the foreground: its errors
  // reach the terminal and the exit code before any detaching.
  if (g.bool('daemonize') && !takeDetachedMark()) {
    if (!logfile && !facility) {
      process.stderr.write(`WARN ( ${tag} ): daemonizing with neither logfile nor syslog set: log messages will be lost.\n`);
    }
    await respawnDetached(logfile);
    return;
  }
  const logger = createLogger({
    tag,
    debug: g.bool('debug'),
    file: logfile,
    utc: g.bool('timestamps_utc'),
    syslog: facility ? { facility, ident: config.daemon } : undefined,
  });
  if (facility) logger.info('Start logging ...');
  for (const p of config.plugins) {
    const own = p.config.str('syslog');
    if (own !== facility) {
      logger.warn(`${p.name}/${p.type}: syslog '${own ?? 'none'}' set for the plugin: tsacct plugins log with the daemon, to '${facility ?? 'stderr'}'`);
    }
  }
  // As pmacct titles its core process (ps, pgrep -f "nfacctd: Core Process").
  process.title = `${config.daemon}: Core Process [${g.str('core_proc_name') ?? 'default'}]`;
  await runner.run(config, logger);
}

/**
 * aggregate_primitives: reads the custom primitive definitions once (pmacct
 * does not reload them) and makes their names known to `aggregate`.
 */
function loadAggregatePrimitives(config: LoadedConfig): void {
  const file = config.global.str('aggregate_primitives');
  if (!file) {
    setCustomPrimitives(null);
    return;
  }
  if (config.daemon !== 'nfacctd' && config.daemon !== 'sfacctd') {
    const at = config.global.where('aggregate_primitives');
    throw new ConfigError([`${at ? `${at.file}:${at.line}` : 'command line'}: aggregate_primitives is supported by tsacct in nfacctd (field_type, packet_ptr on dataLinkFrameSection) and sfacctd (packet_ptr on sampled headers); ${config.daemon} has no source for custom primitives yet`]);
  }
  const defs = loadCustomPrimitives(file, (name) => builtInPrimitiveByName(name) !== undefined || (AGGREGATE_KEYWORDS as readonly string[]).includes(name), { daemon: config.daemon });
  setCustomPrimitives(new CustomPrimitiveSet(defs));
}

/** Conflicts between `aggregate` names (sum_* with others, nat_event with fw_event), reported at their file:line. */
function checkAggregateLayouts(config: LoadedConfig): void {
  const daemon = config.daemon;
  if (daemon !== 'nfacctd' && daemon !== 'sfacctd' && daemon !== 'pmacctd' && daemon !== 'uacctd') return;
  const problems: string[] = [];
  for (const plugin of config.plugins) {
    try {
      buildAggregateLayout(plugin.config.list('aggregate'), daemon);
    } catch (err) {
      if (!(err instanceof AggregateError)) throw err;
      const at = plugin.config.where('aggregate');
      problems.push(`${at ? `${at.file}:${at.line}` : 'command line'}: ${err.message} (plugin '${plugin.name}')`);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
}

function asFlowDaemon(daemon: DaemonName): 'nfacctd' | 'sfacctd' | 'pmacctd' | 'uacctd' {
  if (daemon === 'nfacctd' || daemon === 'sfacctd' || daemon === 'pmacctd' || daemon === 'uacctd') return daemon;
  throw new Error(`${daemon} has no aggregation primitives`);
}

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
