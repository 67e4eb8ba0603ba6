/**
 * A throwaway ClickHouse server for the clickhouse plugin's tests: Debian's
 * clickhouse-server (18.16) with a generated minimal configuration in a
 * temporary directory, HTTP and native ports free on 127.0.0.1 only, time
 * zone UTC, user `default` without a password and user `tsacct` with one.
 * It shares ScratchServer's life cycle with the SQL tests' servers: start()
 * again on the same ports and data after crash() (SIGKILL), freeze()
 * (SIGSTOP) / thaw(), dispose().
 *
 * Tests read the tables with clickhouse-client over the native protocol, not
 * with the plugin's HTTP client, so what they check does not go through the
 * code under test.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { promisify } from 'node:util';
import { ScratchServer } from '../sql/scratchServers.ts';
import { freeTcpPorts } from '../../net/loopbackListen.ts';

const run = promisify(execFile);

const SERVER = '/usr/sbin/clickhouse-server';
const CLIENT = '/usr/bin/clickhouse-client';

/** Why a scratch ClickHouse cannot run here (null: it can). */
export function clickhouseUnavailable(): string | null {
  const missing = [SERVER, CLIENT].filter((p) => !existsSync(p));
  return missing.length > 0 ? `${missing.join(', ')} not installed (apt-get install clickhouse-server clickhouse-client)` : null;
}

/** What a test file's hooks set up: the server and a work directory, both gone after the file's tests. */
export interface ClickhouseSuite {
  readonly server: ScratchClickhouse;
  readonly work: string;
}

/**
 * Registers before/after hooks that start one scratch server and a work
 * directory (tsacct-clickhouse-<name>-…) for the calling test file, when a
 * server can run here; the returned object's fields are set once the
 * `before` hook ran.
 */
export function scratchClickhouseSuite(name: string): ClickhouseSuite {
  const suite = { server: undefined as unknown as ScratchClickhouse, work: '' };
  before(async () => {
    if (clickhouseUnavailable() !== null) return;
    suite.server = await ScratchClickhouse.create();
    suite.work = mkdtempSync(join(tmpdir(), `tsacct-clickhouse-${name}-`));
  });
  after(async () => {
    await (suite.server as ScratchClickhouse | undefined)?.dispose();
    if (suite.work) rmSync(suite.work, { recursive: true, force: true });
  });
  return suite;
}

export class ScratchClickhouse extends ScratchServer {
  /** The native protocol's port, which clickhouse-client uses. */
  readonly tcpPort: number;
  readonly user = 'tsacct';
  readonly password = 'tsacct-secret';
  private readonly httpsPort: number | null;

  private constructor(httpPort: number, tcpPort: number, httpsPort: number | null) {
    super('tsacct-scratch-clickhouse-', httpPort);
    this.tcpPort = tcpPort;
    this.httpsPort = httpsPort;
  }

  /** `tls`: also serve HTTPS on `httpsPort` with this certificate and key (PEM files). */
  static async create(tls?: { certificate: string; key: string }): Promise<ScratchClickhouse> {
    const [httpPort, nativePort, httpsPort] = await freeTcpPorts(3);
    const server = new ScratchClickhouse(httpPort!, nativePort!, tls ? httpsPort! : null);
    try {
      server.writeConfig(tls);
      await server.start();
    } catch (err) {
      await server.dispose();
      throw err;
    }
    return server;
  }

  get tlsPort(): number {
    if (this.httpsPort === null) throw new Error('created without tls');
    return this.httpsPort;
  }

  /** Runs one query with clickhouse-client; returns its output (FORMAT as the query says, TabSeparated by default). */
  async client(query: string): Promise<string> {
    const { stdout } = await run(CLIENT, ['--host', '127.0.0.1', '--port', String(this.tcpPort), '--query', query], { timeout: 30_000, maxBuffer: 64 << 20 });
    return stdout;
  }

  /** The rows of a `FORMAT JSONEachRow` query (UInt64 values come as strings, as ClickHouse prints them). */
  async rows(query: string): Promise<Array<Record<string, string | number>>> {
    const text = await this.client(`${query} FORMAT JSONEachRow`);
    return text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, string | number>);
  }

  protected command(): { file: string; args: string[]; ids: null } {
    return { file: SERVER, args: [`--config-file=${join(this.dir, 'config.xml')}`], ids: null };
  }

  protected async ping(): Promise<void> {
    const res = await fetch(`http://127.0.0.1:${this.port}/ping`, { signal: AbortSignal.timeout(2000) });
    if (!res.ok) throw new Error(`ping: HTTP ${res.status}`);
    await res.text();
  }

  private writeConfig(tls?: { certificate: string; key: string }): void {
    const data = join(this.dir, 'data');
    mkdirSync(data);
    const ssl = tls
      ? [
          `  <https_port>${this.httpsPort}</https_port>`,
          '  <openSSL><server>',
          `    <certificateFile>${tls.certificate}</certificateFile><privateKeyFile>${tls.key}</privateKeyFile>`,
          '    <verificationMode>none</verificationMode><loadDefaultCAFile>false</loadDefaultCAFile><disableProtocols>sslv2,sslv3</disableProtocols>',
          '  </server></openSSL>',
        ]
      : [];
    writeFileSync(join(this.dir, 'config.xml'), [
      '<?xml version="1.0"?>',
      '<yandex>',
      '  <logger><level>warning</level><console>1</console></logger>',
      `  <http_port>${this.port}</http_port>`,
      `  <tcp_port>${this.tcpPort}</tcp_port>`,
      ...ssl,
      '  <listen_host>127.0.0.1</listen_host>',
      `  <path>${data}/</path>`,
      `  <tmp_path>${data}/tmp/</tmp_path>`,
      `  <user_files_path>${data}/user_files/</user_files_path>`,
      `  <format_schema_path>${data}/format_schemas/</format_schema_path>`,
      `  <users_config>${join(this.dir, 'users.xml')}</users_config>`,
      '  <default_profile>default</default_profile>',
      '  <default_database>default</default_database>',
      '  <timezone>UTC</timezone>',
      '  <mark_cache_size>67108864</mark_cache_size>',
      '  <uncompressed_cache_size>67108864</uncompressed_cache_size>',
      '  <max_concurrent_queries>50</max_concurrent_queries>',
      '  <mlock_executable>false</mlock_executable>',
      '</yandex>',
      '',
    ].join('\n'));
    const user = (name: string, password: string): string =>
      `    <${name}><password>${password}</password><networks><ip>127.0.0.1</ip></networks><profile>default</profile><quota>default</quota></${name}>`;
    writeFileSync(join(this.dir, 'users.xml'), [
      '<?xml version="1.0"?>',
      '<yandex>',
      '  <profiles><default><max_memory_usage>2000000000</max_memory_usage></default></profiles>',
      '  <users>',
      user('default', ''),
      user(this.user, this.password),
      '  </users>',
      '  <quotas><default></default></quotas>',
      '</yandex>',
      '',
    ].join('\n'));
  }
}
