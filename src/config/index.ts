// The configuration system as the rest of tsacct uses it: load a daemon's
// configuration from its command line (and the -f file), or from text.
import { readFileSync, statSync } from 'node:fs';
import { parseCommandLine } from './commandLine.ts';
import { ConfigError } from './configError.ts';
import { parseConfigText } from './configFileParser.ts';
import type { DaemonName } from './daemonName.ts';
import { COMMAND_LINE, type CommandLineAction, type LoadedConfig } from './loadedConfig.ts';
import { resolveConfig } from './resolveConfig.ts';

export type { DaemonName } from './daemonName.ts';
export type {
  CommandLineAction,
  LoadedConfig,
  PluginInstance,
  ScopedConfig,
  SourceLocation,
} from './loadedConfig.ts';
export { ConfigError } from './configError.ts';
export { setAggregateValidator, type AggregateValidator } from './aggregateValidator.ts';
export { daemonUsage, daemonVersion } from './daemonHelpText.ts';
export { parseDuration, type Duration } from './durations.ts';
export { CONFIG_KEYS, findConfigKey } from './configKeys.ts';
export type { ConfigKey, ConfigValueType, KeyScope, KeyStatus } from './configKey.ts';

// Reads the switches, and the -f file if one is given. Switches are applied after
// the file, so they win over it. Throws ConfigError listing every problem.
export function loadDaemonConfig(daemon: DaemonName, argv: string[]): CommandLineAction {
  const commandLine = parseCommandLine(daemon, argv);
  if (commandLine.kind === 'action') return { action: commandLine.action, daemon };
  const { configFile } = commandLine;
  if (configFile === undefined) {
    const config = resolveConfig(commandLine.lines, { daemon, origin: COMMAND_LINE, pluginNamesIgnored: true });
    return { action: 'run', config };
  }
  const parsed = parseConfigText(readConfigFile(configFile), configFile);
  const config = resolveConfig(
    [...parsed.lines, ...commandLine.lines],
    { daemon, origin: configFile, pluginNamesIgnored: false, configFile },
    parsed.problems,
  );
  return { action: 'run', config };
}

// For tests and embedded configurations: `file` names the text in messages.
export function loadConfigText(daemon: DaemonName, text: string, file: string): LoadedConfig {
  const parsed = parseConfigText(text, file);
  return resolveConfig(parsed.lines, { daemon, origin: file, pluginNamesIgnored: false, configFile: file }, parsed.problems);
}

// The binary's two refusals: "file not found" and "path is not a regular file".
function readConfigFile(path: string): string {
  let isFile: boolean;
  try {
    isFile = statSync(path).isFile();
  } catch {
    throw new ConfigError([`${path}: file not found`]);
  }
  if (!isFile) throw new ConfigError([`${path}: not a regular file`]);
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError([`${path}: cannot be read (${error instanceof Error ? error.message : String(error)})`]);
  }
}
