/**
 * pmacct prints columns in a fixed order that does not follow `aggregate`,
 * and the CSV/formatted order differs from the JSON order. These lists are
 * that order (checked against pmacct 1.7.7's print plugin output, see
 * test/output), and the formatted-output column widths.
 */
import type { AggregateLayout, PlacedField } from '../model/aggregateLayout.ts';

const CSV_ORDER = [
  'TAG', 'TAG2', 'LABEL', 'CLASS', 'SRC_MAC', 'DST_MAC', 'VLAN', 'COS', 'ETYPE',
  'SRC_AS', 'DST_AS', 'COMMS', 'ECOMMS', 'LCOMMS', 'SRC_COMMS', 'SRC_ECOMMS', 'SRC_LCOMMS', 'AS_PATH', 'SRC_AS_PATH',
  'PREF', 'SRC_PREF', 'MED', 'SRC_MED', 'SRC_ROA', 'DST_ROA',
  'PEER_SRC_AS', 'PEER_DST_AS', 'PEER_SRC_IP', 'PEER_DST_IP', 'IN_IFACE', 'OUT_IFACE', 'MPLS_VPN_RD', 'MPLS_PW_ID',
  'SRC_IP', 'SRC_NET', 'DST_IP', 'DST_NET', 'SRC_MASK', 'DST_MASK', 'SRC_PORT', 'DST_PORT', 'TCP_FLAGS', 'PROTOCOL', 'TOS',
  'SH_COUNTRY', 'DH_COUNTRY', 'SH_POCODE', 'DH_POCODE', 'SH_LAT', 'SH_LON', 'DH_LAT', 'DH_LON',
  'SAMPLING_RATE', 'SAMPLING_DIRECTION',
  'POST_NAT_SRC_IP', 'POST_NAT_DST_IP', 'POST_NAT_SRC_PORT', 'POST_NAT_DST_PORT', 'NAT_EVENT',
  'MPLS_LABEL_TOP', 'MPLS_LABEL_BOTTOM', 'MPLS_STACK_DEPTH',
  'TUNNEL_SRC_MAC', 'TUNNEL_DST_MAC', 'TUNNEL_SRC_IP', 'TUNNEL_DST_IP', 'TUNNEL_PROTOCOL', 'TUNNEL_TOS', 'TUNNEL_SRC_PORT', 'TUNNEL_DST_PORT', 'VXLAN',
  'TIMESTAMP_START', 'TIMESTAMP_END', 'TIMESTAMP_ARRIVAL', 'TIMESTAMP_EXPORT', 'TIMESTAMP_MIN', 'TIMESTAMP_MAX',
  'EXPORT_PROTO_SEQNO', 'EXPORT_PROTO_VERSION', 'EXPORT_PROTO_SYSID',
];

/** Whose CSV/formatted column order: the print plugin's, or the pmacct client's (interfaces right after CLASS). */
export type ColumnOrder = 'print' | 'client';

const CLIENT_CSV_ORDER = [
  'TAG', 'TAG2', 'LABEL', 'CLASS', 'IN_IFACE', 'OUT_IFACE',
  ...CSV_ORDER.filter((h) => !['TAG', 'TAG2', 'LABEL', 'CLASS', 'IN_IFACE', 'OUT_IFACE'].includes(h)),
];

const JSON_ORDER = [
  'tag', 'tag2', 'label', 'class', 'mac_src', 'mac_dst', 'vlan', 'cos', 'etype',
  'as_src', 'as_dst', 'comms', 'ecomms', 'lcomms', 'as_path', 'local_pref', 'med', 'roa_dst',
  'peer_as_src', 'peer_as_dst', 'peer_ip_src', 'peer_ip_dst',
  'comms_src', 'ecomms_src', 'lcomms_src', 'as_path_src', 'local_pref_src', 'med_src', 'roa_src',
  'iface_in', 'iface_out', 'mpls_vpn_rd', 'mpls_pw_id',
  'ip_src', 'net_src', 'ip_dst', 'net_dst', 'mask_src', 'mask_dst', 'port_src', 'port_dst',
  'country_ip_src', 'country_ip_dst', 'pocode_ip_src', 'pocode_ip_dst', 'lat_ip_src', 'lon_ip_src', 'lat_ip_dst', 'lon_ip_dst',
  'tcp_flags', 'ip_proto', 'tos', 'sampling_rate', 'sampling_direction',
  'post_nat_ip_src', 'post_nat_ip_dst', 'post_nat_port_src', 'post_nat_port_dst', 'nat_event',
  'mpls_label_top', 'mpls_label_bottom', 'mpls_stack_depth',
  'tunnel_mac_src', 'tunnel_mac_dst', 'tunnel_ip_src', 'tunnel_ip_dst', 'tunnel_ip_proto', 'tunnel_tos', 'tunnel_port_src', 'tunnel_port_dst', 'vxlan',
  'timestamp_start', 'timestamp_end', 'timestamp_arrival', 'timestamp_min', 'timestamp_max',
  'export_proto_seqno', 'export_proto_version', 'export_proto_sysid', 'timestamp_export',
];

/**
 * Formatted-output column widths, separator spaces included, as pmacct 1.7.7
 * prints its header (e.g. "SRC_IP" followed by 41 spaces is 47 wide).
 */
export const FORMATTED_WIDTH: Readonly<Record<string, number>> = {
  TAG: 12, TAG2: 12, CLASS: 18, SRC_MAC: 19, DST_MAC: 19, VLAN: 7, COS: 4, ETYPE: 7,
  SRC_AS: 12, DST_AS: 12, PREF: 9, SRC_PREF: 9, MED: 8, SRC_MED: 8, SRC_ROA: 8, DST_ROA: 8,
  PEER_SRC_AS: 12, PEER_DST_AS: 12, PEER_SRC_IP: 47, PEER_DST_IP: 47, IN_IFACE: 12, OUT_IFACE: 12,
  MPLS_VPN_RD: 20, MPLS_PW_ID: 12,
  SRC_IP: 47, SRC_NET: 47, DST_IP: 47, DST_NET: 47, SRC_MASK: 10, DST_MASK: 10, SRC_PORT: 10, DST_PORT: 10,
  TCP_FLAGS: 11, PROTOCOL: 12, TOS: 7,
  SH_COUNTRY: 12, DH_COUNTRY: 12, SH_POCODE: 14, DH_POCODE: 14, SH_LAT: 13, SH_LON: 13, DH_LAT: 13, DH_LON: 13,
  SAMPLING_RATE: 14, SAMPLING_DIRECTION: 19,
  POST_NAT_SRC_IP: 47, POST_NAT_DST_IP: 47, POST_NAT_SRC_PORT: 19, POST_NAT_DST_PORT: 19, NAT_EVENT: 10,
  MPLS_LABEL_TOP: 16, MPLS_LABEL_BOTTOM: 19, MPLS_STACK_DEPTH: 18,
  TUNNEL_SRC_MAC: 19, TUNNEL_DST_MAC: 19, TUNNEL_SRC_IP: 47, TUNNEL_DST_IP: 47, TUNNEL_PROTOCOL: 17, TUNNEL_TOS: 11,
  TUNNEL_SRC_PORT: 17, TUNNEL_DST_PORT: 17, VXLAN: 10,
  TIMESTAMP_START: 31, TIMESTAMP_END: 31, TIMESTAMP_ARRIVAL: 31, TIMESTAMP_EXPORT: 31, TIMESTAMP_MIN: 31, TIMESTAMP_MAX: 31,
  EXPORT_PROTO_SEQNO: 20, EXPORT_PROTO_VERSION: 22, EXPORT_PROTO_SYSID: 20,
  PACKETS: 22, FLOWS: 22,
};

function rankOf(order: readonly string[], name: string): number {
  const i = order.indexOf(name);
  return i < 0 ? order.length : i;
}

/** The layout's fields in CSV/formatted order. */
export function csvOrderedFields(layout: AggregateLayout, columns: ColumnOrder = 'print'): PlacedField[] {
  const order = columns === 'client' ? CLIENT_CSV_ORDER : CSV_ORDER;
  return [...layout.fields].sort((a, b) => rankOf(order, a.field.header) - rankOf(order, b.field.header));
}

/** The layout's fields in JSON order. */
export function jsonOrderedFields(layout: AggregateLayout): PlacedField[] {
  return [...layout.fields].sort((a, b) => rankOf(JSON_ORDER, a.field.jsonKey) - rankOf(JSON_ORDER, b.field.jsonKey));
}
