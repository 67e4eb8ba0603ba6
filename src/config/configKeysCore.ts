// pmacct 1.7.7 configuration keys for the process, logging, plugins and the aggregation shared by every plugin.
// Generated once from CONFIG-KEYS and the 1.7.7 binary, then maintained by hand:
// see configKey.ts for what each property means and where it comes from.
import type { ConfigKey } from './configKey.ts';
import { ALL_DAEMONS, TRAFFIC_DAEMONS } from './daemonName.ts';

export const CORE_KEYS: readonly ConfigKey[] = [
  {
    name: 'debug', type: 'bool', default: false, scope: 'any', daemons: ALL_DAEMONS, switch: '-d',
    status: 'implemented',
    description: 'Turn on debug logging.',
  },
  {
    name: 'debug_internal_msg', type: 'bool', default: false, scope: 'any', daemons: TRAFFIC_DAEMONS,
    status: 'accepted',
    description: 'Extra debug of the messages between the core process and the plugins (needs debug).',
    note: 'tsacct has no core-to-plugin messaging to trace; debug already logs what there is.',
  },
  {
    name: 'daemonize', type: 'bool', default: false, scope: 'global', daemons: ALL_DAEMONS, switch: '-D',
    status: 'implemented',
    description: 'Detach from the terminal and run in the background.',
  },
  {
    name: 'aggregate', type: 'list', default: ['src_host'], scope: 'any', daemons: TRAFFIC_DAEMONS,
    switch: '-c', lowerCase: true, status: 'implemented',
    description: 'Comma-separated primitives a plugin aggregates flows on.',
  },
  {
    name: 'aggregate_primitives', type: 'path', scope: 'global', daemons: TRAFFIC_DAEMONS, map: true,
    status: 'implemented',
    description: 'File defining custom primitives usable in aggregate (tsacct: nfacctd field_type and dataLinkFrameSection packet_ptr, sfacctd sampled-header packet_ptr).',
  },
  {
    name: 'aggregate_filter', type: 'string', scope: 'plugin', daemons: ['nfacctd', 'sfacctd', 'pmacctd'],
    status: 'implemented',
    description: 'Per-plugin libpcap-syntax filter a flow must match to reach the plugin.',
  },
  {
    name: 'dtls_path', type: 'path', scope: 'global', daemons: TRAFFIC_DAEMONS, status: 'not-implemented',
    description: 'Directory with the key, certificate and CA files for DTLS sessions.',
  },
  {
    name: 'plugins', type: 'list', default: ['memory'], scope: 'global', daemons: TRAFFIC_DAEMONS,
    switch: '-P', status: 'implemented',
    description: 'Plugin instances to run, as type[name] separated by commas.',
  },
  {
    name: 'plugin_pipe_size', type: 'int', min: 1, default: 4194304, scope: 'any', daemons: TRAFFIC_DAEMONS,
    status: 'accepted',
    description: 'Size in bytes of the queue between the core process and a plugin.',
    note: 'tsacct hands records to plugins in-process, so there is no core-to-plugin pipe to size.',
  },
  {
    name: 'plugin_buffer_size', type: 'int', min: 1, defaultNote: 'size of the smallest buffered element',
    scope: 'any', daemons: TRAFFIC_DAEMONS, status: 'accepted',
    description: 'Size in bytes of the transfer buffers between the core process and a plugin.',
    note: 'tsacct hands records to plugins in-process, so there is no core-to-plugin buffer to size.',
  },
  {
    name: 'plugin_pipe_zmq', type: 'bool', default: false, scope: 'any', daemons: TRAFFIC_DAEMONS,
    status: 'accepted',
    description: 'Use ZeroMQ instead of the home-grown queue between the core process and plugins.',
    note: 'tsacct hands records to plugins in-process; there is no transport to switch to ZeroMQ.',
  },
  {
    name: 'plugin_pipe_zmq_retry', type: 'seconds', min: 1, default: 60, scope: 'any',
    daemons: TRAFFIC_DAEMONS, status: 'accepted',
    description: 'Seconds before a plugin retries its ZeroMQ connection to the core process.',
    note: 'tsacct hands records to plugins in-process; there is no ZeroMQ connection to retry.',
  },
  {
    name: 'plugin_pipe_zmq_profile', type: 'enum', values: ['micro', 'small', 'medium', 'large', 'xlarge'],
    default: 'micro', scope: 'any', daemons: TRAFFIC_DAEMONS, status: 'accepted',
    description: 'Preset ZeroMQ buffering profile.',
    note: 'tsacct hands records to plugins in-process; there is no ZeroMQ buffer to size.',
  },
  {
    name: 'plugin_pipe_zmq_hwm', type: 'int', min: 0, default: 0, scope: 'any', daemons: TRAFFIC_DAEMONS,
    status: 'accepted',
    description: 'ZeroMQ high-water mark of queued messages (0 = unlimited).',
    note: 'tsacct hands records to plugins in-process; there is no ZeroMQ queue to bound.',
  },
  {
    name: 'plugin_exit_any', type: 'bool', default: false, scope: 'global', daemons: TRAFFIC_DAEMONS,
    status: 'not-implemented',
    description: 'Shut the whole daemon down as soon as any plugin exits.',
  },
  {
    name: 'propagate_signals', type: 'bool', default: false, scope: 'global', daemons: TRAFFIC_DAEMONS,
    status: 'not-implemented',
    description: 'Forward signals received by the core process to every plugin.',
  },
  {
    name: 'files_umask', type: 'octal', min: 2, default: '077', scope: 'any', daemons: ALL_DAEMONS,
    status: 'implemented',
    description: 'Umask for files and directories the daemon creates.',
  },
  {
    name: 'files_uid', type: 'uid', defaultNote: 'current user', scope: 'any', daemons: ALL_DAEMONS,
    status: 'implemented',
    description: 'User (name or id) owning the files the daemon writes.',
  },
  {
    name: 'files_gid', type: 'gid', defaultNote: 'current group', scope: 'any', daemons: ALL_DAEMONS,
    status: 'implemented',
    description: 'Group (name or id) owning the files the daemon writes.',
  },
  {
    name: 'syslog', type: 'enum',
    values: ['auth', 'mail', 'daemon', 'kern', 'user', 'local0', 'local1', 'local2', 'local3', 'local4', 'local5', 'local6', 'local7'],
    defaultNote: 'none (log to stderr)', scope: 'any', daemons: ALL_DAEMONS, switch: '-S',
    status: 'implemented',
    description: 'Syslog facility to log to.',
    note: 'CONFIG-KEYS marks it GLOBAL, but the 1.7.7 binary accepts it per plugin.',
  },
  {
    name: 'logfile', type: 'path', defaultNote: 'none (log to stderr)', scope: 'global',
    daemons: ALL_DAEMONS, status: 'implemented',
    description: 'File to append log messages to.',
  },
  {
    name: 'pidfile', type: 'path', scope: 'global', daemons: ALL_DAEMONS, switch: '-F',
    status: 'implemented',
    description: 'File to write the core process id to (plugins get a suffixed file).',
  },
  {
    name: 'networks_file', type: 'path', scope: 'any', daemons: TRAFFIC_DAEMONS, switch: '-n',
    status: 'implemented',
    description: 'File of networks (optionally with ASN and next-hop) used to resolve net and AS primitives.',
  },
  {
    name: 'networks_file_filter', type: 'bool', default: false, scope: 'any', daemons: TRAFFIC_DAEMONS,
    status: 'implemented',
    description: 'Zero out addresses that match no network of networks_file.',
  },
  {
    name: 'networks_file_no_lpm', type: 'bool', default: false, scope: 'any', daemons: TRAFFIC_DAEMONS,
    status: 'implemented',
    description: 'Let a networks_file match win even when another source has a longer prefix.',
  },
  {
    name: 'networks_no_mask_if_zero', type: 'bool', default: false, scope: 'any', daemons: TRAFFIC_DAEMONS,
    status: 'implemented',
    description: 'Leave addresses unmasked when the resolved prefix length is zero.',
  },
  {
    name: 'networks_mask', type: 'int', min: 1, scope: 'any', daemons: TRAFFIC_DAEMONS,
    status: 'implemented',
    description: 'Static prefix length applied to addresses before networks_file lookups.',
  },
  {
    name: 'networks_cache_entries', type: 'int', min: 1, defaultNote: 'IPv4: 99991; IPv6: 32771',
    scope: 'any', daemons: TRAFFIC_DAEMONS, status: 'not-implemented',
    description: 'Number of entries of the networks lookup cache.',
  },
  {
    name: 'ports_file', type: 'path', scope: 'any', daemons: TRAFFIC_DAEMONS, switch: '-t',
    status: 'implemented',
    description: 'File listing the ports worth keeping in src_port/dst_port (others become 0).',
  },
  {
    name: 'timestamps_secs', type: 'bool', default: false, scope: 'any', daemons: TRAFFIC_DAEMONS,
    status: 'implemented',
    description: 'Truncate timestamps to whole seconds.',
  },
  {
    name: 'timestamps_rfc3339', type: 'bool', default: false, scope: 'any', daemons: [...TRAFFIC_DAEMONS, 'pmbgpd'],
    status: 'implemented',
    description: 'Format timestamps as RFC 3339.',
  },
  {
    name: 'timestamps_utc', type: 'bool', default: false, scope: 'any', daemons: [...TRAFFIC_DAEMONS, 'pmbgpd'],
    status: 'implemented',
    description: 'Present timestamps in UTC whatever the system time zone.',
  },
  {
    name: 'timestamps_since_epoch', type: 'bool', default: false, scope: 'any', daemons: [...TRAFFIC_DAEMONS, 'pmbgpd'],
    status: 'implemented',
    description: 'Present timestamps as seconds since the Unix epoch.',
  },
  {
    name: 'core_proc_name', type: 'string', default: 'default', scope: 'global', daemons: ALL_DAEMONS,
    status: 'implemented',
    note: 'Names the core process in log lines ("INFO ( <name>/core ): …"), in the BGP writer_id and in the Redis cluster registry, and in the process title ("nfacctd: Core Process [<name>]", as ps shows pmacct\'s), as pmacct does; a plugin of that name is dropped as pmacct drops it.',
    description: 'Name of the core process, shown in logs.',
  },
  {
    name: 'proc_priority', type: 'int', default: 0, scope: 'any', daemons: ALL_DAEMONS,
    status: 'not-implemented',
    description: 'Scheduling priority (nice value) of the processes.',
  },
  {
    name: 'use_ip_next_hop', type: 'bool', default: false, scope: 'global', daemons: TRAFFIC_DAEMONS,
    status: 'implemented',
    description: 'Fill peer_dst_ip from the flow\'s IP next hop when BGP has none.',
    note: 'nfacctd (NetFlow/IPFIX next hop) and sfacctd (extended router next hop); pmacctd and uacctd refuse it at startup (no next hop to read).',
  },
  {
    name: 'pre_tag_map', type: 'path', scope: 'any', daemons: TRAFFIC_DAEMONS, map: true,
    status: 'implemented',
    description: 'Map assigning tags and labels to incoming flows.',
  },
  {
    name: 'maps_entries', type: 'int', min: 1, default: 384, scope: 'any', daemons: ALL_DAEMONS,
    status: 'implemented',
    description: 'Maximum number of entries of a map file.',
  },
  {
    name: 'maps_row_len', type: 'int', min: 1, default: 256, scope: 'any', daemons: ALL_DAEMONS,
    status: 'implemented',
    description: 'Maximum length of a map file line.',
  },
  {
    name: 'maps_refresh', type: 'bool', default: true, scope: 'global', daemons: ALL_DAEMONS,
    status: 'implemented',
    note: 'SIGUSR2 reloads pre_tag_map and networks_file (parsed whole, then swapped in; a file that cannot be used keeps the old map). As in pmacct there is no mtime polling: only the signal reloads.',
    description: 'Reload map files on SIGUSR2.',
  },
  {
    name: 'maps_index', type: 'bool', default: false, scope: 'global', daemons: ALL_DAEMONS,
    status: 'accepted',
    note: 'An index only speeds up lookups; tsacct evaluates the map with the same results without one.',
    description: 'Index map files to speed up lookups.',
  },
  {
    name: 'pre_tag_filter', type: 'string', scope: 'plugin', daemons: TRAFFIC_DAEMONS,
    status: 'implemented',
    description: 'Plugin-side filter on the tag set by pre_tag_map (values and ranges, comma-separated).',
  },
  {
    name: 'pre_tag2_filter', type: 'string', scope: 'plugin', daemons: TRAFFIC_DAEMONS,
    status: 'implemented',
    description: 'Plugin-side filter on the tag2 set by pre_tag_map (values and ranges, comma-separated).',
  },
  {
    name: 'pre_tag_label_filter', type: 'string', scope: 'plugin', daemons: TRAFFIC_DAEMONS,
    status: 'implemented',
    description: 'Plugin-side filter on pre_tag_map labels.',
  },
  {
    name: 'pre_tag_label_encode_as_map', type: 'bool', default: false, scope: 'any', daemons: TRAFFIC_DAEMONS,
    extension: true, status: 'implemented',
    note: 'From pmacct after 1.7.7 (not in 1.7.7): print_output json writes the label as an object of its comma-separated key,value pairs; see docs/compat.md.',
    description: 'Write the pre_tag_map label as a map of its key,value pairs in JSON output.',
  },
  {
    name: 'post_tag', type: 'int', min: 1, scope: 'any', daemons: TRAFFIC_DAEMONS, status: 'not-implemented',
    description: 'Tag value every flow reaching this plugin gets.',
  },
  {
    name: 'post_tag2', type: 'int', min: 1, scope: 'any', daemons: TRAFFIC_DAEMONS,
    status: 'not-implemented',
    description: 'Tag2 value every flow reaching this plugin gets.',
  },
  {
    name: 'sampling_rate', type: 'int', min: 1, max: 4294967295, scope: 'any', daemons: TRAFFIC_DAEMONS,
    status: 'implemented',
    description: 'Keep one packet or flow in this many (plugin-side sampling).',
  },
  {
    name: 'sampling_map', type: 'path', scope: 'global', daemons: ['nfacctd', 'sfacctd'], map: true,
    status: 'implemented',
    description: 'Map of sampling rates per exporter and interface.',
  },
  {
    name: 'geoip_ipv4_file', type: 'path', scope: 'global', daemons: TRAFFIC_DAEMONS,
    status: 'not-implemented',
    description: 'Legacy MaxMind GeoIP v1 database for IPv4.',
    note: 'Needs pmacct built with --enable-geoip (legacy GeoIP); the Debian 1.7.7 build lacks it.',
  },
  {
    name: 'geoip_ipv6_file', type: 'path', scope: 'global', daemons: TRAFFIC_DAEMONS,
    status: 'not-implemented',
    description: 'Legacy MaxMind GeoIP v1 database for IPv6.',
    note: 'Needs pmacct built with --enable-geoip (legacy GeoIP); the Debian 1.7.7 build lacks it.',
  },
  {
    name: 'geoipv2_file', type: 'path', scope: 'global', daemons: TRAFFIC_DAEMONS, status: 'not-implemented',
    description: 'MaxMind GeoIP2 database used for country, pocode and coords primitives.',
  },
  {
    name: 'thread_stack', type: 'int', min: 1, defaultNote: '0 (runtime default)', scope: 'global',
    daemons: ALL_DAEMONS, status: 'accepted',
    description: 'Stack size in bytes of the threads the daemon starts.',
    note: 'tsacct runs on Node.js, whose thread stacks are sized by the runtime.',
  },
  {
    name: 'redis_host', type: 'string', scope: 'global', daemons: ALL_DAEMONS, status: 'implemented',
    description: 'Redis host:port used to register cluster members.',
    note: 'The Debian pmacct 1.7.7 build has no Redis support; tsacct follows pmacct\'s source. See docs/compat.md#cluster-registry.',
  },
  {
    name: 'redis_db', type: 'int', min: 0, default: 0, scope: 'global', daemons: ALL_DAEMONS,
    status: 'implemented',
    description: 'Redis database number.',
    note: 'pmacct stores redis_db but never selects it (its keys land in database 0); tsacct selects it. See docs/compat.md#cluster-registry.',
  },
  {
    name: 'cluster_name', type: 'string', scope: 'global', daemons: ALL_DAEMONS, status: 'implemented',
    description: 'Cluster name, prefix of the Redis keys.',
  },
  {
    name: 'cluster_id', type: 'int', min: 0, default: 0, scope: 'global', daemons: ALL_DAEMONS,
    status: 'implemented',
    description: 'Id of this daemon in its cluster.',
  },
  {
    name: 'nfacctd_proc_name', type: 'string', default: 'default', scope: 'global', daemons: ['nfacctd'],
    field: 'core_proc_name', undocumented: true, status: 'not-implemented',
    description: 'Same setting as core_proc_name.',
  },
  {
    name: 'pmacctd_proc_name', type: 'string', default: 'default', scope: 'global', daemons: ['pmacctd'],
    field: 'core_proc_name', undocumented: true, status: 'not-implemented',
    description: 'Same setting as core_proc_name.',
  },
  {
    name: 'uacctd_proc_name', type: 'string', default: 'default', scope: 'global', daemons: ['uacctd'],
    field: 'core_proc_name', undocumented: true, status: 'not-implemented',
    description: 'Same setting as core_proc_name.',
  },
  {
    name: 'sfacctd_proc_name', type: 'string', default: 'default', scope: 'global', daemons: ['sfacctd'],
    field: 'core_proc_name', undocumented: true, status: 'not-implemented',
    description: 'Same setting as core_proc_name.',
  },
];
