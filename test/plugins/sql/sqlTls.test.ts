/**
 * sql_conn_ca_file: TLS to PostgreSQL and MariaDB scratch servers with a
 * CA and server certificates made by `openssl` for the test.
 *
 * - pgsql (pmacct: libpq `sslmode=verify-full sslrootcert=<file>`): the
 *   plugin's role may log in over TLS only (pg_hba `hostssl`, `hostnossl …
 *   reject`); the plugin's session reports TLS in pg_stat_ssl; the daemon
 *   writes its rows; a wrong CA fails the write (logged, kept for retry,
 *   nothing written in clear); a certificate of the right CA for another
 *   host name is refused too (verify-full).
 * - mysql (pmacct: the CA as `ssl-ca`, libmariadb verifies the chain, not
 *   the host name): the plugin's user is created `REQUIRE SSL`; the server
 *   certificate is issued by the CA for another host name and accepted
 *   (verify-ca, as pmacct); a wrong CA fails the write.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, chownSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { MysqlConnection } from '../../../src/plugins/sql/mysqlConnection.ts';
import { PgsqlConnection } from '../../../src/plugins/sql/pgsqlConnection.ts';
import type { SqlServerSettings } from '../../../src/plugins/sql/sqlConnection.ts';
import { makeTestCertificates } from '../../net/testCertificates.ts';
import { ScratchMariadb, ScratchPostgres, scratchUnavailable } from './scratchServers.ts';
import { createPmacctV7, drained, sendFlows, stopCleanly, withDaemon } from './sqlDaemonRun.ts';

function postgresIds(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  for (const line of readFileSync('/etc/passwd', 'utf8').split('\n')) {
    const f = line.split(':');
    if (f[0] === 'postgres') return { uid: Number(f[2]), gid: Number(f[3]) };
  }
  return null;
}

/** Installs certificate `name` (ip or named) as server.pem/server.key, readable by PostgreSQL only. */
function serve(name: 'ip' | 'named', ids: { uid: number; gid: number } | null): void {
  for (const ext of ['pem', 'key']) {
    const to = join(certs, `server.${ext}`);
    writeFileSync(to, readFileSync(join(certs, `${name}.${ext}`)), { mode: 0o600 });
    chmodSync(to, 0o600);
    if (ids) chownSync(to, ids.uid, ids.gid);
  }
}

/** Runs the daemon with one SQL plugin x for ~1 s of NetFlow; returns its log and the packets it received. */
function runDaemon(plugin: 'pgsql' | 'mysql', lines: string[]): Promise<{ log: string; packets: number }> {
  const config = (work: string): string[] => [
    `plugins: ${plugin}[x]`, 'aggregate[x]: src_host, dst_host, src_port, dst_port, proto',
    'sql_host[x]: 127.0.0.1', 'sql_db[x]: pmacct', 'sql_table_version[x]: 7', 'sql_refresh_time[x]: 1',
    'sql_history[x]: 1m', 'sql_history_roundoff[x]: m', `spool_dir[x]: ${join(work, 'spool')}`,
    ...lines,
  ];
  return withDaemon('tsacct-tls-', config, async (run) => {
    const sent = await sendFlows(run, { protocol: 'netflow-v9', flows: 2000, distinctKeys: 200, exporters: 1, seed: 9, datagramIntervalUs: 15_000 }, 2000, 10);
    await drained(run);
    await run.daemon.waitForLog(/Purging cache - (END|START)/);
    await sleep(1200);
    return { log: await stopCleanly(run.daemon), packets: sent.packets };
  });
}

const certs = mkdtempSync(join(tmpdir(), 'tsacct-tls-certs-'));
after(() => rmSync(certs, { recursive: true, force: true }));

describe('sql_conn_ca_file: pgsql, verify-full', { timeout: 90_000, skip: scratchUnavailable('pgsql') ?? false }, () => {
  let server: ScratchPostgres;
  const settings = (over: Partial<SqlServerSettings>): SqlServerSettings => ({
    host: '127.0.0.1', port: server.port, user: 'tls', password: '', database: 'pmacct', caFile: join(certs, 'ca.pem'), ...over,
  });
  before(async () => {
    if (readdirSync(certs).length === 0) makeTestCertificates(certs, [['ip', 'IP:127.0.0.1'], ['named', 'DNS:db.invalid']]);
    const ids = postgresIds();
    if (ids) {
      chownSync(certs, ids.uid, ids.gid);
      for (const f of readdirSync(certs)) chownSync(join(certs, f), ids.uid, ids.gid);
    }
    serve('ip', ids);
    server = await ScratchPostgres.create(['-c', 'ssl=on', '-c', `ssl_cert_file=${join(certs, 'server.pem')}`, '-c', `ssl_key_file=${join(certs, 'server.key')}`]);
    // Role tls logs in over TLS only; postgres (the test's own queries) in clear too.
    writeFileSync(join(server.dir, 'data', 'pg_hba.conf'), [
      'local all all trust', 'hostssl all all 127.0.0.1/32 trust', 'hostnossl all postgres 127.0.0.1/32 trust', 'hostnossl all all 127.0.0.1/32 reject', '',
    ].join('\n'));
    await server.query('SELECT pg_reload_conf()');
    await server.query('CREATE ROLE tls LOGIN SUPERUSER');
    await createPmacctV7(server);
  });
  after(async () => server?.dispose());

  it('connects over verified TLS; in clear the role is refused', async () => {
    const conn = await PgsqlConnection.open(settings({}), null, (t) => t, () => undefined);
    try {
      assert.equal(await conn.run('SELECT 1 FROM pg_stat_ssl WHERE pid = pg_backend_pid() AND ssl', []), 1, 'the session is TLS');
    } finally {
      await conn.close();
    }
    await assert.rejects(PgsqlConnection.open(settings({ caFile: null }), null, (t) => t, () => undefined), /pg_hba\.conf rejects connection.*no encryption/);
  });

  it('refuses a server certificate of another CA, and one of the CA for another host name', async () => {
    await assert.rejects(PgsqlConnection.open(settings({ caFile: join(certs, 'wrong-ca.pem') }), null, (t) => t, () => undefined), /certificate|self.signed/i);
    serve('named', postgresIds());
    await server.query('SELECT pg_reload_conf()');
    try {
      // The postmaster reloads on its own time: connect until the new certificate is served.
      let refusal: Error | null = null;
      for (let i = 0; i < 100 && refusal === null; i++) {
        try {
          await (await PgsqlConnection.open(settings({}), null, (t) => t, () => undefined)).close();
          await sleep(50);
        } catch (err) {
          refusal = err as Error;
        }
      }
      assert.match(String(refusal?.message), /altnames|does not match/i);
    } finally {
      serve('ip', postgresIds());
      await server.query('SELECT pg_reload_conf()');
    }
  });

  it('the daemon writes over TLS; with a wrong CA the write fails and waits, nothing in clear', async () => {
    const common = [`sql_port[x]: ${server.port}`, 'sql_user[x]: tls', 'sql_passwd[x]: unused'];
    const bad = await runDaemon('pgsql', [...common, `sql_conn_ca_file[x]: ${join(certs, 'wrong-ca.pem')}`]);
    assert.match(bad.log, /write failed.*(certificate|self.signed)/i);
    assert.match(bad.log, /unwritten entries/);
    const [none] = await server.query('SELECT COUNT(*)::int AS n FROM acct_v7', [], 'pmacct');
    assert.equal(none!.n, 0);
    const good = await runDaemon('pgsql', [...common, `sql_conn_ca_file[x]: ${join(certs, 'ca.pem')}`]);
    assert.doesNotMatch(good.log, /write failed/);
    const [sums] = await server.query('SELECT COALESCE(SUM(packets), 0)::bigint AS p FROM acct_v7', [], 'pmacct');
    assert.equal(Number(sums!.p), good.packets);
  });
});

describe('sql_conn_ca_file: mysql, verify-ca', { timeout: 90_000, skip: scratchUnavailable('mysql') ?? false }, () => {
  let server: ScratchMariadb;
  const settings = (over: Partial<SqlServerSettings>): SqlServerSettings => ({
    host: '127.0.0.1', port: server.port, user: 'tls', password: 'tls', database: 'pmacct', caFile: join(certs, 'ca.pem'), ...over,
  });
  before(async () => {
    if (readdirSync(certs).length === 0) makeTestCertificates(certs, [['ip', 'IP:127.0.0.1'], ['named', 'DNS:db.invalid']]);
    // The certificate names db.invalid, not 127.0.0.1: accepted as pmacct's libmariadb would (chain checked, not the name).
    server = await ScratchMariadb.create([`--ssl-ca=${join(certs, 'ca.pem')}`, `--ssl-cert=${join(certs, 'named.pem')}`, `--ssl-key=${join(certs, 'named.key')}`]);
    await server.query("CREATE USER 'tls'@'127.0.0.1' IDENTIFIED BY 'tls' REQUIRE SSL", [], { viaSocket: true });
    await server.query("GRANT ALL PRIVILEGES ON *.* TO 'tls'@'127.0.0.1'", [], { viaSocket: true });
    await createPmacctV7(server);
  });
  after(async () => server?.dispose());

  it('connects over TLS with the CA; in clear the REQUIRE SSL user is refused; another CA is refused', async () => {
    const conn = await MysqlConnection.open(settings({}), false, (t) => t, () => undefined);
    await conn.close();
    await assert.rejects(MysqlConnection.open(settings({ caFile: null }), false, (t) => t, () => undefined), /Access denied/);
    await assert.rejects(MysqlConnection.open(settings({ caFile: join(certs, 'wrong-ca.pem') }), false, (t) => t, () => undefined), /certificate|self.signed/i);
  });

  it('the daemon writes over TLS; with a wrong CA the write fails and waits, nothing in clear', async () => {
    const common = [`sql_port[x]: ${server.port}`, 'sql_user[x]: tls', 'sql_passwd[x]: tls'];
    const bad = await runDaemon('mysql', [...common, `sql_conn_ca_file[x]: ${join(certs, 'wrong-ca.pem')}`]);
    assert.match(bad.log, /write failed.*(certificate|self.signed)/i);
    assert.match(bad.log, /unwritten entries/);
    const [none] = await server.query('SELECT COUNT(*) AS n FROM pmacct.acct_v7');
    assert.equal(Number(none!.n), 0);
    const good = await runDaemon('mysql', [...common, `sql_conn_ca_file[x]: ${join(certs, 'ca.pem')}`]);
    assert.doesNotMatch(good.log, /write failed/);
    const [sums] = await server.query('SELECT COALESCE(SUM(packets), 0) AS p FROM pmacct.acct_v7');
    assert.equal(Number(sums!.p), good.packets);
  });
});
