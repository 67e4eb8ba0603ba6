// Prints the Markdown table of every pmacct configuration key tsacct knows, with
// its status in tsacct, for the README: `node scripts/configKeysTable.ts`.
import { CONFIG_KEYS, type ConfigKey } from '../src/config/index.ts';

function main(): void {
  const keys = [...CONFIG_KEYS].sort((a, b) => a.name.localeCompare(b.name));
  const counts = countByStatus(keys);
  const lines = [
    `${keys.length} keys: ${counts.implemented} implemented, ${counts.accepted} accepted (valid, nothing to do in ` +
      `tsacct), ${counts['not-implemented']} not implemented yet.`,
    '',
    '| Key | Status | Scope | Type | Default | Description |',
    '|---|---|---|---|---|---|',
    ...keys.map(row),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

function row(key: ConfigKey): string {
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

main();
