/**
 * bgp_daemon_msglog_kafka_avro_schema_registry and
 * bgp_table_dump_kafka_avro_schema_registry: the output's three Avro
 * schemas registered with a Confluent schema registry and every Kafka
 * message framed with its schema's id, as pmacct 1.7.7 does
 * (src/bgp/bgp.c for the message log, at startup; bgp_logdump.c for the
 * dump, at each dump). The subjects are pmacct's
 * (compose_avro_schema_registry_name_2 then _name): "<kafka_topic>-bgp-
 * msglog-value", "-bgp-loginit-value", "-bgp-logclose-value" for the
 * message log, "-bgp-dump-value", "-bgp-dumpinit-value",
 * "-bgp-dumpclose-value" for the dump, named after the topic as
 * configured (with *_kafka_topic_rr too: the messages then rotate over
 * "<topic>_0" … while the subjects keep the configured name, as in pmacct).
 *
 * Refused at startup: what pmacct 1.7.7 refuses — a dynamic topic ($peer_src_ip,
 * $peer_tcp_port), avro_json for the message log — with its words; and
 * what cannot work: the registry without the output's Kafka topic, with
 * json output (no Avro schema), with avro_json for the dump (pmacct
 * registers, then sends the text unframed), a URL that is not http(s).
 *
 * Registration is tried when the daemon starts, and again every
 * bgp_daemon_msglog_kafka_retry seconds after a failure; messages wait
 * meanwhile (registryFramedPublisher.ts).
 */
import type { LoadedConfig, ScopedConfig } from '../config/index.ts';
import type { Logger } from '../core/logger.ts';
import { avroSchemaText } from '../output/avro/avroSchema.ts';
import type { LinePublisher } from '../output/linePublisher.ts';
import { RegistryFramedPublisher, type SubjectSchema } from '../plugins/kafka/registryFramedPublisher.ts';
import { SchemaRegistryClient } from '../plugins/schemaRegistryClient.ts';
import { BgpAvroFormat } from '../routing/bgp/bgpAvroFormat.ts';
import { BGP_DUMP_SCHEMAS, BGP_MSGLOG_SCHEMAS, type BgpAvroSchemaSet } from '../routing/bgp/bgpAvroSchemas.ts';
import { ConfluentBgpFormat, type BgpRecordKind } from '../routing/bgp/confluentBgpFormat.ts';
import type { BgpOutputFormat } from '../routing/bgp/bgpOutputFormat.ts';
import { coreWriterId } from './brokerKeyFamily.ts';

type Output = 'msglog' | 'dump';

interface RegistryKeys {
  registry: string;
  topic: string;
  output: string;
  label: string;
  schemas: BgpAvroSchemaSet;
}

const KEYS: Record<Output, RegistryKeys> = {
  msglog: {
    registry: 'bgp_daemon_msglog_kafka_avro_schema_registry',
    topic: 'bgp_daemon_msglog_kafka_topic',
    output: 'bgp_daemon_msglog_output',
    label: 'BGP msglog',
    schemas: BGP_MSGLOG_SCHEMAS,
  },
  dump: {
    registry: 'bgp_table_dump_kafka_avro_schema_registry',
    topic: 'bgp_table_dump_kafka_topic',
    output: 'bgp_table_dump_output',
    label: 'BGP table dump',
    schemas: BGP_DUMP_SCHEMAS,
  },
};

/** pmacct's *_kafka_retry default (PM_KAFKA_DEFAULT_RETRY). */
const DEFAULT_RETRY_SECONDS = 60;


/** Why the registry keys cannot work (empty when they can). */
export function bgpSchemaRegistryProblems(config: LoadedConfig): string[] {
  const g = config.global;
  const problems: string[] = [];
  for (const k of Object.values(KEYS)) {
    const url = g.str(k.registry);
    if (url === undefined) continue;
    const at = g.placeOf(k.registry);
    try {
      const parsed = new URL(url);
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') problems.push(`${at}${k.registry}: '${url}' is not an http:// or https:// URL`);
    } catch {
      problems.push(`${at}${k.registry}: '${url}' is not a URL`);
    }
    const topic = g.str(k.topic);
    const output = g.str(k.output) ?? 'json';
    if (topic === undefined) problems.push(`${at}'${k.registry}' needs '${k.topic}' (the schemas are registered for Kafka messages)`);
    else if (topic.includes('$')) problems.push(`${at}dynamic '${k.topic}' is not compatible with '${k.registry}'`);
    if (output === 'avro_json') problems.push(`${at}'avro_json' output is not compatible with '${k.registry}'`);
    else if (output !== 'avro') problems.push(`${at}'${k.registry}' needs '${k.output}: avro' (the registry holds Avro schemas)`);
  }
  return problems;
}

/** The subject and schema text of each of the output's records, named after `topic`. */
export function bgpSubjectSchemas(output: Output, topic: string): Record<BgpRecordKind, SubjectSchema> {
  const schemas = KEYS[output].schemas;
  const of = (kind: BgpRecordKind): SubjectSchema => ({
    subject: `${topic}-bgp-${schemas[kind].name.replace(/^bgp_/, '')}-value`,
    schemaText: avroSchemaText(schemas[kind]),
  });
  return { route: of('route'), init: of('init'), close: of('close') };
}

/**
 * With the output's registry key set: `publisher` wrapped to register the
 * schemas and hold messages until their ids are known, and the format that
 * frames each record; null without the key.
 */
export function withBgpSchemaRegistry(g: ScopedConfig, output: Output, publisher: LinePublisher, logger: Logger): { publisher: LinePublisher; format: BgpOutputFormat } | null {
  const k = KEYS[output];
  const url = g.str(k.registry);
  const topic = g.str(k.topic);
  if (url === undefined || topic === undefined) return null;
  const framed = new RegistryFramedPublisher<BgpRecordKind>(
    publisher,
    new SchemaRegistryClient(url),
    {
      label: k.label,
      schemas: bgpSubjectSchemas(output, topic),
      // pmacct has bgp_daemon_msglog_kafka_retry only; the dump uses the same.
      retrySeconds: g.has('bgp_daemon_msglog_kafka_retry') ? g.int('bgp_daemon_msglog_kafka_retry') : DEFAULT_RETRY_SECONDS,
    },
    logger,
  );
  const avro = new BgpAvroFormat('avro', k.schemas, coreWriterId(g));
  return { publisher: framed, format: new ConfluentBgpFormat(avro, framed) };
}
