/**
 * The broker keys of the daemons' own outputs (the BGP message log and
 * table dump, sfacctd's counter log): `<prefix>_kafka_*` and
 * `<prefix>_amqp_*`, read with pmacct's defaults — Kafka broker
 * 127.0.0.1:9092, the partitioner's choice of partition; AMQP broker
 * localhost, vhost "/", user and password guest, exchange "pmacct" of type
 * direct, frame max 131072; 60 s between reconnections. What differs per
 * output (message key, round robin, which key holds the retry) the caller
 * gives.
 */
import type { ScopedConfig } from '../config/index.ts';
import type { Logger } from '../core/logger.ts';
import { AmqpLinePublisher } from '../plugins/amqp/amqpLinePublisher.ts';
import { createConfluentProducer } from '../plugins/kafka/confluentProducer.ts';
import { KafkaLinePublisher } from '../plugins/kafka/kafkaLinePublisher.ts';
import { bootstrapServers, kafkaConfigFileProperties } from '../plugins/kafka/kafkaPlugin.ts';
import { UNASSIGNED_PARTITION, type KafkaProducerFactory } from '../plugins/kafka/kafkaProducer.ts';
import { writerIdOf } from '../routing/bgp/brokerMsglog.ts';

/** pmacct's *_retry default (AMQP_DEFAULT_RETRY, PM_KAFKA_DEFAULT_RETRY) and amqp_frame_max's. */
const DEFAULT_RETRY_SECONDS = 60;
const DEFAULT_AMQP_FRAME_MAX = 131072;

export interface BrokerFamilyOptions {
  /** For log lines: "BGP msglog", "sFlow counter log". */
  label: string;
  /** Rotation over "<name>_0" … (0: none). */
  roundRobin: number;
  /** The key holding the seconds between reconnections (pmacct has one key for several outputs). */
  retryKey: string;
}

function optInt(g: ScopedConfig, key: string, fallback: number): number {
  return g.has(key) ? g.int(key) : fallback;
}

/** `<prefix>_kafka_*` as a Kafka publisher; `key`: every message's key (null: none, or given with each message). */
export function kafkaFamilyPublisher(
  g: ScopedConfig, prefix: string, o: BrokerFamilyOptions & { key: string | null }, logger: Logger, factory: KafkaProducerFactory,
): KafkaLinePublisher {
  return new KafkaLinePublisher(
    {
      label: o.label,
      brokers: bootstrapServers(g.str(`${prefix}_kafka_broker_host`) ?? '127.0.0.1', optInt(g, `${prefix}_kafka_broker_port`, 9092)),
      partition: optInt(g, `${prefix}_kafka_partition`, UNASSIGNED_PARTITION),
      key: o.key,
      roundRobin: o.roundRobin,
      retrySeconds: optInt(g, o.retryKey, DEFAULT_RETRY_SECONDS),
      properties: kafkaConfigFileProperties(g.str(`${prefix}_kafka_config_file`), `${o.label}/kafka`, logger, factory === createConfluentProducer),
    },
    factory,
    logger,
  );
}

/** `<prefix>_amqp_*` as an AMQP publisher. */
export function amqpFamilyPublisher(g: ScopedConfig, prefix: string, o: BrokerFamilyOptions, logger: Logger): AmqpLinePublisher {
  return new AmqpLinePublisher(
    {
      label: o.label,
      host: g.str(`${prefix}_amqp_host`) ?? 'localhost',
      vhost: g.str(`${prefix}_amqp_vhost`) ?? '/',
      user: g.str(`${prefix}_amqp_user`) ?? 'guest',
      passwd: g.str(`${prefix}_amqp_passwd`) ?? 'guest',
      exchange: g.str(`${prefix}_amqp_exchange`) ?? 'pmacct',
      exchangeType: g.str(`${prefix}_amqp_exchange_type`) ?? 'direct',
      persistent: g.bool(`${prefix}_amqp_persistent_msg`),
      frameMax: optInt(g, `${prefix}_amqp_frame_max`, DEFAULT_AMQP_FRAME_MAX),
      heartbeatSeconds: optInt(g, `${prefix}_amqp_heartbeat_interval`, 0),
      roundRobin: o.roundRobin,
      retrySeconds: optInt(g, o.retryKey, DEFAULT_RETRY_SECONDS),
    },
    logger,
  );
}

/** pmacct's writer_id of the core process's outputs: "<core_proc_name>/<pid>". */
export function coreWriterId(g: ScopedConfig): string {
  return writerIdOf(g.str('core_proc_name') ?? 'default');
}
