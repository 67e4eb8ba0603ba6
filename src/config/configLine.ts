// One `key[plugin]: value` setting, from a config file line or a command-line
// switch, before it is checked against the key registry.
import { COMMAND_LINE, type SourceLocation } from './loadedConfig.ts';

export interface ConfigLine {
  // Lower-cased, with the blanks pmacct drops from keys removed.
  readonly key: string;
  // The text between [ and ], untrimmed as pmacct compares it; undefined without [ ].
  readonly plugin: string | undefined;
  // Trimmed.
  readonly value: string;
  readonly location: SourceLocation;
  // The switch the line comes from (e.g. '-O'), for command-line lines.
  readonly switch?: string;
}

// A problem with a line, as reported in ConfigError: "file:line: message", or
// "command line: -O: message" for a switch.
export function problemAt(line: ConfigLine, message: string): string {
  if (line.location.file === COMMAND_LINE) return `${COMMAND_LINE}: ${line.switch ?? ''}: ${message}`;
  return `${line.location.file}:${line.location.line}: ${message}`;
}

// How a line names its key in messages: `key` or `key[plugin]`.
export function keyAsWritten(line: ConfigLine): string {
  return line.plugin === undefined ? line.key : `${line.key}[${line.plugin}]`;
}
