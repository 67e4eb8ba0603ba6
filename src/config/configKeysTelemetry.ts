// pmacct 1.7.7 configuration keys for the streaming telemetry collector.
// Generated once from CONFIG-KEYS and the 1.7.7 binary, then maintained by hand:
// see configKey.ts for what each property means and where it comes from.
import type { ConfigKey } from './configKey.ts';

export const TELEMETRY_KEYS: readonly ConfigKey[] = [
  {
    name: 'telemetry_daemon_msglog_amqp_host', type: 'string', defaultNote: 'see amqp_host', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmtelemetryd'], status: 'not-implemented',
    description: 'Telemetry message log: address of the AMQP broker.',
  },
  {
    name: 'telemetry_dump_amqp_host', type: 'string', defaultNote: 'see amqp_host', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmtelemetryd'], status: 'not-implemented',
    description: 'Telemetry dump: address of the AMQP broker.',
  },
  {
    name: 'telemetry_daemon_msglog_amqp_vhost', type: 'string', defaultNote: 'see amqp_vhost',
    scope: 'global', daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmtelemetryd'],
    status: 'not-implemented',
    description: 'Telemetry message log: AMQP virtual host.',
  },
  {
    name: 'telemetry_dump_amqp_vhost', type: 'string', defaultNote: 'see amqp_vhost', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmtelemetryd'], status: 'not-implemented',
    description: 'Telemetry dump: AMQP virtual host.',
  },
  {
    name: 'telemetry_daemon_msglog_amqp_user', type: 'string', defaultNote: 'see amqp_user', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmtelemetryd'], status: 'not-implemented',
    description: 'Telemetry message log: AMQP user name.',
  },
  {
    name: 'telemetry_dump_amqp_user', type: 'string', defaultNote: 'see amqp_user', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmtelemetryd'], status: 'not-implemented',
    description: 'Telemetry dump: AMQP user name.',
  },
  {
    name: 'telemetry_daemon_msglog_amqp_passwd', type: 'string', defaultNote: 'see amqp_passwd',
    scope: 'global', daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmtelemetryd'],
    status: 'not-implemented',
    description: 'Telemetry message log: AMQP password.',
  },
  {
    name: 'telemetry_dump_amqp_passwd', type: 'string', defaultNote: 'see amqp_passwd', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmtelemetryd'], status: 'not-implemented',
    description: 'Telemetry dump: AMQP password.',
  },
  {
    name: 'telemetry_daemon_msglog_amqp_routing_key', type: 'string', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmtelemetryd'], status: 'not-implemented',
    description: 'Telemetry message log: AMQP routing key (variables allowed).',
  },
  {
    name: 'telemetry_dump_amqp_routing_key', type: 'string', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmtelemetryd'], status: 'not-implemented',
    description: 'Telemetry dump: AMQP routing key (variables allowed).',
  },
  {
    name: 'telemetry_daemon_msglog_amqp_routing_key_rr', type: 'int', min: 0,
    defaultNote: 'see amqp_routing_key_rr', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmtelemetryd'], status: 'not-implemented',
    description: 'Telemetry message log: spread messages round-robin over this many numbered routing keys.',
  },
  {
    name: 'telemetry_dump_amqp_routing_key_rr', type: 'int', min: 0, defaultNote: 'see amqp_routing_key_rr',
    scope: 'global', daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmtelemetryd'],
    status: 'not-implemented',
    description: 'Telemetry dump: spread messages round-robin over this many numbered routing keys.',
  },
  {
    name: 'telemetry_daemon_msglog_amqp_exchange', type: 'string', defaultNote: 'see amqp_exchange',
    scope: 'global', daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmtelemetryd'],
    status: 'not-implemented',
    description: 'Telemetry message log: AMQP exchange to publish to.',
  },
  {
    name: 'telemetry_dump_amqp_exchange', type: 'string', defaultNote: 'see amqp_exchange', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmtelemetryd'], status: 'not-implemented',
    description: 'Telemetry dump: AMQP exchange to publish to.',
  },
  {
    name: 'telemetry_daemon_msglog_amqp_exchange_type', type: 'enum', values: ['direct', 'fanout', 'topic'],
    defaultNote: 'see amqp_exchange_type', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmtelemetryd'], status: 'not-implemented',
    description: 'Telemetry message log: type of the AMQP exchange.',
  },
  {
    name: 'telemetry_dump_amqp_exchange_type', type: 'enum', values: ['direct', 'fanout', 'topic'],
    defaultNote: 'see amqp_exchange_type', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmtelemetryd'], status: 'not-implemented',
    description: 'Telemetry dump: type of the AMQP exchange.',
  },
  {
    name: 'telemetry_daemon_msglog_amqp_persistent_msg', type: 'bool', default: false, scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmtelemetryd'], status: 'not-implemented',
    description: 'Telemetry message log: publish persistent messages to a durable exchange.',
  },
  {
    name: 'telemetry_dump_amqp_persistent_msg', type: 'bool', default: false, scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmtelemetryd'], status: 'not-implemented',
    description: 'Telemetry dump: publish persistent messages to a durable exchange.',
  },
  {
    name: 'telemetry_daemon_msglog_amqp_frame_max', type: 'int', min: 1, defaultNote: 'see amqp_frame_max',
    scope: 'global', daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmtelemetryd'],
    status: 'not-implemented',
    description: 'Telemetry message log: maximum AMQP frame size in bytes.',
  },
  {
    name: 'telemetry_dump_amqp_frame_max', type: 'int', min: 1, defaultNote: 'see amqp_frame_max',
    scope: 'global', daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmtelemetryd'],
    status: 'not-implemented',
    description: 'Telemetry dump: maximum AMQP frame size in bytes.',
  },
  {
    name: 'telemetry_daemon_msglog_amqp_heartbeat_interval', type: 'seconds', min: 0,
    defaultNote: 'see amqp_heartbeat_interval', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmtelemetryd'], status: 'not-implemented',
    description: 'Telemetry message log: AMQP heartbeat interval in seconds (0 = off).',
  },
  {
    name: 'telemetry_dump_amqp_heartbeat_interval', type: 'seconds', min: 0,
    defaultNote: 'see amqp_heartbeat_interval', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmtelemetryd'], status: 'not-implemented',
    description: 'Telemetry dump: AMQP heartbeat interval in seconds (0 = off).',
  },
  {
    name: 'telemetry_daemon_msglog_amqp_retry', type: 'seconds', min: 1, default: 60, scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmtelemetryd'], status: 'not-implemented',
    description: 'Telemetry message log: seconds before reconnecting to the AMQP broker after a failure.',
  },
  {
    name: 'telemetry_daemon_msglog_kafka_broker_host', type: 'string', defaultNote: 'see kafka_broker_host',
    scope: 'global', daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmtelemetryd'],
    status: 'not-implemented',
    description: 'Telemetry message log: Kafka bootstrap broker(s).',
  },
  {
    name: 'telemetry_dump_kafka_broker_host', type: 'string', defaultNote: 'see kafka_broker_host',
    scope: 'global', daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmtelemetryd'],
    status: 'not-implemented',
    description: 'Telemetry dump: Kafka bootstrap broker(s).',
  },
  {
    name: 'telemetry_daemon_msglog_kafka_broker_port', type: 'int', min: 1, max: 65535,
    defaultNote: 'see kafka_broker_port', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmtelemetryd'], status: 'not-implemented',
    description: 'Telemetry message log: Kafka broker port.',
  },
  {
    name: 'telemetry_dump_kafka_broker_port', type: 'int', min: 1, max: 65535,
    defaultNote: 'see kafka_broker_port', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmtelemetryd'], status: 'not-implemented',
    description: 'Telemetry dump: Kafka broker port.',
  },
  {
    name: 'telemetry_daemon_msglog_kafka_topic', type: 'string', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmtelemetryd'], status: 'not-implemented',
    description: 'Telemetry message log: Kafka topic (variables allowed).',
  },
  {
    name: 'telemetry_dump_kafka_topic', type: 'string', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmtelemetryd'], status: 'not-implemented',
    description: 'Telemetry dump: Kafka topic (variables allowed).',
  },
  {
    name: 'telemetry_daemon_msglog_kafka_topic_rr', type: 'int', min: 0, defaultNote: 'see kafka_topic_rr',
    scope: 'global', daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmtelemetryd'],
    status: 'not-implemented',
    description: 'Telemetry message log: spread messages round-robin over this many numbered topics.',
  },
  {
    name: 'telemetry_dump_kafka_topic_rr', type: 'int', min: 0, defaultNote: 'see kafka_topic_rr',
    scope: 'global', daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmtelemetryd'],
    status: 'not-implemented',
    description: 'Telemetry dump: spread messages round-robin over this many numbered topics.',
  },
  {
    name: 'telemetry_daemon_msglog_kafka_partition', type: 'int', min: -1,
    defaultNote: 'see kafka_partition', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmtelemetryd'], status: 'not-implemented',
    description: 'Telemetry message log: Kafka partition (-1 = the partitioner decides).',
  },
  {
    name: 'telemetry_dump_kafka_partition', type: 'int', min: -1, defaultNote: 'see kafka_partition',
    scope: 'global', daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmtelemetryd'],
    status: 'not-implemented',
    description: 'Telemetry dump: Kafka partition (-1 = the partitioner decides).',
  },
  {
    name: 'telemetry_daemon_msglog_kafka_partition_key', type: 'string', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmtelemetryd'], status: 'not-implemented',
    description: 'Telemetry message log: Kafka partition key (variables allowed).',
  },
  {
    name: 'telemetry_dump_kafka_partition_key', type: 'string', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmtelemetryd'], status: 'not-implemented',
    description: 'Telemetry dump: Kafka partition key (variables allowed).',
  },
  {
    name: 'telemetry_daemon_msglog_kafka_retry', type: 'seconds', min: 1, default: 60, scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmtelemetryd'], status: 'not-implemented',
    description: 'Telemetry message log: seconds before reconnecting to Kafka after a failure.',
  },
  {
    name: 'telemetry_daemon_msglog_kafka_config_file', type: 'path', defaultNote: 'see kafka_config_file',
    scope: 'global', daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmtelemetryd'],
    status: 'not-implemented',
    description: 'Telemetry message log: librdkafka configuration file.',
  },
  {
    name: 'telemetry_dump_kafka_config_file', type: 'path', defaultNote: 'see kafka_config_file',
    scope: 'global', daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmtelemetryd'],
    status: 'not-implemented',
    description: 'Telemetry dump: librdkafka configuration file.',
  },
  {
    name: 'telemetry_daemon_msglog_file', type: 'path', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmtelemetryd'], status: 'not-implemented',
    description: 'Telemetry message log: file to stream data to (variables allowed).',
  },
  {
    name: 'telemetry_dump_file', type: 'path', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmtelemetryd'], status: 'not-implemented',
    description: 'Telemetry dump: file to dump data to periodically (variables allowed).',
  },
  {
    name: 'telemetry_dump_latest_file', type: 'path', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmtelemetryd'], status: 'not-implemented',
    description: 'Telemetry dump: symlink to the newest dump file.',
  },
  {
    name: 'telemetry_dump_refresh_time', type: 'seconds', min: 10, max: 86400,
    defaultNote: 'none (no periodic dump)', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmtelemetryd'], status: 'not-implemented',
    description: 'Telemetry dump: seconds between two dumps.',
  },
  {
    name: 'telemetry_dump_workers', type: 'int', min: 1, default: 1, scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmtelemetryd'], status: 'not-implemented',
    description: 'Telemetry dump: number of parallel dump workers.',
  },
  {
    name: 'telemetry_daemon', type: 'bool', default: false, scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmtelemetryd'], status: 'not-implemented',
    description: 'Run the streaming telemetry thread.',
  },
  {
    name: 'telemetry_daemon_port_tcp', type: 'int', min: 1, max: 65535, scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmtelemetryd'], status: 'not-implemented',
    description: 'TCP port the telemetry collector listens on.',
  },
  {
    name: 'telemetry_daemon_port_udp', type: 'int', min: 1, max: 65535, scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmtelemetryd'], status: 'not-implemented',
    description: 'UDP port the telemetry collector listens on.',
  },
  {
    name: 'telemetry_daemon_ip', type: 'ip', default: '0.0.0.0', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmtelemetryd'], status: 'not-implemented',
    description: 'Address the telemetry collector binds to.',
  },
  {
    name: 'telemetry_daemon_ipv6_only', type: 'bool', default: false, scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmtelemetryd'], status: 'not-implemented',
    description: 'Make the telemetry IPv6 socket refuse IPv4-mapped traffic.',
  },
  {
    name: 'telemetry_daemon_decoder', type: 'enum', values: ['json', 'gpb', 'cisco_v0', 'cisco_v1'],
    scope: 'global', daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmtelemetryd'],
    status: 'not-implemented',
    description: 'Decoder for incoming telemetry data.',
  },
  {
    name: 'telemetry_daemon_max_peers', type: 'int', min: 1, default: 100, scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmtelemetryd'], status: 'not-implemented',
    description: 'Maximum number of telemetry exporters.',
  },
  {
    name: 'telemetry_daemon_peer_timeout', type: 'seconds', min: 60, default: 300, scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmtelemetryd'], status: 'not-implemented',
    description: 'Seconds of silence before a telemetry session expires.',
  },
  {
    name: 'telemetry_daemon_allow_file', type: 'path', defaultNote: 'none (all allowed)', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmtelemetryd'], map: true,
    status: 'not-implemented',
    description: 'File of addresses allowed to send telemetry.',
  },
  {
    name: 'telemetry_daemon_pipe_size', type: 'int', min: 1, max: 2147483647,
    defaultNote: 'Operating System default', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmtelemetryd'], status: 'not-implemented',
    description: 'Receive buffer size of the telemetry socket, in bytes.',
  },
  {
    name: 'telemetry_daemon_ipprec', type: 'int', min: 0, max: 7, default: 0, scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmtelemetryd'], status: 'not-implemented',
    description: 'IP precedence of telemetry packets sent.',
  },
  {
    name: 'telemetry_daemon_zmq_address', type: 'string', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmtelemetryd'], status: 'not-implemented',
    description: 'ZeroMQ queue to read telemetry from.',
  },
  {
    name: 'telemetry_daemon_kafka_broker_host', type: 'string', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmtelemetryd'], status: 'not-implemented',
    description: 'Kafka broker(s) to read telemetry from.',
  },
  {
    name: 'telemetry_daemon_kafka_broker_port', type: 'int', min: 1, max: 65535, default: 9092,
    scope: 'global', daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmtelemetryd'],
    status: 'not-implemented',
    description: 'Kafka broker port for telemetry input.',
  },
  {
    name: 'telemetry_daemon_kafka_config_file', type: 'path', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmtelemetryd'], status: 'not-implemented',
    description: 'Librdkafka configuration file for telemetry input.',
  },
  {
    name: 'telemetry_daemon_kafka_topic', type: 'string', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmtelemetryd'], status: 'not-implemented',
    description: 'Kafka topic to read telemetry from.',
  },
  {
    name: 'telemetry_daemon_udp_notif_ip', type: 'ip', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmtelemetryd'], status: 'not-implemented',
    description: 'Address to receive UDP-Notif telemetry on.',
  },
  {
    name: 'telemetry_daemon_udp_notif_port', type: 'int', min: 1, max: 65535, scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmtelemetryd'], status: 'not-implemented',
    description: 'UDP port to receive UDP-Notif telemetry on.',
  },
  {
    name: 'telemetry_daemon_udp_notif_nmsgs', type: 'int', min: 1, default: 1, scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmtelemetryd'], status: 'not-implemented',
    description: 'UDP-Notif messages read at once.',
  },
  {
    name: 'telemetry_daemon_msglog_output', type: 'enum', values: ['json'], default: 'json', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmtelemetryd'], status: 'not-implemented',
    description: 'Output format of the telemetry message log.',
  },
  {
    name: 'telemetry_dump_output', type: 'enum', values: ['json'], default: 'json', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmtelemetryd'], status: 'not-implemented',
    description: 'Output format of the telemetry dump.',
  },
];
