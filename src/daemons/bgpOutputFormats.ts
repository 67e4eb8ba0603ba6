/**
 * bgp_daemon_msglog_output and bgp_table_dump_output from the
 * configuration: json (the default), avro or avro_json, for files and
 * brokers alike, and the *_avro_schema_file each writes at startup.
 *
 * As in pmacct 1.7.7 (src/bgp/bgp.c), the schemas are built, and their
 * file written, only for an output that is on (a file, topic or routing
 * key set) and set to avro or avro_json. With bgp_*_kafka_avro_schema_registry
 * the Kafka output frames its records (bgpSchemaRegistry.ts).
 */
import { ConfigError, type LoadedConfig } from '../config/index.ts';
import { BgpAvroFormat } from '../routing/bgp/bgpAvroFormat.ts';
import { BGP_DUMP_SCHEMAS, BGP_MSGLOG_SCHEMAS, writeBgpAvroSchemaFiles, type BgpAvroSchemaSet } from '../routing/bgp/bgpAvroSchemas.ts';
import { JSON_BGP_FORMAT, type BgpOutputFormat } from '../routing/bgp/bgpOutputFormat.ts';
import { coreWriterId } from './brokerKeyFamily.ts';

export type BgpOutputKind = 'msglog' | 'dump';

interface OutputKeys {
  output: string;
  schemaFile: string;
  /** The keys that turn the output on. */
  destinations: readonly string[];
  schemas: BgpAvroSchemaSet;
}

const KEYS: Record<BgpOutputKind, OutputKeys> = {
  msglog: {
    output: 'bgp_daemon_msglog_output',
    schemaFile: 'bgp_daemon_msglog_avro_schema_file',
    destinations: ['bgp_daemon_msglog_file', 'bgp_daemon_msglog_kafka_topic', 'bgp_daemon_msglog_amqp_routing_key'],
    schemas: BGP_MSGLOG_SCHEMAS,
  },
  dump: {
    output: 'bgp_table_dump_output',
    schemaFile: 'bgp_table_dump_avro_schema_file',
    destinations: ['bgp_table_dump_file', 'bgp_table_dump_kafka_topic', 'bgp_table_dump_amqp_routing_key'],
    schemas: BGP_DUMP_SCHEMAS,
  },
};

function isAvro(name: string | undefined): name is 'avro' | 'avro_json' {
  return name === 'avro' || name === 'avro_json';
}

/** The output's format (json unless set to avro or avro_json). */
export function bgpOutputFormatOf(config: LoadedConfig, kind: BgpOutputKind): BgpOutputFormat {
  const g = config.global;
  const name = g.str(KEYS[kind].output);
  if (!isAvro(name)) return JSON_BGP_FORMAT;
  return new BgpAvroFormat(name, KEYS[kind].schemas, coreWriterId(g));
}

/**
 * Writes the schema files of the outputs that are on and in Avro; a file
 * that cannot be written stops the startup with the key's place (pmacct
 * exits).
 */
export function writeBgpAvroSchemaFilesOf(config: LoadedConfig): void {
  const g = config.global;
  const problems: string[] = [];
  for (const keys of Object.values(KEYS)) {
    const base = g.str(keys.schemaFile);
    if (base === undefined || !isAvro(g.str(keys.output)) || !keys.destinations.some((k) => g.has(k))) continue;
    try {
      writeBgpAvroSchemaFiles(base, keys.schemas, g.int('files_umask'));
    } catch (err) {
      problems.push(`${g.placeOf(keys.schemaFile)}${keys.schemaFile}: cannot write the Avro schemas: ${(err as Error).message}`);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
}
