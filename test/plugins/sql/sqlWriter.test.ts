/**
 * The SQL writer's contract with AggregatingConsumer: a flush is one
 * transaction; a failure rolls it back and throws, so the retried batch is
 * written exactly once; a later flush UPDATEs the rows of an earlier one.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { createLogger } from '../../../src/core/logger.ts';
import type { SqlConnection, SqlParameter } from '../../../src/plugins/sql/sqlConnection.ts';
import { SqliteConnection } from '../../../src/plugins/sql/sqliteConnection.ts';
import { SqliteDialect } from '../../../src/plugins/sql/sqliteDialect.ts';
import { SqlWriter } from '../../../src/plugins/sql/sqlWriter.ts';
import { dstPortBatch, dstPortLayout, dstPortPlan } from './dstPortBatch.ts';

const layout = dstPortLayout;
const plan = dstPortPlan;

const batchOf = dstPortBatch;

/** A connection that fails its `failAt`-th run once. */
class FlakyConnection implements SqlConnection {
  private runs = 0;
  private readonly inner: SqliteConnection;
  private failAt: number;
  constructor(inner: SqliteConnection, failAt: number) {
    this.inner = inner;
    this.failAt = failAt;
  }
  run(sql: string, params: readonly SqlParameter[]): number {
    if (++this.runs === this.failAt) {
      this.failAt = 0;
      throw new Error('disk I/O error');
    }
    return this.inner.run(sql, params);
  }
  exec(script: string): void { this.inner.exec(script); }
  begin(): void { this.inner.begin(); }
  commit(): void { this.inner.commit(); }
  rollback(): void { this.inner.rollback(); }
  close(): void { this.inner.close(); }
}

describe('SqlWriter', () => {
  it('rolls a failed flush back and writes it exactly once on retry, then UPDATEs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsacct-sqlwriter-'));
    try {
      const path = join(dir, 'db.sqlite');
      const setup = new DatabaseSync(path);
      setup.exec('CREATE TABLE t (dst_port INT NOT NULL, packets INT NOT NULL, bytes BIGINT NOT NULL, PRIMARY KEY (dst_port))');
      setup.close();
      let connections = 0;
      const writer = new SqlWriter(
        { tag: 'x/sqlite3', table: 't', schema: null, history: false, dontTryUpdate: false, multiValues: 0, utc: true, timestamps: { utc: true, rfc3339: false, sinceEpoch: false } },
        layout, plan, new SqliteDialect({ utc: true, sinceEpoch: false }),
        () => new FlakyConnection(new SqliteConnection(path), ++connections === 1 ? 4 : 0),
        createLogger({ tag: 'test', debug: false, file: join(dir, 'log') }),
      );
      const first = batchOf([53, 80, 443]);
      await assert.rejects(writer.write(first), /disk I\/O error/);
      await writer.write(first);
      await writer.write(batchOf([80]));
      await writer.close();
      const check = new DatabaseSync(path);
      assert.deepEqual(check.prepare('SELECT dst_port, packets, bytes FROM t ORDER BY dst_port').all().map((r) => ({ ...r })), [
        { dst_port: 53, packets: 1, bytes: 100 },
        { dst_port: 80, packets: 2, bytes: 200 },
        { dst_port: 443, packets: 1, bytes: 100 },
      ]);
      check.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
