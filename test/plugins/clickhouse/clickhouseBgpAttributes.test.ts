/**
 * The clickhouse plugin writes the BGP primitives of both routes (columns
 * named as the SQL plugins name them: comms, ecomms, lcomms, *_src, …) into
 * a scratch ClickHouse, fed by the flow/BGP correlation scenario's speaker
 * and capture (test/golden/bgpCorrelation/sqlBgpAttributes.ts). Its rows,
 * summed per key, are the rows nfacctd 1.7.7 writes into SQLite for the same
 * run (bgp-attributes.sqlite3.pmacct.csv, regenerate.ts bgp-attributes).
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { removeDir, tempDir } from '../../routing/bgp/bgpTestKit.ts';
import { runCollector } from '../../golden/bgpCorrelation/bgpCorrelationScenario.ts';
import { BGP_ATTRIBUTES_AGGREGATE, bgpAttributesCollectorLines, bgpAttributesStoredPath } from '../../golden/bgpCorrelation/sqlBgpAttributes.ts';
import { clickhouseUnavailable, scratchClickhouseSuite } from './scratchClickhouse.ts';

const TSACCT = join(import.meta.dirname, '..', '..', '..', 'bin', 'tsacct.js');
const unavailable = clickhouseUnavailable();
const ch = scratchClickhouseSuite('bgp-attrs');

/** sqlite3 -csv's quoting, as the SQL golden dumps hold text (test/golden/sql/sqlGolden.ts). */
const csvValue = (text: string): string => (/[",\s]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);

it('BGP primitives of both routes in ClickHouse equal nfacctd 1.7.7\'s SQLite rows', { skip: unavailable ?? false, timeout: 120_000 }, async () => {
  const dir = tempDir('tsacct-ch-bgp-attrs-');
  try {
    await runCollector({
      speaker: '127.0.0.5',
      config: (d, port) => [
        ...bgpAttributesCollectorLines(d, port),
        'plugins: clickhouse[c]',
        `aggregate[c]: ${BGP_ATTRIBUTES_AGGREGATE}`,
        'clickhouse_host[c]: 127.0.0.1',
        `clickhouse_port[c]: ${ch.server.port}`,
        `clickhouse_user[c]: ${ch.server.user}`,
        `clickhouse_passwd[c]: ${ch.server.password}`,
        'clickhouse_db[c]: bgp',
        'clickhouse_table[c]: acct_bgp_attrs',
        'clickhouse_refresh_time[c]: 3600',
        '',
      ].join('\n'),
    }, dir, (conf, daemon) => [process.execPath, [TSACCT, daemon, '-f', conf]]);

    const [, header, ...expected] = readFileSync(bgpAttributesStoredPath('sqlite3'), 'utf8').split('\n').filter(Boolean);
    const columns = header!.split(',');
    const counters = new Set(['packets', 'bytes']);
    const key = columns.filter((c) => !counters.has(c));
    const select = columns.map((c) => (counters.has(c) ? `sum(${c}) AS ${c}` : c));
    const rows = await ch.server.rows(`SELECT ${select.join(', ')} FROM bgp.acct_bgp_attrs GROUP BY ${key.join(', ')}`);
    const got = rows.map((r) => columns.map((c) => csvValue(String(r[c]))).join(',')).sort();
    assert.deepEqual(got, [...expected].sort());
    assert.ok(got.length > 10, 'rows written');
  } finally {
    removeDir(dir);
  }
});
