/**
 * How the BGP message log and table dump encode what they write
 * (bgp_daemon_msglog_output, bgp_table_dump_output): json (the lines of
 * bgpJsonLines.ts), avro or avro_json (bgpAvroFormat.ts). The collector
 * and the dumper call a format for each event; what they get back is the
 * message in its file form — what pmacct writes to bgp_daemon_msglog_file
 * or bgp_table_dump_file — and a broker sink turns it into its message
 * with `brokerMessage`.
 */
import { writeSync } from 'node:fs';
import type { AttributeTable } from './attributeTable.ts';
import {
  dumpCloseLine, dumpInitLine, dumpRouteLine, logCloseLine, logInitLine, logRouteLine, routeFields,
  type LogType, type PeerIdentity, type RouteRecord,
} from './bgpJsonLines.ts';

/** A JSON or avro_json line (newline included) or binary Avro records. */
export type BgpMessage = string | Buffer;

export type BgpOutputName = 'json' | 'avro' | 'avro_json';

export interface BgpOutputFormat {
  readonly name: BgpOutputName;
  logInit(seq: number, timestamp: string, peer: PeerIdentity): BgpMessage;
  logClose(seq: number, timestamp: string, peer: PeerIdentity): BgpMessage;
  logRoute(seq: number, logType: LogType, timestamp: string, peer: PeerIdentity, route: RouteRecord, attributes: AttributeTable): BgpMessage;
  dumpInit(seq: number, timestamp: string, peer: PeerIdentity, period: number): BgpMessage;
  dumpRoute(seq: number, timestamp: string, peer: PeerIdentity, route: RouteRecord, attributes: AttributeTable): BgpMessage;
  dumpClose(seq: number, timestamp: string, peer: PeerIdentity, entries: number, tables: number): BgpMessage;
  /**
   * The broker message for one file message: `broker` says which, as
   * pmacct frames them differently (brokerMsglog.ts for json; avro_json
   * ends with a NUL byte on Kafka only).
   */
  brokerMessage(fileMessage: BgpMessage, writerId: string, broker: 'Kafka' | 'AMQP'): BgpMessage;
}

/** A JSON line ("{…}\n") as pmacct's broker message: `"writer_id"` added last, no newline. */
export function withWriterId(line: string, writerId: string): string {
  const end = line.endsWith('}\n') ? line.length - 2 : line.lastIndexOf('}');
  return `${line.slice(0, end)}, "writer_id": "${writerId}"}`;
}

/** pmacct's JSON lines, byte-equal to pmbgpd 1.7.7's. */
export const JSON_BGP_FORMAT: BgpOutputFormat = {
  name: 'json',
  logInit: logInitLine,
  logClose: logCloseLine,
  logRoute: (seq, logType, timestamp, peer, route, attributes) => logRouteLine(seq, logType, timestamp, peer, routeFields(route, attributes)),
  dumpInit: dumpInitLine,
  dumpRoute: (seq, timestamp, peer, route, attributes) => dumpRouteLine(seq, timestamp, peer, routeFields(route, attributes)),
  dumpClose: dumpCloseLine,
  brokerMessage: (line, writerId) => withWriterId(String(line), writerId),
};

/** Writes file messages to `fd` in one write (throws as writeSync does). */
export function writeMessagesSync(fd: number, messages: readonly BgpMessage[]): void {
  if (messages.every((m) => typeof m === 'string')) {
    writeSync(fd, messages.length === 1 ? messages[0]! : messages.join(''));
    return;
  }
  writeSync(fd, Buffer.concat(messages.map((m) => (typeof m === 'string' ? Buffer.from(m) : m))));
}
