/**
 * `plugins: amqp[name]`: reads the amqp_* keys of one plugin instance and
 * assembles its aggregating consumer with the AMQP writer. amqp_output json,
 * avro and avro_json are implemented (with avro_schema_file written at
 * startup, and avro_buffer_size); amqp_preprocess, amqp_trigger_exec and
 * amqp_startup_delay around it as brokerPurgeHooks.ts says.
 */
import type { PluginInstance } from '../../config/index.ts';
import { ConfigError } from '../../config/configError.ts';
import { AggregatingConsumer } from '../../core/aggregatingConsumer.ts';
import type { FlowConsumer } from '../../core/flowConsumer.ts';
import type { Logger } from '../../core/logger.ts';
import type { FlowDaemon } from '../../model/primitive.ts';
import { pluginAggregation, spoolOptionsOf } from '../pluginAggregation.ts';
import { withPacketSampling } from '../samplingRate.ts';
import { brokerAvroOutput } from '../broker/brokerAvroOutput.ts';
import { brokerPurgeHooks } from '../broker/brokerPurgeHooks.ts';
import { AmqpLinePublisher } from './amqpLinePublisher.ts';
import { DEFAULT_SCHEMA_REFRESH_SECONDS, purgeSchemaMessage, withSchemaPublication } from './amqpSchemaPublication.ts';
import { AmqpWriter, isDynamicRoutingKey } from './amqpWriter.ts';

/** pmacct's amqp cache, like print's: amqp_cache_entries buckets plus ten chained entries per bucket. */
const PMACCT_AVERAGE_CHAIN_LEN = 10;
/** Seconds before the schema publisher reconnects to a broker it lost (pmacct's AMQP_DEFAULT_RETRY). */
const SCHEMA_RETRY_SECONDS = 60;

export function createAmqpPlugin(instance: PluginInstance, daemon: FlowDaemon, logger: Logger): FlowConsumer {
  const cfg = instance.config;
  const output = cfg.str('amqp_output') ?? 'json';
  if (output !== 'json' && output !== 'avro' && output !== 'avro_json') {
    throw new ConfigError([`${instance.config.placeOf('amqp_output')}amqp_output: '${output}' is not one of json, avro, avro_json`]);
  }
  const routingKey = cfg.str('amqp_routing_key') ?? 'acct';
  const multiValues = cfg.int('amqp_multi_values');
  if (multiValues > 0 && isDynamicRoutingKey(routingKey)) {
    // pmacct 1.7.7 exits with the same complaint when it starts purging.
    throw new ConfigError([`${instance.config.placeOf('amqp_multi_values')}plugin '${instance.name}': dynamic 'amqp_routing_key' is not compatible with 'amqp_multi_values'`]);
  }
  const routingKeyRoundRobin = cfg.int('amqp_routing_key_rr');
  if (routingKeyRoundRobin > 0 && isDynamicRoutingKey(routingKey)) {
    // pmacct 1.7.7 exits with the same complaint when the plugin starts.
    throw new ConfigError([`${instance.config.placeOf('amqp_routing_key_rr')}plugin '${instance.name}': dynamic 'amqp_routing_key' is not compatible with 'amqp_routing_key_rr'`]);
  }
  const aggregation = pluginAggregation(instance, daemon, 'amqp');
  const labelAsMap = cfg.bool('pre_tag_label_encode_as_map');
  const numProtos = cfg.bool('amqp_num_protos');
  const avro = output === 'json' ? undefined : brokerAvroOutput(instance, { format: output, layout: aggregation.layout, history: aggregation.binner !== null, labelAsMap, numProtos });
  const broker = {
    host: cfg.str('amqp_host') ?? 'localhost',
    vhost: cfg.str('amqp_vhost') ?? '/',
    user: cfg.str('amqp_user') ?? 'guest',
    passwd: cfg.str('amqp_passwd') ?? 'guest',
    exchange: cfg.str('amqp_exchange') ?? 'pmacct',
    exchangeType: cfg.str('amqp_exchange_type') ?? 'direct',
    persistent: cfg.bool('amqp_persistent_msg'),
    frameMax: cfg.int('amqp_frame_max'),
    heartbeatSeconds: cfg.int('amqp_heartbeat_interval'),
  };
  const writer = new AmqpWriter(
    {
      name: instance.name,
      ...broker,
      routingKey,
      routingKeyRoundRobin,
      multiValues,
      markers: cfg.bool('amqp_markers'),
      labelAsMap,
      numProtos,
      history: aggregation.binner !== null,
      timestamps: aggregation.timestamps,
      avro,
    },
    aggregation.layout,
    logger,
  );
  // amqp_preprocess, amqp_trigger_exec and amqp_startup_delay (brokerPurgeHooks.ts).
  const hooks = brokerPurgeHooks(writer, instance, 'amqp', logger);
  const consumer = hooks.around(new AggregatingConsumer(
    {
      name: instance.name,
      type: 'amqp',
      layout: aggregation.layout,
      refreshSeconds: cfg.int('amqp_refresh_time'),
      cacheEntries: cfg.int('amqp_cache_entries') * (1 + PMACCT_AVERAGE_CHAIN_LEN),
      binner: aggregation.binner,
      logger,
      ...spoolOptionsOf(cfg),
    },
    hooks.writer,
  ));
  // amqp_avro_schema_routing_key: the Avro schemas published every amqp_avro_schema_refresh_time (amqpSchemaPublication.ts).
  const schemaKey = cfg.str('amqp_avro_schema_routing_key');
  if (schemaKey === undefined) return withPacketSampling(aggregation.sampler, consumer);
  if (avro === undefined) {
    logger.warn(`${instance.name}/amqp: amqp_avro_schema_routing_key applies to amqp_output avro and avro_json only: ignored (as pmacct 1.7.7)`);
    return withPacketSampling(aggregation.sampler, consumer);
  }
  const publisher = new AmqpLinePublisher({ label: `${instance.name}/amqp schema`, ...broker, roundRobin: 0, retrySeconds: SCHEMA_RETRY_SECONDS }, logger);
  return withPacketSampling(aggregation.sampler, withSchemaPublication(consumer, {
    publisher,
    routingKey: schemaKey,
    refreshSeconds: cfg.has('amqp_avro_schema_refresh_time') ? cfg.int('amqp_avro_schema_refresh_time') : DEFAULT_SCHEMA_REFRESH_SECONDS,
    messages: [avro.data.schemaText, avro.markers.initSchemaText, avro.markers.closeSchemaText].map((text) => purgeSchemaMessage(instance.name, text)),
  }));
}

