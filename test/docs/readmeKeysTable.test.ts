import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readmeKeysTable, replaceReadmeKeysTable } from '../../scripts/configKeysTables.ts';

const repo = join(import.meta.dirname, '..', '..');

// The README promises a table generated from the registry: it must not drift from it.
test('README.md holds the key table generated from the registry (run: node scripts/configKeysTable.ts --write)', () => {
  const readme = readFileSync(join(repo, 'README.md'), 'utf8');
  assert.equal(readme, replaceReadmeKeysTable(readme, readmeKeysTable()));
});
