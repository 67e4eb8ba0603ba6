/**
 * Tables the clickhouse plugin creates on first use, with sql_table's
 * variables in clickhouse_table, against a scratch ClickHouse.
 *
 * Expected tables and rows are pmacct 1.7.7's own: the SQL golden cases
 * dynamic-tables-20m and dynamic-tables-20m-vars (test/golden/sql/, the
 * sqlite3 dumps of nfacctd 1.7.7 replaying the generated 22-minute capture
 * synthetic-20m across an hour, day, month, year and week boundary). The
 * clickhouse plugin with the same aggregate, history and table pattern must
 * create exactly pmacct's set of tables, each holding pmacct's rows once its
 * rows are summed per key and bin (ClickHouse is insert-only; pmacct
 * UPDATEs). The -vars case, like its golden run, replays the capture twice.
 *
 * Also: the DDL of an autocreated table (engine, partition and sorting key,
 * column types), a missing database created, an operator's existing table
 * used as it is (without tsacct_write_id: a warning), and a table lacking a
 * column of the aggregate (the flush fails with a clear message and waits,
 * nothing dropped).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { clickhouseUnavailable, scratchClickhouseSuite } from './scratchClickhouse.ts';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..', '..');
const TSACCT = join(ROOT, 'bin', 'tsacct.js');
const SQL_GOLDEN = join(ROOT, 'test', 'golden', 'sql');
const SYNTHETIC_20M = join(ROOT, 'test', 'golden', 'synthetic-20m', 'capture.pcap');

const unavailable = clickhouseUnavailable();
const ch = scratchClickhouseSuite('tables');

/** Runs `tsacct nfacctd` over a capture with plugin c/clickhouse configured by `lines`; returns its log. */
async function replay(name: string, capture: string, lines: string[], runs = 1): Promise<string> {
  const conf = join(ch.work, `${name}.conf`);
  writeFileSync(conf, [
    'daemonize: false',
    `pcap_savefile: ${capture}`,
    'pcap_savefile_wait: false',
    'timestamps_utc: true',
    'plugins: clickhouse[c]',
    'clickhouse_host[c]: 127.0.0.1',
    `clickhouse_port[c]: ${ch.server.port}`,
    `clickhouse_user[c]: ${ch.server.user}`,
    `clickhouse_passwd[c]: ${ch.server.password}`,
    'clickhouse_refresh_time[c]: 3600',
    ...lines,
    '',
  ].join('\n'));
  let log = '';
  for (let i = 0; i < runs; i++) log += (await run(process.execPath, [TSACCT, 'nfacctd', '-f', conf], { cwd: ch.work, timeout: 60_000 })).stderr;
  return log;
}

/** A golden dump: "-- <table>" lines, each followed by a CSV header and rows. */
function parseDump(text: string): Map<string, { header: string; rows: string[] }> {
  const tables = new Map<string, { header: string; rows: string[] }>();
  let current: { header: string; rows: string[] } | null = null;
  for (const line of text.split('\n')) {
    if (line === '') continue;
    if (line.startsWith('-- ')) {
      current = { header: '', rows: [] };
      tables.set(line.slice(3), current);
    } else if (current!.header === '') current!.header = line;
    else current!.rows.push(line);
  }
  return tables;
}

/** A table's rows summed per key and bin, as the golden dump's CSV (stamp_inserted quoted: it holds a space). */
async function dumpLike(database: string, table: string, header: string): Promise<string[]> {
  const columns = header.split(',');
  const counters = new Set(['packets', 'bytes', 'flows']);
  const key = columns.filter((c) => !counters.has(c));
  const select = columns.map((c) => (counters.has(c) ? `sum(${c}) AS ${c}` : c));
  const rows = await ch.server.rows(`SELECT ${select.join(', ')} FROM ${database}.\`${table}\` GROUP BY ${key.join(', ')}`);
  return rows.map((r) => columns.map((c) => (c === 'stamp_inserted' ? `"${r[c]}"` : String(r[c]))).join(',')).sort();
}

async function tablesOf(database: string): Promise<string[]> {
  return (await ch.server.client(`SELECT name FROM system.tables WHERE database = '${database}' ORDER BY name FORMAT TabSeparated`)).split('\n').filter((l) => l !== '');
}

describe('clickhouse_table with time variables: the tables pmacct 1.7.7 makes, created on first use', { skip: unavailable ?? false }, () => {
  it('acct_%Y%m%d_%H%M, 5-minute bins: pmacct\'s five tables and rows (dynamic-tables-20m)', async () => {
    await replay('dyn', SYNTHETIC_20M, [
      'aggregate[c]: src_host, dst_host, proto',
      'clickhouse_db[c]: dyn',
      'clickhouse_table[c]: acct_%Y%m%d_%H%M',
      'clickhouse_history[c]: 5m',
      'clickhouse_history_roundoff[c]: m',
    ]);
    const expected = parseDump(readFileSync(join(SQL_GOLDEN, 'dynamic-tables-20m.pmacct.csv'), 'utf8'));
    assert.deepEqual(await tablesOf('dyn'), [...expected.keys()].sort());
    for (const [table, { header, rows }] of expected) assert.deepEqual(await dumpLike('dyn', table, header), [...rows].sort(), table);

    // The DDL of an autocreated table.
    const [meta] = await ch.server.rows("SELECT engine, partition_key, sorting_key FROM system.tables WHERE database = 'dyn' AND name = 'acct_20240101_0000'");
    assert.deepEqual(meta, { engine: 'MergeTree', partition_key: "toYYYYMMDD(stamp_inserted, 'UTC')", sorting_key: 'stamp_inserted, ip_src, ip_dst, ip_proto' });
    const types = await ch.server.rows("SELECT name, type FROM system.columns WHERE database = 'dyn' AND table = 'acct_20240101_0000'");
    assert.deepEqual(types.map((t) => `${t.name} ${t.type}`), [
      'stamp_inserted DateTime', 'stamp_updated DateTime', 'ip_src String', 'ip_dst String', 'ip_proto String',
      'packets UInt64', 'bytes UInt64', 'tsacct_write_id UInt64',
    ]);
  });

  it('t_$peer_src_ip_%s_%W_%w_%d%H%M%S_$ref_$hst, replayed twice: pmacct\'s ten tables and summed rows (dynamic-tables-20m-vars)', async () => {
    await replay('vars', SYNTHETIC_20M, [
      'aggregate[c]: peer_src_ip, proto, flows',
      'clickhouse_db[c]: vars',
      'clickhouse_table[c]: t_$peer_src_ip_%s_%W_%w_%d%H%M%S_$ref_$hst',
      'clickhouse_history[c]: 5m',
      'clickhouse_history_roundoff[c]: m',
    ], 2);
    const expected = parseDump(readFileSync(join(SQL_GOLDEN, 'dynamic-tables-20m-vars.pmacct.csv'), 'utf8'));
    assert.deepEqual(await tablesOf('vars'), [...expected.keys()].sort());
    for (const [table, { header, rows }] of expected) assert.deepEqual(await dumpLike('vars', table, header), [...rows].sort(), table);
    // Two replays, two INSERTs per table: rows of two write ids, added up by the query.
    const ids = await ch.server.client("SELECT uniqExact(tsacct_write_id) FROM vars.`t_192_0_2_1_1704066600_52_0_31235000_3600_300` FORMAT TabSeparated");
    assert.equal(ids.trim(), '2');
  });

  it('an existing table is used as it is: another engine, no tsacct_write_id (warned)', async () => {
    await ch.server.client('CREATE DATABASE own');
    await ch.server.client('CREATE TABLE own.acct (ip_dst String, ip_proto String, packets UInt64, bytes UInt64, note String DEFAULT \'mine\') ENGINE = SummingMergeTree ORDER BY (ip_dst, ip_proto)');
    const log = await replay('own', join(ROOT, 'test', 'golden', 'nfv9-akvorado', 'capture.pcap'), [
      'aggregate[c]: dst_host, proto', 'clickhouse_db[c]: own', 'clickhouse_table[c]: acct',
    ]);
    assert.match(log, /table 'own\.acct' has no tsacct_write_id column: an INSERT retried after a lost answer may count twice/);
    assert.doesNotMatch(log, /write failed/);
    const [meta] = await ch.server.rows("SELECT engine FROM system.tables WHERE database = 'own' AND name = 'acct'");
    assert.equal(meta!.engine, 'SummingMergeTree');
    const golden = pmacctFlows('nfv9-akvorado');
    const [sums] = await ch.server.rows('SELECT uniqExact(ip_dst, ip_proto) AS keys, sum(packets) AS packets, any(note) AS note FROM own.acct');
    assert.deepEqual(sums, { keys: String(distinct(golden, ['ip_dst', 'ip_proto'])), packets: String(total(golden)), note: 'mine' });
  });

  it('a table lacking a column of the aggregate: the flush fails with the reason and waits; at exit its entries are reported', async () => {
    await ch.server.client('CREATE DATABASE narrow');
    await ch.server.client('CREATE TABLE narrow.acct (ip_dst String, packets UInt64, bytes UInt64) ENGINE = MergeTree ORDER BY ip_dst');
    const log = await replay('narrow', join(ROOT, 'test', 'golden', 'nfv9-akvorado', 'capture.pcap'), [
      'aggregate[c]: dst_host, proto', 'clickhouse_db[c]: narrow', 'clickhouse_table[c]: acct', 'spool_dir[c]: ' + join(ch.work, 'spool'),
    ]);
    assert.match(log, /write failed \(.*table 'narrow\.acct' exists without column\(s\) ip_proto of this plugin's aggregate/);
    const golden = pmacctFlows('nfv9-akvorado');
    assert.match(log, new RegExp(`exiting with ${distinct(golden, ['ip_dst', 'ip_proto'])} unwritten entries \\(${total(golden)} packets`));
    assert.equal((await ch.server.client('SELECT count() FROM narrow.acct')).trim(), '0');
  });

  it('a missing database is created', async () => {
    const log = await replay('newdb', join(ROOT, 'test', 'golden', 'nfv9-akvorado', 'capture.pcap'), [
      'aggregate[c]: dst_host', 'clickhouse_db[c]: brand_new', 'clickhouse_table[c]: flows',
    ]);
    assert.match(log, /created database 'brand_new'/);
    assert.equal((await ch.server.client('SELECT sum(packets) FROM brand_new.flows')).trim(), String(total(pmacctFlows('nfv9-akvorado'))));
  });
});

/** pmacct 1.7.7's json-flows golden lines of a capture: its records at a fine aggregate, which coarser keys are counted from. */
function pmacctFlows(capture: string): Array<Record<string, string | number>> {
  return readFileSync(join(ROOT, 'test', 'golden', capture, 'json-flows.pmacct.out'), 'utf8').split('\n').filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, string | number>);
}

function distinct(lines: ReadonlyArray<Record<string, string | number>>, fields: readonly string[]): number {
  return new Set(lines.map((l) => fields.map((f) => l[f]).join('|'))).size;
}

function total(lines: ReadonlyArray<Record<string, string | number>>): number {
  return lines.reduce((n, l) => n + Number(l.packets), 0);
}
