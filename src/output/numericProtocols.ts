/**
 * *_num_protos (amqp_num_protos, kafka_num_protos): pmacct 1.7.7 then
 * prints an IP protocol as its number instead of its name. The JSON and
 * Avro outputs keep it a string ("ip_proto": "6"), as pmacct's do (checked
 * with nfacctd's kafka plugin: test/golden/kafka/num-protos.pmacct.txt).
 * The fields concerned are the ones the catalogue prints as protocol names.
 */
import type { OutputField } from '../model/primitive.ts';
import type { FieldReader } from './compiledRow.ts';

const PROTOCOL_KEYS: ReadonlySet<string> = new Set(['ip_proto', 'tunnel_ip_proto']);

/** The number as text: precomputed, so a row allocates nothing for it. */
const NUMBER_TEXT: readonly string[] = Array.from({ length: 256 }, (_, i) => String(i));

const readProtocolNumber: FieldReader = (key, off) => NUMBER_TEXT[key[off]! & 0xff]!;

/** How `field` is read: its own reader, or the protocol's number when `numProtos` and it is a protocol. */
export function protocolAwareReader(field: OutputField, numProtos: boolean): FieldReader {
  return numProtos && PROTOCOL_KEYS.has(field.jsonKey) ? readProtocolNumber : field.read;
}
