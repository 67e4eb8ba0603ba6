/**
 * Every pmacct 1.7.7 aggregation primitive: its group and daemons (as
 * `nfacctd -a` lists them), its key layout, and its output columns with
 * pmacct's exact CSV headers and JSON keys.
 *
 * Primitives whose data source tsacct does not have yet (BGP attributes,
 * GeoIP, RPKI, classification…) are listed with `implemented: false`, so that
 * a config using them is refused by name instead of printing zeros.
 */
import { protocolText } from './protocolNames.ts';
import { customPrimitiveByName } from './customPrimitive.ts';
import type { FlowDaemon, OutputField, Primitive, PrimitiveGroup, KeyWriter } from './primitive.ts';
import {
  addressField,
  fromInt,
  fromIp,
  fromMac,
  fromString,
  fromTime,
  intAsStringField,
  intField,
  macField,
  rdText,
  timeField,
  writeMaskedAddress,
  writeRd,
  type KeySource,
} from './keyCodecs.ts';

const ALL: readonly FlowDaemon[] = ['pmacctd', 'uacctd', 'nfacctd', 'sfacctd'];
const NF: readonly FlowDaemon[] = ['nfacctd'];
const NF_SF: readonly FlowDaemon[] = ['nfacctd', 'sfacctd'];
const NOT_NF: readonly FlowDaemon[] = ['pmacctd', 'uacctd', 'sfacctd'];
const NOT_SF: readonly FlowDaemon[] = ['pmacctd', 'uacctd', 'nfacctd'];
const NOT_UA: readonly FlowDaemon[] = ['pmacctd', 'nfacctd', 'sfacctd'];
const NOT_PM: readonly FlowDaemon[] = ['uacctd', 'nfacctd', 'sfacctd'];

const noWrite: KeyWriter = () => {};

function def(
  name: string,
  group: PrimitiveGroup,
  daemons: readonly FlowDaemon[],
  description: string,
  words: number,
  source: KeyWriter | KeySource,
  fields: OutputField[],
  extra: { variableLength?: boolean; implemented?: boolean; sourcedBy?: readonly FlowDaemon[] } = {},
): Primitive {
  const write = typeof source === 'function' ? source : source.write;
  const keyCode = typeof source === 'function' ? undefined : source.code;
  return {
    name, group, daemons, description, words, write, keyCode, fields,
    implemented: extra.implemented ?? true, variableLength: extra.variableLength, sourcedBy: extra.sourcedBy,
  };
}

/** A primitive tsacct cannot fill yet: named, listed, refused in `aggregate`. */
function pending(name: string, group: PrimitiveGroup, daemons: readonly FlowDaemon[], description: string, fields: OutputField[], variableLength = false): Primitive {
  return def(name, group, daemons, description, 0, noWrite, fields, { implemented: false, variableLength });
}

function stringField(header: string, jsonKey: string): OutputField {
  return { header, jsonKey, jsonType: 'string', read: (key, off, ctx) => ctx.strings.text(key[off]!) };
}

/** AS paths and communities: pmacct's print output writes their spaces as '_'. */
function bgpTextField(header: string, jsonKey: string): OutputField {
  return { header, jsonKey, jsonType: 'string', read: (key, off, ctx) => ctx.strings.text(key[off]!).replaceAll(' ', '_') };
}

/** Protocol numbers print as pmacct's names. */
function protocolField(header: string, jsonKey: string): OutputField {
  return { header, jsonKey, jsonType: 'string', read: (k, o) => protocolText(k[o]!) };
}

/** Filled from sampled packet headers: sFlow's raw header records (pmacctd's packets later). */
const FROM_SFLOW_HEADER = { sourcedBy: ['sfacctd'] as readonly FlowDaemon[] };

/**
 * BGP attributes: filled by the BGP lookup (bgp_daemon, src/enrich/bgpLookupStage.ts)
 * in nfacctd and sfacctd, and by sFlow's extended gateway; the daemons
 * without a BGP thread in tsacct refuse them.
 */
const FROM_BGP = { sourcedBy: ['nfacctd', 'sfacctd'] as readonly FlowDaemon[] };

export const PRIMITIVES: readonly Primitive[] = [
  // ---- L2
  def('cos', 'L2', NOT_UA, 'Ethernet CoS, 802.1p priority', 1, fromInt('cos'), [intField('COS', 'cos')]),
  def('etype', 'L2', NOT_UA, 'Ethernet EtherType', 1, fromInt('etype'), [intAsStringField('ETYPE', 'etype', 16)]),
  def('src_mac', 'L2', ALL, 'Source MAC address', 2, fromMac('srcMac'), [macField('SRC_MAC', 'mac_src')]),
  def('dst_mac', 'L2', ALL, 'Destination MAC address', 2, fromMac('dstMac'), [macField('DST_MAC', 'mac_dst')]),
  def('vlan', 'L2', ALL, 'Ethernet VLAN id, 802.1Q', 1, fromInt('vlan'), [intField('VLAN', 'vlan')]),

  // ---- L3
  def('src_host', 'L3', ALL, 'Source IPv4/IPv6 address', 5, fromIp('srcHost'), [addressField('SRC_IP', 'ip_src')]),
  def('dst_host', 'L3', ALL, 'Destination IPv4/IPv6 address', 5, fromIp('dstHost'), [addressField('DST_IP', 'ip_dst')]),
  def('src_mask', 'L3', ALL, 'Source network mask length', 1, fromInt('srcMask'), [intField('SRC_MASK', 'mask_src')]),
  def('dst_mask', 'L3', ALL, 'Destination network mask length', 1, fromInt('dstMask'), [intField('DST_MASK', 'mask_dst')]),
  def('src_net', 'L3', ALL, 'Source IPv4/IPv6 network prefix', 5, (r, k, o) => writeMaskedAddress(r.srcHost, r.srcMask, k, o), [addressField('SRC_NET', 'net_src')]),
  def('dst_net', 'L3', ALL, 'Destination IPv4/IPv6 network prefix', 5, (r, k, o) => writeMaskedAddress(r.dstHost, r.dstMask, k, o), [addressField('DST_NET', 'net_dst')]),
  def('proto', 'L3', ALL, 'IP protocol', 1, fromInt('proto'), [protocolField('PROTOCOL', 'ip_proto')]),
  def('tos', 'L3', ALL, 'IP ToS / traffic class byte', 1, fromInt('tos'), [intField('TOS', 'tos')]),

  // ---- L4
  def('src_port', 'L4', ALL, 'Source TCP/UDP port', 1, fromInt('srcPort'), [intField('SRC_PORT', 'port_src')]),
  def('dst_port', 'L4', ALL, 'Destination TCP/UDP port', 1, fromInt('dstPort'), [intField('DST_PORT', 'port_dst')]),
  // pmacct ORs TCP flags over an aggregate rather than keying on them: the
  // key word stays 0 and the cache ORs the flags in (see AggregateLayout.orWord).
  def('tcpflags', 'L4', ALL, 'TCP flags, ORed over the aggregate', 1, (_r, k, o) => { k[o] = 0; }, [intAsStringField('TCP_FLAGS', 'tcp_flags', 10)]),

  // ---- BGP (AS numbers from the export protocol, networks_file or the BGP lookup, per nfacctd_as)
  def('src_as', 'BGP', ALL, 'Source AS number', 1, fromInt('srcAs'), [intField('SRC_AS', 'as_src')]),
  def('dst_as', 'BGP', ALL, 'Destination AS number', 1, fromInt('dstAs'), [intField('DST_AS', 'as_dst')]),
  def('as_path', 'BGP', ALL, 'BGP AS path of the destination route', 1, fromString('asPath'), [bgpTextField('AS_PATH', 'as_path')], { variableLength: true, ...FROM_BGP }),
  def('std_comm', 'BGP', ALL, 'BGP standard communities of the destination route', 1, fromString('stdComm'), [bgpTextField('COMMS', 'comms')], { variableLength: true, ...FROM_BGP }),
  def('ext_comm', 'BGP', ALL, 'BGP extended communities of the destination route', 1, fromString('extComm'), [bgpTextField('ECOMMS', 'ecomms')], { variableLength: true, ...FROM_BGP }),
  def('lrg_comm', 'BGP', ALL, 'BGP large communities of the destination route', 1, fromString('lrgComm'), [bgpTextField('LCOMMS', 'lcomms')], { variableLength: true, ...FROM_BGP }),
  def('local_pref', 'BGP', ALL, 'BGP local preference of the destination route', 1, fromInt('localPref'), [intField('PREF', 'local_pref')], FROM_BGP),
  def('med', 'BGP', ALL, 'BGP multi-exit discriminator of the destination route', 1, fromInt('med'), [intField('MED', 'med')], FROM_BGP),
  def('src_as_path', 'BGP', ALL, 'AS path of the source route (reverse BGP lookup)', 1, fromString('srcAsPath'), [bgpTextField('SRC_AS_PATH', 'as_path_src')], { variableLength: true, ...FROM_BGP }),
  def('src_std_comm', 'BGP', ALL, 'Standard communities of the source route (reverse BGP lookup)', 1, fromString('srcStdComm'), [bgpTextField('SRC_COMMS', 'comms_src')], { variableLength: true, ...FROM_BGP }),
  def('src_ext_comm', 'BGP', ALL, 'Extended communities of the source route (reverse BGP lookup)', 1, fromString('srcExtComm'), [bgpTextField('SRC_ECOMMS', 'ecomms_src')], { variableLength: true, ...FROM_BGP }),
  def('src_lrg_comm', 'BGP', ALL, 'Large communities of the source route (reverse BGP lookup)', 1, fromString('srcLrgComm'), [bgpTextField('SRC_LCOMMS', 'lcomms_src')], { variableLength: true, ...FROM_BGP }),
  def('src_local_pref', 'BGP', ALL, 'Local preference of the source route (reverse BGP lookup)', 1, fromInt('srcLocalPref'), [intField('SRC_PREF', 'local_pref_src')], FROM_BGP),
  def('src_med', 'BGP', ALL, 'MED of the source route (reverse BGP lookup)', 1, fromInt('srcMed'), [intField('SRC_MED', 'med_src')], FROM_BGP),
  def('peer_src_as', 'BGP', ALL, 'Source peer AS number (as exported, or per bgp_peer_src_as_type)', 1, fromInt('peerSrcAs'), [intField('PEER_SRC_AS', 'peer_as_src')]),
  def('peer_dst_as', 'BGP', ALL, 'Destination peer AS number (as exported, or the first AS of the destination route)', 1, fromInt('peerDstAs'), [intField('PEER_DST_AS', 'peer_as_dst')]),
  def('peer_dst_ip', 'BGP', ALL, 'BGP next hop (IP next hop with use_ip_next_hop)', 5, fromIp('bgpNextHop'), [addressField('PEER_DST_IP', 'peer_ip_dst')]),

  // ---- NAT (fw_event shares nat_event's field in pmacct 1.7.7, see aliases)
  def('nat_event', 'NAT', NF, 'NAT event id', 1, fromInt('natEvent'), [intField('NAT_EVENT', 'nat_event')]),
  def('post_nat_src_host', 'NAT', NF, 'Source address after NAT', 5, fromIp('postNatSrcHost'), [addressField('POST_NAT_SRC_IP', 'post_nat_ip_src')]),
  def('post_nat_dst_host', 'NAT', NF, 'Destination address after NAT', 5, fromIp('postNatDstHost'), [addressField('POST_NAT_DST_IP', 'post_nat_ip_dst')]),
  def('post_nat_src_port', 'NAT', NF, 'Source port after NAT', 1, fromInt('postNatSrcPort'), [intField('POST_NAT_SRC_PORT', 'post_nat_port_src')]),
  def('post_nat_dst_port', 'NAT', NF, 'Destination port after NAT', 1, fromInt('postNatDstPort'), [intField('POST_NAT_DST_PORT', 'post_nat_port_dst')]),

  // ---- tunnels
  def('vxlan', 'TUNNEL', ALL, 'VXLAN network identifier', 1, fromInt('vxlan'), [intField('VXLAN', 'vxlan')]),
  def('tunnel_src_mac', 'TUNNEL', NOT_NF, 'Inner source MAC address of a VXLAN tunnel', 2, fromMac('tunnelSrcMac'), [macField('TUNNEL_SRC_MAC', 'tunnel_mac_src')], FROM_SFLOW_HEADER),
  def('tunnel_dst_mac', 'TUNNEL', NOT_NF, 'Inner destination MAC address of a VXLAN tunnel', 2, fromMac('tunnelDstMac'), [macField('TUNNEL_DST_MAC', 'tunnel_mac_dst')], FROM_SFLOW_HEADER),
  def('tunnel_src_host', 'TUNNEL', NOT_NF, 'Inner source address of a VXLAN tunnel', 5, fromIp('tunnelSrcHost'), [addressField('TUNNEL_SRC_IP', 'tunnel_ip_src')], FROM_SFLOW_HEADER),
  def('tunnel_dst_host', 'TUNNEL', NOT_NF, 'Inner destination address of a VXLAN tunnel', 5, fromIp('tunnelDstHost'), [addressField('TUNNEL_DST_IP', 'tunnel_ip_dst')], FROM_SFLOW_HEADER),
  def('tunnel_proto', 'TUNNEL', NOT_NF, 'Inner IP protocol of a VXLAN tunnel', 1, fromInt('tunnelProto'), [protocolField('TUNNEL_PROTOCOL', 'tunnel_ip_proto')], FROM_SFLOW_HEADER),
  def('tunnel_tos', 'TUNNEL', NOT_NF, 'Inner IP ToS of a VXLAN tunnel', 1, fromInt('tunnelTos'), [intField('TUNNEL_TOS', 'tunnel_tos')], FROM_SFLOW_HEADER),
  def('tunnel_src_port', 'TUNNEL', NOT_NF, 'Inner source TCP/UDP port of a VXLAN tunnel', 1, fromInt('tunnelSrcPort'), [intField('TUNNEL_SRC_PORT', 'tunnel_port_src')], FROM_SFLOW_HEADER),
  def('tunnel_dst_port', 'TUNNEL', NOT_NF, 'Inner destination TCP/UDP port of a VXLAN tunnel', 1, fromInt('tunnelDstPort'), [intField('TUNNEL_DST_PORT', 'tunnel_port_dst')], FROM_SFLOW_HEADER),

  // ---- MPLS
  def('mpls_label_bottom', 'MPLS', NOT_SF, 'Bottom MPLS label', 1, fromInt('mplsLabelBottom'), [intField('MPLS_LABEL_BOTTOM', 'mpls_label_bottom')]),
  def('mpls_label_top', 'MPLS', NOT_SF, 'Top MPLS label', 1, fromInt('mplsLabelTop'), [intField('MPLS_LABEL_TOP', 'mpls_label_top')]),
  def('mpls_stack_depth', 'MPLS', NOT_SF, 'Depth of the MPLS label stack', 1, fromInt('mplsStackDepth'), [intField('MPLS_STACK_DEPTH', 'mpls_stack_depth')]),
  def('mpls_vpn_rd', 'MPLS', NF_SF, 'MPLS L3 VPN route distinguisher', 2, (r, k, o) => writeRd(r.mplsVpnRd, k, o), [
    { header: 'MPLS_VPN_RD', jsonKey: 'mpls_vpn_rd', jsonType: 'string', read: (k, o) => rdText(k[o]!, k[o + 1]!) },
  ]),
  def('mpls_pw_id', 'MPLS', NF_SF, 'MPLS L2 VPN pseudowire id', 1, fromInt('mplsPwId'), [intField('MPLS_PW_ID', 'mpls_pw_id')]),

  // ---- MISC
  def('class', 'MISC', ALL, 'L7 protocol classification', 0, noWrite, [
    // No classifier yet: every flow is unclassified, which pmacct prints as "unknown".
    { header: 'CLASS', jsonKey: 'class', jsonType: 'string', read: () => 'unknown' },
  ]),
  pending('src_host_country', 'MISC', ALL, 'GeoIP country of the source address', [stringField('SH_COUNTRY', 'country_ip_src')]),
  pending('dst_host_country', 'MISC', ALL, 'GeoIP country of the destination address', [stringField('DH_COUNTRY', 'country_ip_dst')]),
  pending('src_host_pocode', 'MISC', ALL, 'GeoIP postal code of the source address', [stringField('SH_POCODE', 'pocode_ip_src')]),
  pending('dst_host_pocode', 'MISC', ALL, 'GeoIP postal code of the destination address', [stringField('DH_POCODE', 'pocode_ip_dst')]),
  pending('src_host_coords', 'MISC', ALL, 'GeoIP coordinates of the source address', [intField('SH_LAT', 'lat_ip_src'), intField('SH_LON', 'lon_ip_src')]),
  pending('dst_host_coords', 'MISC', ALL, 'GeoIP coordinates of the destination address', [intField('DH_LAT', 'lat_ip_dst'), intField('DH_LON', 'lon_ip_dst')]),
  def('in_iface', 'MISC', NOT_PM, 'Input interface (SNMP ifIndex)', 1, fromInt('inIface'), [intField('IN_IFACE', 'iface_in')]),
  def('out_iface', 'MISC', NOT_PM, 'Output interface (SNMP ifIndex)', 1, fromInt('outIface'), [intField('OUT_IFACE', 'iface_out')]),
  def('peer_src_ip', 'MISC', NF_SF, 'Address of the exporting device', 5, fromIp('peerSrcIp'), [addressField('PEER_SRC_IP', 'peer_ip_src')]),
  def('sampling_rate', 'MISC', ALL, 'Sampling rate (0 when unknown, 1 once renormalised)', 1, fromInt('samplingRate'), [intField('SAMPLING_RATE', 'sampling_rate')]),
  def('sampling_direction', 'MISC', NF, 'Sampling direction: i(ngress), e(gress) or u(nknown)', 1, fromInt('samplingDirection'), [
    { header: 'SAMPLING_DIRECTION', jsonKey: 'sampling_direction', jsonType: 'string', read: (k, o) => String.fromCharCode(k[o]!) },
  ]),
  def('tag', 'MISC', ALL, 'Numeric tag set by pre_tag_map', 2, (r, k, o) => { k[o] = Math.floor(r.tag / 0x100000000); k[o + 1] = r.tag >>> 0; }, [
    { header: 'TAG', jsonKey: 'tag', jsonType: 'number', read: (k, o) => k[o]! * 0x100000000 + k[o + 1]! },
  ]),
  def('tag2', 'MISC', ALL, 'Second numeric tag set by pre_tag_map', 2, (r, k, o) => { k[o] = Math.floor(r.tag2 / 0x100000000); k[o + 1] = r.tag2 >>> 0; }, [
    { header: 'TAG2', jsonKey: 'tag2', jsonType: 'number', read: (k, o) => k[o]! * 0x100000000 + k[o + 1]! },
  ]),
  def('label', 'MISC', ALL, 'String label set by pre_tag_map', 1, (r, k, o, strings) => { k[o] = strings.intern(r.label); }, [stringField('LABEL', 'label')], { variableLength: true }),
  def('export_proto_seqno', 'MISC', NF_SF, 'Export protocol sequence number', 1, fromInt('exportProtoSeqno'), [intField('EXPORT_PROTO_SEQNO', 'export_proto_seqno')]),
  def('export_proto_version', 'MISC', NF_SF, 'Export protocol version', 1, fromInt('exportProtoVersion'), [intField('EXPORT_PROTO_VERSION', 'export_proto_version')]),
  def('export_proto_sysid', 'MISC', NF_SF, 'Export protocol system id (source id, observation domain, sub-agent id)', 1, fromInt('exportProtoSysid'), [intField('EXPORT_PROTO_SYSID', 'export_proto_sysid')]),
  pending('src_roa', 'MISC', ALL, 'RPKI validation status of the source prefix', [stringField('SRC_ROA', 'roa_src')]),
  pending('dst_roa', 'MISC', ALL, 'RPKI validation status of the destination prefix', [stringField('DST_ROA', 'roa_dst')]),

  // ---- TIME
  def('timestamp_start', 'TIME', NF, 'Flow start time, or observation time at the exporter', 2, fromTime('timestampStart'), [timeField('TIMESTAMP_START', 'timestamp_start')]),
  def('timestamp_end', 'TIME', NF, 'Flow end time', 2, fromTime('timestampEnd'), [timeField('TIMESTAMP_END', 'timestamp_end')]),
  def('timestamp_arrival', 'TIME', ALL, 'Arrival time at the collector', 2, fromTime('timestampArrival'), [timeField('TIMESTAMP_ARRIVAL', 'timestamp_arrival')]),
  def('timestamp_export', 'TIME', NF, 'Export time stated by the exporter', 2, fromTime('timestampExport'), [timeField('TIMESTAMP_EXPORT', 'timestamp_export')]),
];

/**
 * Names accepted in `aggregate` that are not key parts of their own:
 * `flows` adds the FLOWS counter, `none` aggregates everything into one
 * entry, sum_* fold source and destination into one column, and fw_event is
 * nat_event's other name in pmacct 1.7.7.
 */
export const AGGREGATE_KEYWORDS = ['flows', 'none', 'sum_host', 'sum_net', 'sum_as', 'sum_port', 'sum_mac', 'fw_event'] as const;
export type AggregateKeyword = (typeof AGGREGATE_KEYWORDS)[number];

const BY_NAME = new Map(PRIMITIVES.map((p) => [p.name, p]));

/** A built-in primitive, or one of the aggregate_primitives custom ones. */
export function primitiveByName(name: string): Primitive | undefined {
  return BY_NAME.get(name) ?? customPrimitiveByName(name);
}

/** Only the built-in primitives (custom names may not reuse them). */
export function builtInPrimitiveByName(name: string): Primitive | undefined {
  return BY_NAME.get(name);
}
