// Generates the Markdown tables of pmacct configuration keys from the key
// registry: the implemented/accepted keys for the README, and every key with
// its status for docs/config-keys.md.
//
//   node scripts/configKeysTable.ts           print the full table
//   node scripts/configKeysTable.ts --write   rewrite README.md's table and docs/config-keys.md
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readmeKeysTable, fullKeysTable, replaceReadmeKeysTable } from './configKeysTables.ts';

const repo = join(import.meta.dirname, '..');

if (process.argv.includes('--write')) {
  const readmePath = join(repo, 'README.md');
  writeFileSync(readmePath, replaceReadmeKeysTable(readFileSync(readmePath, 'utf8'), readmeKeysTable()));
  writeFileSync(join(repo, 'docs', 'config-keys.md'), `# pmacct configuration keys in tsacct\n\nGenerated from the key registry (\`src/config/configKeys*.ts\`) by \`node scripts/configKeysTable.ts --write\`.\n\n${fullKeysTable()}`);
} else {
  process.stdout.write(fullKeysTable());
}
