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
import { createConfluentProducer, loadConfluentClient } from '../plugins/kafka/confluentProducer.ts';
import type { KafkaProducerFactory } from '../plugins/kafka/kafkaProducer.ts';
import { timestampStyleOf } from '../plugins/pluginAggregation.ts';
import { CounterBrokerDestination } from '../plugins/sflowCounterBroker.ts';
import { CounterFileDestination } from '../plugins/sflowCounterFile.ts';
import { SflowCounterLog } from '../plugins/sflowCounterLog.ts';
import { amqpFamilyPublisher, coreWriterId, kafkaFamilyPublisher } from './brokerKeyFamily.ts';

const FILE_KEY = 'sfacctd_counter_file';
const KAFKA_KEY = 'sfacctd_counter_kafka_topic';
const AMQP_KEY = 'sfacctd_counter_amqp_routing_key';
const LABEL = 'sFlow counter log';


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

const PREFIX = 'sfacctd_counter';

function kafkaDestination(g: ScopedConfig, logger: Logger, factory: KafkaProducerFactory, writerId: string): CounterBrokerDestination {
  const key = g.str('sfacctd_counter_kafka_partition_key') ?? null;
  const publisher = kafkaFamilyPublisher(g, PREFIX, { label: LABEL, key, roundRobin: 0, retryKey: 'sfacctd_counter_kafka_retry' }, logger, factory);
  return new CounterBrokerDestination(publisher, writerId, 'Kafka');
}

function amqpDestination(g: ScopedConfig, logger: Logger, writerId: string): CounterBrokerDestination {
  const publisher = amqpFamilyPublisher(g, PREFIX, { label: LABEL, roundRobin: 0, retryKey: 'sfacctd_counter_amqp_retry' }, logger);
  return new CounterBrokerDestination(publisher, writerId, 'AMQP');
}

/** The counter log of sfacctd_counter_{file,kafka_topic,amqp_routing_key}, or null when none is set. */
export function sflowCounterLogOf(config: LoadedConfig, logger: Logger, factory: KafkaProducerFactory = createConfluentProducer): SflowCounterLog | null {
  const g = config.global;
  // sfacctd_counter_output has one value, json (the key's enum enforces it).
  const timestamps = timestampStyleOf(g);
  const writerId = coreWriterId(g);
  const file = g.str(FILE_KEY);
  if (file) return new SflowCounterLog({ pattern: file, destination: new CounterFileDestination({ umask: g.int('files_umask'), logger }), timestamps });
  const topic = g.str(KAFKA_KEY);
  if (topic) return new SflowCounterLog({ pattern: topic, destination: kafkaDestination(g, logger, factory, writerId), timestamps });
  const routingKey = g.str(AMQP_KEY);
  if (routingKey) return new SflowCounterLog({ pattern: routingKey, destination: amqpDestination(g, logger, writerId), timestamps });
  return null;
}
