/**
 * The client's command line: what each switch asks of the table. Messages
 * pmacct 1.7.7 prints are checked against pmacct in
 * test/golden/memory/memoryClient.test.ts; these cover the query built.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_IMT_PATH, parseClientArgs } from '../../src/client/pmacctClient.ts';
import { parseTableQuery, TableQueryError } from '../../src/plugins/memory/tableQuery.ts';

function queryOf(args: string[]) {
  const parsed = parseClientArgs(args);
  assert.ok('query' in parsed, JSON.stringify(parsed));
  return parsed;
}

test('-s with -T, -O, -E, -I, -0, -u and grouped flags', () => {
  const p = queryOf(['-sIu0', '-T', 'packets,7', '-O', 'CSV', '-E', ';']);
  assert.equal(p.path, DEFAULT_IMT_PATH);
  assert.equal(p.query.kind, 'show');
  assert.deepEqual(p.query.top, { by: 'packets', count: 7 });
  assert.equal(p.query.output, 'csv');
  assert.equal(p.query.separator, ';');
  assert.equal(p.query.sinceEpoch && p.query.utc && p.query.numericProtocols, true);
  assert.deepEqual(queryOf(['-s', '-Tbytes']).query.top, { by: 'bytes', count: 0 });
});

test('-N and -M: -c primitives lower-cased, requests split on ; or read from file: (blanks dropped, ! comments)', () => {
  const p = queryOf(['-p', '/x/pipe', '-c', 'SRC_HOST, dst_port', '-N', '10.0.0.1,80;;*,443', '-n', 'all', '-S', '-r']);
  assert.equal(p.path, '/x/pipe');
  assert.equal(p.query.kind, 'counters');
  assert.deepEqual(p.query.primitives, ['src_host', 'dst_port']);
  assert.deepEqual(p.query.requests, ['10.0.0.1,80', '', '*,443']);
  assert.equal(p.query.counters, 'all');
  assert.equal(p.query.sum && p.query.reset, true);
  const dir = mkdtempSync(join(tmpdir(), 'tsacct-client-'));
  try {
    writeFileSync(join(dir, 'req'), '! hosts\n 10.0.0.1 , 80 \n\n10.0.0.2,443\n');
    assert.deepEqual(queryOf(['-c', 'src_host,dst_port', '-M', `file:${join(dir, 'req')}`]).query.requests, ['10.0.0.1,80', '10.0.0.2,443']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  assert.deepEqual(parseClientArgs(['-c', 'src_host', '-M', 'file:/nonexistent/req']), { exit: 1, text: "ERROR: file '/nonexistent/req' not found\n" });
});

test('-e, -i, -t, -U, -C; -a is refused by name; -h and -V exit 0', () => {
  assert.equal(queryOf(['-e']).query.kind, 'erase');
  assert.equal(queryOf(['-i']).query.kind, 'sinceClear');
  assert.equal(queryOf(['-t']).query.kind, 'status');
  assert.equal(queryOf(['-U']).query.kind, 'customPrimitives');
  assert.equal(queryOf(['-C']).query.kind, 'classifiers');
  const all = parseClientArgs(['-s', '-a']);
  assert.ok('exit' in all && all.exit === 1 && all.text.includes('-a'));
  for (const sw of ['-h', '-V']) {
    const r = parseClientArgs([sw]);
    assert.ok('exit' in r && r.exit === 0);
  }
});

test('the query travels as JSON and is checked where it arrives', () => {
  const p = queryOf(['-c', 'proto', '-M', 'tcp', '-T', 'flows,2']);
  assert.deepEqual(parseTableQuery(JSON.stringify(p.query)), p.query);
  assert.throws(() => parseTableQuery('{"kind":"drop"}'), TableQueryError);
  assert.throws(() => parseTableQuery('{"kind":"show","top":{"by":"bytes","count":-1}}'), TableQueryError);
  assert.throws(() => parseTableQuery('{"kind":"show","reset":"yes"}'), TableQueryError);
  assert.throws(() => parseTableQuery('not json'), TableQueryError);
});
