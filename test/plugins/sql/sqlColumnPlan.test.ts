/**
 * The SQL column plan against what nfacctd 1.7.7 wrote or refused (its
 * debug log shows each INSERT/UPDATE; the golden cases in test/golden/sql
 * compare whole tables).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildAggregateLayout } from '../../../src/model/aggregateLayout.ts';
import { buildColumnPlan, SqlSchemaError } from '../../../src/plugins/sql/sqlColumnPlan.ts';
import { defaultSqliteTable } from '../../../src/plugins/sql/sqlTableProfile.ts';

const plan = (aggregate: string[], version: number, optimized = false) =>
  buildColumnPlan(buildAggregateLayout(aggregate, 'nfacctd'), { version, optimized }, { numProtos: false });
const names = (aggregate: string[], version: number, optimized = false) => plan(aggregate, version, optimized).columns.map((c) => c.name);

describe('SQL column plan', () => {
  it('writes every column of a default table, with fakes for what is not aggregated', () => {
    // nfacctd, sql_table_version 7, aggregate src_host: INSERT INTO acct_v7 (vlan, ip_src, as_src, as_dst,
    // src_port, dst_port, tcp_flags, tos, ip_proto, agent_id, class_id, mac_src, mac_dst, ip_dst, packets, bytes, flows)
    assert.deepEqual(names(['src_host'], 7), ['vlan', 'ip_src', 'as_src', 'as_dst', 'src_port', 'dst_port', 'tcp_flags', 'tos', 'ip_proto', 'agent_id', 'class_id', 'mac_src', 'mac_dst', 'ip_dst']);
    // v1: INSERT INTO acct (ip_src, src_port, dst_port, ip_proto, mac_src, mac_dst, ip_dst, packets, bytes)
    assert.deepEqual(names(['src_host'], 1), ['ip_src', 'src_port', 'dst_port', 'ip_proto', 'mac_src', 'mac_dst', 'ip_dst']);
    const p = plan(['src_host'], 4);
    assert.equal(p.hasFlows, true);
    assert.equal(p.countsFlows, false); // pmacct writes flows 0 unless `flows` is aggregated
  });

  it('renames tag, ports and AS columns by version like pmacct', () => {
    assert.ok(names(['tag', 'src_port'], 9).includes('tag'));
    assert.ok(names(['tag', 'src_port'], 9).includes('port_src'));
    assert.ok(names(['tag', 'src_port'], 8).includes('agent_id'));
    assert.ok(names(['tag', 'src_port'], 7).includes('src_port'));
    // v1, aggregate src_as: "UPDATE … WHERE ip_src='15169'"
    const v1 = plan(['src_as'], 1, true);
    assert.deepEqual(v1.columns.map((c) => [c.name, c.kind]), [['ip_src', 'text']]);
  });

  it('ORs tcp_flags in the SET instead of matching it in the WHERE', () => {
    // "UPDATE acct_v7 SET packets=packets+1, bytes=bytes+436, flows=flows+1, tcp_flags=tcp_flags|24 WHERE vlan=0 AND …"
    const p = plan(['src_host', 'tcpflags', 'flows'], 7);
    assert.equal(p.orTcpFlags, true);
    assert.equal(p.columns.find((c) => c.name === 'tcp_flags')?.inWhere, false);
  });

  it('refuses what pmacct exits on', () => {
    // "IP host accounting not supported for selected sql_table_version/_type" (bgp table, src_host)
    assert.throws(() => plan(['src_host'], 1001), SqlSchemaError);
    // "The accounting of flows requires SQL table v4."
    assert.throws(() => plan(['src_host', 'flows'], 1), /flows requires SQL table v4/);
    // "SQL tables < v6 are unable to mix IP addresses and AS numbers (ie. src_ip, src_as)."
    assert.throws(() => plan(['src_host', 'src_as'], 5), /below v6/);
    assert.throws(() => plan(['tcpflags'], 6), SqlSchemaError);
    assert.throws(() => plan(['vlan'], 1), SqlSchemaError);
    // sql_optimize_clauses: a custom table takes anything.
    assert.deepEqual(names(['vlan', 'tcpflags', 'flows'], 1, true), ['vlan', 'tcp_flags']);
  });

  it('writes the BGP primitives of both routes with pmacct\'s column names and order', () => {
    // sql/README.mysql's mapping; order of pmacct's sql_evaluate_primitives (test/golden/bgpCorrelation/sqlBgpAttributes.test.ts).
    const all = ['peer_src_as', 'src_med', 'med', 'src_local_pref', 'local_pref', 'src_as_path', 'as_path', 'src_lrg_comm', 'src_ext_comm',
      'src_std_comm', 'lrg_comm', 'ext_comm', 'std_comm'];
    assert.deepEqual(names(all, 1009, true), ['comms', 'ecomms', 'lcomms', 'comms_src', 'ecomms_src', 'lcomms_src', 'as_path', 'as_path_src',
      'local_pref', 'local_pref_src', 'med', 'med_src', 'peer_as_src']);
    // Default bgp table: numbers are written blindly ("… AND med_src=0 …" in nfacctd's UPDATE) …
    assert.ok(names(['src_med'], 1001).includes('med_src'));
    // … ext_comm outside it makes nfacctd exit, and the text ones stop its writer mid-purge: refused without a custom table.
    assert.throws(() => plan(['ext_comm'], 9), SqlSchemaError);
    for (const p of ['ext_comm', 'lrg_comm', 'src_std_comm', 'src_as_path']) assert.throws(() => plan([p], 1001), SqlSchemaError, p);
  });

  it('names the default sqlite3 tables as the binary does', () => {
    // sql_table_version 9 without sql_table: "no such table: acct"
    assert.equal(defaultSqliteTable(9), 'acct');
    assert.equal(defaultSqliteTable(4), 'acct_v4');
    assert.equal(defaultSqliteTable(1001), 'acct_bgp');
    assert.equal(defaultSqliteTable(1), 'acct');
  });
});
