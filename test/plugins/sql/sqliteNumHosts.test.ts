/**
 * sql_num_hosts on sqlite3: pmacct wraps addresses in INET6_ATON() (fakes in
 * INET_ATON()), functions SQLite lacks and pmacct's sqlite3 plugin cannot
 * define, so nfacctd 1.7.7 has no output to compare with here. tsacct
 * defines them on its connection (src/plugins/sql/sqliteInetFunctions.ts);
 * the expected values below are worked out by hand, and the daemon's table
 * is checked against pmacct's own sqlite3 rows of the same capture
 * (test/golden/sql/v1-hosts-ports.pmacct.csv, text addresses) with each
 * dotted quad turned into a·2^24 + b·2^16 + c·2^8 + d by the test.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { SqliteConnection } from '../../../src/plugins/sql/sqliteConnection.ts';
import { inet6Aton, inetAton } from '../../../src/plugins/sql/sqliteInetFunctions.ts';
import { runCase, SqliteTarget, sqlDir, type SqlCase } from '../../golden/sql/sqlGolden.ts';

const hex = (v: unknown): string => Buffer.from(v as Uint8Array).toString('hex');

describe('INET_ATON and INET6_ATON for SQLite', () => {
  it('INET_ATON: the dotted quad as a 32-bit number in network order, NULL otherwise', () => {
    // 10·2^24 + 0 + 0 + 1 = 167772160 + 1
    assert.equal(inetAton('10.0.0.1'), 167772161n);
    // 192·16777216 + 168·65536 + 1·256 + 2 = 3221225472 + 11010048 + 256 + 2
    assert.equal(inetAton('192.168.1.2'), 3232235778n);
    // 2^32 − 1
    assert.equal(inetAton('255.255.255.255'), 4294967295n);
    // pmacct's fake host.
    assert.equal(inetAton('0.0.0.0'), 0n);
    // MySQL's INET_ATON gives NULL for IPv6 text and for what is no address.
    for (const text of ['2001:db8::1', '256.0.0.1', '10.0.0', 'host', '']) assert.equal(inetAton(text), null, text);
    assert.equal(inetAton(null), null);
  });

  it('INET6_ATON: IPv6 as its 16 bytes, IPv4 as INET_ATON\'s number', () => {
    // 2001:db8::1 = 2001:0db8:0000:0000:0000:0000:0000:0001 (the :: stands for five zero groups).
    assert.equal(hex(inet6Aton('2001:db8::1')), '20010db8000000000000000000000001');
    // ::ffff:10.0.0.1: ten zero bytes, ff ff, then 10.0.0.1 as 0a 00 00 01.
    assert.equal(hex(inet6Aton('::ffff:10.0.0.1')), '00000000000000000000ffff0a000001');
    // fe80::4206:d5ff:feff:dd90: fe80, three zero groups, then 4206 d5ff feff dd90.
    assert.equal(hex(inet6Aton('fe80::4206:d5ff:feff:dd90')), 'fe800000000000004206d5fffeffdd90');
    assert.equal(inet6Aton('10.0.0.1'), 167772161n);
    assert.equal(inet6Aton('2001:db8::g'), null);
  });

  it('are defined on tsacct\'s connection: integers and BLOBs in an INT column, found again by the UPDATE\'s WHERE', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsacct-inet-'));
    try {
      const path = join(dir, 'db.sqlite');
      const conn = new SqliteConnection(path);
      conn.exec('CREATE TABLE t (ip INT(32) DEFAULT 0, n INT)');
      assert.equal(conn.run('INSERT INTO t VALUES (INET6_ATON(?), 1), (INET6_ATON(?), 2), (INET_ATON(?), 3)', ['10.0.0.1', '2001:db8::1', '0.0.0.0']), 3);
      assert.equal(conn.run('UPDATE t SET n = n + 10 WHERE ip = INET6_ATON(?)', ['2001:db8::1']), 1);
      assert.equal(conn.run('UPDATE t SET n = n + 10 WHERE ip = INET6_ATON(?)', ['10.0.0.1']), 1);
      conn.close();
      const db = new DatabaseSync(path, { readOnly: true });
      const rows = db.prepare('SELECT typeof(ip) AS type, hex(ip) AS bytes, ip, n FROM t ORDER BY n').all();
      db.close();
      assert.deepEqual(rows.map((r) => ({ ...r })), [
        // hex() of an integer is the hex of its decimal text: '0' is 30, '167772161' is 31 36 37 ….
        { type: 'integer', bytes: '30', ip: 0, n: 3 },
        { type: 'integer', bytes: '313637373732313631', ip: 167772161, n: 11 },
        { type: 'blob', bytes: '20010DB8000000000000000000000001', ip: rows[2]!.ip, n: 12 },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('sqlite3 plugin with sql_num_hosts', () => {
  const target = new SqliteTarget();
  const work = mkdtempSync(join(tmpdir(), 'tsacct-num-hosts-'));
  after(async () => {
    rmSync(work, { recursive: true, force: true });
    await target.dispose();
  });

  /** a.b.c.d as a·2^24 + b·2^16 + c·2^8 + d. */
  const number = (dotted: string): string => {
    const [a, b, c, d] = dotted.split('.').map(Number) as [number, number, number, number];
    return String(a * 2 ** 24 + b * 2 ** 16 + c * 2 ** 8 + d);
  };

  /** pmacct's v1-hosts-ports rows (mac_src, mac_dst, ip_src, ip_dst, src_port, dst_port, ip_proto, packets, bytes). */
  const pmacctRows = (): string[][] => readFileSync(join(sqlDir, 'v1-hosts-ports.pmacct.csv'), 'utf8')
    .split('\n').filter((l) => l !== '' && !l.startsWith('--')).slice(1).map((l) => l.split(','));

  const numHostsCase = (name: string, aggregate: string): SqlCase => ({
    name, backend: 'sqlite3', capture: 'nfv5', schema: 'num-hosts-v1', table: 'acct', aggregate,
    extra: ['sql_table_version[x]: 1', 'sql_num_hosts[x]: true'], runs: 1, history: false, pmacctOneTablePerPurge: false,
  });

  const tsacct = [process.execPath, join(import.meta.dirname, '..', '..', '..', 'bin', 'tsacct.js'), 'nfacctd'];

  async function tableRows(c: SqlCase): Promise<string[]> {
    await runCase(c, tsacct, target, join(work, `${c.name}.conf`));
    const dump = (await target.dump(c)).split('\n').filter((l) => l !== '');
    assert.equal(dump[0], '-- acct');
    assert.equal(dump[1], 'mac_src,mac_dst,ip_src,ip_dst,src_port,dst_port,ip_proto,packets,bytes');
    return dump.slice(2).sort();
  }

  it('writes every aggregated address as its number (INET6_ATON): pmacct\'s rows, addresses converted', { timeout: 60_000 }, async () => {
    const expected = pmacctRows().map((f) => [f[0], f[1], number(f[2]!), number(f[3]!), ...f.slice(4)].join(',')).sort();
    assert.ok(expected.length > 10);
    assert.deepEqual(await tableRows(numHostsCase('all-hosts', 'src_mac, dst_mac, src_host, dst_host, src_port, dst_port, proto')), expected);
  });

  it('writes the fake ip_dst as INET_ATON(\'0.0.0.0\') = 0: pmacct\'s rows merged over dst_host', { timeout: 60_000 }, async () => {
    // Without dst_host in the aggregate, pmacct's rows that differ only in ip_dst are one entry; mac_src and mac_dst
    // become the fake '0:0:0:0:0:0' (not aggregated), ip_dst the fake 0.0.0.0, whose INET_ATON is 0.
    const merged = new Map<string, [number, number]>();
    for (const f of pmacctRows()) {
      const key = ['0:0:0:0:0:0', '0:0:0:0:0:0', number(f[2]!), '0', f[4], f[5], f[6]].join(',');
      const sums = merged.get(key) ?? [0, 0];
      merged.set(key, [sums[0] + Number(f[7]), sums[1] + Number(f[8])]);
    }
    const expected = [...merged].map(([key, [packets, bytes]]) => `${key},${packets},${bytes}`).sort();
    assert.deepEqual(await tableRows(numHostsCase('fake-dst', 'src_host, src_port, dst_port, proto')), expected);
  });
});
