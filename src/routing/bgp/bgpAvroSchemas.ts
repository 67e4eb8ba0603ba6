/**
 * The Avro schemas of pmacct's BGP message log and table dump, as pmacct
 * 1.7.7 builds them (src/bgp/bgp_logdump.c: p_avro_schema_build_bgp,
 * _bgp_log_initclose, _bgp_dump_init, _bgp_dump_close, on top of
 * p_avro_schema_build_bgp_common and p_avro_schema_build_bgp_route; the
 * record names are those src/bgp/bgp.c gives them):
 *
 *   bgp_msglog    log_type, seq, timestamp, event_type, writer_id, peer_ip_src, peer_tcp_port, <route>
 *   bgp_loginit   seq, timestamp, event_type, writer_id, peer_ip_src, peer_tcp_port   (bgp_logclose alike)
 *   bgp_dump      seq, timestamp, event_type, writer_id, peer_ip_src, peer_tcp_port, <route>
 *   bgp_dumpinit  ... peer_tcp_port, dump_period
 *   bgp_dumpclose ... peer_tcp_port, entries, tables
 *
 * <route> is afi, safi (int), then ip_prefix, rd, rd_origin, bgp_nexthop,
 * as_path (optional strings), as_path_id (optional long), comms, ecomms,
 * lcomms, origin (optional strings), local_pref, med, aigp, psid_li
 * (optional longs), label (optional string). Optional means the union
 * [null, T]; peer_tcp_port and tables are [null, int], entries [null, long].
 * Fields pmacct adds only with keys tsacct refuses (peer_id with
 * tmp_bgp_lookup_compare_ports, roa with RPKI, origin as a long with
 * tmp_bgp_daemon_origin_type_int) are left out.
 *
 * bgp_daemon_msglog_avro_schema_file / bgp_table_dump_avro_schema_file
 * get the three schemas of their output in "<path>-<record name>"
 * (write_avro_schema_to_file_with_suffix), as the flow plugins' schema
 * files are written.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { avroSchemaText, OPTIONAL_LONG, OPTIONAL_STRING, type AvroField, type AvroRecordSchema, type AvroSchema } from '../../output/avro/avroSchema.ts';

/** pmacct's optint_s. */
const OPTIONAL_INT: readonly AvroSchema[] = ['null', 'int'];

export type BgpAvroRecordName = 'bgp_msglog' | 'bgp_loginit' | 'bgp_logclose' | 'bgp_dump' | 'bgp_dumpinit' | 'bgp_dumpclose';

/** The three schemas of one output: its route records, its init and close records. */
export interface BgpAvroSchemaSet {
  readonly route: AvroRecordSchema;
  readonly init: AvroRecordSchema;
  readonly close: AvroRecordSchema;
}

function field(name: string, type: AvroSchema): AvroField {
  return { name, type };
}

/** p_avro_schema_build_bgp_common: log_type only in the log's route records. */
function commonFields(withLogType: boolean): AvroField[] {
  return [
    ...(withLogType ? [field('log_type', 'string')] : []),
    field('seq', 'long'),
    field('timestamp', 'string'),
    field('event_type', 'string'),
    field('writer_id', 'string'),
  ];
}

const PEER_FIELDS: readonly AvroField[] = [field('peer_ip_src', 'string'), field('peer_tcp_port', OPTIONAL_INT)];

/** p_avro_schema_build_bgp_route. */
const ROUTE_FIELDS: readonly AvroField[] = [
  field('afi', 'int'),
  field('safi', 'int'),
  field('ip_prefix', OPTIONAL_STRING),
  field('rd', OPTIONAL_STRING),
  field('rd_origin', OPTIONAL_STRING),
  field('bgp_nexthop', OPTIONAL_STRING),
  field('as_path', OPTIONAL_STRING),
  field('as_path_id', OPTIONAL_LONG),
  field('comms', OPTIONAL_STRING),
  field('ecomms', OPTIONAL_STRING),
  field('lcomms', OPTIONAL_STRING),
  field('origin', OPTIONAL_STRING),
  field('local_pref', OPTIONAL_LONG),
  field('med', OPTIONAL_LONG),
  field('aigp', OPTIONAL_LONG),
  field('psid_li', OPTIONAL_LONG),
  field('label', OPTIONAL_STRING),
];

function record(name: BgpAvroRecordName, fields: readonly AvroField[]): AvroRecordSchema {
  return { type: 'record', name, fields };
}

export const BGP_MSGLOG_SCHEMAS: BgpAvroSchemaSet = {
  route: record('bgp_msglog', [...commonFields(true), ...PEER_FIELDS, ...ROUTE_FIELDS]),
  init: record('bgp_loginit', [...commonFields(false), ...PEER_FIELDS]),
  close: record('bgp_logclose', [...commonFields(false), ...PEER_FIELDS]),
};

export const BGP_DUMP_SCHEMAS: BgpAvroSchemaSet = {
  route: record('bgp_dump', [...commonFields(false), ...PEER_FIELDS, ...ROUTE_FIELDS]),
  init: record('bgp_dumpinit', [...commonFields(false), ...PEER_FIELDS, field('dump_period', 'long')]),
  close: record('bgp_dumpclose', [...commonFields(false), ...PEER_FIELDS, field('entries', OPTIONAL_LONG), field('tables', OPTIONAL_INT)]),
};

/** The schema files written for `base`, with their record's schema, in pmacct's order. */
export function bgpAvroSchemaFiles(base: string, schemas: BgpAvroSchemaSet): { path: string; schema: AvroRecordSchema }[] {
  return [schemas.route, schemas.init, schemas.close].map((schema) => ({ path: `${base}-${schema.name}`, schema }));
}

/**
 * Writes the three schema texts (avro-c's compact text, no newline),
 * parent directories created, files_umask applied; throws when a file
 * cannot be written (pmacct exits).
 */
export function writeBgpAvroSchemaFiles(base: string, schemas: BgpAvroSchemaSet, umask: number): void {
  mkdirSync(dirname(base), { recursive: true, mode: 0o777 & ~umask });
  const mode = 0o666 & ~umask;
  for (const { path, schema } of bgpAvroSchemaFiles(base, schemas)) {
    writeFileSync(path, avroSchemaText(schema), { mode });
    // writeFileSync's mode only applies to a new file, and through the process umask: set it exactly.
    chmodSync(path, mode);
  }
}
