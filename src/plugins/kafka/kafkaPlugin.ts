/**
 * `plugins: kafka[name]`: reads the kafka_* keys of one plugin instance and
 * assembles its aggregating consumer with the Kafka writer. kafka_output
 * json, avro and avro_json are implemented (avro_schema_file written at
 * startup, avro_buffer_size), and kafka_avro_schema_registry with avro.
 *
 * Checked at startup, where pmacct 1.7.7 exits at its start or first purge
 * instead: a dynamic kafka_topic with kafka_multi_values or kafka_topic_rr,
 * kafka_partition_dynamic without kafka_partition_key or with
 * kafka_partition, kafka_avro_schema_registry with kafka_multi_values, with
 * avro_json or with a dynamic kafka_topic. Refused too because they cannot
 * work (pmacct crashes or sends unframed messages): the registry with json
 * output, or with kafka_topic_rr (no topic to name the subjects after). A
 * Kafka client that cannot be loaded is a startup error too, with how to
 * build it.
 */
import type { PluginInstance } from '../../config/index.ts';
import { ConfigError } from '../../config/configError.ts';
import { AggregatingConsumer } from '../../core/aggregatingConsumer.ts';
import type { FlowConsumer } from '../../core/flowConsumer.ts';
import type { Logger } from '../../core/logger.ts';
import type { FlowDaemon } from '../../model/primitive.ts';
import { brokerAvroOutput } from '../broker/brokerAvroOutput.ts';
import { brokerPurgeHooks } from '../broker/brokerPurgeHooks.ts';
import { isDynamicName } from '../broker/dynamicBrokerName.ts';
import { SchemaRegistryClient } from '../schemaRegistryClient.ts';
import { pluginAggregation, spoolOptionsOf } from '../pluginAggregation.ts';
import { withPacketSampling } from '../samplingRate.ts';
import { checkConfluentProperties, createConfluentProducer, isConfluentTopicProperty, loadConfluentClient } from './confluentProducer.ts';
import { readKafkaConfigFile } from './kafkaConfigFile.ts';
import { UNASSIGNED_PARTITION, type KafkaClientProperties, type KafkaProducerFactory } from './kafkaProducer.ts';
import { KafkaSchemaRegistration } from './kafkaSchemaRegistration.ts';
import { KafkaWriter } from './kafkaWriter.ts';

/** pmacct's kafka cache, like print's: kafka_cache_entries buckets plus ten chained entries per bucket. */
const PMACCT_AVERAGE_CHAIN_LEN = 10;
/** tsacct's message.timeout.ms when kafka_config_file sets none (librdkafka's is 300000). */
const DEFAULT_MESSAGE_TIMEOUT_MS = 60_000;
const REPORT_MARGIN_MS = 30_000;

export function createKafkaPlugin(
  instance: PluginInstance,
  daemon: FlowDaemon,
  logger: Logger,
  factory: KafkaProducerFactory = createConfluentProducer,
): FlowConsumer {
  const cfg = instance.config;
  const problems: string[] = [];
  const output = cfg.str('kafka_output') ?? 'json';
  if (output !== 'json' && output !== 'avro' && output !== 'avro_json') problems.push(`${instance.config.placeOf('kafka_output')}kafka_output: '${output}' is not one of json, avro, avro_json`);
  const registryUrl = cfg.str('kafka_avro_schema_registry');
  const topic = cfg.str('kafka_topic') ?? 'pmacct.acct';
  const multiValues = cfg.int('kafka_multi_values');
  const topicRoundRobin = cfg.int('kafka_topic_rr');
  const partitionKey = cfg.has('kafka_partition_key') ? (cfg.str('kafka_partition_key') ?? null) : null;
  const partitionDynamic = cfg.bool('kafka_partition_dynamic');
  const plugin = `plugin '${instance.name}'`;
  if (isDynamicName(topic) && multiValues > 0) problems.push(`${instance.config.placeOf('kafka_multi_values')}${plugin}: dynamic 'kafka_topic' is not compatible with 'kafka_multi_values'`);
  if (isDynamicName(topic) && topicRoundRobin > 0) problems.push(`${instance.config.placeOf('kafka_topic_rr')}${plugin}: dynamic 'kafka_topic' is not compatible with 'kafka_topic_rr'`);
  if (partitionDynamic && partitionKey === null) problems.push(`${instance.config.placeOf('kafka_partition_dynamic')}${plugin}: kafka_partition_dynamic needs a kafka_partition_key to operate`);
  if (partitionDynamic && cfg.has('kafka_partition')) problems.push(`${instance.config.placeOf('kafka_partition')}${plugin}: kafka_partition_dynamic and kafka_partition are mutually exclusive`);
  if (registryUrl !== undefined) problems.push(...registryProblems(instance, registryUrl, output, topic, multiValues, topicRoundRobin));
  // The client checks kafka_config_file's properties; a producer factory of the tests' may run without it.
  let clientLoads = true;
  try {
    loadConfluentClient();
  } catch (err) {
    clientLoads = false;
    if (factory === createConfluentProducer) problems.push(`${instance.config.placeOf('plugins')}${plugin}: ${(err as Error).message}`);
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const properties = clientProperties(instance, logger, clientLoads);
  // kafka_partition_dynamic: partitions by the key's hash, whatever kafka_config_file's partitioner (as pmacct).
  if (partitionDynamic) properties.topic['partitioner'] = 'consistent_random';
  // A minute rather than librdkafka's 5 for a message to be delivered, unless kafka_config_file says:
  // an undelivered flush is retried anyway, and a shutdown during an outage should not wait 5 minutes.
  const timeoutKey = ['message.timeout.ms', 'delivery.timeout.ms'].find((k) => k in properties.topic);
  if (timeoutKey === undefined) properties.topic['message.timeout.ms'] = String(DEFAULT_MESSAGE_TIMEOUT_MS);
  const messageTimeoutMs = timeoutKey === undefined ? DEFAULT_MESSAGE_TIMEOUT_MS : Number(properties.topic[timeoutKey]);
  const aggregation = pluginAggregation(instance, daemon, 'kafka');
  const labelAsMap = cfg.bool('pre_tag_label_encode_as_map');
  const numProtos = cfg.bool('kafka_num_protos');
  const avro = output === 'avro' || output === 'avro_json'
    ? brokerAvroOutput(instance, { format: output, layout: aggregation.layout, history: aggregation.binner !== null, labelAsMap, numProtos })
    : undefined;
  const schemaRegistration = registryUrl !== undefined && avro !== undefined ? new KafkaSchemaRegistration(new SchemaRegistryClient(registryUrl), topic, avro) : undefined;
  const writer = new KafkaWriter(
    {
      name: instance.name,
      brokers: bootstrapServers(cfg.str('kafka_broker_host') ?? '127.0.0.1', cfg.int('kafka_broker_port')),
      topic,
      topicRoundRobin,
      partition: partitionDynamic ? UNASSIGNED_PARTITION : cfg.int('kafka_partition'),
      partitionKey,
      multiValues,
      markers: cfg.bool('kafka_markers'),
      labelAsMap,
      numProtos,
      history: aggregation.binner !== null,
      timestamps: aggregation.timestamps,
      properties,
      // librdkafka reports every message within message.timeout.ms (0: no limit); the margin covers its checks.
      reportTimeoutMs: messageTimeoutMs > 0 ? messageTimeoutMs + REPORT_MARGIN_MS : undefined,
      avro,
      schemaRegistration,
    },
    aggregation.layout,
    logger,
    factory,
  );
  if (cfg.bool('kafka_markers') && (isDynamicName(topic) || topicRoundRobin > 0)) {
    logger.info(`${instance.name}/kafka: the topic is chosen per message, so purge_init is not sent (no topic yet), as pmacct 1.7.7`);
  }
  // kafka_preprocess, kafka_trigger_exec and kafka_startup_delay (brokerPurgeHooks.ts).
  const hooks = brokerPurgeHooks(writer, instance, 'kafka', logger);
  return withPacketSampling(aggregation.sampler, hooks.around(new AggregatingConsumer(
    {
      name: instance.name,
      type: 'kafka',
      layout: aggregation.layout,
      refreshSeconds: cfg.int('kafka_refresh_time'),
      cacheEntries: cfg.int('kafka_cache_entries') * (1 + PMACCT_AVERAGE_CHAIN_LEN),
      binner: aggregation.binner,
      logger,
      ...spoolOptionsOf(cfg),
    },
    hooks.writer,
  )));
}

/**
 * kafka_broker_host and kafka_broker_port as librdkafka's bootstrap.servers:
 * a comma-separated list is taken as it is (each broker with its port), a
 * single broker gets the port ("[v6]:port" for an IPv6 address). tsacct also
 * takes a single "host:port" as it is; pmacct 1.7.7 would append the port
 * once more.
 */
export function bootstrapServers(host: string, port: number): string {
  if (host.includes(',')) return host;
  if (/^\[.*\]:\d+$/.test(host) || /^(?:[a-z]+:\/\/)?[^:[\]]+:\d+$/i.test(host)) return host;
  if (host.includes(':') && !host.includes('://') && !host.startsWith('[')) return `[${host}]:${port}`;
  return `${host}:${port}`;
}

/** What kafka_avro_schema_registry cannot go with: pmacct 1.7.7's refusals, then what cannot work. */
function registryProblems(instance: PluginInstance, url: string, output: string, topic: string, multiValues: number, topicRoundRobin: number): string[] {
  const at = instance.config.placeOf('kafka_avro_schema_registry');
  const problems: string[] = [];
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') problems.push(`${at}kafka_avro_schema_registry: '${url}' is not an http:// or https:// URL`);
  } catch {
    problems.push(`${at}kafka_avro_schema_registry: '${url}' is not a URL`);
  }
  if (multiValues > 0) problems.push(`${at}'kafka_avro_schema_registry' is not compatible with 'kafka_multi_values'`);
  if (output === 'avro_json') problems.push(`${at}'kafka_avro_schema_registry' is not compatible with 'avro_json' output`);
  if (output === 'json') problems.push(`${at}'kafka_avro_schema_registry' needs 'kafka_output: avro' (the registry holds Avro schemas)`);
  if (isDynamicName(topic)) problems.push(`${at}dynamic 'kafka_topic' is not compatible with 'kafka_avro_schema_registry'`);
  if (topicRoundRobin > 0) problems.push(`${at}'kafka_topic_rr' is not compatible with 'kafka_avro_schema_registry' (the subjects are named after one topic)`);
  return problems;
}

/** kafka_config_file's properties, each checked by the client; refused ones are dropped with pmacct's warning. */
function clientProperties(instance: PluginInstance, logger: Logger, check: boolean): KafkaClientProperties {
  return kafkaConfigFileProperties(instance.config.str('kafka_config_file'), `${instance.name}/kafka`, logger, check);
}

/**
 * A librdkafka configuration file's properties (kafka_config_file, and the
 * BGP daemon's bgp_*_kafka_config_file), each checked by the client when
 * `check`; refused ones are dropped with pmacct's warning, prefixed `label`.
 */
export function kafkaConfigFileProperties(path: string | undefined, label: string, logger: Logger, check: boolean): KafkaClientProperties {
  const properties: KafkaClientProperties = { global: {}, topic: {} };
  if (path === undefined) return properties;
  const file = readKafkaConfigFile(path);
  for (const warning of file.warnings) logger.warn(`${label}: ${warning}`);
  for (const p of file.properties) {
    if (check) {
      try {
        checkConfluentProperties(p.scope === 'global' ? { global: { [p.key]: p.value }, topic: {} } : { global: {}, topic: { [p.key]: p.value } });
      } catch (err) {
        // pmacct prints the value; tsacct hides those of secrets (passwords, keys).
        const shown = /pass|secret|jaas|pem|ssl\.key/i.test(p.key) ? '(hidden)' : p.value;
        logger.warn(`${label}: [${path}:${p.line}] key=${p.key} value=${shown} failed: ${(err as Error).message}`);
        continue;
      }
    }
    properties[p.scope][p.key] = p.value;
  }
  // A topic property on a global line: librdkafka would keep it for topics
  // without a configuration of their own, which every topic here has (as in
  // pmacct, where it therefore has no effect): apply it to them, unless a
  // topic line sets it too.
  if (check) {
    for (const [key, value] of Object.entries(properties.global)) {
      if (!isConfluentTopicProperty(key, value)) continue;
      delete properties.global[key];
      if (!(key in properties.topic)) properties.topic[key] = value;
    }
  }
  return properties;
}

