/**
 * PostgreSQL golden tests against the server at 127.0.0.1:5432
 * (postgres with trust authentication, or TSACCT_PGSQL_USER; TSACCT_PGSQL_DB names an existing database to connect to, default test):
 * tsacct's `plugins: pgsql[x]` writes each pgsql case of cases.json into a
 * database created for the run from pmacct's script, and the dumped tables
 * must equal what pmacct 1.7.7 wrote (pgsql/<case>.pmacct.csv, made by
 * `node test/golden/sql/regenerate.ts --backend pgsql`). An unreachable
 * server fails every case with the reason.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { goldenTests } from './sqlGolden.ts';

test('docs/compat.md describes the pgsql plugin', () => {
  const compat = readFileSync(join(import.meta.dirname, '..', '..', '..', 'docs', 'compat.md'), 'utf8');
  assert.match(compat, /\{#sql-pgsql\}/);
});

goldenTests('pgsql');
