// The -h and -V pages of a daemon, laid out as pmacct lays them out (title line,
// usage lines, switches grouped by section; version, then sections of build
// facts), with tsacct's name, version and wording.
import { readFileSync } from 'node:fs';
import { arch, release, type } from 'node:os';
import { commandLineOf } from './commandLine.ts';
import type { DaemonSwitch, HelpSection } from './commandLineTables.ts';
import type { DaemonName } from './daemonName.ts';
import { IMPLEMENTED_PLUGIN_TYPES } from './pluginDeclarations.ts';

const SECTION_TITLES: Record<HelpSection, string> = {
  general: 'General options:',
  memory: 'Memory plugin (-P memory) options:',
  print: 'Print plugin (-P print) options:',
};

export function daemonUsage(daemon: DaemonName): string {
  const table = commandLineOf(daemon);
  const indent = ' '.repeat('Usage: '.length);
  const lines = [
    `${table.title}, ${daemon} ${tsacctVersion()} (tsacct)`,
    `Usage: ${daemon} ${table.synopsis}`,
    `${indent}${daemon} [ -f config_file ]`,
    `${indent}${daemon} [ -h ]`,
  ];
  for (const section of Object.keys(SECTION_TITLES) as HelpSection[]) {
    const switches = table.switches.filter((candidate) => candidate.section === section);
    if (switches.length === 0) continue;
    lines.push('', SECTION_TITLES[section], ...switches.map(switchHelp));
  }
  lines.push(
    '',
    'Configuration keys and switches are those of pmacct 1.7.7 (see its CONFIG-KEYS);',
    `tsacct refuses the keys it does not implement yet instead of ignoring them.`,
  );
  return `${lines.join('\n')}\n`;
}

export function daemonVersion(daemon: DaemonName): string {
  const table = commandLineOf(daemon);
  const lines = [
    `${table.title}, ${daemon} ${tsacctVersion()} [tsacct]`,
    '',
    'Compatibility:',
    'pmacct 1.7.7 configuration keys and switches',
    '',
    'Runtime:',
    `Node.js ${process.version}`,
    '',
    'Plugins:',
    ...IMPLEMENTED_PLUGIN_TYPES,
    '',
    'System:',
    `${type()} ${release()} ${arch()}`,
  ];
  return `${lines.join('\n')}\n`;
}

// pmacct's layout: two spaces, the switch, two spaces and a tab, the text;
// continuation lines start with a tab.
function switchHelp(spec: DaemonSwitch): string {
  const [first, ...rest] = spec.help.split('\n');
  return [`  -${spec.letter}  \t${first ?? ''}`, ...rest.map((line) => `\t${line}`)].join('\n');
}

function tsacctVersion(): string {
  const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  const parsed: unknown = JSON.parse(text);
  if (typeof parsed === 'object' && parsed !== null && 'version' in parsed && typeof parsed.version === 'string') {
    return parsed.version;
  }
  return 'unknown';
}
