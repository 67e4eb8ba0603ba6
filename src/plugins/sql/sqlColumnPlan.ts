/**
 * The columns a SQL plugin writes for one aggregation layout and table
 * profile, in pmacct 1.7.7's order, each with how its value is read from a
 * cache entry's key words. Rules checked against nfacctd's debug log (its
 * INSERT/UPDATE statements) and pmacct's sql/README.* mapping:
 *
 * - default tables (no sql_optimize_clauses) get every column of their
 *   schema: columns of primitives not aggregated carry pmacct's zero or
 *   "fake" value ('0:0:0:0:0:0', '0.0.0.0', '0', 'unknown', '');
 * - tag is agent_id below v9 (and in the bgp table), tag from v9;
 *   src_as/dst_as share ip_src/ip_dst below v6, written as text;
 *   ports are src_port/dst_port below v8 and port_src/port_dst from v8;
 * - tcp_flags is not part of the UPDATE's WHERE: it is ORed in the SET;
 * - primitives outside every default schema (in_iface, masks, tag2, …) are
 *   written as their own columns in any mode, as pmacct passes them "blindly".
 *
 * Column names come only from this catalog; no name is built from flow data.
 */
import type { AggregateLayout, PlacedPrimitive } from '../../model/aggregateLayout.ts';
import type { OutputField, RenderContext } from '../../model/primitive.ts';
import { protocolText } from '../../model/protocolNames.ts';
import { familyVersion, isBgpTable, type SqlTableProfile } from './sqlTableProfile.ts';

/** How a value is bound: an integer, a text, or epoch seconds the dialect turns into its datetime. */
export type SqlValueKind = 'int' | 'text' | 'time';

export type SqlValueReader = (keys: Uint32Array, off: number, ctx: RenderContext) => string | number;

/**
 * sql_num_hosts: the SQL function an address's text passes through in the
 * statement, as pmacct wraps it (mysql, sqlite3): INET6_ATON for aggregated
 * addresses of either family, INET_ATON for the '0.0.0.0' fakes.
 */
export type SqlHostFunction = 'INET_ATON' | 'INET6_ATON';

export interface SqlColumn {
  readonly name: string;
  readonly kind: SqlValueKind;
  /** In the UPDATE's WHERE; false only for tcp_flags, which the SET ORs in. */
  readonly inWhere: boolean;
  readonly read: SqlValueReader;
  /** The function the bound value goes through (sql_num_hosts), else none. */
  readonly hostFunction?: SqlHostFunction;
}

export interface SqlColumnPlan {
  readonly columns: readonly SqlColumn[];
  /** The flows counter column is written (v4+ default tables, or `flows` aggregated). */
  readonly hasFlows: boolean;
  /** Whether the flows column carries the counter (only when `flows` is aggregated; else pmacct writes 0). */
  readonly countsFlows: boolean;
  /** The SET ORs the entry's TCP flags into tcp_flags (tcpflags aggregated). */
  readonly orTcpFlags: boolean;
  /** Reads the ORed TCP flags of an entry when orTcpFlags. */
  readonly tcpFlags: SqlValueReader | null;
}

export class SqlSchemaError extends Error {}

export interface ColumnPlanOptions {
  /** sql_num_protos: ip_proto as its number. */
  numProtos: boolean;
  /** sql_num_hosts: addresses bound through INET6_ATON / INET_ATON (the plugin passes false for pgsql, which ignores the key as pmacct does). */
  numHosts?: boolean;
}

/** One column pmacct may write: its primitive, name and rules. */
interface ColumnSpec {
  /** tsacct primitive whose value it carries (null: a column of the default schemas no primitive fills yet). */
  readonly primitive: string;
  readonly column: (version: number) => string;
  readonly kind: SqlValueKind;
  /**
   * Default (non-optimized) tables: 'always' columns are written with the
   * zero value when the primitive is not aggregated; 'fake' columns too, with
   * pmacct's placeholder; 'refuse' columns make pmacct exit when the
   * primitive is aggregated; 'blind' columns are written only when aggregated.
   */
  readonly inDefault: (version: number) => 'always' | 'fake' | 'refuse' | 'blind' | 'absent';
  /** The value written when the primitive is not aggregated. */
  readonly unset?: string | number;
  /** Reads the aggregated value; default: the primitive's first output field. */
  readonly reader?: (offset: number, field: OutputField, options: ColumnPlanOptions) => SqlValueReader;
  readonly kindWith?: (options: ColumnPlanOptions) => SqlValueKind;
  /** An IP address column: stored as a number with sql_num_hosts. */
  readonly address?: true;
}

const fixed = (name: string) => (): string => name;
const notBgp = (inside: 'always' | 'fake') => (v: number): 'always' | 'fake' | 'refuse' => (isBgpTable(v) ? 'refuse' : inside);
const fromVersion = (min: number) => (v: number): 'always' | 'refuse' => (!isBgpTable(v) && v >= min ? 'always' : 'refuse');
const bgpOnly = (inside: 'always' | 'fake') => (v: number): 'always' | 'fake' | 'refuse' => (isBgpTable(v) ? inside : 'refuse');
const blind = (): 'blind' => 'blind';
const customOnly = (): 'refuse' => 'refuse';

const word: (offset: number) => SqlValueReader = (o) => (k, off) => k[off + o]!;
const wordAsText: (offset: number) => SqlValueReader = (o) => (k, off) => String(k[off + o]!);
const fieldNumber = (o: number, field: OutputField): SqlValueReader => (k, off, ctx) => Number(field.read(k, off + o, ctx));
const fieldText = (o: number, field: OutputField): SqlValueReader => (k, off, ctx) => String(field.read(k, off + o, ctx));
/** AS paths and communities: pmacct's SQL plugins write the text as is (its print output turns spaces into '_'). */
const rawText = (o: number): SqlValueReader => (k, off, ctx) => ctx.strings.text(k[off + o]!);
/** An unset BGP next hop (no route, no exported next hop) is written as pmacct writes it: 0.0.0.0. */
const addressOrZero = (o: number, field: OutputField): SqlValueReader => (k, off, ctx) => String(field.read(k, off + o, ctx)) || '0.0.0.0';
const epochSeconds: (o: number) => SqlValueReader = (o) => (k, off) => k[off + o]!;
const residual: (o: number) => SqlValueReader = (o) => (k, off) => k[off + o + 1]!;
const tag64: (o: number) => SqlValueReader = (o) => (k, off) => k[off + o]! * 0x100000000 + k[off + o + 1]!;

/** Below v6 AS numbers share the address columns, as text. */
const ipOrAs = (v: number): boolean => !isBgpTable(v) && v < 6;
const portName = (side: 'src' | 'dst') => (v: number): string => (familyVersion(v) < 8 ? `${side}_port` : `port_${side}`);

/** pmacct 1.7.7's column order (sql_evaluate_primitives); fakes follow the aggregated columns as in pmacct. */
const SPECS: readonly ColumnSpec[] = [
  { primitive: 'src_mac', column: fixed('mac_src'), kind: 'text', inDefault: notBgp('fake'), unset: '0:0:0:0:0:0' },
  { primitive: 'dst_mac', column: fixed('mac_dst'), kind: 'text', inDefault: notBgp('fake'), unset: '0:0:0:0:0:0' },
  { primitive: 'vlan', column: fixed('vlan'), kind: 'int', inDefault: fromVersion(2), unset: 0 },
  { primitive: 'cos', column: fixed('cos'), kind: 'int', inDefault: blind },
  { primitive: 'etype', column: fixed('etype'), kind: 'text', inDefault: blind },
  { primitive: 'src_host', column: fixed('ip_src'), kind: 'text', inDefault: notBgp('fake'), unset: '0.0.0.0', address: true },
  { primitive: 'src_net', column: fixed('net_src'), kind: 'text', inDefault: blind, address: true },
  { primitive: 'dst_host', column: fixed('ip_dst'), kind: 'text', inDefault: notBgp('fake'), unset: '0.0.0.0', address: true },
  { primitive: 'dst_net', column: fixed('net_dst'), kind: 'text', inDefault: blind, address: true },
  {
    primitive: 'src_as', column: (v) => (ipOrAs(v) ? 'ip_src' : 'as_src'), kind: 'int',
    inDefault: (v) => (ipOrAs(v) ? 'blind' : 'always'), unset: 0,
  },
  { primitive: 'in_iface', column: fixed('iface_in'), kind: 'int', inDefault: blind },
  { primitive: 'out_iface', column: fixed('iface_out'), kind: 'int', inDefault: blind },
  { primitive: 'src_mask', column: fixed('mask_src'), kind: 'int', inDefault: blind },
  { primitive: 'dst_mask', column: fixed('mask_dst'), kind: 'int', inDefault: blind },
  { primitive: 'dst_as', column: (v) => (ipOrAs(v) ? 'ip_dst' : 'as_dst'), kind: 'int', inDefault: (v) => (ipOrAs(v) ? 'blind' : 'always'), unset: 0 },
  { primitive: 'std_comm', column: fixed('comms'), kind: 'text', inDefault: bgpOnly('fake'), unset: '', reader: (o) => rawText(o) },
  /*
   * The other community lists and the source AS path have no column in
   * pmacct's default tables: nfacctd 1.7.7 exits on ext_comm outside the bgp
   * table, and in the bgp table its sqlite3 writer starts a purge with any of
   * them and never ends it; so they are written with sql_optimize_clauses only.
   */
  { primitive: 'ext_comm', column: fixed('ecomms'), kind: 'text', inDefault: customOnly, reader: (o) => rawText(o) },
  { primitive: 'lrg_comm', column: fixed('lcomms'), kind: 'text', inDefault: customOnly, reader: (o) => rawText(o) },
  { primitive: 'src_std_comm', column: fixed('comms_src'), kind: 'text', inDefault: customOnly, reader: (o) => rawText(o) },
  { primitive: 'src_ext_comm', column: fixed('ecomms_src'), kind: 'text', inDefault: customOnly, reader: (o) => rawText(o) },
  { primitive: 'src_lrg_comm', column: fixed('lcomms_src'), kind: 'text', inDefault: customOnly, reader: (o) => rawText(o) },
  { primitive: 'as_path', column: fixed('as_path'), kind: 'text', inDefault: bgpOnly('fake'), unset: '', reader: (o) => rawText(o) },
  { primitive: 'src_as_path', column: fixed('as_path_src'), kind: 'text', inDefault: customOnly, reader: (o) => rawText(o) },
  { primitive: 'local_pref', column: fixed('local_pref'), kind: 'int', inDefault: bgpOnly('always'), unset: 0 },
  // Numbers pmacct writes blindly into a default table (nfacctd 1.7.7, bgp table, src_med: "… AND med_src=0 …").
  { primitive: 'src_local_pref', column: fixed('local_pref_src'), kind: 'int', inDefault: blind },
  { primitive: 'med', column: fixed('med'), kind: 'int', inDefault: bgpOnly('always'), unset: 0 },
  { primitive: 'src_med', column: fixed('med_src'), kind: 'int', inDefault: blind },
  { primitive: 'peer_src_as', column: fixed('peer_as_src'), kind: 'int', inDefault: bgpOnly('fake'), unset: '0' },
  { primitive: 'peer_dst_as', column: fixed('peer_as_dst'), kind: 'int', inDefault: bgpOnly('fake'), unset: '0' },
  { primitive: 'peer_src_ip', column: fixed('peer_ip_src'), kind: 'text', inDefault: bgpOnly('fake'), unset: '0.0.0.0', address: true },
  { primitive: 'peer_dst_ip', column: fixed('peer_ip_dst'), kind: 'text', inDefault: bgpOnly('fake'), unset: '0.0.0.0', address: true, reader: (o, field) => addressOrZero(o, field) },
  { primitive: 'src_port', column: portName('src'), kind: 'int', inDefault: notBgp('always'), unset: 0 },
  { primitive: 'dst_port', column: portName('dst'), kind: 'int', inDefault: notBgp('always'), unset: 0 },
  { primitive: 'tcpflags', column: fixed('tcp_flags'), kind: 'int', inDefault: fromVersion(7), unset: 0 },
  { primitive: 'tos', column: fixed('tos'), kind: 'int', inDefault: fromVersion(3), unset: 0 },
  {
    primitive: 'proto', column: fixed('ip_proto'), kind: 'text', inDefault: notBgp('always'), unset: '0',
    kindWith: (o) => (o.numProtos ? 'int' : 'text'),
    reader: (o, _f, options) => (options.numProtos ? word(o) : (k, off) => protocolText(k[off + o]!)),
  },
  { primitive: 'sampling_rate', column: fixed('sampling_rate'), kind: 'int', inDefault: blind },
  {
    primitive: 'tag', column: (v) => (familyVersion(v) >= 9 ? 'tag' : 'agent_id'), kind: 'int',
    inDefault: (v) => (isBgpTable(v) || v >= 2 ? 'always' : 'refuse'), unset: 0, reader: (o) => tag64(o),
  },
  { primitive: 'tag2', column: fixed('tag2'), kind: 'int', inDefault: blind, reader: (o) => tag64(o) },
  { primitive: 'label', column: fixed('label'), kind: 'text', inDefault: blind },
  { primitive: 'class', column: fixed('class_id'), kind: 'text', inDefault: fromVersion(5), unset: 'unknown' },
  { primitive: 'mpls_vpn_rd', column: fixed('mpls_vpn_rd'), kind: 'text', inDefault: blind },
  { primitive: 'sampling_direction', column: fixed('sampling_direction'), kind: 'text', inDefault: blind },
  { primitive: 'post_nat_src_host', column: fixed('post_nat_ip_src'), kind: 'text', inDefault: blind, address: true },
  { primitive: 'post_nat_dst_host', column: fixed('post_nat_ip_dst'), kind: 'text', inDefault: blind, address: true },
  { primitive: 'post_nat_src_port', column: fixed('post_nat_port_src'), kind: 'int', inDefault: blind },
  { primitive: 'post_nat_dst_port', column: fixed('post_nat_port_dst'), kind: 'int', inDefault: blind },
  { primitive: 'nat_event', column: fixed('nat_event'), kind: 'int', inDefault: blind },
  { primitive: 'mpls_label_top', column: fixed('mpls_label_top'), kind: 'int', inDefault: blind },
  { primitive: 'mpls_label_bottom', column: fixed('mpls_label_bottom'), kind: 'int', inDefault: blind },
  { primitive: 'mpls_stack_depth', column: fixed('mpls_stack_depth'), kind: 'int', inDefault: blind },
  { primitive: 'tunnel_src_mac', column: fixed('tunnel_mac_src'), kind: 'text', inDefault: blind },
  { primitive: 'tunnel_dst_mac', column: fixed('tunnel_mac_dst'), kind: 'text', inDefault: blind },
  { primitive: 'tunnel_src_host', column: fixed('tunnel_ip_src'), kind: 'text', inDefault: blind, address: true },
  { primitive: 'tunnel_dst_host', column: fixed('tunnel_ip_dst'), kind: 'text', inDefault: blind, address: true },
  {
    primitive: 'tunnel_proto', column: fixed('tunnel_ip_proto'), kind: 'text', inDefault: blind,
    kindWith: (o) => (o.numProtos ? 'int' : 'text'),
    reader: (o, _f, options) => (options.numProtos ? word(o) : (k, off) => protocolText(k[off + o]!)),
  },
  { primitive: 'tunnel_tos', column: fixed('tunnel_tos'), kind: 'int', inDefault: blind },
  { primitive: 'tunnel_src_port', column: fixed('tunnel_port_src'), kind: 'int', inDefault: blind },
  { primitive: 'tunnel_dst_port', column: fixed('tunnel_port_dst'), kind: 'int', inDefault: blind },
  { primitive: 'vxlan', column: fixed('vxlan'), kind: 'int', inDefault: blind },
  { primitive: 'export_proto_seqno', column: fixed('export_proto_seqno'), kind: 'int', inDefault: blind },
  { primitive: 'export_proto_version', column: fixed('export_proto_version'), kind: 'int', inDefault: blind },
  { primitive: 'export_proto_sysid', column: fixed('export_proto_sysid'), kind: 'int', inDefault: blind },
];

/** Time primitives: a datetime column and its `_residual` microseconds, like pmacct's README.timestamp. */
const TIME_PRIMITIVES = ['timestamp_start', 'timestamp_end', 'timestamp_arrival', 'timestamp_export'];

/** Primitives pmacct's SQL plugins cannot write: with mpls_pw_id nfacctd 1.7.7's sqlite3 writer starts a purge and never ends it. */
const NO_SQL_COLUMN = new Set(['mpls_pw_id']);

/** Primitives of pmacct's BGP block: aggregating one without sql_table_type switches to the bgp table. */
export const BGP_TABLE_PRIMITIVES: ReadonlySet<string> = new Set([
  'std_comm', 'as_path', 'local_pref', 'med', 'peer_src_as', 'peer_dst_as', 'peer_src_ip', 'peer_dst_ip', 'mpls_vpn_rd',
  'ext_comm', 'lrg_comm', 'src_as_path', 'src_std_comm', 'src_ext_comm', 'src_lrg_comm', 'src_local_pref', 'src_med',
]);

export function buildColumnPlan(layout: AggregateLayout, profile: SqlTableProfile, options: ColumnPlanOptions): SqlColumnPlan {
  const version = profile.version;
  const placed = new Map<string, PlacedPrimitive>(layout.placed.map((p) => [p.primitive.name, p]));
  checkMix(placed, version);

  const aggregated: SqlColumn[] = [];
  const fakes: SqlColumn[] = [];
  for (const spec of SPECS) {
    const p = placed.get(spec.primitive);
    const mode = profile.optimized ? (p ? 'always' : 'absent') : spec.inDefault(version);
    if (mode === 'absent') continue;
    if (mode === 'refuse') {
      if (p) throw new SqlSchemaError(refusal(spec.primitive, version));
      continue;
    }
    if (mode === 'blind' && !p) continue;
    if (!p && sharedWithAs(spec.primitive, placed, version)) continue;
    const name = spec.column(version);
    const kind = spec.kindWith ? spec.kindWith(options) : spec.kind;
    const numeric = options.numHosts === true && spec.address === true;
    if (p) {
      aggregated.push({
        name, kind: columnKind(spec, version, kind), inWhere: spec.primitive !== 'tcpflags', read: readerOf(spec, p, version, options),
        ...(numeric ? { hostFunction: 'INET6_ATON' as const } : {}),
      });
    } else {
      const unset = spec.unset ?? 0;
      const column: SqlColumn = {
        name, kind: typeof unset === 'string' ? 'text' : kind, inWhere: spec.primitive !== 'tcpflags', read: () => unset,
        ...(numeric ? { hostFunction: 'INET_ATON' as const } : {}),
      };
      if (mode === 'fake') fakes.push(column);
      else aggregated.push(column);
    }
  }
  for (const name of TIME_PRIMITIVES) {
    const p = placed.get(name);
    if (!p) continue;
    aggregated.push({ name, kind: 'time', inWhere: true, read: epochSeconds(p.offset) });
    aggregated.push({ name: `${name}_residual`, kind: 'int', inWhere: true, read: residual(p.offset) });
  }
  for (const p of layout.placed) {
    if (NO_SQL_COLUMN.has(p.primitive.name)) throw new SqlSchemaError(`primitive '${p.primitive.name}' cannot be written by pmacct 1.7.7's SQL plugins (its writer stops mid-purge), so tsacct refuses it`);
    const known = SPECS.some((s) => s.primitive === p.primitive.name) || TIME_PRIMITIVES.includes(p.primitive.name);
    if (!known) throw new SqlSchemaError(`primitive '${p.primitive.name}' cannot be written by the SQL plugins yet`);
  }

  const flowsInDefault = !profile.optimized && !isBgpTable(version) && version >= 4;
  if (layout.countFlows && !profile.optimized && !flowsInDefault) {
    throw new SqlSchemaError('the accounting of flows requires SQL table v4 (or sql_optimize_clauses with a custom table)');
  }
  const tcp = placed.get('tcpflags');
  return {
    columns: [...aggregated, ...fakes],
    hasFlows: layout.countFlows || flowsInDefault,
    countsFlows: layout.countFlows,
    orTcpFlags: tcp !== undefined,
    tcpFlags: tcp ? word(tcp.offset) : null,
  };
}

function columnKind(spec: ColumnSpec, version: number, kind: SqlValueKind): SqlValueKind {
  // Below v6 the AS number goes into the text address column, quoted by pmacct.
  if ((spec.primitive === 'src_as' || spec.primitive === 'dst_as') && ipOrAs(version)) return 'text';
  return kind;
}

function readerOf(spec: ColumnSpec, p: PlacedPrimitive, version: number, options: ColumnPlanOptions): SqlValueReader {
  const field = p.primitive.fields[0]!;
  if (spec.reader) return spec.reader(p.offset, field, options);
  if ((spec.primitive === 'src_as' || spec.primitive === 'dst_as') && ipOrAs(version)) return wordAsText(p.offset);
  if (spec.kind === 'int') return p.primitive.words === 1 && field.jsonType === 'number' ? word(p.offset) : fieldNumber(p.offset, field);
  return fieldText(p.offset, field);
}

/** Below v6 an aggregated AS number fills ip_src/ip_dst, which then gets no address fake. */
function sharedWithAs(primitive: string, placed: ReadonlyMap<string, PlacedPrimitive>, version: number): boolean {
  if (!ipOrAs(version)) return false;
  return (primitive === 'src_host' && placed.has('src_as')) || (primitive === 'dst_host' && placed.has('dst_as'));
}

/** pmacct refuses to mix addresses and AS numbers of one side below v6, where they share a column. */
function checkMix(placed: ReadonlyMap<string, PlacedPrimitive>, version: number): void {
  if (!ipOrAs(version)) return;
  const srcMix = (placed.has('src_host') || placed.has('src_net')) && placed.has('src_as');
  const dstMix = (placed.has('dst_host') || placed.has('dst_net')) && placed.has('dst_as');
  if (srcMix || dstMix) throw new SqlSchemaError('SQL tables below v6 cannot hold both IP addresses and AS numbers of one side (src_host/src_net with src_as, or dst_* with dst_as); use sql_table_version 6 or later');
}

function refusal(primitive: string, version: number): string {
  const table = isBgpTable(version) ? `the bgp table (sql_table_type bgp, version ${familyVersion(version)})` : `sql_table_version ${version}`;
  return `primitive '${primitive}' has no column in ${table}, as in pmacct 1.7.7; pick a table version that holds it or use sql_optimize_clauses with a custom table`;
}
