// The `plugins` key: `plugins: print[a], print[b], memory` declares plugin
// instances by type and name. How the 1.7.7 binary reads it (each point checked
// with nfacctd, see test/config/resolveConfig.test.ts):
// - items are comma-separated; the type is lower-cased, the name between [ ] is
//   trimmed and keeps its case;
// - an item without a name is named 'default_<type>' (e.g. default_print);
// - without a config file (switches only) every name is dropped the same way;
// - after an unnamed item, every later item loses its name too (a 1.7.7 quirk:
//   'print, print[b]' yields default_print twice and keeps only the first);
// - a plugin may not take the core process's name ('default' unless core_proc_name
//   says otherwise): pmacct drops it;
// - with no plugin at all, pmacct runs one memory plugin named default_memory.
import type { DaemonName } from './daemonName.ts';
import { editDistance } from './keySuggestion.ts';

export interface PluginDeclaration {
  readonly name: string;
  readonly type: string;
}

// The plugin types each daemon offers in pmacct 1.7.7 (its -h page and the
// checks in its main()): nfprobe/sfprobe need packets, tee needs datagrams.
export const PMACCT_PLUGIN_TYPES: Readonly<Record<DaemonName, readonly string[]>> = {
  nfacctd: ['memory', 'print', 'mysql', 'pgsql', 'sqlite3', 'amqp', 'kafka', 'tee'],
  sfacctd: ['memory', 'print', 'mysql', 'pgsql', 'sqlite3', 'amqp', 'kafka', 'tee'],
  pmacctd: ['memory', 'print', 'mysql', 'pgsql', 'sqlite3', 'amqp', 'kafka', 'nfprobe', 'sfprobe'],
  uacctd: ['memory', 'print', 'mysql', 'pgsql', 'sqlite3', 'amqp', 'kafka', 'nfprobe', 'sfprobe'],
  pmbgpd: [],
  pmbmpd: [],
  pmtelemetryd: [],
};

const ALL_PMACCT_PLUGIN_TYPES = ['memory', 'print', 'mysql', 'pgsql', 'sqlite3', 'amqp', 'kafka', 'tee', 'nfprobe', 'sfprobe'];

// tsacct's own plugin types (pmacct 1.7.7 has none of them), offered where
// pmacct offers its storage plugins: clickhouse writes aggregates over HTTP.
export const TSACCT_PLUGIN_TYPES: Readonly<Record<string, readonly DaemonName[]>> = {
  clickhouse: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd'],
};

export const IMPLEMENTED_PLUGIN_TYPES: readonly string[] = ['memory', 'print', 'sqlite3', 'mysql', 'pgsql', 'amqp', 'clickhouse', 'kafka'];

// What pmacct runs when no plugin is declared.
export const DEFAULT_PLUGIN: PluginDeclaration = { name: 'default_memory', type: 'memory' };

export interface DeclarationContext {
  daemon: DaemonName;
  coreName: string;
  namesIgnored: boolean;
}

export interface DeclarationOutcome {
  plugins: PluginDeclaration[];
  // Messages without location; the caller prefixes the `plugins` line.
  problems: string[];
  // Names written in `plugins` for plugins that were refused: lines naming them
  // need no problem of their own.
  refusedNames: string[];
}

export function declarePlugins(value: string, context: DeclarationContext): DeclarationOutcome {
  const plugins: PluginDeclaration[] = [];
  const problems: string[] = [];
  const refusedNames: string[] = [];
  let unnamedSeen: string | undefined;
  for (const item of value.split(',')) {
    if (item.trim() === '') continue;
    const parsed = parseItem(item);
    if (typeof parsed === 'string') {
      problems.push(parsed);
      continue;
    }
    const typeProblem = checkType(parsed.type, context.daemon);
    if (typeProblem !== undefined) {
      problems.push(typeProblem);
      continue;
    }
    const defaultName = `default_${parsed.type}`;
    let name = parsed.name ?? defaultName;
    if (context.namesIgnored) name = defaultName;
    else if (parsed.name !== undefined && unnamedSeen !== undefined) {
      problems.push(
        `'${item.trim()}' comes after the unnamed plugin '${unnamedSeen}', and pmacct 1.7.7 then drops its name ` +
          `(it would be '${defaultName}'); name every plugin or list the unnamed ones last`,
      );
      refusedNames.push(parsed.name);
      continue;
    }
    if (parsed.name === undefined) unnamedSeen ??= parsed.type;
    if (name === context.coreName) {
      problems.push(
        `plugin name '${name}' is the core process's name (core_proc_name); pmacct drops such a plugin, rename it`,
      );
      refusedNames.push(name);
      continue;
    }
    if (plugins.some((plugin) => plugin.name === name)) {
      problems.push(`plugin name '${name}' is declared twice`);
      continue;
    }
    plugins.push({ name, type: parsed.type });
  }
  return { plugins, problems, refusedNames };
}

// The reason a declared plugin cannot run in tsacct yet, if any.
export function unimplementedPluginProblem(plugin: PluginDeclaration): string | undefined {
  if (IMPLEMENTED_PLUGIN_TYPES.includes(plugin.type)) return undefined;
  return (
    `plugin type '${plugin.type}' (plugin '${plugin.name}') is a pmacct plugin tsacct does not implement yet ` +
    `(implemented: ${IMPLEMENTED_PLUGIN_TYPES.join(', ')})`
  );
}

function parseItem(item: string): { type: string; name: string | undefined } | string {
  const open = item.indexOf('[');
  const close = item.indexOf(']');
  if (open < 0 && close < 0) return { type: item.trim().toLowerCase(), name: undefined };
  if (open < 0 || close < open) return `'${item.trim()}' has unbalanced brackets`;
  const name = item.slice(open + 1, close).trim();
  if (name === '') return `'${item.trim()}' has an empty plugin name`;
  if (item.slice(close + 1).trim() !== '') return `'${item.trim()}' has text after ']'`;
  return { type: item.slice(0, open).trim().toLowerCase(), name };
}

function checkType(type: string, daemon: DaemonName): string | undefined {
  if (type === 'core') return "'core' is the core process, not a plugin type";
  const tsacctDaemons = TSACCT_PLUGIN_TYPES[type];
  if (tsacctDaemons !== undefined) return tsacctDaemons.includes(daemon) ? undefined : `plugin type '${type}' (a tsacct plugin) is not available in ${daemon}`;
  if (!ALL_PMACCT_PLUGIN_TYPES.includes(type)) {
    const closest = [...ALL_PMACCT_PLUGIN_TYPES, ...Object.keys(TSACCT_PLUGIN_TYPES)].find((known) => editDistance(type, known) <= 1);
    return `unknown plugin type '${type}'${closest ? `; did you mean '${closest}'?` : ''}`;
  }
  if (!PMACCT_PLUGIN_TYPES[daemon].includes(type)) return `plugin type '${type}' is not available in ${daemon}`;
  return undefined;
}
