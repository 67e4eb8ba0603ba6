/**
 * The BGP message log and table dump to Kafka or AMQP, from the
 * bgp_daemon_msglog_{kafka,amqp}_* and bgp_table_dump_{kafka,amqp}_* keys,
 * with pmacct's defaults (bgp_daemon_msglog_init_*_host): Kafka broker
 * 127.0.0.1:9092, the partitioner's choice of partition; AMQP broker
 * localhost, vhost "/", user and password guest, exchange "pmacct" of type
 * direct; 60 s between reconnections.
 *
 * As in pmbgpd 1.7.7, the file, AMQP and Kafka outputs of each are
 * mutually exclusive (pmacct then ends its BGP thread; tsacct refuses to
 * start).
 */
import type { LoadedConfig, ScopedConfig } from '../config/index.ts';
import type { Logger } from '../core/logger.ts';
import type { LinePublisher } from '../output/linePublisher.ts';
import { createConfluentProducer, loadConfluentClient } from '../plugins/kafka/confluentProducer.ts';
import type { KafkaProducerFactory } from '../plugins/kafka/kafkaProducer.ts';
import { BrokerMsglog } from '../routing/bgp/brokerMsglog.ts';
import type { BgpOutputFormat } from '../routing/bgp/bgpOutputFormat.ts';
import type { TableDumpSettings } from '../routing/bgp/tableDumper.ts';
import { amqpFamilyPublisher, coreWriterId, kafkaFamilyPublisher } from './brokerKeyFamily.ts';
import { bgpOutputFormatOf } from './bgpOutputFormats.ts';
import { withBgpSchemaRegistry } from './bgpSchemaRegistry.ts';

type Output = 'msglog' | 'dump';

/** The key prefix of each output and the key naming its file. */
const PREFIX: Record<Output, string> = { msglog: 'bgp_daemon_msglog', dump: 'bgp_table_dump' };
const FILE_KEY: Record<Output, string> = { msglog: 'bgp_daemon_msglog_file', dump: 'bgp_table_dump_file' };
const LABEL: Record<Output, string> = { msglog: 'BGP msglog', dump: 'BGP table dump' };


/** Why the broker settings cannot work (empty when they can). */
export function bgpBrokerOutputProblems(config: LoadedConfig): string[] {
  const g = config.global;
  const problems: string[] = [];
  for (const output of ['msglog', 'dump'] as const) {
    const p = PREFIX[output];
    const set = [FILE_KEY[output], `${p}_amqp_routing_key`, `${p}_kafka_topic`].filter((k) => g.has(k));
    if (set.length > 1) {
      problems.push(`${g.placeOf(set[1]!)}${FILE_KEY[output]}, ${p}_amqp_routing_key and ${p}_kafka_topic are mutually exclusive (as in pmacct)`);
    }
    if (g.has(`${p}_kafka_topic`)) {
      try {
        loadConfluentClient();
      } catch (err) {
        problems.push(`${g.placeOf(`${p}_kafka_topic`)}${p}_kafka_topic: ${(err as Error).message}`);
      }
    }
  }
  return problems;
}

interface BrokerOutput {
  /** The topic or routing key, with its variables. */
  pattern: string;
  publisher: LinePublisher;
  kind: 'Kafka' | 'AMQP';
  /** *_kafka_partition_key, with its variables (Kafka only). */
  keyPattern: string | null;
  /** The format framing records for the schema registry (bgpSchemaRegistry.ts), else null: the output's own. */
  format: BgpOutputFormat | null;
}

/** The output's publisher, or null when it does not go to a broker. */
function brokerOutput(g: ScopedConfig, output: Output, logger: Logger, factory: KafkaProducerFactory): BrokerOutput | null {
  const p = PREFIX[output];
  const label = LABEL[output];
  const optInt = (key: string, fallback: number): number => (g.has(key) ? g.int(key) : fallback);
  const topic = g.str(`${p}_kafka_topic`);
  if (topic !== undefined) {
    const keyPattern = g.str(`${p}_kafka_partition_key`) ?? null;
    const publisher = kafkaFamilyPublisher(g, p, {
      label,
      // The key is resolved per peer ($peer_src_ip, $peer_tcp_port) and given with each message.
      key: null,
      roundRobin: optInt(`${p}_kafka_topic_rr`, 0),
      // pmacct has bgp_daemon_msglog_kafka_retry only; the dump uses the same default.
      retryKey: 'bgp_daemon_msglog_kafka_retry',
    }, logger, factory);
    const registry = withBgpSchemaRegistry(g, output, publisher, logger);
    return { pattern: topic, publisher: registry?.publisher ?? publisher, kind: 'Kafka', keyPattern, format: registry?.format ?? null };
  }
  const routingKey = g.str(`${p}_amqp_routing_key`);
  if (routingKey !== undefined) {
    const publisher = amqpFamilyPublisher(g, p, { label, roundRobin: optInt(`${p}_amqp_routing_key_rr`, 0), retryKey: 'bgp_daemon_msglog_amqp_retry' }, logger);
    return { pattern: routingKey, publisher, kind: 'AMQP', keyPattern: null, format: null };
  }
  return null;
}


/** The message log to a broker, or null (files or none). */
export function brokerMsglogOf(config: LoadedConfig, logger: Logger, factory: KafkaProducerFactory = createConfluentProducer): BrokerMsglog | null {
  const g = config.global;
  const out = brokerOutput(g, 'msglog', logger, factory);
  return out ? new BrokerMsglog(out.pattern, out.keyPattern, out.publisher, coreWriterId(g), out.kind, out.format ?? bgpOutputFormatOf(config, 'msglog')) : null;
}

/**
 * The table dump to a broker: the topic / routing key as the dump's name
 * pattern, the publisher, started, and the format; null when the dump goes
 * to files.
 */
export function brokerDumpOf(config: LoadedConfig, logger: Logger, factory: KafkaProducerFactory = createConfluentProducer): { pattern: string; broker: NonNullable<TableDumpSettings['broker']>; format: BgpOutputFormat } | null {
  const g = config.global;
  const out = brokerOutput(g, 'dump', logger, factory);
  if (!out) return null;
  out.publisher.start();
  return { pattern: out.pattern, broker: { publisher: out.publisher, writerId: coreWriterId(g), kind: out.kind, keyPattern: out.keyPattern }, format: out.format ?? bgpOutputFormatOf(config, 'dump') };
}
