/**
 * The Avro record pmacct's kafka and amqp plugins write per aggregate
 * ("acct_data"), built from a plugin's aggregate as pmacct's
 * p_avro_schema_build_acct_data() and p_avro_schema_add_writer_id() build it
 * (src/plugin_cmn_avro.c): the primitives in pmacct's fixed order (the JSON
 * order), each typed long, double or string; the custom primitives as one
 * map of strings, "custom_primitives"; with history, stamp_inserted and
 * stamp_updated as optional strings; packets, flows and bytes as optional
 * longs (null for NetFlow/IPFIX event records, flows null unless `flows` is
 * aggregated); writer_id last.
 *
 * Where pmacct 1.7.7 contradicts itself, the schema follows what makes the
 * record writable (docs/compat.md, "Avro output"):
 *  - `class` is declared "class_legacy" but pmacct sets a field "class" (an
 *    assertion failure): tsacct declares and fills "class_legacy";
 *  - `sampling_direction` is declared long but set as a one-letter string
 *    (an assertion failure): tsacct declares string, as later pmacct does.
 *
 * Besides the schema this module gives the plan the encoder fills records
 * by: for each field, how its value is read from a cache row.
 */
import type { AggregateLayout } from '../../model/aggregateLayout.ts';
import { builtInPrimitiveByName } from '../../model/primitiveCatalog.ts';
import type { OutputField } from '../../model/primitive.ts';
import { jsonOrderedFields } from '../columnOrder.ts';
import type { FieldReader } from '../compiledRow.ts';
import { protocolAwareReader } from '../numericProtocols.ts';
import { OPTIONAL_LONG, OPTIONAL_STRING, STRING_MAP, type AvroField, type AvroRecordSchema } from './avroSchema.ts';

/** How a primitive's value is typed in the record. */
type ValueType = 'long' | 'double' | 'string';

/**
 * pmacct's Avro type per JSON key (p_avro_schema_build_acct_data). The keys
 * not listed are strings.
 */
const NON_STRING: Readonly<Record<string, ValueType>> = {
  tag: 'long', tag2: 'long', vlan: 'long', cos: 'long',
  as_src: 'long', as_dst: 'long', local_pref: 'long', med: 'long', peer_as_src: 'long', peer_as_dst: 'long',
  local_pref_src: 'long', med_src: 'long', iface_in: 'long', iface_out: 'long', mpls_pw_id: 'long',
  mask_src: 'long', mask_dst: 'long', port_src: 'long', port_dst: 'long',
  lat_ip_src: 'double', lon_ip_src: 'double', lat_ip_dst: 'double', lon_ip_dst: 'double',
  tos: 'long', sampling_rate: 'long',
  post_nat_port_src: 'long', post_nat_port_dst: 'long', nat_event: 'long',
  mpls_label_top: 'long', mpls_label_bottom: 'long', mpls_stack_depth: 'long',
  tunnel_tos: 'long', tunnel_port_src: 'long', tunnel_port_dst: 'long', vxlan: 'long',
  export_proto_seqno: 'long', export_proto_version: 'long', export_proto_sysid: 'long',
};

/** JSON keys whose Avro field is named otherwise. */
const AVRO_NAME: Readonly<Record<string, string>> = { class: 'class_legacy' };

/** How a record field is encoded; also drives the avro_json text. */
export type AcctFieldKind = ValueType | 'stringMap' | 'optionalLong' | 'optionalString';

/** A primitive's field: its Avro name, type and where its value comes from. */
export interface PrimitiveFieldPlan {
  readonly name: string;
  /** 'stringMap': the label written as a map (pre_tag_label_encode_as_map). */
  readonly kind: ValueType | 'stringMap';
  readonly read: FieldReader;
  readonly offset: number;
}

/** One entry of the custom_primitives map. */
export interface CustomFieldPlan {
  readonly name: string;
  readonly read: FieldReader;
  readonly offset: number;
}

export interface AcctDataPlan {
  readonly schema: AvroRecordSchema;
  /** Every field of the record in order, with its encoding. */
  readonly kinds: readonly { readonly name: string; readonly kind: AcctFieldKind }[];
  readonly primitives: readonly PrimitiveFieldPlan[];
  /** Empty: the record has no custom_primitives field. */
  readonly customs: readonly CustomFieldPlan[];
  readonly history: boolean;
  readonly countFlows: boolean;
}

export interface AcctDataOptions {
  /** The plugin keeps time bins (*_history): stamp_inserted / stamp_updated. */
  history: boolean;
  /** pre_tag_label_encode_as_map: the label is a map of strings, as pmacct after 1.7.7 writes it. */
  labelAsMap: boolean;
  /** amqp/kafka_num_protos: protocols as their numbers (still strings, as pmacct). */
  numProtos?: boolean;
}

export function acctDataPlan(layout: AggregateLayout, options: AcctDataOptions): AcctDataPlan {
  const customFields = new Set<OutputField>();
  for (const p of layout.placed) {
    if (builtInPrimitiveByName(p.primitive.name) === undefined) for (const f of p.primitive.fields) customFields.add(f);
  }
  const primitives: PrimitiveFieldPlan[] = [];
  const customs: CustomFieldPlan[] = [];
  for (const placed of jsonOrderedFields(layout)) {
    const key = placed.field.jsonKey;
    if (customFields.has(placed.field)) {
      customs.push({ name: key, read: placed.field.read, offset: placed.offset });
      continue;
    }
    const kind = options.labelAsMap && key === 'label' ? 'stringMap' : (NON_STRING[key] ?? 'string');
    primitives.push({ name: AVRO_NAME[key] ?? key, kind, read: protocolAwareReader(placed.field, options.numProtos === true), offset: placed.offset });
  }

  const kinds: { name: string; kind: AcctFieldKind }[] = primitives.map((p) => ({ name: p.name, kind: p.kind }));
  if (customs.length > 0) kinds.push({ name: 'custom_primitives', kind: 'stringMap' });
  if (options.history) kinds.push({ name: 'stamp_inserted', kind: 'optionalString' }, { name: 'stamp_updated', kind: 'optionalString' });
  kinds.push({ name: 'packets', kind: 'optionalLong' }, { name: 'flows', kind: 'optionalLong' }, { name: 'bytes', kind: 'optionalLong' });
  kinds.push({ name: 'writer_id', kind: 'string' });

  const fields: AvroField[] = kinds.map(({ name, kind }) => ({ name, type: schemaOf(kind) }));
  return {
    schema: { type: 'record', name: 'acct_data', fields },
    kinds,
    primitives,
    customs,
    history: options.history,
    countFlows: layout.countFlows,
  };
}

function schemaOf(kind: AcctFieldKind): AvroField['type'] {
  switch (kind) {
    case 'optionalLong': return OPTIONAL_LONG;
    case 'optionalString': return OPTIONAL_STRING;
    case 'stringMap': return STRING_MAP;
    default: return kind;
  }
}
