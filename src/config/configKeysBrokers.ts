// pmacct 1.7.7 configuration keys for the AMQP and Kafka plugins and their Avro encoding.
// Generated once from CONFIG-KEYS and the 1.7.7 binary, then maintained by hand:
// see configKey.ts for what each property means and where it comes from.
import type { ConfigKey } from './configKey.ts';
import { TRAFFIC_DAEMONS } from './daemonName.ts';

export const BROKER_KEYS: readonly ConfigKey[] = [
  {
    name: 'amqp_host', type: 'string', default: 'localhost', scope: 'any', daemons: TRAFFIC_DAEMONS,
    field: 'sql_host', status: 'implemented',
    note: 'tsacct also accepts host:port ([v6]:port); pmacct 1.7.7 always connects to port 5672. See docs/compat.md.',
    description: 'AMQP plugin: address of the AMQP broker.',
  },
  {
    name: 'amqp_vhost', type: 'string', default: '/', scope: 'any', daemons: TRAFFIC_DAEMONS,
    status: 'implemented',
    description: 'AMQP plugin: AMQP virtual host.',
  },
  {
    name: 'amqp_user', type: 'string', default: 'guest', scope: 'any', daemons: TRAFFIC_DAEMONS,
    field: 'sql_user', status: 'implemented',
    description: 'AMQP plugin: AMQP user name.',
  },
  {
    name: 'amqp_passwd', type: 'string', default: 'guest', scope: 'any', daemons: TRAFFIC_DAEMONS,
    field: 'sql_passwd', status: 'implemented',
    description: 'AMQP plugin: AMQP password.',
  },
  {
    name: 'amqp_routing_key', type: 'string', default: 'acct', scope: 'any', daemons: TRAFFIC_DAEMONS,
    field: 'sql_table', status: 'implemented',
    note: 'Variables $peer_src_ip ("null" without that primitive), $tag, $tag2, $post_tag, $post_tag2, as pmacct 1.7.7.',
    description: 'AMQP plugin: AMQP routing key (variables allowed).',
  },
  {
    name: 'amqp_routing_key_rr', type: 'int', min: 0, default: 0, scope: 'any', daemons: TRAFFIC_DAEMONS,
    status: 'implemented',
    note: 'Round-robin over <key>_0 … <key>_<n-1>, a message at a time, restarting at _0 every purge; markers and a last multi-values pack keep the key last set, as pmacct 1.7.7; refused with a dynamic amqp_routing_key.',
    description: 'AMQP plugin: spread messages round-robin over this many numbered routing keys.',
  },
  {
    name: 'kafka_topic_rr', type: 'int', min: 0, default: 0, scope: 'any', daemons: TRAFFIC_DAEMONS,
    field: 'amqp_routing_key_rr', status: 'implemented',
    note: 'Round-robin over <topic>_0 … <topic>_<n-1>, a message at a time; refused with a dynamic kafka_topic, as pmacct 1.7.7.',
    description: 'Kafka plugin: spread messages round-robin over this many numbered topics.',
  },
  {
    name: 'amqp_exchange', type: 'string', default: 'pmacct', scope: 'any', daemons: TRAFFIC_DAEMONS,
    field: 'sql_db', status: 'implemented',
    description: 'AMQP plugin: AMQP exchange to publish to.',
  },
  {
    name: 'amqp_exchange_type', type: 'enum', values: ['direct', 'fanout', 'topic'], default: 'direct',
    scope: 'any', daemons: TRAFFIC_DAEMONS, status: 'implemented',
    description: 'AMQP plugin: type of the AMQP exchange.',
  },
  {
    name: 'amqp_persistent_msg', type: 'bool', default: false, scope: 'any', daemons: TRAFFIC_DAEMONS,
    status: 'implemented',
    description: 'AMQP plugin: publish persistent messages to a durable exchange.',
  },
  {
    name: 'amqp_frame_max', type: 'int', min: 1, default: 131072, scope: 'any', daemons: TRAFFIC_DAEMONS,
    status: 'implemented',
    description: 'AMQP plugin: maximum AMQP frame size in bytes.',
  },
  {
    name: 'amqp_heartbeat_interval', type: 'seconds', min: 0, default: 0, scope: 'any',
    daemons: TRAFFIC_DAEMONS, status: 'implemented',
    description: 'AMQP plugin: AMQP heartbeat interval in seconds (0 = off).',
  },
  {
    name: 'kafka_topic', type: 'string', default: 'pmacct.acct', scope: 'any', daemons: TRAFFIC_DAEMONS,
    field: 'sql_table', status: 'implemented',
    note: 'Variables $peer_src_ip, $tag, $tag2, $post_tag, $post_tag2 as pmacct 1.7.7 (no time variables); see docs/compat.md#kafka-plugin.',
    description: 'Kafka plugin: Kafka topic (variables allowed).',
  },
  {
    name: 'kafka_config_file', type: 'path', scope: 'any', daemons: TRAFFIC_DAEMONS,
    status: 'implemented',
    note: 'pmacct\'s "global|topic, key, value" lines passed to librdkafka (security.protocol, sasl.*, ssl.* included); refused properties are dropped with a warning.',
    description: 'Kafka plugin: librdkafka configuration file.',
  },
  {
    name: 'kafka_broker_host', type: 'string', default: '127.0.0.1', scope: 'any', daemons: TRAFFIC_DAEMONS,
    field: 'sql_host', status: 'implemented',
    note: 'A comma-separated list is used as it is; tsacct also takes a single host:port. See docs/compat.md#kafka-plugin.',
    description: 'Kafka plugin: Kafka bootstrap broker(s).',
  },
  {
    name: 'kafka_broker_port', type: 'int', min: 1, max: 65535, default: 9092, scope: 'any',
    daemons: TRAFFIC_DAEMONS, status: 'implemented',
    description: 'Kafka plugin: Kafka broker port.',
  },
  {
    name: 'kafka_partition', type: 'int', min: -1, default: -1, scope: 'any', daemons: TRAFFIC_DAEMONS,
    status: 'implemented',
    note: 'Honoured: pmacct 1.7.7 ignores it and lets the partitioner choose (docs/compat.md#kafka-plugin).',
    description: 'Kafka plugin: Kafka partition (-1 = the partitioner decides).',
  },
  {
    name: 'kafka_partition_dynamic', type: 'bool', default: false, scope: 'any', daemons: TRAFFIC_DAEMONS,
    status: 'implemented',
    description: 'Kafka plugin: choose the Kafka partition from the partition key.',
  },
  {
    name: 'kafka_partition_key', type: 'string', scope: 'any', daemons: TRAFFIC_DAEMONS,
    status: 'implemented',
    note: 'Variables $peer_src_ip, $tag, $tag2, $src_host, $dst_host, $src_port, $dst_port, $proto, $in_iface, $post_tag, $post_tag2 (docs/compat.md#kafka-plugin).',
    description: 'Kafka plugin: Kafka partition key (variables allowed).',
  },
  {
    name: 'amqp_refresh_time', type: 'seconds', min: 1, default: 60, scope: 'any', daemons: TRAFFIC_DAEMONS,
    switch: '-r', field: 'sql_refresh_time', status: 'implemented',
    description: 'AMQP plugin: seconds between two purges of the cache to the backend.',
  },
  {
    name: 'kafka_refresh_time', type: 'seconds', min: 1, default: 60, scope: 'any', daemons: TRAFFIC_DAEMONS,
    switch: '-r', field: 'sql_refresh_time', status: 'implemented',
    description: 'Kafka plugin: seconds between two purges of the cache to the backend.',
  },
  {
    name: 'amqp_startup_delay', type: 'seconds', min: 0, default: 0, scope: 'any', daemons: TRAFFIC_DAEMONS,
    field: 'sql_startup_delay', status: 'implemented',
    description: 'AMQP plugin: seconds to delay the first cache purge by.',
  },
  {
    name: 'kafka_startup_delay', type: 'seconds', min: 0, default: 0, scope: 'any', daemons: TRAFFIC_DAEMONS,
    field: 'sql_startup_delay', status: 'implemented',
    description: 'Kafka plugin: seconds to delay the first cache purge by.',
  },
  {
    name: 'amqp_history', type: 'duration', scope: 'any', daemons: TRAFFIC_DAEMONS, field: 'sql_history',
    status: 'implemented',
    description: 'AMQP plugin: size of the time bins (number with s, m, h, d, w or M; no unit = seconds).',
  },
  {
    name: 'kafka_history', type: 'duration', scope: 'any', daemons: TRAFFIC_DAEMONS, field: 'sql_history',
    status: 'implemented',
    description: 'Kafka plugin: size of the time bins (number with s, m, h, d, w or M; no unit = seconds).',
  },
  {
    name: 'amqp_history_offset', type: 'seconds', min: 0, default: 0, scope: 'any', daemons: TRAFFIC_DAEMONS,
    field: 'sql_history_offset', status: 'implemented',
    description: 'AMQP plugin: seconds to shift the time-bin boundaries by.',
  },
  {
    name: 'kafka_history_offset', type: 'seconds', min: 0, default: 0, scope: 'any',
    daemons: TRAFFIC_DAEMONS, field: 'sql_history_offset', status: 'implemented',
    description: 'Kafka plugin: seconds to shift the time-bin boundaries by.',
  },
  {
    name: 'amqp_history_roundoff', type: 'roundoff', scope: 'any', daemons: TRAFFIC_DAEMONS,
    field: 'sql_history_roundoff', status: 'implemented',
    description: 'AMQP plugin: align time bins to the start of the minute, hour, day, week or month (m, h, d, w, M).',
  },
  {
    name: 'kafka_history_roundoff', type: 'roundoff', scope: 'any', daemons: TRAFFIC_DAEMONS,
    field: 'sql_history_roundoff', status: 'implemented',
    description: 'Kafka plugin: align time bins to the start of the minute, hour, day, week or month (m, h, d, w, M).',
  },
  {
    name: 'amqp_max_writers', type: 'int', min: 1, max: 99, default: 10, scope: 'any',
    daemons: TRAFFIC_DAEMONS, field: 'sql_max_writers', status: 'accepted',
    description: 'AMQP plugin: maximum number of concurrent writer processes.',
    note: 'tsacct writes one flush at a time per plugin, in order, without writer processes; flushes the broker does not confirm wait in memory and then on disk (spool_dir) instead of being dropped.',
  },
  {
    name: 'kafka_max_writers', type: 'int', min: 1, max: 99, default: 10, scope: 'any',
    daemons: TRAFFIC_DAEMONS, field: 'sql_max_writers', status: 'accepted',
    description: 'Kafka plugin: maximum number of concurrent writer processes.',
    note: 'tsacct writes one flush at a time per plugin, in order, without writer processes; flushes whose messages librdkafka does not report delivered wait in memory and then on disk (spool_dir) instead of being dropped.',
  },
  {
    name: 'amqp_cache_entries', type: 'int', min: 1, default: 16411, scope: 'any', daemons: TRAFFIC_DAEMONS,
    field: 'print_cache_entries', status: 'implemented',
    description: 'AMQP plugin: number of buckets of the aggregation cache.',
  },
  {
    name: 'kafka_cache_entries', type: 'int', min: 1, default: 16411, scope: 'any', daemons: TRAFFIC_DAEMONS,
    field: 'print_cache_entries', status: 'implemented',
    description: 'Kafka plugin: number of buckets of the aggregation cache.',
  },
  {
    name: 'amqp_multi_values', type: 'int', min: 0, default: 0, scope: 'any', daemons: TRAFFIC_DAEMONS,
    field: 'sql_multi_values', status: 'implemented',
    description: 'AMQP plugin: number of aggregates sent in one message (0 = one per message).',
  },
  {
    name: 'kafka_multi_values', type: 'int', min: 0, default: 0, scope: 'any', daemons: TRAFFIC_DAEMONS,
    field: 'sql_multi_values', status: 'implemented',
    description: 'Kafka plugin: number of aggregates sent in one message (0 = one per message).',
  },
  {
    name: 'amqp_trigger_exec', type: 'path', scope: 'any', daemons: TRAFFIC_DAEMONS,
    field: 'sql_trigger_exec', status: 'implemented',
    note: 'Launched after each purge the broker took, the one at shutdown included, with no variables of pmacct\'s, as pmacct 1.7.7 (which launches it after a failed purge too).',
    description: 'AMQP plugin: executable launched after each purge.',
  },
  {
    name: 'kafka_trigger_exec', type: 'path', scope: 'any', daemons: TRAFFIC_DAEMONS,
    field: 'sql_trigger_exec', status: 'implemented',
    note: 'Launched after each purge the broker took, the one at shutdown included, with no variables of pmacct\'s, as pmacct 1.7.7 (which launches it after a failed purge too).',
    description: 'Kafka plugin: executable launched after each purge.',
  },
  {
    name: 'amqp_preprocess', type: 'string', scope: 'any', daemons: TRAFFIC_DAEMONS, field: 'sql_preprocess',
    status: 'implemented',
    note: 'Checks minp, minb, minf, minbpp, minppf (the all-plugin ones); other keywords are ignored with a warning, as pmacct 1.7.7.',
    description: 'AMQP plugin: comma-separated conditions an aggregate must meet to be written.',
  },
  {
    name: 'kafka_preprocess', type: 'string', scope: 'any', daemons: TRAFFIC_DAEMONS,
    field: 'sql_preprocess', status: 'implemented',
    note: 'Checks minp, minb, minf, minbpp, minppf (the all-plugin ones); other keywords are ignored with a warning, as pmacct 1.7.7.',
    description: 'Kafka plugin: comma-separated conditions an aggregate must meet to be written.',
  },
  {
    name: 'amqp_preprocess_type', type: 'enum', values: ['any', 'all'], default: 'any', scope: 'any',
    daemons: TRAFFIC_DAEMONS, field: 'sql_preprocess_type', status: 'implemented',
    description: 'AMQP plugin: whether any or all preprocess conditions must hold.',
  },
  {
    name: 'kafka_preprocess_type', type: 'enum', values: ['any', 'all'], default: 'any', scope: 'any',
    daemons: TRAFFIC_DAEMONS, field: 'sql_preprocess_type', status: 'implemented',
    description: 'Kafka plugin: whether any or all preprocess conditions must hold.',
  },
  {
    name: 'amqp_markers', type: 'bool', default: false, scope: 'any', daemons: TRAFFIC_DAEMONS,
    field: 'print_markers', status: 'implemented',
    description: 'AMQP plugin: emit start/end markers around each purge.',
  },
  {
    name: 'kafka_markers', type: 'bool', default: false, scope: 'any', daemons: TRAFFIC_DAEMONS,
    field: 'print_markers', status: 'implemented',
    description: 'Kafka plugin: emit start/end markers around each purge.',
  },
  {
    name: 'amqp_output', type: 'enum', values: ['json', 'avro', 'avro_json'], default: 'json', scope: 'any',
    daemons: TRAFFIC_DAEMONS, status: 'implemented',
    note: 'json, avro and avro_json; see docs/compat.md, "Avro output".',
    description: 'AMQP plugin: message encoding.',
  },
  {
    name: 'kafka_output', type: 'enum', values: ['json', 'avro', 'avro_json'], default: 'json', scope: 'any',
    daemons: TRAFFIC_DAEMONS, field: 'amqp_output', status: 'implemented',
    description: 'Kafka plugin: message encoding.',
  },
  {
    name: 'avro_buffer_size', type: 'int', min: 1, default: 8192, scope: 'any', daemons: TRAFFIC_DAEMONS,
    status: 'implemented',
    note: 'Implemented for the amqp and kafka plugins; a record larger than the buffer is sent alone (pmacct exits).',
    description: 'Size in bytes of the buffer used to encode one Avro message.',
  },
  {
    name: 'avro_schema_file', type: 'path', scope: 'any', daemons: TRAFFIC_DAEMONS,
    status: 'implemented',
    note: 'Writes <path>-acct_data, <path>-acct_init and <path>-acct_close, as pmacct 1.7.7 does.',
    description: 'File to write the Avro schema of broker messages to.',
  },
  {
    name: 'kafka_avro_schema_registry', type: 'string', scope: 'any', daemons: TRAFFIC_DAEMONS,
    status: 'implemented',
    note: 'Subjects <kafka_topic>-acct-data-value, -acct-init-value, -acct-close-value; needs kafka_output avro, a static topic and no kafka_multi_values.',
    description: 'URL of a Confluent schema registry for Avro messages.',
  },
  {
    name: 'amqp_num_protos', type: 'bool', default: false, scope: 'any', daemons: TRAFFIC_DAEMONS,
    field: 'sql_num_protos', status: 'implemented',
    note: 'The number stays a JSON / Avro string ("ip_proto": "6"), as pmacct 1.7.7 writes it.',
    description: 'AMQP plugin: show IP protocols as numbers instead of names.',
  },
  {
    name: 'kafka_num_protos', type: 'bool', default: false, scope: 'any', daemons: TRAFFIC_DAEMONS,
    field: 'sql_num_protos', status: 'implemented',
    note: 'The number stays a JSON / Avro string ("ip_proto": "6"), as pmacct 1.7.7 writes it.',
    description: 'Kafka plugin: show IP protocols as numbers instead of names.',
  },
  {
    name: 'avro_schema_output_file', type: 'path', scope: 'any', daemons: TRAFFIC_DAEMONS,
    field: 'avro_schema_file', undocumented: true, status: 'implemented',
    description: 'Legacy spelling of avro_schema_file.',
  },
  {
    name: 'amqp_time_roundoff', type: 'roundoff', scope: 'any', daemons: TRAFFIC_DAEMONS,
    field: 'sql_history_roundoff', undocumented: true, status: 'implemented',
    description: 'Legacy spelling of amqp_history_roundoff.',
  },
  {
    name: 'amqp_avro_schema_routing_key', type: 'string', scope: 'any', daemons: TRAFFIC_DAEMONS,
    undocumented: true, status: 'implemented',
    description: 'Legacy: AMQP routing key to publish the Avro schema with.',
    note: 'Accepted by the 1.7.7 parser but not described in CONFIG-KEYS. With amqp_output avro / avro_json: the three schemas as pmacct\'s purge_schema JSON messages, at each amqp_avro_schema_refresh_time.',
  },
  {
    name: 'amqp_avro_schema_refresh_time', type: 'seconds', min: 1, scope: 'any', daemons: TRAFFIC_DAEMONS,
    undocumented: true, status: 'implemented',
    description: 'Legacy: seconds between two publications of the Avro schema over AMQP.',
    note: 'Accepted by the 1.7.7 parser but not described in CONFIG-KEYS. Default 60.',
  },
];
