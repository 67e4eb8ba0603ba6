/**
 * nfacctd/sfacctd reading datagrams from Kafka (<daemon>_kafka_broker_host,
 * _broker_port, _topic, _config_file): the startup checks pmacct 1.7.7 makes
 * and the composition of the reader (src/collect/kafkaDatagramSource.ts says
 * what a message holds, and which messages are read after a restart).
 */
import type { LoadedConfig } from '../config/index.ts';
import type { Logger } from '../core/logger.ts';
import { createKafkaPartitionReader } from '../collect/kafkaConsumerClient.ts';
import { KafkaDatagramSource, type KafkaDatagramHandler } from '../collect/kafkaDatagramSource.ts';
import { readKafkaConfigFile } from '../plugins/kafka/kafkaConfigFile.ts';

/** Whether the daemon is configured to read from Kafka. */
export function hasKafkaInput(config: LoadedConfig): boolean {
  const g = config.global;
  const d = config.daemon;
  return g.has(`${d}_kafka_broker_host`) || g.has(`${d}_kafka_topic`);
}

/** pmacct's refusals, in its words; [] when Kafka input is not configured or is consistent. */
export function kafkaInputProblems(config: LoadedConfig): string[] {
  if (!hasKafkaInput(config)) return [];
  const g = config.global;
  const d = config.daemon;
  const problems: string[] = [];
  const socket = g.has(`${d}_ip`) || g.has(`${d}_port`);
  if (g.has('pcap_savefile') || socket) {
    problems.push(`pcap_savefile, ${d}_ip, ${d}_kafka_* and ${d}_zmq_* are mutual exclusive`);
  }
  if (!g.has(`${d}_kafka_broker_host`) || !g.has(`${d}_kafka_topic`)) {
    problems.push(`Kafka collection requires both ${d}_kafka_broker_host and ${d}_kafka_topic to be specified`);
  }
  if (config.plugins.some((p) => p.type === 'tee')) problems.push(`Kafka collection is mutual exclusive with 'tee' plugins`);
  return problems;
}

/**
 * pmacct's broker string: a comma-separated list is taken as it is (ports
 * included), a single host gets <daemon>_kafka_broker_port (default 9092).
 */
export function kafkaInputBrokers(host: string, port: number): string {
  return host.includes(',') ? host : `${host}:${port}`;
}

/**
 * Starts reading the topic into `decode` (connecting in the background, and
 * again until the broker answers); throws on a property librdkafka refuses.
 */
export function startKafkaInput(config: LoadedConfig, logger: Logger, decode: KafkaDatagramHandler): KafkaDatagramSource {
  const g = config.global;
  const d = config.daemon;
  const global: Record<string, string> = {};
  const topic: Record<string, string> = {};
  const file = g.str(`${d}_kafka_config_file`);
  if (file) {
    const read = readKafkaConfigFile(file);
    for (const warning of read.warnings) logger.warn(warning);
    for (const p of read.properties) (p.scope === 'global' ? global : topic)[p.key] = p.value;
  }
  const brokers = kafkaInputBrokers(g.str(`${d}_kafka_broker_host`)!, g.int(`${d}_kafka_broker_port`));
  // pmacct adds the configured brokers to any the config file lists.
  const listed = global['bootstrap.servers'] ?? global['metadata.broker.list'];
  delete global['bootstrap.servers'];
  global['metadata.broker.list'] = listed ? `${listed},${brokers}` : brokers;
  const topicName = g.str(`${d}_kafka_topic`)!;
  // The first client is made here: a property librdkafka refuses is a startup error.
  const properties = { global, topic };
  const source = new KafkaDatagramSource(createKafkaPartitionReader(properties), () => createKafkaPartitionReader(properties), { topic: topicName });
  // pmacct's words: the broker list and the topic joined by a colon.
  logger.info(`reading ${d === 'nfacctd' ? 'NetFlow/IPFIX' : 'sFlow'} data from Kafka ${brokers}:${topicName}`);
  source.start(decode, logger);
  return source;
}
