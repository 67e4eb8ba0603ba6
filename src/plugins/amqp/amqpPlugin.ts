/**
 * `plugins: amqp[name]`: reads the amqp_* keys of one plugin instance and
 * assembles its aggregating consumer with the AMQP writer. amqp_output json,
 * avro and avro_json are implemented (with avro_schema_file written at
 * startup, and avro_buffer_size); the amqp_* keys still marked
 * not-implemented in the registry (amqp_trigger_exec,
 * amqp_preprocess, …) are refused at startup.
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
import { AmqpWriter, isDynamicRoutingKey } from './amqpWriter.ts';

/** pmacct's amqp cache, like print's: amqp_cache_entries buckets plus ten chained entries per bucket. */
const PMACCT_AVERAGE_CHAIN_LEN = 10;

export function createAmqpPlugin(instance: PluginInstance, daemon: FlowDaemon, logger: Logger): FlowConsumer {
  const cfg = instance.config;
  const output = cfg.str('amqp_output') ?? 'json';
  if (output !== 'json' && output !== 'avro' && output !== 'avro_json') {
    throw new ConfigError([`${where(instance, 'amqp_output')}amqp_output: '${output}' is not one of json, avro, avro_json`]);
  }
  const routingKey = cfg.str('amqp_routing_key') ?? 'acct';
  const multiValues = cfg.int('amqp_multi_values');
  if (multiValues > 0 && isDynamicRoutingKey(routingKey)) {
    // pmacct 1.7.7 exits with the same complaint when it starts purging.
    throw new ConfigError([`${where(instance, 'amqp_multi_values')}plugin '${instance.name}': dynamic 'amqp_routing_key' is not compatible with 'amqp_multi_values'`]);
  }
  const routingKeyRoundRobin = cfg.int('amqp_routing_key_rr');
  if (routingKeyRoundRobin > 0 && isDynamicRoutingKey(routingKey)) {
    // pmacct 1.7.7 exits with the same complaint when the plugin starts.
    throw new ConfigError([`${where(instance, 'amqp_routing_key_rr')}plugin '${instance.name}': dynamic 'amqp_routing_key' is not compatible with 'amqp_routing_key_rr'`]);
  }
  const aggregation = pluginAggregation(instance, daemon, 'amqp');
  const labelAsMap = cfg.bool('pre_tag_label_encode_as_map');
  const avro = output === 'json' ? undefined : brokerAvroOutput(instance, { format: output, layout: aggregation.layout, history: aggregation.binner !== null, labelAsMap });
  const writer = new AmqpWriter(
    {
      name: instance.name,
      host: cfg.str('amqp_host') ?? 'localhost',
      vhost: cfg.str('amqp_vhost') ?? '/',
      user: cfg.str('amqp_user') ?? 'guest',
      passwd: cfg.str('amqp_passwd') ?? 'guest',
      exchange: cfg.str('amqp_exchange') ?? 'pmacct',
      exchangeType: cfg.str('amqp_exchange_type') ?? 'direct',
      routingKey,
      routingKeyRoundRobin,
      persistent: cfg.bool('amqp_persistent_msg'),
      frameMax: cfg.int('amqp_frame_max'),
      heartbeatSeconds: cfg.int('amqp_heartbeat_interval'),
      multiValues,
      markers: cfg.bool('amqp_markers'),
      labelAsMap,
      history: aggregation.binner !== null,
      timestamps: aggregation.timestamps,
      avro,
    },
    aggregation.layout,
    logger,
  );
  return withPacketSampling(aggregation.sampler, new AggregatingConsumer(
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
    writer,
  ));
}

function where(instance: PluginInstance, key: string): string {
  const at = instance.config.where(key);
  return at ? `${at.file}:${at.line}: ` : '';
}
