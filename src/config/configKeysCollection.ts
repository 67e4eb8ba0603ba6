// pmacct 1.7.7 configuration keys for packet and flow collection in nfacctd, sfacctd, pmacctd and uacctd.
// Generated once from CONFIG-KEYS and the 1.7.7 binary, then maintained by hand:
// see configKey.ts for what each property means and where it comes from.
import type { ConfigKey } from './configKey.ts';

export const COLLECTION_KEYS: readonly ConfigKey[] = [
  {
    name: 'pcap_filter', type: 'string', scope: 'global', daemons: ['pmacctd'], status: 'not-implemented',
    description: 'Global libpcap filter applied to every captured packet.',
  },
  {
    name: 'pcap_protocol', type: 'string', scope: 'global', daemons: ['pmacctd'], status: 'not-implemented',
    description: 'Packet socket protocol number to restrict live capture to (e.g. 0x0800).',
  },
  {
    name: 'pcap_arista_trailer_offset', type: 'int', min: 8, scope: 'global', daemons: ['pmacctd'],
    status: 'not-implemented',
    description: 'Byte offset, from the packet end, of the Arista mirroring trailer.',
  },
  {
    name: 'pcap_arista_trailer_flag_value', type: 'int', max: 127, default: 1, scope: 'global',
    daemons: ['pmacctd'], status: 'not-implemented',
    description: 'Arista trailer flag value meaning the output interface is present.',
  },
  {
    name: 'snaplen', type: 'int', default: 128, scope: 'global', daemons: ['pmacctd', 'uacctd'],
    switch: '-L', status: 'not-implemented',
    description: 'Maximum bytes captured per packet.',
  },
  {
    name: 'nfacctd_pipe_size', type: 'int', min: 1, max: 2147483647, defaultNote: 'Operating System default',
    scope: 'global', daemons: ['nfacctd'], status: 'implemented',
    description: 'Receive buffer size of the nfacctd collector socket, in bytes.',
  },
  {
    name: 'sfacctd_pipe_size', type: 'int', min: 1, max: 2147483647, defaultNote: 'Operating System default',
    scope: 'global', daemons: ['sfacctd'], field: 'nfacctd_pipe_size', status: 'implemented',
    description: 'Receive buffer size of the sfacctd collector socket, in bytes.',
  },
  {
    name: 'pmacctd_pipe_size', type: 'int', min: 1, max: 2147483647, defaultNote: 'Operating System default',
    scope: 'global', daemons: ['pmacctd'], field: 'nfacctd_pipe_size', status: 'not-implemented',
    description: 'Receive buffer size of the pmacctd collector socket, in bytes.',
  },
  {
    name: 'pcap_interface', type: 'string', defaultNote: 'chosen by libpcap', scope: 'global',
    daemons: ['pmacctd'], switch: '-i', status: 'not-implemented',
    description: 'Network interface to capture packets from.',
  },
  {
    name: 'pcap_interface_wait', type: 'bool', default: false, scope: 'global', daemons: ['pmacctd'],
    switch: '-w', status: 'not-implemented',
    description: 'Wait for the capture interface to appear instead of exiting.',
  },
  {
    name: 'pcap_savefile', type: 'path', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'pmbmpd'], switch: '-I', status: 'implemented',
    description: 'Read packets from this pcap file instead of the network.',
  },
  {
    name: 'pcap_savefile_wait', type: 'bool', default: false, scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'pmbmpd'], switch: '-W', status: 'implemented',
    description: 'After reading pcap_savefile, keep running until a signal arrives.',
  },
  {
    name: 'pcap_savefile_delay', type: 'seconds', min: 0, default: 0, scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'pmbmpd'], switch: '-Z', status: 'implemented',
    description: 'Seconds to sleep before each (re)play of pcap_savefile.',
  },
  {
    name: 'pcap_savefile_replay', type: 'int', min: 0, default: 1, scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'pmbmpd'], switch: '-Y', status: 'implemented',
    description: 'How many times to play pcap_savefile (0 = forever).',
  },
  {
    name: 'pcap_direction', type: 'enum', values: ['in', 'out'], scope: 'global',
    daemons: ['pmacctd', 'uacctd'], status: 'not-implemented',
    description: 'Direction of the captured traffic on pmacctd and uacctd.',
  },
  {
    name: 'uacctd_direction', type: 'enum', values: ['in', 'out'], scope: 'global', daemons: ['uacctd'],
    field: 'pcap_direction', status: 'not-implemented',
    description: 'Direction of the captured traffic on uacctd.',
  },
  {
    name: 'pcap_ifindex', type: 'enum', values: ['sys', 'hash', 'map', 'none'], scope: 'global',
    daemons: ['pmacctd'], status: 'not-implemented',
    description: 'How the ifIndex of the capture interface is derived.',
  },
  {
    name: 'pcap_interfaces_map', type: 'path', scope: 'global', daemons: ['pmacctd'], map: true,
    status: 'not-implemented',
    description: 'Map of interfaces to capture on, with their ifIndex and direction.',
  },
  {
    name: 'promisc', type: 'bool', default: true, scope: 'global', daemons: ['pmacctd'], switch: '-N',
    status: 'not-implemented',
    description: 'Put the capture interface in promiscuous mode.',
  },
  {
    name: 'sfacctd_counter_amqp_host', type: 'string', defaultNote: 'see amqp_host', scope: 'global',
    daemons: ['sfacctd'], status: 'implemented',
    description: 'sFlow counter log: address of the AMQP broker.',
  },
  {
    name: 'sfacctd_counter_amqp_vhost', type: 'string', defaultNote: 'see amqp_vhost', scope: 'global',
    daemons: ['sfacctd'], status: 'implemented',
    description: 'sFlow counter log: AMQP virtual host.',
  },
  {
    name: 'sfacctd_counter_amqp_user', type: 'string', defaultNote: 'see amqp_user', scope: 'global',
    daemons: ['sfacctd'], status: 'implemented',
    description: 'sFlow counter log: AMQP user name.',
  },
  {
    name: 'sfacctd_counter_amqp_passwd', type: 'string', defaultNote: 'see amqp_passwd', scope: 'global',
    daemons: ['sfacctd'], status: 'implemented',
    description: 'sFlow counter log: AMQP password.',
  },
  {
    name: 'sfacctd_counter_amqp_routing_key', type: 'string', scope: 'global', daemons: ['sfacctd'],
    status: 'implemented',
    description: 'sFlow counter log: AMQP routing key (variables allowed).',
    note: 'Per agent: the first $peer_src_ip is the agent (\'.\' and \':\' as \'_\'), the first $peer_tcp_port 0; nothing else is expanded (as sfacctd 1.7.7). Each counter line is a message, without writer_id; log_init has one.',
  },
  {
    name: 'sfacctd_counter_amqp_exchange', type: 'string', defaultNote: 'see amqp_exchange', scope: 'global',
    daemons: ['sfacctd'], status: 'implemented',
    description: 'sFlow counter log: AMQP exchange to publish to.',
  },
  {
    name: 'sfacctd_counter_amqp_exchange_type', type: 'enum', values: ['direct', 'fanout', 'topic'],
    defaultNote: 'see amqp_exchange_type', scope: 'global', daemons: ['sfacctd'], status: 'implemented',
    description: 'sFlow counter log: type of the AMQP exchange.',
    note: 'CONFIG-KEYS 1.7.7 misspells it \'sfactd_counter_amqp_exchange_type\'; the parser only knows this spelling.',
  },
  {
    name: 'sfacctd_counter_amqp_persistent_msg', type: 'bool', default: false, scope: 'global',
    daemons: ['sfacctd'], status: 'implemented',
    description: 'sFlow counter log: publish persistent messages to a durable exchange.',
    note: 'CONFIG-KEYS 1.7.7 misspells it \'sfacctd_counter_persistent_msg\'; the parser only knows this spelling.',
  },
  {
    name: 'sfacctd_counter_amqp_frame_max', type: 'int', min: 1, defaultNote: 'see amqp_frame_max',
    scope: 'global', daemons: ['sfacctd'], status: 'implemented',
    description: 'sFlow counter log: maximum AMQP frame size in bytes.',
  },
  {
    name: 'sfacctd_counter_amqp_heartbeat_interval', type: 'seconds', min: 0,
    defaultNote: 'see amqp_heartbeat_interval', scope: 'global', daemons: ['sfacctd'],
    status: 'implemented',
    description: 'sFlow counter log: AMQP heartbeat interval in seconds (0 = off).',
  },
  {
    name: 'sfacctd_counter_amqp_retry', type: 'seconds', min: 1, default: 60, scope: 'global',
    daemons: ['sfacctd'], status: 'implemented',
    description: 'sFlow counter log: seconds before reconnecting to the AMQP broker after a failure.',
  },
  {
    name: 'sfacctd_counter_kafka_broker_host', type: 'string', defaultNote: 'see kafka_broker_host',
    scope: 'global', daemons: ['sfacctd'], status: 'implemented',
    description: 'sFlow counter log: Kafka bootstrap broker(s).',
  },
  {
    name: 'sfacctd_counter_kafka_broker_port', type: 'int', min: 1, max: 65535,
    defaultNote: 'see kafka_broker_port', scope: 'global', daemons: ['sfacctd'], status: 'implemented',
    description: 'sFlow counter log: Kafka broker port.',
  },
  {
    name: 'sfacctd_counter_kafka_topic', type: 'string', scope: 'global', daemons: ['sfacctd'],
    status: 'implemented',
    description: 'sFlow counter log: Kafka topic (variables allowed).',
    note: 'Per agent: the first $peer_src_ip is the agent (\'.\' and \':\' as \'_\'), the first $peer_tcp_port 0; nothing else is expanded (as sfacctd 1.7.7). Each counter line is a message, without writer_id; log_init has one.',
  },
  {
    name: 'sfacctd_counter_kafka_partition', type: 'int', min: -1, defaultNote: 'see kafka_partition',
    scope: 'global', daemons: ['sfacctd'], status: 'implemented',
    description: 'sFlow counter log: Kafka partition (-1 = the partitioner decides).',
    note: 'Honoured, as sfacctd 1.7.7 does for the counter log.',
  },
  {
    name: 'sfacctd_counter_kafka_retry', type: 'seconds', min: 1, default: 60, scope: 'global',
    daemons: ['sfacctd'], status: 'implemented',
    description: 'sFlow counter log: seconds before reconnecting to Kafka after a failure.',
  },
  {
    name: 'sfacctd_counter_kafka_config_file', type: 'path', defaultNote: 'see kafka_config_file',
    scope: 'global', daemons: ['sfacctd'], status: 'implemented',
    description: 'sFlow counter log: librdkafka configuration file.',
    note: 'pmacct\'s "global|topic, key, value" lines, as kafka_config_file.',
  },
  {
    name: 'nfacctd_port', type: 'int', min: 1, max: 65535, default: 2100, scope: 'global',
    daemons: ['nfacctd'], switch: '-l', status: 'implemented',
    description: 'UDP port the nfacctd collector listens on.',
  },
  {
    name: 'sfacctd_port', type: 'int', min: 1, max: 65535, default: 6343, scope: 'global',
    daemons: ['sfacctd'], switch: '-l', field: 'nfacctd_port', status: 'implemented',
    description: 'UDP port the sfacctd collector listens on.',
  },
  {
    name: 'nfacctd_ip', type: 'ip', defaultNote: 'all interfaces', scope: 'global', daemons: ['nfacctd'],
    switch: '-L', status: 'implemented',
    description: 'Address the nfacctd collector binds to.',
  },
  {
    name: 'sfacctd_ip', type: 'ip', defaultNote: 'all interfaces', scope: 'global', daemons: ['sfacctd'],
    switch: '-L', field: 'nfacctd_ip', status: 'implemented',
    description: 'Address the sfacctd collector binds to.',
  },
  {
    name: 'nfacctd_ipv6_only', type: 'bool', default: false, scope: 'global', daemons: ['nfacctd'],
    status: 'not-implemented',
    description: 'Make the nfacctd IPv6 socket refuse IPv4-mapped traffic.',
  },
  {
    name: 'sfacctd_ipv6_only', type: 'bool', default: false, scope: 'global', daemons: ['sfacctd'],
    status: 'not-implemented',
    description: 'Make the sfacctd IPv6 socket refuse IPv4-mapped traffic.',
    note: 'Described in CONFIG-KEYS 1.7.7 but unknown to the 1.7.7 parser.',
  },
  {
    name: 'nfacctd_kafka_broker_host', type: 'string', scope: 'global', daemons: ['nfacctd'],
    status: 'implemented',
    description: 'Kafka broker(s) to read nfacctd input from instead of UDP.',
  },
  {
    name: 'sfacctd_kafka_broker_host', type: 'string', scope: 'global', daemons: ['sfacctd'],
    field: 'nfacctd_kafka_broker_host', status: 'implemented',
    description: 'Kafka broker(s) to read sfacctd input from instead of UDP.',
  },
  {
    name: 'nfacctd_kafka_broker_port', type: 'int', min: 1, max: 65535, default: 9092, scope: 'global',
    daemons: ['nfacctd'], status: 'implemented',
    description: 'Kafka broker port for nfacctd input.',
  },
  {
    name: 'sfacctd_kafka_broker_port', type: 'int', min: 1, max: 65535, default: 9092, scope: 'global',
    daemons: ['sfacctd'], field: 'nfacctd_kafka_broker_port', status: 'implemented',
    description: 'Kafka broker port for sfacctd input.',
  },
  {
    name: 'nfacctd_kafka_config_file', type: 'path', scope: 'global', daemons: ['nfacctd'],
    status: 'implemented',
    description: 'Librdkafka configuration file for nfacctd input.',
  },
  {
    name: 'sfacctd_kafka_config_file', type: 'path', scope: 'global', daemons: ['sfacctd'],
    field: 'nfacctd_kafka_config_file', status: 'implemented',
    description: 'Librdkafka configuration file for sfacctd input.',
  },
  {
    name: 'nfacctd_kafka_topic', type: 'string', scope: 'global', daemons: ['nfacctd'],
    status: 'implemented',
    description: 'Kafka topic to read nfacctd input from.',
  },
  {
    name: 'sfacctd_kafka_topic', type: 'string', scope: 'global', daemons: ['sfacctd'],
    field: 'nfacctd_kafka_topic', status: 'implemented',
    description: 'Kafka topic to read sfacctd input from.',
  },
  {
    name: 'nfacctd_zmq_address', type: 'string', scope: 'global', daemons: ['nfacctd'],
    status: 'not-implemented',
    description: 'ZeroMQ queue to read nfacctd input from.',
  },
  {
    name: 'sfacctd_zmq_address', type: 'string', scope: 'global', daemons: ['sfacctd'],
    field: 'nfacctd_zmq_address', status: 'not-implemented',
    description: 'ZeroMQ queue to read sfacctd input from.',
  },
  {
    name: 'nfacctd_allow_file', type: 'path', defaultNote: 'none (all allowed)', scope: 'global',
    daemons: ['nfacctd'], map: true, status: 'not-implemented',
    description: 'File of addresses/prefixes allowed to send data to nfacctd.',
  },
  {
    name: 'sfacctd_allow_file', type: 'path', defaultNote: 'none (all allowed)', scope: 'global',
    daemons: ['sfacctd'], field: 'nfacctd_allow_file', map: true, status: 'not-implemented',
    description: 'File of addresses/prefixes allowed to send data to sfacctd.',
  },
  {
    name: 'nfacctd_time_secs', type: 'bool', default: false, scope: 'global', daemons: ['nfacctd'],
    status: 'implemented',
    description: 'Read NetFlow header times as seconds instead of milliseconds.',
  },
  {
    name: 'nfacctd_time_new', type: 'bool', default: false, scope: 'global', daemons: ['nfacctd'],
    status: 'implemented',
    description: 'nfacctd: ignore exported timestamps and stamp flows on arrival.',
  },
  {
    name: 'pmacctd_time_new', type: 'bool', default: false, scope: 'global', daemons: ['pmacctd'],
    field: 'nfacctd_time_new', status: 'not-implemented',
    description: 'pmacctd: ignore exported timestamps and stamp flows on arrival.',
  },
  {
    name: 'sfacctd_time_new', type: 'bool', default: false, scope: 'global', daemons: ['sfacctd'],
    field: 'nfacctd_time_new', status: 'not-implemented',
    description: 'sfacctd: ignore exported timestamps and stamp flows on arrival.',
  },
  {
    name: 'nfacctd_pro_rating', type: 'bool', default: false, scope: 'any', daemons: ['nfacctd'],
    status: 'not-implemented',
    description: 'Spread a flow\'s counters over the time bins it spans.',
  },
  {
    name: 'nfacctd_templates_file', type: 'path', scope: 'global', daemons: ['nfacctd'],
    status: 'not-implemented',
    description: 'File where NetFlow v9/IPFIX templates are saved and restored.',
  },
  {
    name: 'nfacctd_templates_receiver', type: 'string', scope: 'global', daemons: ['nfacctd'],
    status: 'not-implemented',
    description: 'Address:port to export received NetFlow v9/IPFIX templates to.',
  },
  {
    name: 'nfacctd_templates_port', type: 'int', min: 1, max: 65535, scope: 'global', daemons: ['nfacctd'],
    status: 'not-implemented',
    description: 'UDP port to receive replicated templates on.',
  },
  {
    name: 'nfacctd_dtls_port', type: 'int', min: 1, max: 65535, scope: 'global', daemons: ['nfacctd'],
    status: 'not-implemented',
    description: 'UDP port to receive NetFlow/IPFIX over DTLS on.',
  },
  {
    name: 'nfacctd_stitching', type: 'bool', default: false, scope: 'any', daemons: ['nfacctd'],
    status: 'not-implemented',
    description: 'nfacctd: add timestamp_min/timestamp_max across the flows of an aggregate.',
  },
  {
    name: 'sfacctd_stitching', type: 'bool', default: false, scope: 'any', daemons: ['sfacctd'],
    field: 'nfacctd_stitching', status: 'not-implemented',
    description: 'sfacctd: add timestamp_min/timestamp_max across the flows of an aggregate.',
  },
  {
    name: 'pmacctd_stitching', type: 'bool', default: false, scope: 'any', daemons: ['pmacctd'],
    field: 'nfacctd_stitching', status: 'not-implemented',
    description: 'pmacctd: add timestamp_min/timestamp_max across the flows of an aggregate.',
  },
  {
    name: 'uacctd_stitching', type: 'bool', default: false, scope: 'any', daemons: ['uacctd'],
    field: 'nfacctd_stitching', status: 'not-implemented',
    description: 'uacctd: add timestamp_min/timestamp_max across the flows of an aggregate.',
  },
  {
    name: 'nfacctd_account_options', type: 'bool', default: false, scope: 'global', daemons: ['nfacctd'],
    status: 'implemented',
    description: 'Account NetFlow v9/IPFIX option records too.',
  },
  {
    name: 'nfacctd_as', type: 'enum', values: ['netflow', 'sflow', 'file', 'bgp', 'bmp', 'longest', 'fallback'],
    scope: 'global', daemons: ['nfacctd'], status: 'implemented',
    description: 'nfacctd: where AS numbers come from.',
  },
  {
    name: 'sfacctd_as', type: 'enum', values: ['netflow', 'sflow', 'file', 'bgp', 'bmp', 'longest', 'fallback'],
    scope: 'global', daemons: ['sfacctd'], field: 'nfacctd_as', status: 'implemented',
    description: 'sfacctd: where AS numbers come from.',
  },
  {
    name: 'pmacctd_as', type: 'enum', values: ['netflow', 'sflow', 'file', 'bgp', 'bmp', 'longest'],
    scope: 'global', daemons: ['pmacctd'], field: 'nfacctd_as', status: 'not-implemented',
    description: 'pmacctd: where AS numbers come from.',
  },
  {
    name: 'uacctd_as', type: 'enum', values: ['netflow', 'sflow', 'file', 'bgp', 'bmp', 'longest'],
    scope: 'global', daemons: ['uacctd'], field: 'nfacctd_as', status: 'not-implemented',
    description: 'uacctd: where AS numbers come from.',
  },
  {
    name: 'nfacctd_net', type: 'enum',
    values: ['netflow', 'sflow', 'mask', 'file', 'igp', 'bgp', 'bmp', 'longest', 'fallback'],
    defaultNote: 'netflow (also when networks_file/networks_mask are set: the 1.7.7 binary keeps netflow)',
    scope: 'any', daemons: ['nfacctd'], status: 'implemented',
    description: 'nfacctd: where network prefixes and masks come from.',
    note: 'CONFIG-KEYS marks it GLOBAL, but the 1.7.7 binary accepts it per plugin and uses it per plugin.',
  },
  {
    name: 'sfacctd_net', type: 'enum',
    values: ['netflow', 'sflow', 'mask', 'file', 'igp', 'bgp', 'bmp', 'longest', 'fallback'],
    defaultNote: 'sflow (also when networks_file/networks_mask are set: the 1.7.7 binary keeps sflow)',
    scope: 'any', daemons: ['sfacctd'], field: 'nfacctd_net', status: 'implemented',
    description: 'sfacctd: where network prefixes and masks come from.',
  },
  {
    name: 'pmacctd_net', type: 'enum',
    values: ['netflow', 'sflow', 'mask', 'file', 'igp', 'bgp', 'bmp', 'longest'],
    defaultNote: 'mask and/or file, from networks_mask/networks_file', scope: 'any', daemons: ['pmacctd'],
    field: 'nfacctd_net', status: 'not-implemented',
    description: 'pmacctd: where network prefixes and masks come from.',
  },
  {
    name: 'uacctd_net', type: 'enum',
    values: ['netflow', 'sflow', 'mask', 'file', 'igp', 'bgp', 'bmp', 'longest'],
    defaultNote: 'mask and/or file, from networks_mask/networks_file', scope: 'any', daemons: ['uacctd'],
    field: 'nfacctd_net', status: 'not-implemented',
    description: 'uacctd: where network prefixes and masks come from.',
  },
  {
    name: 'nfacctd_mcast_groups', type: 'list', scope: 'global', daemons: ['nfacctd'],
    status: 'not-implemented',
    description: 'Multicast groups the nfacctd collector joins.',
  },
  {
    name: 'sfacctd_mcast_groups', type: 'list', scope: 'global', daemons: ['sfacctd'],
    field: 'nfacctd_mcast_groups', status: 'not-implemented',
    description: 'Multicast groups the sfacctd collector joins.',
  },
  {
    name: 'nfacctd_disable_checks', type: 'bool', default: true, scope: 'global', daemons: ['nfacctd'],
    status: 'implemented',
    description: 'nfacctd: silence the sequence-number and version sanity warnings.',
  },
  {
    name: 'sfacctd_disable_checks', type: 'bool', default: true, scope: 'global', daemons: ['sfacctd'],
    field: 'nfacctd_disable_checks', status: 'implemented',
    description: 'sfacctd: silence the sequence-number and version sanity warnings.',
  },
  {
    name: 'nfacctd_disable_opt_scope_check', type: 'bool', default: false, scope: 'global',
    daemons: ['nfacctd'], status: 'not-implemented',
    description: 'Accept NetFlow v9/IPFIX options with a wrong scope.',
  },
  {
    name: 'pmacctd_force_frag_handling', type: 'bool', default: false, scope: 'global', daemons: ['pmacctd'],
    status: 'not-implemented',
    description: 'pmacctd: always reassemble IP fragments.',
  },
  {
    name: 'uacctd_force_frag_handling', type: 'bool', default: false, scope: 'global', daemons: ['uacctd'],
    field: 'pmacctd_force_frag_handling', status: 'not-implemented',
    description: 'uacctd: always reassemble IP fragments.',
  },
  {
    name: 'pmacctd_frag_buffer_size', type: 'int', min: 1, default: 4194304, scope: 'global',
    daemons: ['pmacctd'], status: 'not-implemented',
    description: 'pmacctd: size in bytes of the IP fragment buffer.',
  },
  {
    name: 'uacctd_frag_buffer_size', type: 'int', min: 1, default: 4194304, scope: 'global',
    daemons: ['uacctd'], field: 'pmacctd_frag_buffer_size', status: 'not-implemented',
    description: 'uacctd: size in bytes of the IP fragment buffer.',
  },
  {
    name: 'pmacctd_flow_buffer_size', type: 'int', min: 1, default: 16777216, scope: 'global',
    daemons: ['pmacctd'], status: 'not-implemented',
    description: 'pmacctd: size in bytes of the flow buffer.',
  },
  {
    name: 'uacctd_flow_buffer_size', type: 'int', min: 1, default: 16777216, scope: 'global',
    daemons: ['uacctd'], field: 'pmacctd_flow_buffer_size', status: 'not-implemented',
    description: 'uacctd: size in bytes of the flow buffer.',
  },
  {
    name: 'pmacctd_flow_buffer_buckets', type: 'int', min: 1, default: 256, scope: 'global',
    daemons: ['pmacctd'], status: 'not-implemented',
    description: 'pmacctd: number of buckets of the flow buffer.',
  },
  {
    name: 'uacctd_flow_buffer_buckets', type: 'int', min: 1, default: 256, scope: 'global',
    daemons: ['uacctd'], field: 'pmacctd_flow_buffer_buckets', status: 'not-implemented',
    description: 'uacctd: number of buckets of the flow buffer.',
  },
  {
    name: 'pmacctd_conntrack_buffer_size', type: 'int', min: 1, default: 8388608, scope: 'global',
    daemons: ['pmacctd'], status: 'not-implemented',
    description: 'pmacctd: size in bytes of the connection-tracking buffer.',
  },
  {
    name: 'uacctd_conntrack_buffer_size', type: 'int', min: 1, default: 8388608, scope: 'global',
    daemons: ['uacctd'], field: 'pmacctd_conntrack_buffer_size', status: 'not-implemented',
    description: 'uacctd: size in bytes of the connection-tracking buffer.',
  },
  {
    name: 'pmacctd_flow_lifetime', type: 'seconds', min: 1, default: 60, scope: 'global',
    daemons: ['pmacctd'], status: 'not-implemented',
    description: 'pmacctd: seconds of inactivity before a non-TCP flow expires.',
  },
  {
    name: 'uacctd_flow_lifetime', type: 'seconds', min: 1, default: 60, scope: 'global', daemons: ['uacctd'],
    field: 'pmacctd_flow_lifetime', status: 'not-implemented',
    description: 'uacctd: seconds of inactivity before a non-TCP flow expires.',
  },
  {
    name: 'pmacctd_flow_tcp_lifetime', type: 'seconds', min: 1,
    defaultNote: '60 (432000 with classification)', scope: 'global', daemons: ['pmacctd'],
    status: 'not-implemented',
    description: 'pmacctd: seconds of inactivity before a TCP flow expires.',
  },
  {
    name: 'uacctd_flow_tcp_lifetime', type: 'seconds', min: 1,
    defaultNote: '60 (432000 with classification)', scope: 'global', daemons: ['uacctd'],
    field: 'pmacctd_flow_tcp_lifetime', status: 'not-implemented',
    description: 'uacctd: seconds of inactivity before a TCP flow expires.',
  },
  {
    name: 'pmacctd_ext_sampling_rate', type: 'int', min: 1, scope: 'global', daemons: ['pmacctd'],
    field: 'nfacctd_ext_sampling_rate', status: 'not-implemented',
    description: 'pmacctd: sampling rate applied before the data reached the daemon.',
  },
  {
    name: 'uacctd_ext_sampling_rate', type: 'int', min: 1, scope: 'global', daemons: ['uacctd'],
    field: 'nfacctd_ext_sampling_rate', status: 'not-implemented',
    description: 'uacctd: sampling rate applied before the data reached the daemon.',
  },
  {
    name: 'nfacctd_ext_sampling_rate', type: 'int', min: 1, scope: 'global', daemons: ['nfacctd'],
    status: 'implemented',
    description: 'nfacctd: sampling rate applied before the data reached the daemon.',
  },
  {
    name: 'sfacctd_ext_sampling_rate', type: 'int', min: 1, scope: 'global', daemons: ['sfacctd'],
    field: 'nfacctd_ext_sampling_rate', status: 'implemented',
    description: 'sfacctd: sampling rate applied before the data reached the daemon (used by sfacctd_renormalize instead of the estimate).',
  },
  {
    name: 'sfacctd_renormalize', type: 'bool', default: false, scope: 'global', daemons: ['sfacctd'],
    switch: '-R', field: 'nfacctd_renormalize', status: 'implemented',
    description: 'sfacctd: scale counters up by the effective sampling rate (sample pool delta / sequence delta).',
  },
  {
    name: 'nfacctd_renormalize', type: 'bool', default: false, scope: 'global', daemons: ['nfacctd'],
    switch: '-R', status: 'implemented',
    description: 'nfacctd: scale counters up by the sampling rate.',
  },
  {
    name: 'pmacctd_renormalize', type: 'bool', default: false, scope: 'global', daemons: ['pmacctd'],
    switch: '-R', field: 'nfacctd_renormalize', status: 'not-implemented',
    description: 'pmacctd: scale counters up by the sampling rate.',
  },
  {
    name: 'uacctd_renormalize', type: 'bool', default: false, scope: 'global', daemons: ['uacctd'],
    switch: '-R', field: 'nfacctd_renormalize', status: 'not-implemented',
    description: 'uacctd: scale counters up by the sampling rate.',
  },
  {
    name: 'pmacctd_nonroot', type: 'bool', default: false, scope: 'global', daemons: ['pmacctd'],
    status: 'not-implemented',
    description: 'Allow pmacctd to run without root privileges.',
  },
  {
    name: 'sfacctd_counter_file', type: 'path', scope: 'global', daemons: ['sfacctd'],
    status: 'implemented',
    description: 'File to log sFlow counter samples to.',
    note: 'Per agent: the first $peer_src_ip is the agent (\'.\' and \':\' as \'_\'), the first $peer_tcp_port 0; nothing else is expanded (as sfacctd 1.7.7).',
  },
  {
    name: 'sfacctd_counter_output', type: 'enum', values: ['json'], default: 'json', scope: 'global',
    daemons: ['sfacctd'], status: 'implemented',
    description: 'Format of the sFlow counter log.',
  },
  {
    name: 'nfacctd_peer_as', type: 'bool', default: false, scope: 'any', daemons: ['nfacctd'],
    status: 'not-implemented',
    description: 'nfacctd: use peer AS instead of origin AS for src_as/dst_as.',
  },
  {
    name: 'sfacctd_peer_as', type: 'bool', default: false, scope: 'any', daemons: ['sfacctd'],
    field: 'nfacctd_peer_as', status: 'not-implemented',
    description: 'sfacctd: use peer AS instead of origin AS for src_as/dst_as.',
  },
  {
    name: 'uacctd_group', type: 'int', default: 0, scope: 'any', daemons: ['uacctd'],
    status: 'not-implemented',
    description: 'NFLOG group uacctd joins.',
  },
  {
    name: 'uacctd_nl_size', type: 'int', default: 131072, scope: 'any', daemons: ['uacctd'],
    status: 'not-implemented',
    description: 'NFLOG netlink buffer size in bytes.',
  },
  {
    name: 'uacctd_threshold', type: 'int', default: 1, scope: 'any', daemons: ['uacctd'],
    status: 'not-implemented',
    description: 'Packets queued in the kernel before NFLOG delivers them.',
  },
  {
    name: 'tunnel_0', type: 'string', scope: 'global', daemons: ['pmacctd', 'uacctd'],
    status: 'not-implemented',
    description: 'Tunnel protocol and options to inspect inside captured packets.',
  },
  {
    name: 'classifier_num_roots', type: 'int', min: 1, default: 512, scope: 'global',
    daemons: ['pmacctd', 'uacctd'], status: 'not-implemented',
    description: 'nDPI: number of buckets of the flow table.',
    note: 'Needs pmacct built with --enable-ndpi; the Debian 1.7.7 build lacks it.',
  },
  {
    name: 'classifier_max_flows', type: 'int', min: 1, default: 200000000, scope: 'global',
    daemons: ['pmacctd', 'uacctd'], status: 'not-implemented',
    description: 'nDPI: maximum number of tracked flows.',
    note: 'Needs pmacct built with --enable-ndpi; the Debian 1.7.7 build lacks it.',
  },
  {
    name: 'classifier_proto_guess', type: 'bool', default: false, scope: 'global',
    daemons: ['pmacctd', 'uacctd'], status: 'not-implemented',
    description: 'nDPI: guess the protocol when classification fails.',
    note: 'Needs pmacct built with --enable-ndpi; the Debian 1.7.7 build lacks it.',
  },
  {
    name: 'classifier_idle_scan_period', type: 'seconds', min: 1, default: 10, scope: 'global',
    daemons: ['pmacctd', 'uacctd'], status: 'not-implemented',
    description: 'nDPI: seconds between two scans for idle flows.',
    note: 'Needs pmacct built with --enable-ndpi; the Debian 1.7.7 build lacks it.',
  },
  {
    name: 'classifier_idle_scan_budget', type: 'int', min: 1, default: 1024, scope: 'global',
    daemons: ['pmacctd', 'uacctd'], status: 'not-implemented',
    description: 'nDPI: idle flows expired per scan.',
    note: 'Needs pmacct built with --enable-ndpi; the Debian 1.7.7 build lacks it.',
  },
  {
    name: 'classifier_giveup_proto_tcp', type: 'int', min: 1, default: 10, scope: 'global',
    daemons: ['pmacctd', 'uacctd'], status: 'not-implemented',
    description: 'nDPI: packets tried before giving up on a TCP flow.',
    note: 'Needs pmacct built with --enable-ndpi; the Debian 1.7.7 build lacks it.',
  },
  {
    name: 'classifier_giveup_proto_udp', type: 'int', min: 1, default: 8, scope: 'global',
    daemons: ['pmacctd', 'uacctd'], status: 'not-implemented',
    description: 'nDPI: packets tried before giving up on a UDP flow.',
    note: 'Needs pmacct built with --enable-ndpi; the Debian 1.7.7 build lacks it.',
  },
  {
    name: 'classifier_giveup_proto_other', type: 'int', min: 1, default: 8, scope: 'global',
    daemons: ['pmacctd', 'uacctd'], status: 'not-implemented',
    description: 'nDPI: packets tried before giving up on other flows.',
    note: 'Needs pmacct built with --enable-ndpi; the Debian 1.7.7 build lacks it.',
  },
  {
    name: 'tmp_asa_bi_flow', type: 'bool', default: false, scope: 'any', daemons: ['nfacctd'],
    status: 'not-implemented',
    description: 'Account Cisco ASA bi-flows using both counter sets.',
  },
  {
    name: 'nfacctd_as_new', type: 'enum', values: ['netflow', 'sflow', 'file', 'bgp', 'bmp', 'longest', 'fallback'],
    scope: 'global', daemons: ['nfacctd'], field: 'nfacctd_as', undocumented: true, status: 'implemented',
    description: 'Older name of nfacctd_as (same setting).',
  },
  {
    name: 'sfacctd_as_new', type: 'enum', values: ['netflow', 'sflow', 'file', 'bgp', 'bmp', 'longest', 'fallback'],
    scope: 'global', daemons: ['sfacctd'], field: 'nfacctd_as', undocumented: true,
    status: 'implemented',
    description: 'Older name of sfacctd_as (same setting).',
  },
  {
    name: 'sfacctd_counter_kafka_partition_key', type: 'string', scope: 'global', daemons: ['sfacctd'],
    undocumented: true, status: 'implemented',
    description: 'sFlow counter log: Kafka partition key.',
    note: 'Accepted by the 1.7.7 parser but not described in CONFIG-KEYS. The key of every message, as written (no variables, as in sfacctd 1.7.7).',
  },
  {
    name: 'classifiers', type: 'path', scope: 'global', daemons: ['pmacctd', 'uacctd'], undocumented: true,
    status: 'not-implemented',
    description: 'Legacy classifier: directory of classifier definitions.',
    note: 'Accepted by the 1.7.7 parser but not described in CONFIG-KEYS.',
  },
  {
    name: 'classifier_tentatives', type: 'int', min: 1, scope: 'global', daemons: ['pmacctd', 'uacctd'],
    undocumented: true, status: 'not-implemented',
    description: 'Legacy classifier: packets tried before giving up on a flow.',
    note: 'Accepted by the 1.7.7 parser but not described in CONFIG-KEYS.',
  },
  {
    name: 'classifier_table_num', type: 'int', min: 1, scope: 'global', daemons: ['pmacctd', 'uacctd'],
    undocumented: true, status: 'not-implemented',
    description: 'Legacy classifier: number of classifier table entries.',
    note: 'Accepted by the 1.7.7 parser but not described in CONFIG-KEYS.',
  },
];
