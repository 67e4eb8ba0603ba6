/**
 * Compiles one of our schemas with avsc. avsc is a CommonJS module whose
 * exports Node cannot name from ESM, hence the default import; its typings
 * take any value, our callers pass only records built for the schema.
 *
 * avsc's own long refuses numbers beyond 2^53 (it throws). The "exact"
 * variant encodes every long through int64Of instead: slower (a buffer per
 * value), so a codec uses it only for the rare record holding such a value.
 */
import avsc from 'avsc';
import type { AvroRecordSchema } from './avroSchema.ts';
import { int64Of } from './avroLong.ts';

export type AvscType = ReturnType<typeof avsc.Type.forSchema>;
type AvscSchema = Parameters<typeof avsc.Type.forSchema>[0];

const INT64_LONG = avsc.types.LongType.__with({
  toBuffer: (n: number | bigint): Buffer => {
    const buf = Buffer.allocUnsafe(8);
    buf.writeBigInt64LE(int64Of(n));
    return buf;
  },
  fromBuffer: (buf: Buffer): bigint => buf.readBigInt64LE(),
  fromJSON: (v: number | string): bigint => BigInt(v),
  toJSON: (n: bigint): number => Number(n),
  isValid: (n: unknown): boolean => typeof n === 'number' || typeof n === 'bigint',
  compare: (a: bigint, b: bigint): number => (a < b ? -1 : a > b ? 1 : 0),
});

/** The compiled type; encoding code is generated once here, not per record. */
export function compileAvroType(schema: AvroRecordSchema, exactLongs = false): AvscType {
  // Our schema objects are valid avsc schemas; only their readonly arrays differ in type.
  return avsc.Type.forSchema(schema as unknown as AvscSchema, { wrapUnions: false, registry: exactLongs ? { long: INT64_LONG } : {} });
}
