import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { AggregationCache } from '../../../src/core/aggregationCache.ts';
import type { AggregateWriter, FlushBatch } from '../../../src/core/aggregatingConsumer.ts';
import type { Logger } from '../../../src/core/logger.ts';
import { parsePreprocess, preprocessSelect, PreprocessWriter } from '../../../src/plugins/purgePreprocess.ts';
import { SqlTriggerWriter } from '../../../src/plugins/sql/sqlTrigger.ts';

const logs: string[] = [];
const logger = { info: (m: string) => logs.push(m), warn: (m: string) => logs.push(m), error: (m: string) => logs.push(m), debug: () => {} } as unknown as Logger;

function cacheOf(rows: Array<[number, number, number]>): AggregationCache {
  const cache = new AggregationCache(1);
  rows.forEach(([p, b, f], i) => {
    cache.key[0] = i + 1;
    cache.add(p, b, f, false);
  });
  return cache;
}

function batchOf(cache: AggregationCache, extra: Partial<FlushBatch> = {}): FlushBatch {
  return { cache, binWord: -1, flushTime: 0, reason: 'refresh', sequence: 1, ...extra } as unknown as FlushBatch;
}

describe('sql_preprocess', () => {
  it('keeps entries passing any or all checks, with integer ratios', () => {
    const cache = cacheOf([[1, 100, 1], [2, 300, 1], [3, 4199, 1], [10, 100, 5]]);
    assert.deepEqual(preprocessSelect(parsePreprocess('minp=2, minb=300', 'all'), cache), [1, 2]);
    assert.deepEqual(preprocessSelect(parsePreprocess('minp=10,minb=4000', undefined), cache), [2, 3]);
    // 4199/3 = 1399: under maxbpp=1400.
    assert.deepEqual(preprocessSelect(parsePreprocess('maxbpp=1400', 'any'), cache), [0, 1, 2, 3]);
    assert.deepEqual(preprocessSelect(parsePreprocess('minppf=2', 'any'), cache), [1, 2, 3]);
  });
  it('skips the packets-per-flow checks when the first entry counts no flows', () => {
    assert.deepEqual(preprocessSelect(parsePreprocess('minppf=1', 'any'), cacheOf([[5, 10, 0], [5, 10, 1]])), []);
  });
  it('refuses what it does not implement', () => {
    assert.throws(() => parsePreprocess('fss=1000', 'any'), /'fss' is not implemented/);
    assert.throws(() => parsePreprocess('bogus=1', 'any'), /unknown sql_preprocess directive 'bogus'/);
    assert.throws(() => parsePreprocess('minp=x', 'any'), /non-negative integer/);
  });
  it('writes the kept entries and counts the others once per purge', async () => {
    const written: number[] = [];
    const inner: AggregateWriter = { write: async (b) => { written.push(b.cache.size); } };
    const w = new PreprocessWriter(inner, parsePreprocess('minp=2', 'any'), 'x/sqlite3', logger);
    const batch = batchOf(cacheOf([[1, 10, 1], [2, 20, 1], [1, 5, 1]]));
    await w.write(batch);
    await w.write(batch); // a retry of the same purge
    assert.deepEqual(written, [1, 1]);
    assert.deepEqual(w.stats, { entries: 2, packets: 2, bytes: 15 });
    assert.ok(logs.some((l) => l.includes('sql_preprocess left out 2 of 3 entries')));
  });
});

describe('sql_trigger_exec', () => {
  const fixed = { SQL_DB: 'pmacct', SQL_TABLE: 'acct', SQL_REFRESH_TIME: '60', SQL_MAX_WRITERS: '10', SQL_ACTIVE_WRITERS: '1' };
  it('fires after each purge with the per-purge variables, not at shutdown', async () => {
    const launched: Array<Record<string, string>> = [];
    const w = new SqlTriggerWriter({ write: async () => {} }, {
      tag: 'x/mysql', command: '/bin/true', intervalSeconds: null, fixed, historySeconds: null, effectiveEntries: () => 1,
      launch: (_c, env) => launched.push({ ...env }),
    }, logger);
    await w.write(batchOf(cacheOf([[1, 1, 1], [2, 2, 1]])));
    await w.write(batchOf(cacheOf([[1, 1, 1]]), { reason: 'shutdown' }));
    assert.equal(launched.length, 1);
    assert.deepEqual(launched[0], { ...fixed, TOTAL_ELEM_NUMBER: '2', EFFECTIVE_ELEM_NUMBER: '1', ELAPSED_TIME: '0' });
  });
  it('fires at most once per sql_trigger_time, with only the fixed variables', async () => {
    const launched: Array<Record<string, string>> = [];
    let now = 1_000_000_010_000;
    const w = new SqlTriggerWriter({ write: async () => {} }, {
      tag: 'x/mysql', command: '/bin/true', intervalSeconds: 300, fixed, historySeconds: null,
      now: () => now, launch: (_c, env) => launched.push({ ...env }),
    }, logger);
    await w.write(batchOf(cacheOf([[1, 1, 1]])));
    assert.equal(launched.length, 0);
    now += 300_000;
    await w.write(batchOf(cacheOf([[1, 1, 1]])));
    await w.write(batchOf(cacheOf([[1, 1, 1]])));
    assert.equal(launched.length, 1);
    assert.deepEqual(launched[0], fixed);
  });
  it('does not fire when the purge fails', async () => {
    const launched: string[] = [];
    const w = new SqlTriggerWriter({ write: async () => { throw new Error('down'); } }, {
      tag: 'x/mysql', command: '/bin/true', intervalSeconds: null, fixed, historySeconds: null, launch: (c) => launched.push(c),
    }, logger);
    await assert.rejects(w.write(batchOf(cacheOf([[1, 1, 1]]))));
    assert.equal(launched.length, 0);
  });
});
