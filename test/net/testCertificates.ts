/**
 * Throwaway TLS material for the tests that check certificate verification
 * against real servers (PostgreSQL, MariaDB, ClickHouse): a CA, a second CA
 * with the same subject (a certificate it "signs" must be refused), and
 * server certificates issued by the first CA, made by the openssl command.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Why the certificates cannot be made here (null: they can). */
export function opensslUnavailable(): string | null {
  return spawnSync('openssl', ['version']).status === 0 ? null : 'openssl not installed';
}

function openssl(dir: string, args: string[]): void {
  const r = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`openssl ${args.join(' ')}: ${r.stderr}`);
}

/**
 * Writes ca.pem (+ ca.key), wrong-ca.pem and, for each [name, subjectAltName]
 * of `servers` (e.g. ['server', 'IP:127.0.0.1']), <name>.pem and <name>.key
 * issued by ca, into `dir`.
 */
export function makeTestCertificates(dir: string, servers: ReadonlyArray<readonly [string, string]>): void {
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(dir, ['req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=tsacct test CA']);
  openssl(dir, ['req', '-x509', ...ec, '-keyout', 'wrong-ca.key', '-out', 'wrong-ca.pem', '-days', '2', '-subj', '/CN=tsacct test CA']);
  for (const [name, san] of servers) {
    writeFileSync(join(dir, `${name}.ext`), `subjectAltName=${san}\n`);
    openssl(dir, ['req', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`]);
    openssl(dir, ['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.pem`, '-days', '2', '-extfile', `${name}.ext`]);
  }
}
