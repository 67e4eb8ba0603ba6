/**
 * Where sfacctd's counter log goes, from sfacctd_counter_file,
 * sfacctd_counter_kafka_* or sfacctd_counter_amqp_*, with sfacctd 1.7.7's
 * defaults: Kafka broker 127.0.0.1:9092, the partitioner's choice of
 * partition, no key; AMQP broker localhost, vhost "/", user and password
 * guest, exchange "pmacct" of type direct; 60 s between reconnections.
 * The topic or routing key turns the output on; the other keys of its
 * family alone do nothing, as in pmacct.
 *
 * sfacctd 1.7.7 refuses the file, Kafka and AMQP outputs together
 * ("mutually exclusive", exit 1 once the collector is set up); tsacct
 * refuses them before starting.
 */
import type { LoadedConfig, ScopedConfig } from '../config/index.ts';
import type { Logger } from '../core/logger.ts';
import { AmqpLinePublisher } from '../plugins/amqp/amqpLinePublisher.ts';
import { createConfluentProducer, loadConfluentClient } from '../plugins/kafka/confluentProducer.ts';
import { KafkaLinePublisher } from '../plugins/kafka/kafkaLinePublisher.ts';
import { bootstrapServers, kafkaConfigFileProperties } from '../plugins/kafka/kafkaPlugin.ts';
import { UNASSIGNED_PARTITION, type KafkaProducerFactory } from '../plugins/kafka/kafkaProducer.ts';
import { timestampStyleOf } from '../plugins/pluginAggregation.ts';
import { CounterBrokerDestination } from '../plugins/sflowCounterBroker.ts';
import { CounterFileDestination } from '../plugins/sflowCounterFile.ts';
import { SflowCounterLog } from '../plugins/sflowCounterLog.ts';
import { writerIdOf } from '../routing/bgp/brokerMsglog.ts';

const FILE_KEY = 'sfacctd_counter_file';
const KAFKA_KEY = 'sfacctd_counter_kafka_topic';
const AMQP_KEY = 'sfacctd_counter_amqp_routing_key';
const LABEL = 'sFlow counter log';

/** pmacct's defaults (PM_KAFKA_DEFAULT_RETRY, AMQP_DEFAULT_RETRY; amqp_frame_max's). */
const DEFAULT_RETRY_SECONDS = 60;
const DEFAULT_AMQP_FRAME_MAX = 131072;


/** Why the counter log settings cannot work (empty when they can). */
export function sflowCounterOutputProblems(config: LoadedConfig): string[] {
  const g = config.global;
  const problems: string[] = [];
  const set = [FILE_KEY, AMQP_KEY, KAFKA_KEY].filter((k) => g.has(k));
  if (set.length > 1) {
    problems.push(`${g.placeOf(set[1]!)}${FILE_KEY}, ${AMQP_KEY} and ${KAFKA_KEY} are mutually exclusive (as in pmacct)`);
  }
  if (g.has(KAFKA_KEY)) {
    try {
      loadConfluentClient();
    } catch (err) {
      problems.push(`${g.placeOf(KAFKA_KEY)}${KAFKA_KEY}: ${(err as Error).message}`);
    }
  }
  return problems;
}

function optInt(g: ScopedConfig, key: string, fallback: number): number {
  return g.has(key) ? g.int(key) : fallback;
}

function kafkaDestination(g: ScopedConfig, logger: Logger, factory: KafkaProducerFactory, writerId: string): CounterBrokerDestination {
  const publisher = new KafkaLinePublisher(
    {
      label: LABEL,
      brokers: bootstrapServers(g.str('sfacctd_counter_kafka_broker_host') ?? '127.0.0.1', optInt(g, 'sfacctd_counter_kafka_broker_port', 9092)),
      partition: optInt(g, 'sfacctd_counter_kafka_partition', UNASSIGNED_PARTITION),
      key: g.str('sfacctd_counter_kafka_partition_key') ?? null,
      roundRobin: 0,
      retrySeconds: optInt(g, 'sfacctd_counter_kafka_retry', DEFAULT_RETRY_SECONDS),
      properties: kafkaConfigFileProperties(g.str('sfacctd_counter_kafka_config_file'), `${LABEL}/kafka`, logger, factory === createConfluentProducer),
    },
    factory,
    logger,
  );
  return new CounterBrokerDestination(publisher, writerId, 'Kafka');
}

function amqpDestination(g: ScopedConfig, logger: Logger, writerId: string): CounterBrokerDestination {
  const publisher = new AmqpLinePublisher(
    {
      label: LABEL,
      host: g.str('sfacctd_counter_amqp_host') ?? 'localhost',
      vhost: g.str('sfacctd_counter_amqp_vhost') ?? '/',
      user: g.str('sfacctd_counter_amqp_user') ?? 'guest',
      passwd: g.str('sfacctd_counter_amqp_passwd') ?? 'guest',
      exchange: g.str('sfacctd_counter_amqp_exchange') ?? 'pmacct',
      exchangeType: g.str('sfacctd_counter_amqp_exchange_type') ?? 'direct',
      persistent: g.bool('sfacctd_counter_amqp_persistent_msg'),
      frameMax: optInt(g, 'sfacctd_counter_amqp_frame_max', DEFAULT_AMQP_FRAME_MAX),
      heartbeatSeconds: optInt(g, 'sfacctd_counter_amqp_heartbeat_interval', 0),
      roundRobin: 0,
      retrySeconds: optInt(g, 'sfacctd_counter_amqp_retry', DEFAULT_RETRY_SECONDS),
    },
    logger,
  );
  return new CounterBrokerDestination(publisher, writerId, 'AMQP');
}

/** The counter log of sfacctd_counter_{file,kafka_topic,amqp_routing_key}, or null when none is set. */
export function sflowCounterLogOf(config: LoadedConfig, logger: Logger, factory: KafkaProducerFactory = createConfluentProducer): SflowCounterLog | null {
  const g = config.global;
  // sfacctd_counter_output has one value, json (the key's enum enforces it).
  const timestamps = timestampStyleOf(g);
  const writerId = writerIdOf(g.str('core_proc_name') ?? 'default');
  const file = g.str(FILE_KEY);
  if (file) return new SflowCounterLog({ pattern: file, destination: new CounterFileDestination({ umask: g.int('files_umask'), logger }), timestamps });
  const topic = g.str(KAFKA_KEY);
  if (topic) return new SflowCounterLog({ pattern: topic, destination: kafkaDestination(g, logger, factory, writerId), timestamps });
  const routingKey = g.str(AMQP_KEY);
  if (routingKey) return new SflowCounterLog({ pattern: routingKey, destination: amqpDestination(g, logger, writerId), timestamps });
  return null;
}
