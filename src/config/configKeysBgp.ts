// pmacct 1.7.7 configuration keys for the BGP thread and daemon (and the maps that feed
// flow/BGP correlation); the BMP keys that CONFIG-KEYS lists beside them are in configKeysBmp.ts.
// Generated once from CONFIG-KEYS and the 1.7.7 binary, then maintained by hand:
// see configKey.ts for what each property means and where it comes from.
import type { ConfigKey } from './configKey.ts';
import { TRAFFIC_DAEMONS } from './daemonName.ts';

export const BGP_KEYS: readonly ConfigKey[] = [
  {
    name: 'bgp_daemon_pipe_size', type: 'int', min: 1, max: 2147483647,
    defaultNote: 'Operating System default', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'], status: 'implemented',
    note: 'SO_RCVBUF on the listening socket through build/socketOptions.node, raised only, as pmacct; without the addon: a warning and the OS default.',
    description: 'Receive buffer size of the BGP daemon sockets, in bytes.',
  },
  {
    name: 'bgp_daemon_msglog_amqp_host', type: 'string', defaultNote: 'see amqp_host', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'], status: 'implemented',
    description: 'BGP message log: address of the AMQP broker.',
  },
  {
    name: 'bgp_table_dump_amqp_host', type: 'string', defaultNote: 'see amqp_host', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'], status: 'implemented',
    description: 'BGP table dump: address of the AMQP broker.',
  },
  {
    name: 'bgp_daemon_msglog_amqp_vhost', type: 'string', defaultNote: 'see amqp_vhost', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'], status: 'implemented',
    description: 'BGP message log: AMQP virtual host.',
  },
  {
    name: 'bgp_table_dump_amqp_vhost', type: 'string', defaultNote: 'see amqp_vhost', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'], status: 'implemented',
    description: 'BGP table dump: AMQP virtual host.',
  },
  {
    name: 'bgp_daemon_msglog_amqp_user', type: 'string', defaultNote: 'see amqp_user', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'], status: 'implemented',
    description: 'BGP message log: AMQP user name.',
  },
  {
    name: 'bgp_table_dump_amqp_user', type: 'string', defaultNote: 'see amqp_user', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'], status: 'implemented',
    description: 'BGP table dump: AMQP user name.',
  },
  {
    name: 'bgp_daemon_msglog_amqp_passwd', type: 'string', defaultNote: 'see amqp_passwd', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'], status: 'implemented',
    description: 'BGP message log: AMQP password.',
  },
  {
    name: 'bgp_table_dump_amqp_passwd', type: 'string', defaultNote: 'see amqp_passwd', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'], status: 'implemented',
    description: 'BGP table dump: AMQP password.',
  },
  {
    name: 'bgp_daemon_msglog_amqp_routing_key', type: 'string', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'], status: 'implemented',
    description: 'BGP message log: AMQP routing key (variables allowed).',
  },
  {
    name: 'bgp_table_dump_amqp_routing_key', type: 'string', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'], status: 'implemented',
    description: 'BGP table dump: AMQP routing key (variables allowed).',
  },
  {
    name: 'bgp_daemon_msglog_amqp_routing_key_rr', type: 'int', min: 0,
    defaultNote: 'see amqp_routing_key_rr', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'], status: 'implemented',
    description: 'BGP message log: spread messages round-robin over this many numbered routing keys.',
  },
  {
    name: 'bgp_table_dump_amqp_routing_key_rr', type: 'int', min: 0, defaultNote: 'see amqp_routing_key_rr',
    scope: 'global', daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'],
    status: 'implemented',
    description: 'BGP table dump: spread messages round-robin over this many numbered routing keys.',
  },
  {
    name: 'bgp_daemon_msglog_amqp_exchange', type: 'string', defaultNote: 'see amqp_exchange',
    scope: 'global', daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'],
    status: 'implemented',
    description: 'BGP message log: AMQP exchange to publish to.',
  },
  {
    name: 'bgp_table_dump_amqp_exchange', type: 'string', defaultNote: 'see amqp_exchange', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'], status: 'implemented',
    description: 'BGP table dump: AMQP exchange to publish to.',
  },
  {
    name: 'bgp_daemon_msglog_amqp_exchange_type', type: 'enum', values: ['direct', 'fanout', 'topic'],
    defaultNote: 'see amqp_exchange_type', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'], status: 'implemented',
    description: 'BGP message log: type of the AMQP exchange.',
  },
  {
    name: 'bgp_table_dump_amqp_exchange_type', type: 'enum', values: ['direct', 'fanout', 'topic'],
    defaultNote: 'see amqp_exchange_type', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'], status: 'implemented',
    description: 'BGP table dump: type of the AMQP exchange.',
  },
  {
    name: 'bgp_daemon_msglog_amqp_persistent_msg', type: 'bool', default: false, scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'], status: 'implemented',
    description: 'BGP message log: publish persistent messages to a durable exchange.',
  },
  {
    name: 'bgp_table_dump_amqp_persistent_msg', type: 'bool', default: false, scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'], status: 'implemented',
    description: 'BGP table dump: publish persistent messages to a durable exchange.',
  },
  {
    name: 'bgp_daemon_msglog_amqp_frame_max', type: 'int', min: 1, defaultNote: 'see amqp_frame_max',
    scope: 'global', daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'],
    status: 'implemented',
    description: 'BGP message log: maximum AMQP frame size in bytes.',
  },
  {
    name: 'bgp_table_dump_amqp_frame_max', type: 'int', min: 1, defaultNote: 'see amqp_frame_max',
    scope: 'global', daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'],
    status: 'implemented',
    description: 'BGP table dump: maximum AMQP frame size in bytes.',
  },
  {
    name: 'bgp_daemon_msglog_amqp_heartbeat_interval', type: 'seconds', min: 0,
    defaultNote: 'see amqp_heartbeat_interval', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'], status: 'implemented',
    description: 'BGP message log: AMQP heartbeat interval in seconds (0 = off).',
  },
  {
    name: 'bgp_table_dump_amqp_heartbeat_interval', type: 'seconds', min: 0,
    defaultNote: 'see amqp_heartbeat_interval', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'], status: 'implemented',
    description: 'BGP table dump: AMQP heartbeat interval in seconds (0 = off).',
  },
  {
    name: 'bgp_daemon_msglog_amqp_retry', type: 'seconds', min: 1, default: 60, scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'], status: 'implemented',
    description: 'BGP message log: seconds before reconnecting to the AMQP broker after a failure.',
  },
  {
    name: 'bgp_daemon_msglog_kafka_broker_host', type: 'string', defaultNote: 'see kafka_broker_host',
    scope: 'global', daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'],
    status: 'implemented',
    description: 'BGP message log: Kafka bootstrap broker(s).',
  },
  {
    name: 'bgp_table_dump_kafka_broker_host', type: 'string', defaultNote: 'see kafka_broker_host',
    scope: 'global', daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'],
    status: 'implemented',
    description: 'BGP table dump: Kafka bootstrap broker(s).',
  },
  {
    name: 'bgp_daemon_msglog_kafka_broker_port', type: 'int', min: 1, max: 65535,
    defaultNote: 'see kafka_broker_port', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'], status: 'implemented',
    description: 'BGP message log: Kafka broker port.',
  },
  {
    name: 'bgp_table_dump_kafka_broker_port', type: 'int', min: 1, max: 65535,
    defaultNote: 'see kafka_broker_port', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'], status: 'implemented',
    description: 'BGP table dump: Kafka broker port.',
  },
  {
    name: 'bgp_daemon_msglog_kafka_topic', type: 'string', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'], status: 'implemented',
    description: 'BGP message log: Kafka topic (variables allowed).',
  },
  {
    name: 'bgp_table_dump_kafka_topic', type: 'string', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'], status: 'implemented',
    description: 'BGP table dump: Kafka topic (variables allowed).',
  },
  {
    name: 'bgp_daemon_msglog_kafka_topic_rr', type: 'int', min: 0, defaultNote: 'see kafka_topic_rr',
    scope: 'global', daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'],
    status: 'implemented',
    description: 'BGP message log: spread messages round-robin over this many numbered topics.',
  },
  {
    name: 'bgp_table_dump_kafka_topic_rr', type: 'int', min: 0, defaultNote: 'see kafka_topic_rr',
    scope: 'global', daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'],
    status: 'implemented',
    description: 'BGP table dump: spread messages round-robin over this many numbered topics.',
  },
  {
    name: 'bgp_daemon_msglog_kafka_partition', type: 'int', min: -1, defaultNote: 'see kafka_partition',
    scope: 'global', daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'],
    status: 'implemented',
    description: 'BGP message log: Kafka partition (-1 = the partitioner decides).',
  },
  {
    name: 'bgp_table_dump_kafka_partition', type: 'int', min: -1, defaultNote: 'see kafka_partition',
    scope: 'global', daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'],
    status: 'implemented',
    description: 'BGP table dump: Kafka partition (-1 = the partitioner decides).',
  },
  {
    name: 'bgp_daemon_msglog_kafka_partition_key', type: 'string', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'], status: 'implemented',
    description: 'BGP message log: Kafka partition key (variables allowed).',
  },
  {
    name: 'bgp_table_dump_kafka_partition_key', type: 'string', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'], status: 'implemented',
    description: 'BGP table dump: Kafka partition key (variables allowed).',
  },
  {
    name: 'bgp_daemon_msglog_kafka_retry', type: 'seconds', min: 1, default: 60, scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'], status: 'implemented',
    description: 'BGP message log: seconds before reconnecting to Kafka after a failure.',
  },
  {
    name: 'bgp_daemon_msglog_kafka_config_file', type: 'path', defaultNote: 'see kafka_config_file',
    scope: 'global', daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'],
    status: 'implemented',
    description: 'BGP message log: librdkafka configuration file.',
  },
  {
    name: 'bgp_table_dump_kafka_config_file', type: 'path', defaultNote: 'see kafka_config_file',
    scope: 'global', daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'],
    status: 'implemented',
    description: 'BGP table dump: librdkafka configuration file.',
  },
  {
    name: 'bgp_daemon', type: 'bool', default: false, scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'], status: 'implemented',
    description: 'Run the BGP collector thread.',
  },
  {
    name: 'bgp_daemon_ip', type: 'ip', default: '0.0.0.0', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'], status: 'implemented',
    description: 'Address the BGP daemon listens on.',
  },
  {
    name: 'bgp_daemon_ipv6_only', type: 'bool', default: false, scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmbgpd'], status: 'implemented',
    description: 'Make the BGP daemon IPv6 socket refuse IPv4-mapped connections.',
  },
  {
    name: 'bgp_daemon_id', type: 'ip', default: '1.2.3.4', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'], status: 'implemented',
    description: 'BGP router id the collector presents.',
  },
  {
    name: 'bgp_daemon_as', type: 'int', min: 1, max: 4294967295, scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'], status: 'implemented',
    description: 'Local AS of the BGP collector (default: mirror the peer, iBGP).',
  },
  {
    name: 'bgp_daemon_port', type: 'int', min: 1, max: 65535, default: 179, scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'], status: 'implemented',
    description: 'TCP port the BGP daemon listens on.',
  },
  {
    name: 'bgp_daemon_ipprec', type: 'int', min: 0, max: 7, default: 0, scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'], status: 'implemented',
    note: 'IP_TOS (precedence << 5) on the listening socket through build/socketOptions.node, as pmacct; IPv6 sessions also get IPV6_TCLASS.',
    description: 'BGP daemon: IP precedence of the packets sent.',
  },
  {
    name: 'bgp_daemon_max_peers', type: 'int', min: 1, default: 4, scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'], status: 'implemented',
    description: 'Maximum number of BGP daemon peers.',
    note: 'CONFIG-KEYS says 10; pmbgpd and nfacctd 1.7.7 log "maximum BGP peers allowed: 4" without the key, and the binary wins.',
  },
  {
    name: 'bgp_daemon_batch_interval', type: 'seconds', min: 0, default: 0, scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'], status: 'implemented',
    description: 'BGP daemon: seconds between two batches of accepted peers.',
  },
  {
    name: 'bgp_daemon_batch', type: 'int', min: 0, default: 0, scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'], status: 'implemented',
    description: 'BGP daemon: number of peers accepted per batch.',
  },
  {
    name: 'bgp_daemon_msglog_file', type: 'path', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'], status: 'implemented',
    description: 'BGP message log: file to stream messages to (variables allowed).',
  },
  {
    name: 'bgp_daemon_msglog_avro_schema_file', type: 'path', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'], status: 'implemented',
    description: 'BGP message log: file to write the Avro schema to.',
    note: 'With avro or avro_json output: <path>-bgp_msglog, <path>-bgp_loginit and <path>-bgp_logclose, as pmacct writes them.',
  },
  {
    name: 'bgp_table_dump_avro_schema_file', type: 'path', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'], status: 'implemented',
    description: 'BGP table dump: file to write the Avro schema to.',
    note: 'With avro or avro_json output: <path>-bgp_dump, <path>-bgp_dumpinit and <path>-bgp_dumpclose, as pmacct writes them.',
  },
  {
    name: 'bgp_daemon_msglog_kafka_avro_schema_registry', type: 'string', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'], status: 'implemented',
    description: 'BGP message log: Confluent schema registry URL.',
    note: 'Subjects <kafka_topic>-bgp-msglog-value, -bgp-loginit-value, -bgp-logclose-value; needs bgp_daemon_msglog_output avro and a static bgp_daemon_msglog_kafka_topic.',
  },
  {
    name: 'bgp_table_dump_kafka_avro_schema_registry', type: 'string', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'], status: 'implemented',
    description: 'BGP table dump: Confluent schema registry URL.',
    note: 'Subjects <kafka_topic>-bgp-dump-value, -bgp-dumpinit-value, -bgp-dumpclose-value; needs bgp_table_dump_output avro and a static bgp_table_dump_kafka_topic.',
  },
  {
    name: 'bgp_daemon_msglog_output', type: 'enum', values: ['json', 'avro', 'avro_json'], default: 'json',
    scope: 'global', daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'],
    status: 'implemented',
    description: 'BGP message log: output format.',
    note: 'avro: binary records back to back (no container file); avro_json: one avro-c JSON text per line (docs/compat.md, BGP message log and dump in Avro).',
  },
  {
    name: 'bgp_aspath_radius', type: 'int', min: 1, scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'], status: 'implemented',
    description: 'Cut AS paths to this many hops.',
  },
  {
    name: 'bgp_stdcomm_pattern', type: 'string', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'], status: 'implemented',
    description: 'Keep only the standard communities matching these patterns.',
  },
  {
    name: 'bgp_extcomm_pattern', type: 'string', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'], status: 'implemented',
    description: 'Keep only the extended communities matching these patterns.',
  },
  {
    name: 'bgp_lrgcomm_pattern', type: 'string', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'], status: 'implemented',
    description: 'Keep only the large communities matching these patterns.',
  },
  {
    name: 'bgp_stdcomm_pattern_to_asn', type: 'string', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'], status: 'implemented',
    description: 'Derive the AS from the standard community matching this pattern.',
  },
  {
    name: 'bgp_lrgcomm_pattern_to_asn', type: 'string', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'], status: 'implemented',
    description: 'Derive the AS from the large community matching this pattern.',
  },
  {
    name: 'bgp_peer_as_skip_subas', type: 'bool', default: false, scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'], status: 'implemented',
    description: 'Skip confederation sub-ASes when finding the peer AS.',
  },
  {
    name: 'bgp_peer_src_as_type', type: 'enum', values: ['netflow', 'sflow', 'map', 'bgp'],
    defaultNote: 'netflow, sflow', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'], status: 'implemented',
    description: 'Source of the peer_src_as primitive.',
  },
  {
    name: 'bgp_peer_src_as_map', type: 'path', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'], map: true, status: 'implemented',
    description: 'Map used when bgp_peer_src_as_type is map.',
  },
  {
    name: 'bgp_src_std_comm_type', type: 'enum', values: ['bgp'], scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'], status: 'implemented',
    description: 'Source of the src_std_comm primitive.',
  },
  {
    name: 'bgp_src_ext_comm_type', type: 'enum', values: ['bgp'], scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'], status: 'implemented',
    description: 'Source of the src_ext_comm primitive.',
  },
  {
    name: 'bgp_src_lrg_comm_type', type: 'enum', values: ['bgp'], scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'], status: 'implemented',
    description: 'Source of the src_lrg_comm primitive.',
  },
  {
    name: 'bgp_src_as_path_type', type: 'enum', values: ['bgp'], scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'], status: 'implemented',
    description: 'Source of the src_as_path primitive.',
  },
  {
    name: 'bgp_src_local_pref_type', type: 'enum', values: ['map', 'bgp'], scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'], status: 'implemented',
    description: 'Source of the src_local_pref primitive.',
  },
  {
    name: 'bgp_src_local_pref_map', type: 'path', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'], map: true, status: 'implemented',
    description: 'Map used when bgp_src_local_pref_type is map.',
  },
  {
    name: 'bgp_src_med_type', type: 'enum', values: ['map', 'bgp'], scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'], status: 'implemented',
    description: 'Source of the src_med primitive.',
  },
  {
    name: 'bgp_src_roa_type', type: 'enum', values: ['bgp'], scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'], status: 'not-implemented',
    description: 'Source of the src_roa primitive.',
  },
  {
    name: 'bgp_src_med_map', type: 'path', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'], map: true, status: 'implemented',
    description: 'Map used when bgp_src_med_type is map.',
  },
  {
    name: 'bgp_agent_map', type: 'path', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'], map: true, status: 'implemented',
    description: 'Map from flow exporter to the BGP peer whose RIB is used.',
  },
  {
    name: 'flow_to_rd_map', type: 'path', scope: 'global', daemons: TRAFFIC_DAEMONS, map: true,
    status: 'implemented',
    description: 'Map from router, interface or MPLS label to a BGP route distinguisher.',
  },
  {
    name: 'bgp_follow_default', type: 'int', min: 0, default: 0, scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'], status: 'implemented',
    description: 'How many times a default route may be followed during lookups.',
  },
  {
    name: 'bgp_follow_nexthop', type: 'list', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'], status: 'implemented',
    description: 'Prefixes whose BGP next-hops are followed recursively.',
  },
  {
    name: 'bgp_follow_nexthop_external', type: 'bool', default: false, scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'], status: 'implemented',
    description: 'Return the external next hop when following next-hops.',
  },
  {
    name: 'bgp_disable_router_id_check', type: 'bool', default: false, scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'], status: 'implemented',
    description: 'Accept peers whose router id clashes with another peer.',
  },
  {
    name: 'bgp_neighbors_file', type: 'path', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'], status: 'implemented',
    description: 'File listing the established BGP neighbors.',
  },
  {
    name: 'bgp_daemon_allow_file', type: 'path', defaultNote: 'none (all allowed)', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'], map: true, status: 'implemented',
    description: 'File of addresses allowed to open a BGP daemon session.',
  },
  {
    name: 'bgp_daemon_md5_file', type: 'path', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'], status: 'implemented',
    description: 'File of BGP peers and their TCP-MD5 passwords.',
  },
  {
    name: 'bgp_table_peer_buckets', type: 'int', min: 1, max: 1000, default: 13, scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'], status: 'accepted',
    note: 'tsacct keeps one prefix table per peer and address family, whose slots and hash buckets double as routes arrive: there are no buckets to size.',
    description: 'BGP daemon: number of buckets of the per-peer routing tables.',
  },
  {
    name: 'bgp_table_per_peer_buckets', type: 'int', min: 1, max: 128, default: 1, scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'], status: 'accepted',
    note: 'Each peer has prefix tables of its own that grow as needed (ADD-PATH paths of a prefix share one chain): there is no shared table to spread a peer over.',
    description: 'BGP daemon: buckets each peer\'s routes are spread over.',
  },
  {
    name: 'bgp_table_attr_hash_buckets', type: 'int', min: 1, max: 1000000, default: 65535, scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'], status: 'accepted',
    note: 'tsacct interns attribute sets and their AS paths and communities in tables whose hash buckets double as they fill: there are no buckets to size.',
    description: 'BGP daemon: number of buckets of the attribute hashes.',
  },
  {
    name: 'bgp_table_per_peer_hash', type: 'enum', values: ['path_id'], default: 'path_id', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'], status: 'accepted',
    note: 'A peer\'s routes are not spread over buckets in tsacct (see bgp_table_per_peer_buckets), so there is nothing to hash on; path_id is its only value.',
    description: 'BGP daemon: what spreads a peer\'s routes over its buckets.',
  },
  {
    name: 'bgp_table_dump_file', type: 'path', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'], status: 'implemented',
    description: 'BGP table dump: file to dump tables to periodically (variables allowed).',
  },
  {
    name: 'bgp_table_dump_output', type: 'enum', values: ['json', 'avro', 'avro_json'], default: 'json',
    scope: 'global', daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'],
    status: 'implemented',
    description: 'BGP table dump: output format.',
    note: 'avro: binary records back to back (no container file); avro_json: one avro-c JSON text per line (docs/compat.md, BGP message log and dump in Avro).',
  },
  {
    name: 'bgp_table_dump_refresh_time', type: 'seconds', min: 60, max: 86400,
    defaultNote: 'none (no periodic dump)', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'], status: 'implemented',
    description: 'BGP table dump: seconds between two dumps.',
  },
  {
    name: 'bgp_table_dump_latest_file', type: 'path', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'], status: 'implemented',
    description: 'BGP table dump: symlink to the newest dump file.',
  },
  {
    name: 'bgp_daemon_lg', type: 'bool', default: false, scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'], status: 'implemented',
    description: 'Run the BGP looking-glass server.',
  },
  {
    name: 'bgp_daemon_lg_ip', type: 'ip', default: '127.0.0.1', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'], status: 'implemented',
    description: 'Address the BGP looking glass listens on.',
  },
  {
    name: 'bgp_daemon_lg_port', type: 'int', min: 1, max: 65535, default: 17900, scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'], status: 'implemented',
    description: 'Port the BGP looking glass listens on.',
  },
  {
    name: 'bgp_daemon_lg_user', type: 'string', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'], status: 'implemented',
    description: 'User name required by the BGP looking glass.',
  },
  {
    name: 'bgp_daemon_lg_passwd', type: 'string', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'], status: 'implemented',
    description: 'Password required by the BGP looking glass.',
  },
  {
    name: 'bgp_daemon_lg_threads', type: 'int', min: 1, default: 8, scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'], status: 'accepted',
    note: 'tsacct answers looking-glass queries on its event loop (each takes microseconds): there is no thread pool to size.',
    description: 'Number of BGP looking-glass threads.',
  },
  {
    name: 'bgp_daemon_xconnect_map', type: 'path', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'], map: true, status: 'implemented',
    note: 'pmbgpd only (a proxy instead of a collector); refused at startup in the other daemons and beside the msglog, dump and looking-glass keys.',
    description: 'Map cross-connecting BGP peers to upstream collectors (BGP proxy).',
  },
  {
    name: 'bgp_table_dump_workers', type: 'int', min: 1, default: 1, scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'], status: 'accepted',
    note: 'tsacct dumps the tables in place on its event loop, a few thousand routes per turn, so sessions go on meanwhile: there are no dump workers to start.',
    description: 'BGP table dump: number of parallel dump workers.',
  },
];
