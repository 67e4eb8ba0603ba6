/**
 * The pgsql and mysql backends' pieces against what nfacctd 1.7.7 did: its
 * default tables (from its "relation … does not exist" / "Table … doesn't
 * exist" errors on an empty database), its statement forms (PostgreSQL's
 * statement log, MariaDB's general log) and its COPY rows (its debug log).
 * Whole tables are compared by test/golden/sql/{pgsql,mysql}.test.ts.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildAggregateLayout } from '../../../src/model/aggregateLayout.ts';
import { defaultMysqlTable, mysqlLocksTables } from '../../../src/plugins/sql/mysqlBackend.ts';
import { MysqlDialect } from '../../../src/plugins/sql/mysqlDialect.ts';
import { defaultPgsqlTable, pgsqlColumnPlan, pgsqlLockMode, typedMixError } from '../../../src/plugins/sql/pgsqlBackend.ts';
import { PgsqlCopy } from '../../../src/plugins/sql/pgsqlCopy.ts';
import { PgsqlDialect } from '../../../src/plugins/sql/pgsqlDialect.ts';
import { buildColumnPlan } from '../../../src/plugins/sql/sqlColumnPlan.ts';
import { buildTableStatements } from '../../../src/plugins/sql/sqlStatements.ts';

const utc = { utc: true, sinceEpoch: false };

describe('pgsql backend', () => {
  it('picks the default table as nfacctd does', () => {
    // [version, sql_data, aggregate] -> the relation nfacctd looked for
    const seen: Array<[number, 'typed' | 'unified', string[], string]> = [
      [1, 'typed', ['src_host'], 'acct'], [1, 'typed', ['src_as'], 'acct_as'], [1, 'unified', ['src_host'], 'acct_uni'],
      [2, 'typed', ['src_host'], 'acct_v2'], [2, 'typed', ['src_as'], 'acct_as_v2'], [2, 'unified', ['src_host'], 'acct_uni_v2'],
      [4, 'typed', ['src_as'], 'acct_as_v4'], [5, 'unified', ['src_host'], 'acct_uni_v5'],
      [6, 'typed', ['src_as'], 'acct_v6'], [6, 'unified', ['src_host'], 'acct_v6'], [7, 'unified', ['src_host'], 'acct_v7'],
      [8, 'typed', ['src_host'], 'acct_v8'], [8, 'unified', ['src_host'], 'acct_uni'],
      [9, 'typed', ['src_host'], 'acct'], [9, 'typed', ['src_as'], 'acct_as'], [9, 'unified', ['src_host'], 'acct_uni'],
      [1001, 'typed', ['peer_src_ip'], 'acct_bgp'], [1001, 'unified', ['peer_src_ip'], 'acct_uni'],
    ];
    for (const [version, data, aggregate, table] of seen) assert.equal(defaultPgsqlTable(version, data, aggregate), table, `${version} ${data} ${aggregate.join()}`);
  });

  it("refuses what nfacctd exits on: typed default tables below v6 mixing hosts and AS numbers", () => {
    assert.match(typedMixError(1, 'typed', false, ['src_as', 'dst_host']) ?? '', /typed/);
    assert.equal(typedMixError(1, 'unified', false, ['src_as', 'dst_host']), null);
    assert.equal(typedMixError(1, 'typed', true, ['src_as', 'dst_host']), null);
    assert.equal(typedMixError(6, 'typed', false, ['src_as', 'dst_host']), null);
  });

  it('names ports port_src/port_dst and protocols by number in every version', () => {
    const layout = buildAggregateLayout(['src_host', 'src_port', 'proto'], 'nfacctd');
    const plan = pgsqlColumnPlan(buildColumnPlan(layout, { version: 1, optimized: false }, { numProtos: true }));
    // INSERT INTO acct (mac_src, mac_dst, ip_src, ip_dst, port_src, port_dst, ip_proto, packets, bytes) VALUES (…, 6, …)
    assert.deepEqual(plan.columns.map((c) => c.name), ['ip_src', 'port_src', 'port_dst', 'ip_proto', 'mac_src', 'mac_dst', 'ip_dst']);
    assert.equal(plan.columns.find((c) => c.name === 'ip_proto')?.kind, 'int');
  });

  it('writes datetimes and locks like pmacct', () => {
    const layout = buildAggregateLayout(['dst_port'], 'nfacctd');
    const plan = pgsqlColumnPlan(buildColumnPlan(layout, { version: 1, optimized: true }, { numProtos: true }));
    const s = buildTableStatements('Acct_V4', plan, new PgsqlDialect(utc), true);
    // pmacct: "UPDATE acct_v4 SET packets=packets+1, bytes=bytes+133, flows=flows+1, stamp_updated=CURRENT_TIMESTAMP(0)
    //  WHERE to_timestamp(1680626400)::Timestamp without time zone = stamp_inserted AND …"
    assert.equal(s.update, 'UPDATE "acct_v4" SET "packets"="packets"+$1, "bytes"="bytes"+$2, "stamp_updated"=CURRENT_TIMESTAMP(0) WHERE "stamp_inserted"=to_timestamp($3)::timestamp without time zone AND "port_dst"=$4');
    assert.equal(s.insert(1), 'INSERT INTO "acct_v4" ("stamp_updated", "stamp_inserted", "port_dst", "packets", "bytes") VALUES (to_timestamp($1)::timestamp without time zone, to_timestamp($2)::timestamp without time zone, $3, $4, $5)');
    assert.equal(s.copy, null);
    // "BEGIN; LOCK acct_v4 IN EXCLUSIVE MODE;", ROW EXCLUSIVE with row, "BEGIN;" with none or sql_dont_try_update
    assert.equal(pgsqlLockMode('table', false), 'EXCLUSIVE');
    assert.equal(pgsqlLockMode('row', false), 'ROW EXCLUSIVE');
    assert.equal(pgsqlLockMode('none', false), null);
    assert.equal(pgsqlLockMode('table', true), null);
  });

  it('formats COPY rows as nfacctd sends them, escaping what pmacct would not', () => {
    const copy = new PgsqlCopy(',', utc);
    // "COPY acct_v4 (stamp_updated, stamp_inserted, vlan, …) FROM STDIN DELIMITER ','"
    assert.equal(copy.statement('"acct_v4"', ['"stamp_updated"', '"stamp_inserted"', '"vlan"']), `COPY "acct_v4" ("stamp_updated", "stamp_inserted", "vlan") FROM STDIN DELIMITER ','`);
    assert.equal(new PgsqlCopy("'", utc).statement('"t"', ['"a"']), `COPY "t" ("a") FROM STDIN DELIMITER ''''`);
    // "2026-11-22 09:09:28,2023-04-04 16:40:00,0,161.202.212.212,202.152.70.24,30104,11963,0,6,0,0:0:0:0:0:0,0:0:0:0:0:0,1,133,1"
    const kinds = ['time', 'time', 'int', 'text', 'text', 'int', 'int', 'int', 'int', 'int', 'text', 'text', 'int', 'int', 'int'] as const;
    const row = [1795338568, 1680626400, 0, '161.202.212.212', '202.152.70.24', 30104, 11963, 0, 6, 0, '0:0:0:0:0:0', '0:0:0:0:0:0', 1, 133, 1];
    assert.equal(copy.row(row, 0, row.length, kinds), '2026-11-22 09:09:28,2023-04-04 16:40:00,0,161.202.212.212,202.152.70.24,30104,11963,0,6,0,0:0:0:0:0:0,0:0:0:0:0:0,1,133,1\n');
    assert.equal(copy.row(['a,b', 'c\\d', 'e\nf', null], 0, 4, ['text', 'text', 'text', 'text']), 'a\\,b,c\\\\d,e\\nf,\\N\n');
    assert.equal(new PgsqlCopy('|', { utc: true, sinceEpoch: true }).row([1680626400, 'x|y'], 0, 2, ['time', 'text']), '1680626400|x\\|y\n');
  });
});

describe('mysql backend', () => {
  it('picks the default table as nfacctd does', () => {
    // "Table 'pmacct.acct_v8' doesn't exist"; version 9 falls back to acct
    assert.deepEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 1001].map(defaultMysqlTable), ['acct', 'acct_v2', 'acct_v3', 'acct_v4', 'acct_v5', 'acct_v6', 'acct_v7', 'acct_v8', 'acct', 'acct_bgp']);
  });

  it('writes datetimes and locks like pmacct', () => {
    const layout = buildAggregateLayout(['dst_port'], 'nfacctd');
    const plan = buildColumnPlan(layout, { version: 1, optimized: true }, { numProtos: false });
    const s = buildTableStatements('acct_v4', plan, new MysqlDialect(utc), true);
    // "UPDATE `acct_v4` SET packets=packets+1, …, stamp_updated=NOW() WHERE FROM_UNIXTIME(1680626400) = stamp_inserted AND …"
    assert.equal(s.update, 'UPDATE `acct_v4` SET `packets`=`packets`+?, `bytes`=`bytes`+?, `stamp_updated`=NOW() WHERE `stamp_inserted`=FROM_UNIXTIME(?) AND `dst_port`=?');
    assert.equal(s.insert(2), 'INSERT INTO `acct_v4` (`stamp_updated`, `stamp_inserted`, `dst_port`, `packets`, `bytes`) VALUES (FROM_UNIXTIME(?), FROM_UNIXTIME(?), ?, ?, ?), (FROM_UNIXTIME(?), FROM_UNIXTIME(?), ?, ?, ?)');
    // "LOCK TABLES `acct_v4` WRITE" … "UNLOCK TABLES"; nothing with sql_locking_style row or none
    assert.equal(mysqlLocksTables('table'), true);
    assert.equal(mysqlLocksTables('row'), false);
    assert.equal(mysqlLocksTables('none'), false);
  });
});
