/**
 * The small subset of Avro schemas pmacct's broker output uses (records of
 * long, int, double, string, optional long/string unions and string maps),
 * as plain objects that avsc's Type.forSchema accepts, and their text as
 * pmacct writes it to avro_schema_file and sends to a schema registry.
 *
 * That text is what avro-c's avro_schema_to_json() prints (lang/c/src/
 * schema.c): no whitespace, every primitive as an object ({"type":"long"}),
 * a record as {"type":"record","name":…,"fields":[{"name":…,"type":…}]}
 * without a namespace (pmacct names none), a union as a list and a map as
 * {"type":"map","values":…}. Consumers parse it as any Avro schema; the exact
 * bytes matter to whoever compares schema files or registry subjects.
 */

export type AvroPrimitive = 'null' | 'long' | 'int' | 'double' | 'string';

export interface AvroMapSchema {
  readonly type: 'map';
  readonly values: AvroSchema;
}

export interface AvroField {
  readonly name: string;
  readonly type: AvroSchema;
}

export interface AvroRecordSchema {
  readonly type: 'record';
  readonly name: string;
  readonly fields: readonly AvroField[];
}

/** A union is the list of its branches. */
export type AvroSchema = AvroPrimitive | readonly AvroSchema[] | AvroMapSchema | AvroRecordSchema;

/** The union pmacct calls optlong_s: counters, absent for event records. */
export const OPTIONAL_LONG: readonly AvroSchema[] = ['null', 'long'];
/** The union pmacct calls optstr_s: stamp_inserted / stamp_updated, timestamp_min / _max. */
export const OPTIONAL_STRING: readonly AvroSchema[] = ['null', 'string'];
export const STRING_MAP: AvroMapSchema = { type: 'map', values: 'string' };

/** The schema as avro-c's avro_schema_to_json() writes it. */
export function avroSchemaText(schema: AvroSchema): string {
  if (typeof schema === 'string') return `{"type":"${schema}"}`;
  if (isUnion(schema)) return `[${schema.map(avroSchemaText).join(',')}]`;
  if (schema.type === 'map') return `{"type":"map","values":${avroSchemaText(schema.values)}}`;
  // Names come from pmacct's field list and are plain identifiers; avro-c writes them unescaped.
  const fields = schema.fields.map((f) => `{"name":"${f.name}","type":${avroSchemaText(f.type)}}`);
  return `{"type":"record","name":"${schema.name}","fields":[${fields.join(',')}]}`;
}

export function isUnion(schema: AvroSchema): schema is readonly AvroSchema[] {
  return Array.isArray(schema);
}
