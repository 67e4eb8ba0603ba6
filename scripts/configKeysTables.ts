// The key tables themselves, shared by the generator script and the test
// that keeps README.md in step with the registry.
import { CONFIG_KEYS, type ConfigKey } from '../src/config/index.ts';

const START = '<!-- keys-table:start -->';
const END = '<!-- keys-table:end -->';

function sortedKeys(): ConfigKey[] {
  return [...CONFIG_KEYS].sort((a, b) => a.name.localeCompare(b.name));
}

/** Implemented and accepted keys: what a pmacct config may use with tsacct today. */
export function readmeKeysTable(): string {
  const keys = sortedKeys().filter((k) => k.status !== 'not-implemented');
  const pmacctKeys = sortedKeys().filter((k) => !k.extension);
  const counts = countByStatus(pmacctKeys);
  const extensions = CONFIG_KEYS.length - pmacctKeys.length;
  return [
    `tsacct knows all ${pmacctKeys.length} keys of pmacct 1.7.7: ${counts.implemented} are implemented, ${counts.accepted} are accepted`,
    `(valid, with nothing to do in tsacct's design), and the other ${counts['not-implemented']} are refused by name at startup`,
    `until they are implemented. It adds ${extensions} keys of its own (marked *tsacct* below; docs/compat.md).`,
    '[docs/config-keys.md](docs/config-keys.md) lists every key.',
    '',
    table(keys),
  ].join('\n');
}

export function fullKeysTable(): string {
  return table(sortedKeys());
}

export function replaceReadmeKeysTable(readme: string, tableText: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md lacks the ${START} … ${END} markers`);
  return `${readme.slice(0, start + START.length)}\n${tableText}${readme.slice(end)}`;
}

function table(keys: readonly ConfigKey[]): string {
  return ['| Key | Status | Scope | Type | Default | Description |', '|---|---|---|---|---|---|', ...keys.map(row), ''].join('\n');
}

function row(key: ConfigKey): string {
  if (key.extension) return rowOf(key).replace(/\| implemented \|/, '| implemented (*tsacct*) |');
  return rowOf(key);
}

function rowOf(key: ConfigKey): string {
  const description = key.note ? `${key.description} *${key.note}*` : key.description;
  const cells = [`\`${key.name}\``, key.status, key.scope, typeText(key), defaultText(key), description];
  return `| ${cells.map(escapeCell).join(' | ')} |`;
}

function typeText(key: ConfigKey): string {
  if (key.type === 'enum') return `enum: ${(key.values ?? []).join(', ')}`;
  if (key.min !== undefined && key.max !== undefined) return `${key.type} ${key.min}..${key.max}`;
  if (key.min !== undefined) return `${key.type} >= ${key.min}`;
  if (key.max !== undefined) return `${key.type} <= ${key.max}`;
  return key.type;
}

function defaultText(key: ConfigKey): string {
  const value = key.default;
  if (value === undefined) return key.defaultNote ?? 'none';
  if (Array.isArray(value)) return value.join(', ');
  return String(value);
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function countByStatus(keys: readonly ConfigKey[]): Record<ConfigKey['status'], number> {
  const counts = { implemented: 0, accepted: 0, 'not-implemented': 0 };
  for (const key of keys) counts[key.status]++;
  return counts;
}
