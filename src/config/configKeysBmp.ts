// pmacct 1.7.7 configuration keys for the BMP thread and daemon (bmp_daemon_*, bmp_dump_*…).
// Generated once from CONFIG-KEYS and the 1.7.7 binary, then maintained by hand:
// see configKey.ts for what each property means and where it comes from.
import type { ConfigKey } from './configKey.ts';

export const BMP_KEYS: readonly ConfigKey[] = [
  {
    name: 'bmp_daemon_pipe_size', type: 'int', min: 1, max: 2147483647,
    defaultNote: 'Operating System default', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbmpd'], status: 'not-implemented',
    description: 'Receive buffer size of the BMP daemon sockets, in bytes.',
  },
  {
    name: 'bmp_dump_amqp_host', type: 'string', defaultNote: 'see amqp_host', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbmpd'], status: 'not-implemented',
    description: 'BMP dump: address of the AMQP broker.',
  },
  {
    name: 'bmp_daemon_msglog_amqp_host', type: 'string', defaultNote: 'see amqp_host', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbmpd'], status: 'not-implemented',
    description: 'BMP message log: address of the AMQP broker.',
  },
  {
    name: 'bmp_dump_amqp_vhost', type: 'string', defaultNote: 'see amqp_vhost', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbmpd'], status: 'not-implemented',
    description: 'BMP dump: AMQP virtual host.',
  },
  {
    name: 'bmp_daemon_msglog_amqp_vhost', type: 'string', defaultNote: 'see amqp_vhost', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbmpd'], status: 'not-implemented',
    description: 'BMP message log: AMQP virtual host.',
  },
  {
    name: 'bmp_dump_amqp_user', type: 'string', defaultNote: 'see amqp_user', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbmpd'], status: 'not-implemented',
    description: 'BMP dump: AMQP user name.',
  },
  {
    name: 'bmp_daemon_msglog_amqp_user', type: 'string', defaultNote: 'see amqp_user', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbmpd'], status: 'not-implemented',
    description: 'BMP message log: AMQP user name.',
  },
  {
    name: 'bmp_dump_amqp_passwd', type: 'string', defaultNote: 'see amqp_passwd', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbmpd'], status: 'not-implemented',
    description: 'BMP dump: AMQP password.',
  },
  {
    name: 'bmp_daemon_msglog_amqp_passwd', type: 'string', defaultNote: 'see amqp_passwd', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbmpd'], status: 'not-implemented',
    description: 'BMP message log: AMQP password.',
  },
  {
    name: 'bmp_daemon_msglog_amqp_routing_key', type: 'string', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbmpd'], status: 'not-implemented',
    description: 'BMP message log: AMQP routing key (variables allowed).',
  },
  {
    name: 'bmp_dump_amqp_routing_key', type: 'string', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbmpd'], status: 'not-implemented',
    description: 'BMP dump: AMQP routing key (variables allowed).',
  },
  {
    name: 'bmp_daemon_msglog_amqp_routing_key_rr', type: 'int', min: 0,
    defaultNote: 'see amqp_routing_key_rr', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbmpd'], status: 'not-implemented',
    description: 'BMP message log: spread messages round-robin over this many numbered routing keys.',
  },
  {
    name: 'bmp_dump_amqp_routing_key_rr', type: 'int', min: 0, defaultNote: 'see amqp_routing_key_rr',
    scope: 'global', daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbmpd'],
    status: 'not-implemented',
    description: 'BMP dump: spread messages round-robin over this many numbered routing keys.',
  },
  {
    name: 'bmp_daemon_msglog_amqp_exchange', type: 'string', defaultNote: 'see amqp_exchange',
    scope: 'global', daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbmpd'],
    status: 'not-implemented',
    description: 'BMP message log: AMQP exchange to publish to.',
  },
  {
    name: 'bmp_dump_amqp_exchange', type: 'string', defaultNote: 'see amqp_exchange', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbmpd'], status: 'not-implemented',
    description: 'BMP dump: AMQP exchange to publish to.',
  },
  {
    name: 'bmp_daemon_msglog_amqp_exchange_type', type: 'enum', values: ['direct', 'fanout', 'topic'],
    defaultNote: 'see amqp_exchange_type', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbmpd'], status: 'not-implemented',
    description: 'BMP message log: type of the AMQP exchange.',
  },
  {
    name: 'bmp_dump_amqp_exchange_type', type: 'enum', values: ['direct', 'fanout', 'topic'],
    defaultNote: 'see amqp_exchange_type', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbmpd'], status: 'not-implemented',
    description: 'BMP dump: type of the AMQP exchange.',
  },
  {
    name: 'bmp_daemon_msglog_amqp_persistent_msg', type: 'bool', default: false, scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbmpd'], status: 'not-implemented',
    description: 'BMP message log: publish persistent messages to a durable exchange.',
  },
  {
    name: 'bmp_dump_amqp_persistent_msg', type: 'bool', default: false, scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbmpd'], status: 'not-implemented',
    description: 'BMP dump: publish persistent messages to a durable exchange.',
  },
  {
    name: 'bmp_daemon_msglog_amqp_frame_max', type: 'int', min: 1, defaultNote: 'see amqp_frame_max',
    scope: 'global', daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbmpd'],
    status: 'not-implemented',
    description: 'BMP message log: maximum AMQP frame size in bytes.',
  },
  {
    name: 'bmp_dump_amqp_frame_max', type: 'int', min: 1, defaultNote: 'see amqp_frame_max', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbmpd'], status: 'not-implemented',
    description: 'BMP dump: maximum AMQP frame size in bytes.',
  },
  {
    name: 'bmp_daemon_msglog_amqp_heartbeat_interval', type: 'seconds', min: 0,
    defaultNote: 'see amqp_heartbeat_interval', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbmpd'], status: 'not-implemented',
    description: 'BMP message log: AMQP heartbeat interval in seconds (0 = off).',
  },
  {
    name: 'bmp_dump_amqp_heartbeat_interval', type: 'seconds', min: 0,
    defaultNote: 'see amqp_heartbeat_interval', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbmpd'], status: 'not-implemented',
    description: 'BMP dump: AMQP heartbeat interval in seconds (0 = off).',
  },
  {
    name: 'bmp_daemon_msglog_amqp_retry', type: 'seconds', min: 1, default: 60, scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbmpd'], status: 'not-implemented',
    description: 'BMP message log: seconds before reconnecting to the AMQP broker after a failure.',
  },
  {
    name: 'bmp_daemon_msglog_kafka_broker_host', type: 'string', defaultNote: 'see kafka_broker_host',
    scope: 'global', daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbmpd'],
    status: 'not-implemented',
    description: 'BMP message log: Kafka bootstrap broker(s).',
  },
  {
    name: 'bmp_dump_kafka_broker_host', type: 'string', defaultNote: 'see kafka_broker_host',
    scope: 'global', daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbmpd'],
    status: 'not-implemented',
    description: 'BMP dump: Kafka bootstrap broker(s).',
  },
  {
    name: 'bmp_daemon_msglog_kafka_broker_port', type: 'int', min: 1, max: 65535,
    defaultNote: 'see kafka_broker_port', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbmpd'], status: 'not-implemented',
    description: 'BMP message log: Kafka broker port.',
  },
  {
    name: 'bmp_dump_kafka_broker_port', type: 'int', min: 1, max: 65535,
    defaultNote: 'see kafka_broker_port', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbmpd'], status: 'not-implemented',
    description: 'BMP dump: Kafka broker port.',
  },
  {
    name: 'bmp_daemon_msglog_kafka_topic', type: 'string', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbmpd'], status: 'not-implemented',
    description: 'BMP message log: Kafka topic (variables allowed).',
  },
  {
    name: 'bmp_dump_kafka_topic', type: 'string', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbmpd'], status: 'not-implemented',
    description: 'BMP dump: Kafka topic (variables allowed).',
  },
  {
    name: 'bmp_daemon_msglog_kafka_topic_rr', type: 'int', min: 0, defaultNote: 'see kafka_topic_rr',
    scope: 'global', daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbmpd'],
    status: 'not-implemented',
    description: 'BMP message log: spread messages round-robin over this many numbered topics.',
  },
  {
    name: 'bmp_dump_kafka_topic_rr', type: 'int', min: 0, defaultNote: 'see kafka_topic_rr', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbmpd'], status: 'not-implemented',
    description: 'BMP dump: spread messages round-robin over this many numbered topics.',
  },
  {
    name: 'bmp_daemon_msglog_kafka_partition', type: 'int', min: -1, defaultNote: 'see kafka_partition',
    scope: 'global', daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbmpd'],
    status: 'not-implemented',
    description: 'BMP message log: Kafka partition (-1 = the partitioner decides).',
  },
  {
    name: 'bmp_dump_kafka_partition', type: 'int', min: -1, defaultNote: 'see kafka_partition',
    scope: 'global', daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbmpd'],
    status: 'not-implemented',
    description: 'BMP dump: Kafka partition (-1 = the partitioner decides).',
  },
  {
    name: 'bmp_daemon_msglog_kafka_partition_key', type: 'string', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbmpd'], status: 'not-implemented',
    description: 'BMP message log: Kafka partition key (variables allowed).',
  },
  {
    name: 'bmp_dump_kafka_partition_key', type: 'string', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbmpd'], status: 'not-implemented',
    description: 'BMP dump: Kafka partition key (variables allowed).',
  },
  {
    name: 'bmp_daemon_msglog_kafka_retry', type: 'seconds', min: 1, default: 60, scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbmpd'], status: 'not-implemented',
    description: 'BMP message log: seconds before reconnecting to Kafka after a failure.',
  },
  {
    name: 'bmp_daemon_msglog_kafka_config_file', type: 'path', defaultNote: 'see kafka_config_file',
    scope: 'global', daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbmpd'],
    status: 'not-implemented',
    description: 'BMP message log: librdkafka configuration file.',
  },
  {
    name: 'bmp_dump_kafka_config_file', type: 'path', defaultNote: 'see kafka_config_file', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbmpd'], status: 'not-implemented',
    description: 'BMP dump: librdkafka configuration file.',
  },
  {
    name: 'bmp_daemon', type: 'bool', default: false, scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbmpd'], status: 'not-implemented',
    description: 'Run the BMP collector thread.',
  },
  {
    name: 'bmp_daemon_ip', type: 'ip', default: '0.0.0.0', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbmpd'], status: 'not-implemented',
    description: 'Address the BMP daemon listens on.',
  },
  {
    name: 'bmp_daemon_ipv6_only', type: 'bool', default: false, scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmbmpd'], status: 'not-implemented',
    description: 'Make the BMP daemon IPv6 socket refuse IPv4-mapped connections.',
  },
  {
    name: 'bmp_daemon_port', type: 'int', min: 1, max: 65535, default: 1790, scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbmpd'], status: 'not-implemented',
    description: 'TCP port the BMP daemon listens on.',
  },
  {
    name: 'bmp_daemon_ipprec', type: 'int', min: 0, max: 7, default: 0, scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbmpd'], status: 'not-implemented',
    description: 'BMP daemon: IP precedence of the packets sent.',
  },
  {
    name: 'bmp_daemon_max_peers', type: 'int', min: 1, default: 10, scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbmpd'], status: 'not-implemented',
    description: 'Maximum number of BMP daemon peers.',
  },
  {
    name: 'bmp_daemon_batch_interval', type: 'seconds', min: 0, default: 0, scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbmpd'], status: 'not-implemented',
    description: 'BMP daemon: seconds between two batches of accepted peers.',
  },
  {
    name: 'bmp_daemon_batch', type: 'int', min: 0, default: 0, scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbmpd'], status: 'not-implemented',
    description: 'BMP daemon: number of peers accepted per batch.',
  },
  {
    name: 'bmp_daemon_msglog_file', type: 'path', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbmpd'], status: 'not-implemented',
    description: 'BMP message log: file to stream messages to (variables allowed).',
  },
  {
    name: 'bmp_daemon_msglog_avro_schema_file', type: 'path', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbmpd'], status: 'not-implemented',
    description: 'BMP message log: file to write the Avro schema to.',
  },
  {
    name: 'bmp_dump_avro_schema_file', type: 'path', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbmpd'], status: 'not-implemented',
    description: 'BMP dump: file to write the Avro schema to.',
  },
  {
    name: 'bmp_daemon_msglog_kafka_avro_schema_registry', type: 'string', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbmpd'], status: 'not-implemented',
    description: 'BMP message log: Confluent schema registry URL.',
  },
  {
    name: 'bmp_dump_kafka_avro_schema_registry', type: 'string', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbmpd'], status: 'not-implemented',
    description: 'BMP dump: Confluent schema registry URL.',
  },
  {
    name: 'bmp_daemon_msglog_output', type: 'enum', values: ['json', 'avro', 'avro_json'], default: 'json',
    scope: 'global', daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbmpd'],
    status: 'not-implemented',
    description: 'BMP message log: output format.',
  },
  {
    name: 'bmp_agent_map', type: 'path', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbmpd'], field: 'bgp_agent_map', map: true,
    status: 'not-implemented',
    description: 'Map from flow exporter to the BMP peer whose RIB is used.',
  },
  {
    name: 'bmp_daemon_allow_file', type: 'path', defaultNote: 'none (all allowed)', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbmpd'], map: true, status: 'not-implemented',
    description: 'File of addresses allowed to open a BMP daemon session.',
  },
  {
    name: 'bmp_table_peer_buckets', type: 'int', min: 1, max: 1000, default: 13, scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbmpd'], status: 'not-implemented',
    description: 'BMP daemon: number of buckets of the per-peer routing tables.',
  },
  {
    name: 'bmp_table_per_peer_buckets', type: 'int', min: 1, max: 128, default: 1, scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbmpd'], status: 'not-implemented',
    description: 'BMP daemon: buckets each peer\'s routes are spread over.',
  },
  {
    name: 'bmp_table_attr_hash_buckets', type: 'int', min: 1, max: 1000000, default: 65535, scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbmpd'], status: 'not-implemented',
    description: 'BMP daemon: number of buckets of the attribute hashes.',
  },
  {
    name: 'bmp_table_per_peer_hash', type: 'enum', values: ['path_id'], default: 'path_id', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbmpd'], status: 'not-implemented',
    description: 'BMP daemon: what spreads a peer\'s routes over its buckets.',
  },
  {
    name: 'bmp_dump_file', type: 'path', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbmpd'], status: 'not-implemented',
    description: 'BMP dump: file to dump BMP data and tables to periodically (variables allowed).',
  },
  {
    name: 'bmp_dump_output', type: 'enum', values: ['json', 'avro', 'avro_json'], default: 'json',
    scope: 'global', daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbmpd'],
    status: 'not-implemented',
    description: 'BMP dump: output format.',
  },
  {
    name: 'bmp_dump_refresh_time', type: 'seconds', min: 60, max: 86400,
    defaultNote: 'none (no periodic dump)', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbmpd'], status: 'not-implemented',
    description: 'BMP dump: seconds between two dumps.',
  },
  {
    name: 'bmp_dump_latest_file', type: 'path', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbmpd'], status: 'not-implemented',
    description: 'BMP dump: symlink to the newest dump file.',
  },
  {
    name: 'bmp_daemon_parse_proxy_header', type: 'bool', default: false, scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbmpd'], status: 'not-implemented',
    description: 'Read a PROXY protocol header at the start of BMP sessions.',
  },
  {
    name: 'bmp_dump_workers', type: 'int', min: 1, default: 1, scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbmpd'], status: 'not-implemented',
    description: 'BMP dump: number of parallel dump workers.',
  },
];
