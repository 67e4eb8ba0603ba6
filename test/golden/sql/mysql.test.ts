/**
 * MySQL golden tests against the MariaDB/MySQL server at 127.0.0.1:3306
 * (root without password, or TSACCT_MYSQL_USER/TSACCT_MYSQL_PASSWORD):
 * tsacct's `plugins: mysql[x]` writes each mysql case of cases.json into a
 * database created for the run from pmacct's script, and the dumped tables
 * must equal what pmacct 1.7.7 wrote (mysql/<case>.pmacct.csv, made by
 * `node test/golden/sql/regenerate.ts --backend mysql`). An unreachable
 * server fails every case with the reason.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { goldenTests } from './sqlGolden.ts';

test('docs/compat.md describes the mysql plugin', () => {
  const compat = readFileSync(join(import.meta.dirname, '..', '..', '..', 'docs', 'compat.md'), 'utf8');
  assert.match(compat, /\{#sql-mysql\}/);
});

goldenTests('mysql');
