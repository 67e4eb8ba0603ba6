/**
 * The SQL writer on the real servers (PostgreSQL at 127.0.0.1:5432, MariaDB
 * at 127.0.0.1:3306, as test/golden/sql): a server that cannot be reached or
 * drops the connection fails the flush (AggregatingConsumer keeps the batch)
 * and the next flush reconnects; a connection dropped while idle is replaced
 * before the next flush; every entry is counted exactly once.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { Client } from 'pg';
import { createLogger } from '../../../src/core/logger.ts';
import { MysqlConnection } from '../../../src/plugins/sql/mysqlConnection.ts';
import { MysqlDialect } from '../../../src/plugins/sql/mysqlDialect.ts';
import { PgsqlConnection } from '../../../src/plugins/sql/pgsqlConnection.ts';
import { PgsqlDialect } from '../../../src/plugins/sql/pgsqlDialect.ts';
import type { SqlConnection, SqlServerSettings } from '../../../src/plugins/sql/sqlConnection.ts';
import type { SqlDialect } from '../../../src/plugins/sql/sqlDialect.ts';
import { SqlWriter } from '../../../src/plugins/sql/sqlWriter.ts';
import { dstPortBatch, dstPortLayout, dstPortPlan } from './dstPortBatch.ts';

const layout = dstPortLayout;
const plan = dstPortPlan;
const database = `tsacct_unit_${process.pid}`;
const dir = mkdtempSync(join(tmpdir(), 'tsacct-serverwriter-'));
const logger = createLogger({ tag: 'test', debug: false, file: join(dir, 'log') });
after(() => rmSync(dir, { recursive: true, force: true }));

const batchOf = dstPortBatch;

function writerOf(dialect: SqlDialect, connect: () => Promise<SqlConnection>, dontTryUpdate = false): SqlWriter {
  return new SqlWriter(
    { tag: 'x/test', table: 't', schema: null, history: false, dontTryUpdate, multiValues: 0, utc: true, timestamps: { utc: true, rfc3339: false, sinceEpoch: false } },
    layout, plan, dialect, connect, logger,
  );
}

/** A promise of the connection's "lost" report, and the listener to give the connection. */
function lostSignal(): { lost: Promise<void>; onError: () => void } {
  let onError = (): void => undefined;
  const lost = new Promise<void>((resolve) => {
    onError = resolve;
  });
  return { lost, onError: () => onError() };
}

/** Unreachable first, then reachable; `kill` drops the server side of the idle connection between flushes. */
async function exercise(writer: SqlWriter, kill: () => Promise<void>, lost: Promise<void>, rows: () => Promise<unknown[]>): Promise<void> {
  const first = batchOf([53, 80, 443]);
  await assert.rejects(writer.write(first), /ECONNREFUSED|connect/i);
  await writer.write(first);
  await kill();
  await lost;
  await writer.write(batchOf([80]));
  await writer.write(batchOf([443]));
  await writer.close();
  assert.deepEqual(await rows(), [
    { dst_port: 53, packets: 1, bytes: 100 },
    { dst_port: 80, packets: 2, bytes: 200 },
    { dst_port: 443, packets: 2, bytes: 200 },
  ]);
}

describe('SqlWriter on PostgreSQL', () => {
  const user = process.env.TSACCT_PGSQL_USER ?? 'postgres';
  const admin = async (sql: string, values: unknown[] = [], db = process.env.TSACCT_PGSQL_DB ?? 'test'): Promise<Array<Record<string, unknown>>> => {
    const client = new Client({ host: '127.0.0.1', port: 5432, user, database: db });
    await client.connect().catch((err: Error) => {
      throw new Error(`cannot reach PostgreSQL at 127.0.0.1:5432 as '${user}': ${err.message}`);
    });
    try {
      return (await client.query(sql, values)).rows;
    } finally {
      await client.end();
    }
  };

  it('fails a flush the server cannot take, reconnects and writes each entry once', async () => {
    await admin(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await admin(`CREATE DATABASE "${database}"`);
    try {
      await admin('CREATE TABLE t (dst_port INT NOT NULL PRIMARY KEY, packets INT NOT NULL, bytes BIGINT NOT NULL)', [], database);
      const settings: SqlServerSettings = { host: '127.0.0.1', port: 5432, user, password: 'x', database, caFile: null };
      const dialect = new PgsqlDialect({ utc: true, sinceEpoch: false });
      let calls = 0;
      const signal = lostSignal();
      const writer = writerOf(dialect, () => PgsqlConnection.open({ ...settings, port: ++calls === 1 ? 1 : 5432 }, 'EXCLUSIVE', (t) => dialect.quoteIdentifier(t), signal.onError));
      await exercise(
        writer,
        async () => void await admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND application_name = 'tsacct'", [database]),
        signal.lost,
        () => admin('SELECT dst_port, packets, bytes::int AS bytes FROM t ORDER BY dst_port', [], database),
      );
    } finally {
      await admin(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    }
  });
});

describe('SqlWriter on PostgreSQL, INSERT-only', () => {
  const user = process.env.TSACCT_PGSQL_USER ?? 'postgres';
  const admin = async (sql: string, values: unknown[] = [], db = process.env.TSACCT_PGSQL_DB ?? 'test'): Promise<Array<Record<string, unknown>>> => {
    const client = new Client({ host: '127.0.0.1', port: 5432, user, database: db });
    await client.connect();
    try {
      return (await client.query(sql, values)).rows;
    } finally {
      await client.end();
    }
  };

  it('sends parameterised multi-row INSERTs of up to 65535 values, the rest in power-of-two parts; every row once', async () => {
    const insertOnly = `${database}_insert_only`;
    await admin(`DROP DATABASE IF EXISTS "${insertOnly}" WITH (FORCE)`);
    await admin(`CREATE DATABASE "${insertOnly}"`);
    try {
      await admin('CREATE TABLE t (dst_port INT NOT NULL PRIMARY KEY, packets INT NOT NULL, bytes BIGINT NOT NULL)', [], insertOnly);
      const settings: SqlServerSettings = { host: '127.0.0.1', port: 5432, user, password: 'x', database: insertOnly, caFile: null };
      const dialect = new PgsqlDialect({ utc: true, sinceEpoch: false });
      // Rows per INSERT as the server got them, and the statement texts.
      const rowsPerInsert: number[] = [];
      const texts = new Set<string>();
      const writer = writerOf(dialect, async () => {
        const conn = await PgsqlConnection.open(settings, null, (t) => dialect.quoteIdentifier(t), () => undefined);
        const run = conn.run.bind(conn);
        conn.run = (sql, params) => {
          texts.add(sql);
          // dst_port, packets, bytes: three values a row.
          rowsPerInsert.push(params.length / 3);
          return run(sql, params);
        };
        return conn;
      }, true);
      const ports = Array.from({ length: 50_000 }, (_, i) => i + 1);
      await writer.write(batchOf(ports));
      await writer.close();
      // 65535 parameters / 3 a row = 21845 rows; 50000 − 2·21845 = 6310 = 4096 + 2048 + 128 + 32 + 4 + 2.
      assert.deepEqual(rowsPerInsert, [21845, 21845, 4096, 2048, 128, 32, 4, 2]);
      assert.equal(texts.size, 7);
      const [sums] = await admin('SELECT COUNT(*)::int AS n, COUNT(DISTINCT dst_port)::int AS ports, SUM(packets)::int AS packets, SUM(bytes)::bigint AS bytes, MIN(dst_port) AS lo, MAX(dst_port) AS hi FROM t', [], insertOnly);
      assert.deepEqual({ ...sums, bytes: Number(sums!.bytes) }, { n: 50_000, ports: 50_000, packets: 50_000, bytes: 5_000_000, lo: 1, hi: 50_000 });
    } finally {
      await admin(`DROP DATABASE IF EXISTS "${insertOnly}" WITH (FORCE)`);
    }
  });
});

describe('SqlWriter on MariaDB/MySQL', () => {
  const user = process.env.TSACCT_MYSQL_USER ?? 'root';
  const password = process.env.TSACCT_MYSQL_PASSWORD ?? '';
  const admin = async (sql: string, values: unknown[] = []): Promise<Array<Record<string, unknown>>> => {
    const conn = await createConnection({ host: '127.0.0.1', port: 3306, user, password }).catch((err: Error) => {
      throw new Error(`cannot reach MariaDB/MySQL at 127.0.0.1:3306 as '${user}': ${err.message}`);
    });
    try {
      return (await conn.query(sql, values))[0] as Array<Record<string, unknown>>;
    } finally {
      await conn.end();
    }
  };

  it('fails a flush the server cannot take, reconnects and writes each entry once', async () => {
    await admin(`DROP DATABASE IF EXISTS \`${database}\``);
    await admin(`CREATE DATABASE \`${database}\``);
    try {
      await admin(`CREATE TABLE \`${database}\`.t (dst_port INT NOT NULL PRIMARY KEY, packets INT NOT NULL, bytes BIGINT NOT NULL)`);
      const settings: SqlServerSettings = { host: '127.0.0.1', port: 3306, user, password, database, caFile: null };
      const dialect = new MysqlDialect({ utc: true, sinceEpoch: false });
      let calls = 0;
      const signal = lostSignal();
      const writer = writerOf(dialect, () => MysqlConnection.open({ ...settings, port: ++calls === 1 ? 1 : 3306 }, true, (t) => dialect.quoteIdentifier(t), signal.onError));
      await exercise(
        writer,
        async () => {
          for (const row of await admin('SELECT id FROM information_schema.processlist WHERE db = ? AND id <> CONNECTION_ID()', [database])) await admin(`KILL ${Number(row.id)}`);
        },
        signal.lost,
        () => admin(`SELECT dst_port, packets, CAST(bytes AS SIGNED) AS bytes FROM \`${database}\`.t ORDER BY dst_port`),
      );
    } finally {
      await admin(`DROP DATABASE IF EXISTS \`${database}\``);
    }
  });
});
