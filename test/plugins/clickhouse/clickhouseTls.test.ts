/**
 * clickhouse_secure and clickhouse_conn_ca_file: the plugin talks HTTPS to a
 * scratch ClickHouse serving a certificate (IP:127.0.0.1) from a CA made by
 * `openssl` for the test. With that CA the daemon's rows arrive; with
 * another CA the certificate is refused: the flush fails, is logged, and
 * nothing goes to the server in clear.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { makeTestCertificates, opensslUnavailable } from '../../net/testCertificates.ts';
import { clickhouseUnavailable, ScratchClickhouse } from './scratchClickhouse.ts';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..', '..');
const TSACCT = join(ROOT, 'bin', 'tsacct.js');
const CAPTURE = join(ROOT, 'test', 'golden', 'nfv9-akvorado', 'capture.pcap');

const unavailable = clickhouseUnavailable() ?? opensslUnavailable();
let server: ScratchClickhouse;
let work: string;

before(async () => {
  if (unavailable !== null) return;
  work = mkdtempSync(join(tmpdir(), 'tsacct-clickhouse-tls-'));
  makeTestCertificates(work, [['server', 'IP:127.0.0.1']]);
  server = await ScratchClickhouse.create({ certificate: join(work, 'server.pem'), key: join(work, 'server.key') });
});

after(async () => {
  await server?.dispose();
  if (work) rmSync(work, { recursive: true, force: true });
});

async function replay(name: string, ca: string): Promise<string> {
  const conf = join(work, `${name}.conf`);
  writeFileSync(conf, [
    'daemonize: false', `pcap_savefile: ${CAPTURE}`, 'pcap_savefile_wait: false', 'timestamps_utc: true',
    'plugins: clickhouse[c]', 'aggregate[c]: dst_host, proto',
    'clickhouse_host[c]: 127.0.0.1', `clickhouse_port[c]: ${server.tlsPort}`, 'clickhouse_secure[c]: true', `clickhouse_conn_ca_file[c]: ${join(work, ca)}`,
    `clickhouse_user[c]: ${server.user}`, `clickhouse_passwd[c]: ${server.password}`, `clickhouse_table[c]: ${name}`,
    'clickhouse_refresh_time[c]: 3600', `spool_dir[c]: ${join(work, 'spool')}`, '',
  ].join('\n'));
  return (await run(process.execPath, [TSACCT, 'nfacctd', '-f', conf], { cwd: work, timeout: 60_000 })).stderr;
}

describe('clickhouse plugin over HTTPS', { skip: unavailable ?? false }, () => {
  it('with the CA of the server\'s certificate: rows written', async () => {
    const log = await replay('tls_ok', 'ca.pem');
    assert.doesNotMatch(log, /write failed/);
    // pmacct 1.7.7's json-flows golden output of the capture: its packets, all of them in the table.
    const packets = readFileSync(join(ROOT, 'test', 'golden', 'nfv9-akvorado', 'json-flows.pmacct.out'), 'utf8').split('\n').filter((l) => l !== '')
      .reduce((n, l) => n + (JSON.parse(l) as { packets: number }).packets, 0);
    assert.equal((await server.client('SELECT sum(packets) FROM default.tls_ok')).trim(), String(packets));
  });

  it('with another CA: the certificate is refused, the flush fails and waits', async () => {
    const log = await replay('tls_wrong', 'wrong-ca.pem');
    assert.match(log, /write failed \(.*(certificate|self.signed|unable to verify)/i);
    assert.match(log, /exiting with \d+ unwritten entries/);
    assert.equal((await server.client("SELECT count() FROM system.tables WHERE name = 'tls_wrong'")).trim(), '0');
  });

  it('clickhouse_conn_ca_file without clickhouse_secure is refused at startup', async () => {
    const conf = join(work, 'plain.conf');
    writeFileSync(conf, ['plugins: clickhouse[c]', 'aggregate[c]: dst_host', `clickhouse_conn_ca_file[c]: ${join(work, 'ca.pem')}`, ''].join('\n'));
    await assert.rejects(run(process.execPath, [TSACCT, 'nfacctd', '-f', conf], { cwd: work, timeout: 30_000 }), /clickhouse_conn_ca_file needs clickhouse_secure: true/);
  });
});
