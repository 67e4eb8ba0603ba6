// From parsed lines to the configuration each scope sees, checking every line
// against the key registry and reporting all problems at once.
//
// Inheritance, as the 1.7.7 binary applies it (checked with nfacctd, see
// test/config/resolveConfig.test.ts): lines are applied in order, file first and
// command-line switches after it; a line without [name] sets the key for the core
// process and every plugin, a line with [name] only for that plugin; a later line
// overwrites an earlier one, so a global line placed after `key[name]` wins over
// it for that plugin too. Names pmacct stores in one field (ConfigKey.field)
// overwrite each other the same way.
//
// pmacct itself warns and carries on for most of what is refused here; tsacct
// refuses it, so that a configuration never means something other than it says.
import type { ConfigKey } from './configKey.ts';
import { ConfigError } from './configError.ts';
import type { LineProblem } from './configFileParser.ts';
import { keyAsWritten, problemAt, type ConfigLine } from './configLine.ts';
import { appliesTo, findConfigKey, sameFieldNamesFor } from './configKeys.ts';
import { isStringList, parseConfigValue } from './configValue.ts';
import { checkAggregate } from './aggregateValidator.ts';
import { isTrafficDaemon, type DaemonName } from './daemonName.ts';
import { suggestKey } from './keySuggestion.ts';
import { COMMAND_LINE, type LoadedConfig } from './loadedConfig.ts';
import {
  DEFAULT_PLUGIN,
  IMPLEMENTED_PLUGIN_TYPES,
  declarePlugins,
  unimplementedPluginProblem,
  type PluginDeclaration,
} from './pluginDeclarations.ts';
import { SettingsScope, type Setting } from './scopedConfig.ts';

export interface ResolveOptions {
  readonly daemon: DaemonName;
  // Names the whole configuration in problems that belong to no line: the
  // config file, or 'command line' when there is none.
  readonly origin: string;
  // pmacct drops plugin names when there is no config file (switches only).
  readonly pluginNamesIgnored: boolean;
  readonly configFile?: string;
}

// The core process is named 'default' unless core_proc_name says otherwise.
const DEFAULT_CORE_NAME = 'default';

export function resolveConfig(
  lines: readonly ConfigLine[],
  options: ResolveOptions,
  syntaxProblems: readonly LineProblem[] = [],
): LoadedConfig {
  const problems = new ProblemList();
  for (const problem of syntaxProblems) problems.addAt(problem.line, problem.text);

  const declaringLine = lines.find((line) => line.key === 'plugins' && line.plugin === undefined);
  const { plugins, refusedNames } = declaredPlugins(declaringLine, lines, options, problems);
  const declaredNames = new Set(plugins.map((plugin) => plugin.name));

  const settings: Setting[] = [];
  for (const line of lines) {
    // The declaration already explains why such a plugin is missing.
    if (line.plugin !== undefined && refusedNames.has(line.plugin)) continue;
    const setting = checkLine(line, line === declaringLine, declaringLine, declaredNames, options.daemon, problems);
    if (setting) settings.push(setting);
  }
  if (!problems.isEmpty()) throw new ConfigError(problems.texts());

  const globalSettings = settings.filter((setting) => setting.plugin === undefined);
  return {
    daemon: options.daemon,
    global: new SettingsScope('global', globalSettings),
    plugins: plugins.map((plugin) => ({
      name: plugin.name,
      type: plugin.type,
      config: new SettingsScope(
        plugin.name,
        settings.filter((setting) => setting.plugin === undefined || setting.plugin === plugin.name),
      ),
    })),
    ...(options.configFile !== undefined ? { configFile: options.configFile } : {}),
  };
}

// The plugins pmacct would run, reporting those tsacct cannot, and the names of
// those refused outright.
function declaredPlugins(
  declaringLine: ConfigLine | undefined,
  lines: readonly ConfigLine[],
  options: ResolveOptions,
  problems: ProblemList,
): { plugins: PluginDeclaration[]; refusedNames: ReadonlySet<string> } {
  const none = new Set<string>();
  if (!isTrafficDaemon(options.daemon)) return { plugins: [], refusedNames: none };
  if (!declaringLine) {
    if (unimplementedPluginProblem(DEFAULT_PLUGIN) !== undefined) {
      problems.addForWholeConfig(
        `${options.origin}: no 'plugins' key: pmacct then runs a '${DEFAULT_PLUGIN.type}' plugin ` +
          `named ${DEFAULT_PLUGIN.name}, a plugin type tsacct does not implement yet ` +
          `(implemented: ${IMPLEMENTED_PLUGIN_TYPES.join(', ')}); declare the plugins to run`,
      );
    }
    return { plugins: [DEFAULT_PLUGIN], refusedNames: none };
  }
  const outcome = declarePlugins(declaringLine.value, {
    daemon: options.daemon,
    coreName: options.pluginNamesIgnored ? DEFAULT_CORE_NAME : coreProcessName(lines),
    namesIgnored: options.pluginNamesIgnored,
  });
  for (const problem of outcome.problems) problems.addFor(declaringLine, problem);
  for (const plugin of outcome.plugins) {
    const problem = unimplementedPluginProblem(plugin);
    if (problem !== undefined) problems.addFor(declaringLine, problem);
  }
  return { plugins: outcome.plugins, refusedNames: new Set(outcome.refusedNames) };
}

// pmacct names the core process after the first global core_proc_name line.
function coreProcessName(lines: readonly ConfigLine[]): string {
  const line = lines.find((candidate) => candidate.key === 'core_proc_name' && candidate.plugin === undefined);
  return line?.value || DEFAULT_CORE_NAME;
}

// The typed setting a line makes, or undefined after reporting its problems.
function checkLine(
  line: ConfigLine,
  isDeclaringLine: boolean,
  declaringLine: ConfigLine | undefined,
  declaredNames: ReadonlySet<string>,
  daemon: DaemonName,
  problems: ProblemList,
): Setting | undefined {
  const key = findConfigKey(line.key);
  if (!key) {
    const suggestion = suggestKey(line.key, daemon);
    problems.addFor(line, `unknown key '${line.key}'${suggestion ? `; did you mean '${suggestion}'?` : ''}`);
    return undefined;
  }
  const problem = placementProblem(line, key, isDeclaringLine, declaringLine, declaredNames, daemon);
  if (problem !== undefined) {
    problems.addFor(line, problem);
    return undefined;
  }
  const outcome = parseConfigValue(key, line.value);
  if ('problem' in outcome) {
    problems.addFor(line, outcome.problem);
    return undefined;
  }
  if (key.name === 'aggregate' && isStringList(outcome.value)) {
    const aggregateProblems = checkAggregate(outcome.value, daemon);
    for (const aggregateProblem of aggregateProblems) problems.addFor(line, aggregateProblem);
    if (aggregateProblems.length > 0) return undefined;
  }
  return { key, plugin: line.plugin, text: line.value, value: outcome.value, location: line.location };
}

// Why a known key cannot be set where and how this line sets it, if it cannot.
function placementProblem(
  line: ConfigLine,
  key: ConfigKey,
  isDeclaringLine: boolean,
  declaringLine: ConfigLine | undefined,
  declaredNames: ReadonlySet<string>,
  daemon: DaemonName,
): string | undefined {
  if (!appliesTo(key, daemon)) {
    const equivalents = sameFieldNamesFor(key, daemon);
    return equivalents.length > 0
      ? `'${key.name}' does not apply to ${daemon}; ${daemon} calls it '${equivalents.join("' or '")}'`
      : `'${key.name}' does not apply to ${daemon} (only to ${key.daemons.join(', ')})`;
  }
  if (key.name === 'plugins' && line.plugin === undefined && !isDeclaringLine && declaringLine) {
    return `'plugins' is already set at ${locationText(declaringLine)}; pmacct 1.7.7 ignores every later 'plugins' line`;
  }
  if (line.plugin !== undefined) {
    if (key.scope === 'global') {
      return `'${key.name}' can't be set for one plugin: remove [${line.plugin}] (pmacct applies it to all plugins)`;
    }
    if (!declaredNames.has(line.plugin)) {
      const declared = [...declaredNames].join(', ');
      return `'${keyAsWritten(line)}' names plugin '${line.plugin}', which 'plugins' does not declare` +
        (declared ? ` (declared: ${declared})` : '');
    }
  } else if (key.scope === 'plugin') {
    return `'${key.name}' must be set per plugin, as '${key.name}[name]: ...' (pmacct refuses it globally)`;
  }
  if (key.status === 'not-implemented') return `'${key.name}' is a pmacct key tsacct does not implement yet`;
  return undefined;
}

function locationText(line: ConfigLine): string {
  return line.location.file === COMMAND_LINE ? `${COMMAND_LINE} (${line.switch ?? ''})` : `${line.location.file}:${line.location.line}`;
}

// Problems kept in the order of the configuration: file lines by number, then
// switches, then those about the configuration as a whole.
class ProblemList {
  readonly #entries: { rank: number; sequence: number; text: string }[] = [];

  addAt(fileLine: number, text: string): void {
    this.#push(fileLine, text);
  }

  addFor(line: ConfigLine, message: string): void {
    const rank = line.location.file === COMMAND_LINE ? 1e9 + line.location.line : line.location.line;
    this.#push(rank, problemAt(line, message));
  }

  addForWholeConfig(text: string): void {
    this.#push(Number.POSITIVE_INFINITY, text);
  }

  isEmpty(): boolean {
    return this.#entries.length === 0;
  }

  texts(): string[] {
    return [...this.#entries]
      .sort((a, b) => a.rank - b.rank || a.sequence - b.sequence)
      .map((entry) => entry.text);
  }

  #push(rank: number, text: string): void {
    this.#entries.push({ rank, sequence: this.#entries.length, text });
  }
}
