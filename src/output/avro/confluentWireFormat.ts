/**
 * The Confluent Schema Registry wire format, which pmacct's kafka plugin
 * produces through libserdes when kafka_avro_schema_registry is set: one
 * magic byte 0, the schema id the registry gave as a 4-byte big-endian
 * integer, then the Avro binary record
 * (https://docs.confluent.io/platform/current/schema-registry/fundamentals/serdes-develop/index.html#wire-format).
 */

export const CONFLUENT_MAGIC_BYTE = 0;
export const CONFLUENT_HEADER_BYTES = 5;

/** Writes the header into the first five bytes of `buf` (which then holds the record from byte 5); returns `buf`. */
export function writeConfluentHeader(buf: Buffer, schemaId: number): Buffer {
  buf[0] = CONFLUENT_MAGIC_BYTE;
  buf.writeUInt32BE(schemaId >>> 0, 1);
  return buf;
}

/** Header and record in one new buffer. */
export function confluentFrame(schemaId: number, avro: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(CONFLUENT_HEADER_BYTES + avro.length);
  out.set(avro, CONFLUENT_HEADER_BYTES);
  return writeConfluentHeader(out, schemaId);
}

/** Splits a framed message; throws on a wrong magic byte or a message shorter than the header. */
export function parseConfluentFrame(message: Uint8Array): { schemaId: number; avro: Buffer } {
  if (message.length < CONFLUENT_HEADER_BYTES) throw new Error(`a Confluent-framed message has at least ${CONFLUENT_HEADER_BYTES} bytes, got ${message.length}`);
  if (message[0] !== CONFLUENT_MAGIC_BYTE) throw new Error(`Confluent magic byte is 0, got ${message[0]}`);
  const buf = Buffer.from(message.buffer, message.byteOffset, message.length);
  return { schemaId: buf.readUInt32BE(1), avro: buf.subarray(CONFLUENT_HEADER_BYTES) };
}
