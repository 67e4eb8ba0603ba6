/**
 * The Avro schemas tsacct builds for the broker plugins, against what
 * pmacct's source defines. Debian's pmacct 1.7.7 is built without Avro, so
 * the expected schemas below are written by hand from pmacct's
 * src/plugin_cmn_avro.c (pmacct/pmacct at 0c745331, the 1.7 line):
 *  - p_avro_schema_build_acct_data(): one avro_schema_record_field_append()
 *    per aggregated primitive, in the order of the `if (wtc & COUNT_…)` tests
 *    (tag, tag2, label, class_legacy, mac_src, … export_proto_sysid,
 *    timestamp_export), the type given there (avro_schema_long/_string/
 *    _double); then "custom_primitives" = avro_schema_map(string) when
 *    aggregate_primitives are in use; "stamp_inserted"/"stamp_updated" =
 *    optstr_s (union null, string) with sql_history; "packets", "flows",
 *    "bytes" = optlong_s (union null, long), always;
 *  - p_avro_schema_add_writer_id(): "writer_id" string appended last by
 *    amqp_plugin()/kafka_plugin();
 *  - p_avro_schema_build_acct_init()/_close(): event_type, writer_id
 *    (strings), purged_entries, total_entries (long), duration (int);
 * and written as avro-c's avro_schema_to_json() prints them
 * (apache/avro lang/c/src/schema.c: write_record, write_field, write_union,
 * write_map; a primitive as {"type":"<name>"}, no whitespace, no namespace).
 * Two deliberate differences (docs/compat.md, "Avro output"):
 * sampling_direction is a string (pmacct declares long but sets a string),
 * and class is filled under its declared name class_legacy.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildAggregateLayout } from '../../../src/model/aggregateLayout.ts';
import { CustomPrimitiveSet, setCustomPrimitives } from '../../../src/model/customPrimitive.ts';
import { parseCustomPrimitives } from '../../../src/maps/customPrimitives.ts';
import { acctDataPlan } from '../../../src/output/avro/acctDataSchema.ts';
import { AcctMarkerCodec } from '../../../src/output/avro/acctMarkerCodec.ts';
import { avroSchemaText } from '../../../src/output/avro/avroSchema.ts';

after(() => setCustomPrimitives(null));

const L = '{"type":"long"}';
const S = '{"type":"string"}';
const OPT_L = '[{"type":"null"},{"type":"long"}]';
const OPT_S = '[{"type":"null"},{"type":"string"}]';
const MAP_S = '{"type":"map","values":{"type":"string"}}';

const recordText = (name: string, fields: readonly (readonly [string, string])[]): string =>
  `{"type":"record","name":"${name}","fields":[${fields.map(([n, t]) => `{"name":"${n}","type":${t}}`).join(',')}]}`;

test('acct_data for src_host, dst_host, src_port, dst_port, proto: the exact avro-c text', () => {
  const layout = buildAggregateLayout(['src_host', 'dst_host', 'src_port', 'dst_port', 'proto'], 'nfacctd');
  const plan = acctDataPlan(layout, { history: false, labelAsMap: false });
  // Written out in full once, byte for byte, as avro_schema_to_json() prints it.
  assert.equal(
    avroSchemaText(plan.schema),
    '{"type":"record","name":"acct_data","fields":[{"name":"ip_src","type":{"type":"string"}},{"name":"ip_dst","type":{"type":"string"}},'
      + '{"name":"port_src","type":{"type":"long"}},{"name":"port_dst","type":{"type":"long"}},{"name":"ip_proto","type":{"type":"string"}},'
      + '{"name":"packets","type":[{"type":"null"},{"type":"long"}]},{"name":"flows","type":[{"type":"null"},{"type":"long"}]},'
      + '{"name":"bytes","type":[{"type":"null"},{"type":"long"}]},{"name":"writer_id","type":{"type":"string"}}]}',
  );
});

test('acct_data with history: stamp_inserted and stamp_updated are optional strings before the counters', () => {
  const layout = buildAggregateLayout(['src_host', 'dst_host', 'proto', 'timestamp_start', 'timestamp_end'], 'nfacctd');
  const plan = acctDataPlan(layout, { history: true, labelAsMap: false });
  assert.equal(avroSchemaText(plan.schema), recordText('acct_data', [
    ['ip_src', S], ['ip_dst', S], ['ip_proto', S], ['timestamp_start', S], ['timestamp_end', S],
    ['stamp_inserted', OPT_S], ['stamp_updated', OPT_S],
    ['packets', OPT_L], ['flows', OPT_L], ['bytes', OPT_L], ['writer_id', S],
  ]));
});

test('acct_data for a wide aggregate: pmacct\'s fixed order and types whatever the aggregate order', () => {
  setCustomPrimitives(new CustomPrimitiveSet(parseCustomPrimitives(
    ['name=cust_str field_type=100 len=8 semantics=str', 'name=cust_int field_type=101 len=2 semantics=u_int'].join('\n'),
    'p.lst', () => false, { daemon: 'sfacctd' },
  )));
  // Deliberately not in pmacct's order; sfacctd so that the sFlow-sourced BGP and tunnel primitives are allowed.
  const aggregate = [
    'cust_int', 'flows', 'export_proto_sysid', 'timestamp_arrival', 'vxlan', 'tunnel_dst_port', 'tunnel_src_host', 'mpls_stack_depth',
    'mpls_label_top', 'nat_event', 'post_nat_src_port', 'sampling_direction', 'sampling_rate', 'tos', 'proto', 'tcpflags',
    'dst_port', 'src_port', 'dst_mask', 'src_mask', 'dst_net', 'dst_host', 'src_net', 'src_host', 'mpls_pw_id', 'mpls_vpn_rd',
    'out_iface', 'in_iface', 'peer_dst_ip', 'peer_src_ip', 'peer_dst_as', 'peer_src_as', 'local_pref', 'as_path', 'std_comm',
    'dst_as', 'src_as', 'etype', 'cos', 'vlan', 'dst_mac', 'src_mac', 'class', 'label', 'tag2', 'tag', 'timestamp_start', 'cust_str',
  ];
  const plan = acctDataPlan(buildAggregateLayout(aggregate, 'sfacctd'), { history: false, labelAsMap: false });
  const got = plan.schema.fields.map((f) => [f.name, avroSchemaText(f.type)] as const);
  assert.deepEqual(got, [
    ['tag', L], ['tag2', L], ['label', S], ['class_legacy', S],
    ['mac_src', S], ['mac_dst', S], ['vlan', L], ['cos', L], ['etype', S],
    ['as_src', L], ['as_dst', L], ['comms', S], ['as_path', S], ['local_pref', L],
    ['peer_as_src', L], ['peer_as_dst', L], ['peer_ip_src', S], ['peer_ip_dst', S],
    ['iface_in', L], ['iface_out', L], ['mpls_vpn_rd', S], ['mpls_pw_id', L],
    ['ip_src', S], ['net_src', S], ['ip_dst', S], ['net_dst', S], ['mask_src', L], ['mask_dst', L], ['port_src', L], ['port_dst', L],
    ['tcp_flags', S], ['ip_proto', S], ['tos', L], ['sampling_rate', L],
    ['sampling_direction', S], // pmacct 1.7.7: long (then set as a string); string in later pmacct
    ['post_nat_port_src', L], ['nat_event', L], ['mpls_label_top', L], ['mpls_stack_depth', L],
    ['tunnel_ip_src', S], ['tunnel_port_dst', L], ['vxlan', L],
    ['timestamp_start', S], ['timestamp_arrival', S], ['export_proto_sysid', L],
    ['custom_primitives', MAP_S],
    ['packets', OPT_L], ['flows', OPT_L], ['bytes', OPT_L], ['writer_id', S],
  ]);
  // The custom primitives are the map's entries, in aggregate order as in pmacct's JSON.
  assert.deepEqual(plan.customs.map((c) => c.name), ['cust_int', 'cust_str']);
  assert.equal(plan.countFlows, true);
});

test('pre_tag_label_encode_as_map makes label a map of strings, as later pmacct (compose_label_avro_schema_nonopt)', () => {
  const plan = acctDataPlan(buildAggregateLayout(['label', 'dst_port'], 'nfacctd'), { history: false, labelAsMap: true });
  assert.deepEqual(plan.schema.fields.slice(0, 2).map((f) => [f.name, avroSchemaText(f.type)]), [['label', MAP_S], ['port_dst', L]]);
});

test('acct_init and acct_close, as p_avro_schema_build_acct_init/_close declare them', () => {
  const markers = new AcctMarkerCodec('x/1');
  assert.equal(markers.initSchemaText, recordText('acct_init', [['event_type', S], ['writer_id', S]]));
  assert.equal(markers.closeSchemaText, recordText('acct_close', [
    ['event_type', S], ['writer_id', S], ['purged_entries', L], ['total_entries', L], ['duration', '{"type":"int"}'],
  ]));
});
