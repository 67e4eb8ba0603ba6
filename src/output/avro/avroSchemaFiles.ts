/**
 * avro_schema_file: pmacct's kafka and amqp plugins write their three
 * schemas at startup to "<avro_schema_file>-acct_data", "-acct_init" and
 * "-acct_close" (write_avro_schema_to_file_with_suffix), each the schema
 * text alone, no newline, parent directories created, files_umask applied.
 * Written once, synchronously, while the plugin starts: a path that cannot
 * be written stops the startup, as pmacct exits.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface AvroSchemaTexts {
  acctData: string;
  acctInit: string;
  acctClose: string;
}

/** The files written for a base path, in pmacct's order. */
export function avroSchemaFilePaths(base: string): { acctData: string; acctInit: string; acctClose: string } {
  return { acctData: `${base}-acct_data`, acctInit: `${base}-acct_init`, acctClose: `${base}-acct_close` };
}

export function writeAvroSchemaFiles(base: string, schemas: AvroSchemaTexts, umask: number): void {
  const paths = avroSchemaFilePaths(base);
  mkdirSync(dirname(base), { recursive: true, mode: 0o777 & ~umask });
  const mode = 0o666 & ~umask;
  for (const which of ['acctData', 'acctInit', 'acctClose'] as const) {
    writeFileSync(paths[which], schemas[which], { mode });
    // writeFileSync's mode only applies to a new file, and through the process umask: set it exactly.
    chmodSync(paths[which], mode);
  }
}
