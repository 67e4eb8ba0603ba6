/**
 * How the broker plugins' Avro tests (amqp, kafka) check what tsacct
 * published against pmacct 1.7.7: Debian's pmacct is built without Avro, so
 * its JSON output of the same capture and aggregate (the amqp / kafka
 * golden files) is the reference for the values, and pmacct's source
 * (plugin_cmn_avro.c) for the record layout, where the field order is the
 * JSON order. A record maps to pmacct's JSON object by adding
 * "event_type": "purge" first, leaving out the null counters (pmacct's
 * JSON omits what its Avro record sets to the null branch: flows when not
 * aggregated) and moving flows before packets (the JSON prints flows,
 * packets, bytes; the Avro schema declares packets, flows, bytes). The
 * binary records are decoded with the schema tsacct wrote to
 * avro_schema_file, read back from the file and compiled by avsc here.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import avsc from 'avsc';

type AvscSchema = Parameters<typeof avsc.Type.forSchema>[0];
export type AvroType = ReturnType<typeof avsc.Type.forSchema>;

/** The schema written to `<schemaFile>-<which>`, compiled by avsc. */
export function writtenSchemaType(schemaFile: string, which: 'acct_data' | 'acct_init' | 'acct_close'): AvroType {
  return avsc.Type.forSchema(JSON.parse(readFileSync(`${schemaFile}-${which}`, 'utf8')) as AvscSchema, { wrapUnions: false });
}

/** Every record of a message: binary records back to back (one without multi-values). */
export function decodeAll(type: AvroType, body: Buffer): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  let pos = 0;
  while (pos < body.length) {
    const { value, offset } = type.decode(body, pos);
    assert.ok(offset > pos, `a truncated record at byte ${pos} of ${body.length}`);
    out.push({ ...(value as Record<string, unknown>) });
    pos = offset;
  }
  return out;
}

/** A decoded record of plugin `plugin` as pmacct's JSON object text, with the golden files' masks. */
export function asPmacctJson(plugin: string, record: Record<string, unknown>): string {
  const parts: string[] = ['"event_type": "purge"'];
  const { flows, ...rest } = record;
  const entries = Object.entries(rest);
  if (flows !== null && flows !== undefined) entries.splice(entries.findIndex(([k]) => k === 'packets'), 0, ['flows', flows]);
  for (const [key, value] of entries) {
    if (value === null) continue;
    let v = value;
    if (key === 'writer_id') {
      assert.match(String(value), new RegExp(`^${plugin}/\\d+$`));
      v = 'x/PID';
    } else if (key === 'stamp_updated') {
      // pmacct's stamp in any timestamps_* style: local or UTC, RFC 3339 with a zone, or epoch seconds.
      assert.match(String(value), /^(?:\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(?:Z|[+-]\d\d:\d\d)?|\d+)$/);
      v = 'STAMP';
    }
    parts.push(`${JSON.stringify(key)}: ${JSON.stringify(v)}`);
  }
  return `{${parts.join(', ')}}`;
}

/** avro_json's {"long": n} / {"string": s} union values as plain values. */
export function unwrapUnions(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, v !== null && typeof v === 'object' ? Object.values(v)[0] : v]));
}

/**
 * The avro_json text avro-c's avro_value_to_json() makes of the values of
 * pmacct's JSON object `object` (a golden line's object): event_type
 * dropped, the counters wrapped as {"long": n}, "flows": null (the union's
 * null branch) before bytes, writer_id last; jansson's ", " / ": ".
 */
export function avroJsonTextOf(object: string): string {
  const o = JSON.parse(object) as Record<string, string | number>;
  const fields = Object.entries(o).filter(([k]) => !['event_type', 'packets', 'bytes', 'writer_id'].includes(k)).map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`);
  return `{${fields.join(', ')}, "packets": {"long": ${o.packets}}, "flows": null, "bytes": {"long": ${o.bytes}}, "writer_id": "x/PID"}`;
}

/** The objects of a golden file (the last tab-separated column of each line). */
export function goldenObjects(path: string): string[] {
  return readFileSync(path, 'utf8').trimEnd().split('\n').map((line) => line.slice(line.lastIndexOf('\t') + 1));
}

export const goldenRoot = join(import.meta.dirname, '..', '..', 'golden');

/**
 * The records of multi-values messages as pmacct JSON objects, each message
 * checked to stay under avro_buffer_size and to hold 1 to multiValues
 * records, and the records checked to have been packed.
 */
export function packedRecords(type: AvroType, bodies: readonly Buffer[], plugin: string, bounds: { bufferSize: number; multiValues: number }): string[] {
  const all: string[] = [];
  for (const body of bodies) {
    assert.ok(body.length < bounds.bufferSize, `a message of ${body.length} bytes (avro_buffer_size ${bounds.bufferSize})`);
    const records = decodeAll(type, body);
    assert.ok(records.length >= 1 && records.length <= bounds.multiValues, `${records.length} records in a message`);
    all.push(...records.map((r) => asPmacctJson(plugin, r)));
  }
  assert.ok(bodies.length < all.length, 'records were packed');
  return all;
}
