/**
 * bgp_*_output avro to Kafka with a schema registry
 * (bgp_daemon_msglog_kafka_avro_schema_registry,
 * bgp_table_dump_kafka_avro_schema_registry): each binary record behind
 * the Confluent header of its schema — route records (log, dump) under the
 * output's route schema, log_init / dump_init under its init schema,
 * log_close / dump_close under its close schema — as pmacct 1.7.7 frames
 * them with serdes_schema_serialize_avro (src/bgp/bgp_logdump.c).
 *
 * The framer owns the ids (plugins/kafka/registryFramedPublisher.ts in the
 * daemon); this format only says which schema each record is of.
 */
import type { AttributeTable } from './attributeTable.ts';
import type { BgpAvroSchemaSet } from './bgpAvroSchemas.ts';
import type { LogType, PeerIdentity, RouteRecord } from './bgpJsonLines.ts';
import type { BgpMessage, BgpOutputFormat } from './bgpOutputFormat.ts';

/** Which of an output's three schemas a record is of. */
export type BgpRecordKind = keyof BgpAvroSchemaSet;

export interface BgpRecordFramer {
  /** The record behind the header of its kind's schema. */
  frame(kind: BgpRecordKind, record: Uint8Array): Buffer;
}

export class ConfluentBgpFormat implements BgpOutputFormat {
  readonly name = 'avro';
  private readonly avro: BgpOutputFormat;
  private readonly framer: BgpRecordFramer;

  /** `avro`: the binary Avro format whose records get framed. */
  constructor(avro: BgpOutputFormat, framer: BgpRecordFramer) {
    if (avro.name !== 'avro') throw new Error(`the schema registry frames binary Avro records, not ${avro.name}`);
    this.avro = avro;
    this.framer = framer;
  }

  logInit(seq: number, timestamp: string, peer: PeerIdentity): BgpMessage {
    return this.frame('init', this.avro.logInit(seq, timestamp, peer));
  }

  logClose(seq: number, timestamp: string, peer: PeerIdentity): BgpMessage {
    return this.frame('close', this.avro.logClose(seq, timestamp, peer));
  }

  logRoute(seq: number, logType: LogType, timestamp: string, peer: PeerIdentity, route: RouteRecord, attributes: AttributeTable): BgpMessage {
    return this.frame('route', this.avro.logRoute(seq, logType, timestamp, peer, route, attributes));
  }

  dumpInit(seq: number, timestamp: string, peer: PeerIdentity, period: number): BgpMessage {
    return this.frame('init', this.avro.dumpInit(seq, timestamp, peer, period));
  }

  dumpRoute(seq: number, timestamp: string, peer: PeerIdentity, route: RouteRecord, attributes: AttributeTable): BgpMessage {
    return this.frame('route', this.avro.dumpRoute(seq, timestamp, peer, route, attributes));
  }

  dumpClose(seq: number, timestamp: string, peer: PeerIdentity, entries: number, tables: number): BgpMessage {
    return this.frame('close', this.avro.dumpClose(seq, timestamp, peer, entries, tables));
  }

  /** The framed record is the message, as it is. */
  brokerMessage(fileMessage: BgpMessage): BgpMessage {
    return fileMessage;
  }

  private frame(kind: BgpRecordKind, record: BgpMessage): Buffer {
    if (typeof record === 'string') throw new Error('the schema registry frames binary Avro records, not text');
    return this.framer.frame(kind, record);
  }
}
