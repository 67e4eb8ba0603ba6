/**
 * The SQL golden cases shared by regenerate.ts (pmacct 1.7.7's nfacctd with
 * `plugins: <backend>[x]`) and the <backend>.test.ts files (tsacct): each
 * case's capture is replayed offline into fresh tables made from the case's
 * create-table script (pmacct's own, in schemas/<schema>.<backend>), and
 * every table is dumped as CSV: all columns but stamp_updated (wall-clock
 * time of the write) — and stamp_inserted without sql_history, where it
 * holds the schema's default (CURRENT_TIMESTAMP in pmacct's pgsql v1-v5
 * scripts) — rows ordered by all columns; MySQL's binary columns
 * (sql_num_hosts' VARBINARY) as hex digits.
 *
 * sqlite3 cases write a database file; mysql and pgsql cases write a
 * database created per case on the servers at 127.0.0.1 (MariaDB: root
 * without password, TSACCT_MYSQL_USER/TSACCT_MYSQL_PASSWORD; PostgreSQL:
 * postgres with trust authentication, TSACCT_PGSQL_USER/TSACCT_PGSQL_DB),
 * dropped afterwards.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, test } from 'node:test';
import { createConnection, type Connection, type RowDataPacket } from 'mysql2/promise';
import { Client } from 'pg';
import { parseDuration } from '../../../src/config/index.ts';
import { strftime, substituteConfigVariables, substituteVariables } from '../../../src/output/dynamicFileName.ts';

export const sqlDir = import.meta.dirname;
const goldenDir = join(sqlDir, '..');

export type SqlBackendName = 'sqlite3' | 'mysql' | 'pgsql';
export const SQL_BACKENDS: readonly SqlBackendName[] = ['sqlite3', 'mysql', 'pgsql'];

/** What a backend changes in a case: its table (another default name), its create-table script and more config lines. */
interface BackendOverride {
  table?: string;
  schema?: string;
  extra?: string[];
  /**
   * pmacct 1.7.7's pgsql plugin writes every row of a purge into the
   * dynamic table of the purge's first entry (docs/compat.md#sql-pgsql):
   * its rows are compared moved to the tables their values name, as its
   * mysql and sqlite3 plugins write them (rowsInTheirTables).
   */
  pmacctOneTablePerPurge?: boolean;
}

interface CaseFile {
  name: string;
  /** Folder of test/golden holding capture.pcap. */
  capture: string;
  /** Create-table script schemas/<schema>.<backend> run before the daemon starts (null: the daemon creates its tables). */
  schema: string | null;
  /** Table to dump; a trailing % dumps every table with that prefix (dynamic tables). */
  table: string;
  aggregate: string;
  /** More `key[x]: value` lines; relative paths are under this folder, {backend} is the backend's name. */
  extra: string[];
  /** Replays into the same database this many times (default 1): the later runs UPDATE the rows of the first. */
  runs?: number;
  /** The backends that run the case. */
  backends: Partial<Record<SqlBackendName, BackendOverride>>;
}

/** A case as one backend runs it. */
export interface SqlCase {
  name: string;
  backend: SqlBackendName;
  capture: string;
  schema: string | null;
  table: string;
  aggregate: string;
  extra: string[];
  runs: number;
  history: boolean;
  /** See BackendOverride. */
  pmacctOneTablePerPurge: boolean;
}

export function sqlCases(backend: SqlBackendName): SqlCase[] {
  const file = JSON.parse(readFileSync(join(sqlDir, 'cases.json'), 'utf8')) as { cases: CaseFile[] };
  const cases: SqlCase[] = [];
  for (const c of file.cases) {
    const o = c.backends[backend];
    if (o === undefined) continue;
    const extra = [...c.extra, ...(o.extra ?? [])].map((line) => line.replaceAll('{backend}', backend));
    cases.push({
      name: c.name, backend, capture: c.capture, schema: o.schema ?? c.schema, table: o.table ?? c.table, aggregate: c.aggregate,
      extra, runs: c.runs ?? 1, history: extra.some((line) => line.startsWith('sql_history[')),
      pmacctOneTablePerPurge: o.pmacctOneTablePerPurge ?? false,
    });
  }
  return cases;
}

/** sqlite3 references stay where they were first stored; the server backends have a folder each. */
export function expectedPath(c: SqlCase): string {
  return c.backend === 'sqlite3' ? join(sqlDir, `${c.name}.pmacct.csv`) : join(sqlDir, c.backend, `${c.name}.pmacct.csv`);
}

/** Where a case writes: a fresh database per case, and how a daemon reaches it. */
export interface GoldenTarget {
  /** Config lines of plugin x that reach the database. */
  readonly connection: readonly string[];
  /** A fresh database holding the case's tables. */
  prepare(c: SqlCase): Promise<void>;
  /** The dumped tables (see the header of this file). */
  dump(c: SqlCase): Promise<string>;
  /** Drops what prepare created. */
  dispose(): Promise<void>;
}

export function configText(c: SqlCase, target: GoldenTarget): string {
  return [
    `! SQL golden case ${c.name} (${c.backend})`,
    'daemonize: false',
    `pcap_savefile: ${join(goldenDir, c.capture, 'capture.pcap')}`,
    'pcap_savefile_wait: false',
    'timestamps_utc: true',
    `plugins: ${c.backend}[x]`,
    `aggregate[x]: ${c.aggregate}`,
    ...target.connection,
    `sql_refresh_time[x]: ${REFRESH_TIME}`,
    ...c.extra.map((line) => line.replace(/^(sql_table_schema\[x\]: )(?!\/)(.*)$/, (_all, key: string, path: string) => key + join(sqlDir, path))),
    '',
  ].join('\n');
}

/** sql_refresh_time of every case: longer than a replay, so each daemon purges once, on exit. */
const REFRESH_TIME = 3600;

/** Runs a daemon command line on the case, `runs` times (pmacct flushes its SQL cache on exit). */
export async function runCase(c: SqlCase, command: readonly string[], target: GoldenTarget, conf: string): Promise<void> {
  await target.prepare(c);
  writeFileSync(conf, configText(c, target));
  for (let run = 0; run < c.runs; run++) {
    await new Promise<void>((resolve, reject) => {
      execFile(command[0]!, [...command.slice(1), '-f', conf], { timeout: 120_000, maxBuffer: 64 << 20 }, (err, _stdout, stderr) => {
        if (err) reject(new Error(`${command.join(' ')} failed: ${err.message}\n${stderr}`));
        else resolve();
      });
    });
  }
}

/** The dumped columns of a table: stamp_inserted only with sql_history. */
function dumpedColumns(c: SqlCase, columns: readonly string[]): string[] {
  return columns.filter((n) => n !== 'stamp_updated' && (c.history || n !== 'stamp_inserted'));
}

function schemaText(c: SqlCase): string | null {
  return c.schema === null ? null : readFileSync(join(sqlDir, 'schemas', `${c.schema}.${c.backend}`), 'utf8');
}

/** sqlite3 -csv's quoting: text with a separator, quote, space or line break is quoted. */
function csvValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\s]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function csvTable(table: string, columns: readonly string[], rows: ReadonlyArray<Record<string, unknown>>): string {
  let out = `-- ${table}\n${columns.join(',')}\n`;
  for (const row of rows) out += columns.map((n) => csvValue(row[n])).join(',') + '\n';
  return out;
}

export class SqliteTarget implements GoldenTarget {
  private readonly dir = mkdtempSync(join(tmpdir(), 'tsacct-sql-'));
  private readonly db = join(this.dir, 'golden.db');
  readonly connection = [`sql_db[x]: ${this.db}`];

  async prepare(c: SqlCase): Promise<void> {
    rmSync(this.db, { force: true });
    const conn = new DatabaseSync(this.db);
    try {
      const schema = schemaText(c);
      if (schema !== null) conn.exec(schema);
    } finally {
      conn.close();
    }
  }

  async dump(c: SqlCase): Promise<string> {
    const conn = new DatabaseSync(this.db, { readOnly: true });
    try {
      const tables = c.table.endsWith('%')
        ? (conn.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE ? ORDER BY name").all(c.table) as Array<{ name: string }>).map((r) => r.name)
        : [c.table];
      let out = '';
      for (const table of tables) {
        const quoted = `"${table.replaceAll('"', '""')}"`;
        const columns = dumpedColumns(c, (conn.prepare(`PRAGMA table_info(${quoted})`).all() as Array<{ name: string }>).map((r) => r.name));
        const list = columns.map((n) => `"${n}"`).join(', ');
        out += csvTable(table, columns, conn.prepare(`SELECT ${list} FROM ${quoted} ORDER BY ${list}`).all() as Array<Record<string, unknown>>);
      }
      return out;
    } finally {
      conn.close();
    }
  }

  async dispose(): Promise<void> {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

const SERVER_HOST = '127.0.0.1';

export class PgsqlTarget implements GoldenTarget {
  private readonly user = process.env.TSACCT_PGSQL_USER ?? 'postgres';
  /** An existing database to connect to while creating and dropping the case's. */
  private readonly adminDb = process.env.TSACCT_PGSQL_DB ?? 'test';
  private readonly database: string;
  private created = false;
  readonly connection: readonly string[];

  constructor(database: string) {
    this.database = database;
    this.connection = [`sql_host[x]: ${SERVER_HOST}`, `sql_user[x]: ${this.user}`, `sql_db[x]: ${database}`];
  }

  private async client(database: string): Promise<Client> {
    const client = new Client({ host: SERVER_HOST, port: 5432, user: this.user, database, connectionTimeoutMillis: 5000 });
    try {
      await client.connect();
    } catch (err) {
      await client.end().catch(() => undefined);
      throw new Error(`cannot reach PostgreSQL at ${SERVER_HOST}:5432 as '${this.user}' (database '${database}'; set TSACCT_PGSQL_USER/TSACCT_PGSQL_DB): ${(err as Error).message}`, { cause: err });
    }
    return client;
  }

  private async admin(sql: string): Promise<void> {
    const client = await this.client(this.adminDb);
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  }

  async prepare(c: SqlCase): Promise<void> {
    await this.admin(`DROP DATABASE IF EXISTS "${this.database}" WITH (FORCE)`);
    await this.admin(`CREATE DATABASE "${this.database}"`);
    this.created = true;
    const schema = schemaText(c);
    if (schema === null) return;
    const client = await this.client(this.database);
    try {
      await client.query(schema);
    } finally {
      await client.end();
    }
  }

  async dump(c: SqlCase): Promise<string> {
    const client = await this.client(this.database);
    try {
      const tables = c.table.endsWith('%')
        ? (await client.query<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name LIKE $1 ORDER BY table_name", [c.table])).rows.map((r) => r.table_name)
        : [c.table];
      let out = '';
      for (const table of tables) {
        const all = (await client.query<{ column_name: string }>("SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position", [table])).rows.map((r) => r.column_name);
        const columns = dumpedColumns(c, all);
        const list = columns.map((n) => `"${n}"`).join(', ');
        const text = columns.map((n) => `"${n}"::text AS "${n}"`).join(', ');
        out += csvTable(table, columns, (await client.query<Record<string, unknown>>(`SELECT ${text} FROM "${table}" ORDER BY ${list}`)).rows);
      }
      return out;
    } finally {
      await client.end();
    }
  }

  async dispose(): Promise<void> {
    if (this.created) await this.admin(`DROP DATABASE IF EXISTS "${this.database}" WITH (FORCE)`);
    this.created = false;
  }
}

/**
 * MariaDB/MySQL: the daemons log in as a user made for the run with pmacct's
 * default password (sql_passwd is then left unset), since pmacct cannot send
 * an empty one.
 */
export class MysqlTarget implements GoldenTarget {
  private readonly adminUser = process.env.TSACCT_MYSQL_USER ?? 'root';
  private readonly adminPassword = process.env.TSACCT_MYSQL_PASSWORD ?? '';
  private readonly database: string;
  private readonly user: string;
  private created = false;
  readonly connection: readonly string[];

  constructor(database: string, user: string) {
    this.database = database;
    this.user = user;
    this.connection = [`sql_host[x]: ${SERVER_HOST}`, `sql_user[x]: ${user}`, `sql_db[x]: ${database}`];
  }

  private async admin(database?: string): Promise<Connection> {
    try {
      return await createConnection({
        host: SERVER_HOST, port: 3306, user: this.adminUser, password: this.adminPassword, database, connectTimeout: 5000,
        multipleStatements: true, dateStrings: true, supportBigNumbers: true, bigNumberStrings: true,
      });
    } catch (err) {
      throw new Error(`cannot reach MariaDB/MySQL at ${SERVER_HOST}:3306 as '${this.adminUser}' (set TSACCT_MYSQL_USER/TSACCT_MYSQL_PASSWORD): ${(err as Error).message}`, { cause: err });
    }
  }

  async prepare(c: SqlCase): Promise<void> {
    const conn = await this.admin();
    try {
      await conn.query(`DROP DATABASE IF EXISTS \`${this.database}\``);
      await conn.query(`CREATE DATABASE \`${this.database}\``);
      this.created = true;
      for (const host of ['127.0.0.1', 'localhost']) {
        await conn.query(`CREATE USER IF NOT EXISTS '${this.user}'@'${host}' IDENTIFIED BY 'arealsmartpwd'`);
        await conn.query(`GRANT ALL PRIVILEGES ON \`${this.database}\`.* TO '${this.user}'@'${host}'`);
      }
      const schema = schemaText(c);
      if (schema !== null) {
        await conn.query(`USE \`${this.database}\``);
        await conn.query(schema);
      }
    } finally {
      await conn.end();
    }
  }

  async dump(c: SqlCase): Promise<string> {
    const conn = await this.admin(this.database);
    try {
      const tables = c.table.endsWith('%')
        ? (await conn.query<RowDataPacket[]>('SELECT table_name AS t FROM information_schema.tables WHERE table_schema = ? AND table_name LIKE ? ORDER BY table_name', [this.database, c.table]))[0].map((r) => String(r.t))
        : [c.table];
      let out = '';
      for (const table of tables) {
        const [rows] = await conn.query<RowDataPacket[]>('SELECT column_name AS c, data_type AS t FROM information_schema.columns WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position', [this.database, table]);
        const columns = dumpedColumns(c, rows.map((r) => String(r.c)));
        // Binary columns (sql_num_hosts' VARBINARY) are dumped as hex digits.
        const binary = new Set(rows.filter((r) => /binary|blob/i.test(String(r.t))).map((r) => String(r.c)));
        const list = columns.map((n) => `\`${n}\``).join(', ');
        const values = columns.map((n) => (binary.has(n) ? `HEX(\`${n}\`) AS \`${n}\`` : `\`${n}\``)).join(', ');
        out += csvTable(table, columns, (await conn.query<RowDataPacket[]>(`SELECT ${values} FROM \`${table}\` ORDER BY ${list}`))[0]);
      }
      return out;
    } finally {
      await conn.end();
    }
  }

  async dispose(): Promise<void> {
    const conn = await this.admin();
    try {
      if (this.created) await conn.query(`DROP DATABASE IF EXISTS \`${this.database}\``);
      for (const host of ['127.0.0.1', 'localhost']) await conn.query(`DROP USER IF EXISTS '${this.user}'@'${host}'`);
    } finally {
      await conn.end();
    }
    this.created = false;
  }
}

/** A dump's tables: name, column line and CSV rows (in the dump's order). */
interface DumpTable {
  name: string;
  header: string;
  rows: string[];
}

function parseDump(dump: string): DumpTable[] {
  const tables: DumpTable[] = [];
  for (const line of dump.split('\n')) {
    if (line === '') continue;
    const current = tables.at(-1);
    if (line.startsWith('-- ')) tables.push({ name: line.slice(3), header: '', rows: [] });
    else if (current === undefined) throw new Error(`dump line outside a table: ${line}`);
    else if (current.header === '') current.header = line;
    else current.rows.push(line);
  }
  return tables;
}

/** The values of one csvValue-quoted line. */
function csvFields(line: string): string[] {
  const fields: string[] = [];
  let at = 0;
  while (at <= line.length) {
    if (line[at] === '"') {
      let value = '';
      let i = at + 1;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) throw new Error(`unterminated quote in ${line}`);
        value += line.slice(i, q);
        if (line[q + 1] === '"') {
          value += '"';
          i = q + 2;
        } else {
          at = q + 2;
          break;
        }
      }
      fields.push(value);
    } else {
      const comma = line.indexOf(',', at);
      const end = comma < 0 ? line.length : comma;
      fields.push(line.slice(at, end));
      at = end + 1;
    }
  }
  return fields;
}

/**
 * pmacct's rows of a case whose pgsql plugin wrote a whole purge into one
 * table (BackendOverride.pmacctOneTablePerPurge), each moved to the table
 * named by the case's sql_table with the row's own values: stamp_inserted
 * for the time variables (UTC, as every case runs), peer_ip_src for
 * $peer_src_ip, tag/tag2 for $tag/$tag2, and the case's $ref and $hst.
 * A row keeps its place among the others, so each table stays sorted.
 */
export function rowsInTheirTables(c: SqlCase, dump: string): string {
  const pattern = c.extra.findLast((line) => line.startsWith('sql_table[x]: '))?.slice('sql_table[x]: '.length);
  if (pattern === undefined) throw new Error(`${c.name}: no sql_table to move rows by`);
  const historyText = c.extra.findLast((line) => line.startsWith('sql_history[x]: '))?.slice('sql_history[x]: '.length);
  const history = historyText === undefined ? null : parseDuration(historyText);
  const historySeconds = history !== null && typeof history !== 'string' && history.kind === 'seconds' ? history.seconds : 0;
  const named = substituteConfigVariables(pattern, { refreshSeconds: REFRESH_TIME, historySeconds, utc: true });
  const moved = new Map<string, DumpTable>();
  for (const table of parseDump(dump)) {
    const columns = csvFields(table.header);
    const stamp = columns.indexOf('stamp_inserted');
    if (stamp < 0) throw new Error(`${c.name}: table ${table.name} has no stamp_inserted`);
    const column = (fields: string[], name: string): string => (columns.includes(name) ? fields[columns.indexOf(name)]! : '');
    for (const row of table.rows) {
      const fields = csvFields(row);
      const seconds = Date.parse(`${fields[stamp]!.replace(' ', 'T')}Z`) / 1000;
      if (!Number.isInteger(seconds)) throw new Error(`${c.name}: stamp_inserted '${fields[stamp]}' is not a UTC datetime`);
      const variables = {
        // PostgreSQL's inet text carries the prefix length.
        peerSrcIp: column(fields, 'peer_ip_src').replace(/\/\d+$/, ''),
        tag: Number(column(fields, 'tag') || 0),
        tag2: Number(column(fields, 'tag2') || 0),
      };
      const name = strftime(substituteVariables(named, variables), seconds, true);
      let target = moved.get(name);
      if (target === undefined) moved.set(name, (target = { name, header: table.header, rows: [] }));
      target.rows.push(row);
    }
  }
  return [...moved.values()]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((t) => `-- ${t.name}\n${t.header}\n${t.rows.map((r) => `${r}\n`).join('')}`)
    .join('');
}

/** The table names of a dump. */
export function dumpTableNames(dump: string): string[] {
  return parseDump(dump).map((t) => t.name);
}

/** The target of one backend; `who` tells the databases of pmacct's and tsacct's runs apart. */
export function goldenTarget(backend: SqlBackendName, who: 'pmacct' | 'tsacct'): GoldenTarget {
  // The pid keeps two test runs against the same servers apart.
  const suffix = who === 'tsacct' ? `tsacct_${process.pid}` : 'pmacct';
  switch (backend) {
    case 'sqlite3':
      return new SqliteTarget();
    case 'mysql':
      return new MysqlTarget(`tsacct_golden_${suffix}`, `tsacct_golden_${who === 'tsacct' ? process.pid : 'pm'}`);
    case 'pgsql':
      return new PgsqlTarget(`tsacct_golden_${suffix}`);
  }
}

const tsacct = [process.execPath, join(sqlDir, '..', '..', '..', 'bin', 'tsacct.js'), 'nfacctd'];

/**
 * Registers the golden tests of one backend: tsacct writes each case into a
 * fresh database and the dump must equal what pmacct 1.7.7 wrote
 * (expectedPath, made by regenerate.ts).
 */
export function goldenTests(backend: SqlBackendName): void {
  const target = goldenTarget(backend, 'tsacct');
  const work = mkdtempSync(join(tmpdir(), `tsacct-sql-${backend}-`));
  after(async () => {
    rmSync(work, { recursive: true, force: true });
    await target.dispose();
  });
  for (const c of sqlCases(backend)) {
    const stored = existsSync(expectedPath(c));
    test(`${backend} golden ${c.name}`, { skip: !stored && 'no reference output stored' }, async () => {
      await runCase(c, tsacct, target, join(work, `${c.name}.conf`));
      let expected = readFileSync(expectedPath(c), 'utf8');
      if (c.pmacctOneTablePerPurge) {
        expected = rowsInTheirTables(c, expected);
        // The tables the rows were moved to are those pmacct's sqlite3 plugin made for the same case.
        const sqlite3 = expectedPath({ ...c, backend: 'sqlite3' });
        if (existsSync(sqlite3)) assert.deepEqual(dumpTableNames(expected), dumpTableNames(readFileSync(sqlite3, 'utf8')));
      }
      assert.equal(await target.dump(c), expected);
    });
  }
}
