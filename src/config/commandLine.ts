// Reading a daemon's switches the way pmacct's getopt does (GNU getopt, checked
// on nfacctd 1.7.7): switches may be bundled (-dD) and a value may be attached
// (-fx.conf) or be the next argument even if it starts with '-'; arguments that
// are not switches are ignored, wherever they are; '--' ends the switches; the
// first -h, -V or -a acts at once, so what follows it is not looked at; an unknown
// switch or a missing value stops everything with getopt's message.
import { COMMAND_LINES, type DaemonCommandLine, type DaemonSwitch } from './commandLineTables.ts';
import { ConfigError } from './configError.ts';
import type { ConfigLine } from './configLine.ts';
import type { DaemonName } from './daemonName.ts';
import { COMMAND_LINE } from './loadedConfig.ts';

export type ParsedCommandLine =
  | { readonly kind: 'action'; readonly action: 'help' | 'version' | 'list-primitives' }
  | { readonly kind: 'settings'; readonly configFile: string | undefined; readonly lines: ConfigLine[] };

export function commandLineOf(daemon: DaemonName): DaemonCommandLine {
  const table = COMMAND_LINES[daemon];
  if (!table) throw new ConfigError([`${COMMAND_LINE}: tsacct has no command line for ${daemon} yet`]);
  return table;
}

export function parseCommandLine(daemon: DaemonName, argv: readonly string[]): ParsedCommandLine {
  const table = commandLineOf(daemon);
  const lines: ConfigLine[] = [];
  // Several -f: the last one counts, as pmacct copies each over the previous.
  let configFile: string | undefined;
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index] ?? '';
    if (argument === '--') break;
    if (!argument.startsWith('-') || argument === '-') continue;
    const argumentNumber = index + 1;
    for (let position = 1; position < argument.length; position++) {
      const letter = argument[position] ?? '';
      const spec = table.switches.find((candidate) => candidate.letter === letter);
      if (!spec) throw getoptError(`invalid option -- '${letter}'`);
      let value: string | undefined;
      if (spec.argument !== undefined) {
        const attached = argument.slice(position + 1);
        if (attached !== '') value = attached;
        else {
          index++;
          value = argv[index];
          if (value === undefined) throw getoptError(`option requires an argument -- '${letter}'`);
        }
        position = argument.length;
      }
      const effect = spec.effect;
      if (effect.kind === 'action') return { kind: 'action', action: effect.action };
      if (effect.kind === 'config-file') configFile = value;
      else lines.push(switchLine(spec, effect.key, effect.fixedValue ?? value ?? '', argumentNumber));
    }
  }
  return { kind: 'settings', configFile, lines };
}

function switchLine(spec: DaemonSwitch, key: string, value: string, argumentNumber: number): ConfigLine {
  return {
    key,
    plugin: undefined,
    value: value.trim(),
    location: { file: COMMAND_LINE, line: argumentNumber },
    switch: `-${spec.letter}`,
  };
}

function getoptError(message: string): ConfigError {
  return new ConfigError([`${COMMAND_LINE}: ${message}`]);
}
