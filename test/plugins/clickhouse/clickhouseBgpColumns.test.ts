/**
 * The clickhouse plugin's table for the BGP primitives of both routes: the
 * SQL plugins' column names (sql/README.mysql, checked against pmacct 1.7.7
 * by test/golden/bgpCorrelation/sqlBgpAttributes.test.ts) in ClickHouse
 * types, community lists and paths as String, attributes as numbers, all in
 * the sorting key. No server needed: the DDL is built from the plan.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { buildAggregateLayout } from '../../../src/model/aggregateLayout.ts';
import { buildColumnPlan } from '../../../src/plugins/sql/sqlColumnPlan.ts';
import { clickhouseColumns, createTableStatement } from '../../../src/plugins/clickhouse/clickhouseTable.ts';

it('clickhouse columns of the BGP primitives of both routes', () => {
  const aggregate = ['std_comm', 'ext_comm', 'lrg_comm', 'src_std_comm', 'src_ext_comm', 'src_lrg_comm', 'as_path', 'src_as_path',
    'local_pref', 'src_local_pref', 'med', 'src_med', 'peer_src_as'];
  const plan = buildColumnPlan(buildAggregateLayout(aggregate, 'nfacctd'), { version: 1009, optimized: true }, { numProtos: false, numHosts: false });
  const columns = clickhouseColumns(plan, false, false);
  assert.deepEqual(columns.filter((c) => c.inKey).map((c) => `${c.name} ${c.type}`), [
    'comms String', 'ecomms String', 'lcomms String', 'comms_src String', 'ecomms_src String', 'lcomms_src String',
    'as_path String', 'as_path_src String', 'local_pref UInt32', 'local_pref_src UInt32', 'med UInt32', 'med_src UInt32', 'peer_as_src UInt32',
  ]);
  const ddl = createTableStatement('db', 'acct', columns, false);
  for (const name of ['ecomms', 'lcomms_src', 'as_path_src', 'med_src']) assert.match(ddl, new RegExp(`\\b${name}\\b`));
});
