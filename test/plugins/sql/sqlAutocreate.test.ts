/**
 * sql_table_autocreate (a tsacct key): with no table prepared and no
 * sql_table_schema, the plugin creates each table it writes and the rows are
 * those pmacct 1.7.7 wrote into the tables its schema created (the golden
 * references of test/golden/sql). The column order of a created table is
 * tsacct's own, so the dumps are compared column by column, rows sorted.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { expectedPath, goldenTarget, runCase, SQL_BACKENDS, sqlCases, sqlDir, type SqlCase } from '../../golden/sql/sqlGolden.ts';

/** Golden cases it reruns: a dynamic table per 5-minute bin, a static custom table, and one with sql_num_hosts (mysql: VARBINARY(16) columns). */
const CASES = ['dynamic-tables-5m', 'custom-optimized', 'custom-num-hosts-ipv6'];

const tsacct = [process.execPath, join(sqlDir, '..', '..', '..', 'bin', 'tsacct.js'), 'nfacctd'];

/**
 * Each "-- table" block of a dump with its columns in name order and its rows
 * sorted. pmacct's pgsql schemas type addresses as inet, which prints a host
 * address with its /32 or /128; the created table holds them as text.
 */
function byColumnName(dump: string): string {
  const blocks = dump.split(/^(?=-- )/m).filter((b) => b !== '');
  return blocks.map((block) => {
    const [title, header, ...rows] = block.trimEnd().split('\n');
    const names = header!.split(',');
    const order = names.map((n, i) => [n, i] as const).sort((a, b) => (a[0] < b[0] ? -1 : 1));
    const pick = (line: string): string => {
      const values = line.split(',');
      return order.map(([, i]) => values[i]!.replace(/\/(32|128)$/, '')).join(',');
    };
    return [title, order.map(([n]) => n).join(','), ...rows.map(pick).sort()].join('\n');
  }).join('\n');
}

for (const backend of SQL_BACKENDS) {
  const target = goldenTarget(backend, 'tsacct');
  const work = mkdtempSync(join(tmpdir(), `tsacct-sql-autocreate-${backend}-`));
  after(async () => {
    rmSync(work, { recursive: true, force: true });
    await target.dispose();
  });
  for (const golden of sqlCases(backend).filter((c) => CASES.includes(c.name))) {
    test(`${backend}: sql_table_autocreate creates ${golden.name}'s tables and writes pmacct's rows`, async () => {
      const c: SqlCase = {
        ...golden,
        schema: null,
        extra: [...golden.extra.filter((line) => !line.startsWith('sql_table_schema[')), 'sql_table_autocreate[x]: true'],
      };
      await runCase(c, tsacct, target, join(work, `${c.name}.conf`));
      assert.equal(byColumnName(await target.dump(c)), byColumnName(readFileSync(expectedPath(golden), 'utf8')));
    });
  }
}
