/**
 * bgp_daemon_msglog_output / bgp_table_dump_output avro and avro_json: each
 * event as one record of the schemas in bgpAvroSchemas.ts, filled as
 * pmacct 1.7.7 fills them (src/bgp/bgp_logdump.c, bgp_peer_log_msg and
 * bgp_peer_log_init/_close, bgp_peer_dump_init/_close):
 *  - the values are those of the JSON lines (bgpJsonLines.ts); what the JSON
 *    omits (no attributes, no ADD-PATH, no RD or label) is null;
 *  - every record carries writer_id "<core_proc_name>/<pid>", in files too;
 *  - avro: the binary record alone, no container file, no header, no sync
 *    marker: pmacct appends the records back to back to the file
 *    (write_file_binary), and sends one record per message;
 *  - avro_json: avro-c's JSON text (avroJsonText.ts), a line per record in
 *    files (write_avro_json_record_to_file), the text alone to AMQP, and
 *    to Kafka the text with its terminating NUL byte (pmacct sends
 *    strlen + 1 bytes).
 *
 * Where pmacct 1.7.7 stamps dump_init and dump_close with the time of the
 * last message the daemon handled and advances the sequence number at
 * each of them, tsacct keeps the dump's timestamp and sequence number, as
 * the JSON lines have them (docs/compat.md, "BGP message log and dump in
 * Avro").
 */
import { SAFI_LABELED_UNICAST, SAFI_MPLS_VPN } from '../../decode/bgp/bgpConstants.ts';
import { avroJsonText, type AvroJsonKind, type AvroJsonValue } from '../../output/avro/avroJsonText.ts';
import type { AvroRecordSchema, AvroSchema } from '../../output/avro/avroSchema.ts';
import { compileAvroType, type AvscType } from '../../output/avro/avscType.ts';
import type { AttributeTable } from './attributeTable.ts';
import type { BgpAvroSchemaSet } from './bgpAvroSchemas.ts';
import { ORIGIN_LETTERS, type LogType, type PeerIdentity, type RouteRecord } from './bgpJsonLines.ts';
import type { BgpMessage, BgpOutputFormat } from './bgpOutputFormat.ts';


type AvroRecordValue = Record<string, AvroJsonValue>;

/** How the avro_json text writes a field of this type. */
function kindOf(type: AvroSchema): AvroJsonKind {
  if (type === 'long' || type === 'int' || type === 'string' || type === 'double') return type;
  if (Array.isArray(type) && type.length === 2 && type[0] === 'null') {
    if (type[1] === 'long') return 'optionalLong';
    if (type[1] === 'int') return 'optionalInt';
    if (type[1] === 'string') return 'optionalString';
  }
  throw new Error(`BGP Avro: no avro_json form for the type ${JSON.stringify(type)}`);
}

/** One schema: its compiled encoder (and the exact-long one, made when a value needs it) and its avro_json plan. */
class BgpRecordCodec {
  private readonly schema: AvroRecordSchema;
  private readonly type: AvscType;
  private exactType: AvscType | null = null;
  private readonly kinds: { name: string; kind: AvroJsonKind }[];

  constructor(schema: AvroRecordSchema) {
    this.schema = schema;
    this.type = compileAvroType(schema);
    this.kinds = schema.fields.map((f) => ({ name: f.name, kind: kindOf(f.type) }));
  }

  binary(value: AvroRecordValue): Buffer {
    if (this.holdsUnsafeLong(value)) {
      this.exactType ??= compileAvroType(this.schema, true);
      return this.exactType.toBuffer(value);
    }
    return this.type.toBuffer(value);
  }

  jsonText(value: AvroRecordValue): string {
    return avroJsonText(this.kinds, value);
  }

  /** A long beyond 2^53 (a 64-bit AIGP): avsc's own long refuses it. */
  private holdsUnsafeLong(value: AvroRecordValue): boolean {
    for (const { name, kind } of this.kinds) {
      if (kind !== 'long' && kind !== 'optionalLong') continue;
      const v = value[name];
      if (typeof v === 'number' && !Number.isSafeInteger(v)) return true;
    }
    return false;
  }
}

export class BgpAvroFormat implements BgpOutputFormat {
  readonly name: 'avro' | 'avro_json';
  private readonly writerId: string;
  private readonly route: BgpRecordCodec;
  private readonly init: BgpRecordCodec;
  private readonly close: BgpRecordCodec;

  /** `writerId`: "<core_proc_name>/<pid>", written in every record. */
  constructor(name: 'avro' | 'avro_json', schemas: BgpAvroSchemaSet, writerId: string) {
    this.name = name;
    this.writerId = writerId;
    this.route = new BgpRecordCodec(schemas.route);
    this.init = new BgpRecordCodec(schemas.init);
    this.close = new BgpRecordCodec(schemas.close);
  }

  logInit(seq: number, timestamp: string, peer: PeerIdentity): BgpMessage {
    return this.encode(this.init, this.common(seq, timestamp, peer, 'log_init'));
  }

  logClose(seq: number, timestamp: string, peer: PeerIdentity): BgpMessage {
    return this.encode(this.close, this.common(seq, timestamp, peer, 'log_close'));
  }

  logRoute(seq: number, logType: LogType, timestamp: string, peer: PeerIdentity, route: RouteRecord, attributes: AttributeTable): BgpMessage {
    const value = this.common(seq, timestamp, peer, 'log');
    value['log_type'] = logType;
    return this.encode(this.route, routeValues(value, route, attributes));
  }

  dumpInit(seq: number, timestamp: string, peer: PeerIdentity, period: number): BgpMessage {
    const value = this.common(seq, timestamp, peer, 'dump_init');
    value['dump_period'] = period;
    return this.encode(this.init, value);
  }

  dumpRoute(seq: number, timestamp: string, peer: PeerIdentity, route: RouteRecord, attributes: AttributeTable): BgpMessage {
    return this.encode(this.route, routeValues(this.common(seq, timestamp, peer, 'dump'), route, attributes));
  }

  dumpClose(seq: number, timestamp: string, peer: PeerIdentity, entries: number, tables: number): BgpMessage {
    const value = this.common(seq, timestamp, peer, 'dump_close');
    value['entries'] = entries;
    value['tables'] = tables;
    return this.encode(this.close, value);
  }

  brokerMessage(fileMessage: BgpMessage, _writerId: string, broker: 'Kafka' | 'AMQP'): BgpMessage {
    if (typeof fileMessage !== 'string') return fileMessage;
    const text = fileMessage.endsWith('\n') ? fileMessage.slice(0, -1) : fileMessage;
    return broker === 'Kafka' ? `${text}\0` : text;
  }

  private common(seq: number, timestamp: string, peer: PeerIdentity, eventType: string): AvroRecordValue {
    return { seq, timestamp, event_type: eventType, writer_id: this.writerId, peer_ip_src: peer.address, peer_tcp_port: peer.port };
  }

  private encode(codec: BgpRecordCodec, value: AvroRecordValue): BgpMessage {
    return this.name === 'avro' ? codec.binary(value) : `${codec.jsonText(value)}\n`;
  }
}

/** The route's fields, null where the JSON line has none. */
function routeValues(value: AvroRecordValue, r: RouteRecord, attributes: AttributeTable): AvroRecordValue {
  value['afi'] = r.afi;
  value['safi'] = r.safi;
  value['ip_prefix'] = r.prefix;
  const vpn = r.safi === SAFI_MPLS_VPN && r.rd !== null;
  value['rd'] = vpn ? r.rd : null;
  value['rd_origin'] = vpn ? 'bgp' : null;
  const id = r.attrId;
  const has = id >= 0;
  value['bgp_nexthop'] = has ? attributes.nextHopText(id) : null;
  value['as_path'] = has ? attributes.asPathText(id) : null;
  value['as_path_id'] = r.pathId >= 0 ? r.pathId : null;
  value['comms'] = has ? attributes.communitiesText(id) : null;
  value['ecomms'] = has ? attributes.extCommunitiesText(id) : null;
  value['lcomms'] = has ? attributes.largeCommunitiesText(id) : null;
  value['origin'] = has ? ORIGIN_LETTERS[attributes.originOf(id)]! : null;
  value['local_pref'] = has && attributes.hasLocalPref(id) ? attributes.localPrefOf(id) : null;
  value['med'] = has && attributes.hasMed(id) ? attributes.medOf(id) : null;
  value['aigp'] = has && attributes.hasAigp(id) ? attributes.aigpOf(id) : null;
  const psid = has ? attributes.prefixSidLabelIndexOf(id) : 0;
  value['psid_li'] = psid !== 0 ? psid : null;
  const labeled = (r.safi === SAFI_LABELED_UNICAST || r.safi === SAFI_MPLS_VPN) && r.label >= 0;
  value['label'] = labeled ? String(r.label) : null;
  return value;
}
