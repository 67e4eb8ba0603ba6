/**
 * SQLite golden tests: tsacct's `plugins: sqlite3[x]` writes each case of
 * cases.json into a fresh database made from pmacct's create-table script,
 * and the dumped tables must equal what pmacct 1.7.7 wrote
 * (<case>.pmacct.csv, made by regenerate.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { goldenTests } from './sqlGolden.ts';

test('docs/compat.md describes the sqlite3 plugin', () => {
  const compat = readFileSync(join(import.meta.dirname, '..', '..', '..', 'docs', 'compat.md'), 'utf8');
  assert.match(compat, /\{#sql-sqlite3\}/);
});

goldenTests('sqlite3');
