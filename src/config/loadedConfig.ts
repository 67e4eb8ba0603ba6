// The shape of a configuration once loaded: what daemons and plugins read.
import type { DaemonName } from './daemonName.ts';

// Where a setting was written. `file` is 'command line' for switches, whose
// `line` is then the position of the switch among the arguments (1-based).
export interface SourceLocation {
  file: string;
  line: number;
}

export const COMMAND_LINE = 'command line';

// The settings seen from one scope: 'global' (the core process) or a plugin
// name. A plugin sees the lines without [name] and the lines with its own
// [name]; when both set a key, the later line wins, as in pmacct.
export interface ScopedConfig {
  readonly scope: string;
  // Explicitly set for this scope; false when only the default applies.
  has(key: string): boolean;
  // Typed values, falling back to the registry default when unset. They throw
  // (a programming error, not a ConfigError) when the key's type differs or
  // when the key is unset and has no default.
  bool(key: string): boolean;
  int(key: string): number;
  str(key: string): string | undefined;
  // Comma-separated items, trimmed; lower-cased where pmacct is case-insensitive (aggregate).
  list(key: string): string[];
  // Duration keys ('5m' is 300) and plain seconds keys.
  seconds(key: string): number;
  where(key: string): SourceLocation | undefined;
  // "<file>:<line>: " of the setting, to begin a message about it; '' when it is not from a file.
  placeOf(key: string): string;
}

export interface PluginInstance {
  name: string;
  type: string;
  config: ScopedConfig;
}

export interface LoadedConfig {
  daemon: DaemonName;
  global: ScopedConfig;
  plugins: PluginInstance[];
  configFile?: string;
}

export type CommandLineAction =
  | { action: 'run'; config: LoadedConfig }
  | { action: 'help' | 'version' | 'list-primitives'; daemon: DaemonName };
