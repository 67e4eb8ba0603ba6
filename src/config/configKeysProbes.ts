// pmacct 1.7.7 configuration keys for the nfprobe, sfprobe and tee plugins.
// Generated once from CONFIG-KEYS and the 1.7.7 binary, then maintained by hand:
// see configKey.ts for what each property means and where it comes from.
import type { ConfigKey } from './configKey.ts';

export const PROBE_KEYS: readonly ConfigKey[] = [
  {
    name: 'nfprobe_timeouts', type: 'string', defaultNote: 'see CONFIG-KEYS', scope: 'any',
    daemons: ['pmacctd', 'uacctd'], status: 'not-implemented',
    description: 'nfprobe flow expiry timeouts as name=value:name=value.',
  },
  {
    name: 'nfprobe_hoplimit', type: 'int', min: 1, max: 255, defaultNote: 'Operating System default',
    scope: 'any', daemons: ['pmacctd', 'uacctd'], status: 'not-implemented',
    description: 'TTL of the NetFlow datagrams nfprobe sends.',
  },
  {
    name: 'nfprobe_maxflows', type: 'int', min: 1, default: 8192, scope: 'any',
    daemons: ['pmacctd', 'uacctd'], status: 'not-implemented',
    description: 'Maximum number of flows nfprobe tracks at once.',
  },
  {
    name: 'nfprobe_receiver', type: 'string', default: '127.0.0.1:2100', scope: 'any',
    daemons: ['pmacctd', 'uacctd'], status: 'not-implemented',
    description: 'Collector address:port nfprobe exports to.',
  },
  {
    name: 'nfprobe_dtls', type: 'bool', default: false, scope: 'any', daemons: ['pmacctd', 'uacctd'],
    status: 'not-implemented',
    description: 'Send nfprobe exports over DTLS.',
  },
  {
    name: 'nfprobe_dtls_verify_cert', type: 'string', scope: 'any', daemons: ['pmacctd', 'uacctd'],
    status: 'not-implemented',
    description: 'Host name the DTLS server certificate must match.',
  },
  {
    name: 'nfprobe_source_ip', type: 'ip', defaultNote: 'chosen by the Operating System', scope: 'any',
    daemons: ['pmacctd', 'uacctd'], status: 'not-implemented',
    description: 'nfprobe: local address to send from.',
  },
  {
    name: 'nfprobe_version', type: 'enum', values: ['5', '9', '10'], default: '10', scope: 'any',
    daemons: ['pmacctd', 'uacctd'], status: 'not-implemented',
    description: 'NetFlow version nfprobe exports (10 = IPFIX).',
  },
  {
    name: 'nfprobe_engine', type: 'string', defaultNote: '0:0 (v5), 0 (v9/IPFIX)', scope: 'any',
    daemons: ['pmacctd', 'uacctd'], status: 'not-implemented',
    description: 'nfprobe engine type:id (v5) or source id (v9/IPFIX).',
  },
  {
    name: 'nfprobe_peer_as', type: 'bool', default: false, scope: 'any', daemons: ['pmacctd', 'uacctd'],
    field: 'nfacctd_peer_as', status: 'not-implemented',
    description: 'nfprobe: use peer AS instead of origin AS for src_as/dst_as.',
  },
  {
    name: 'sfprobe_peer_as', type: 'bool', default: false, scope: 'any', daemons: ['pmacctd', 'uacctd'],
    field: 'nfacctd_peer_as', status: 'not-implemented',
    description: 'sfprobe: use peer AS instead of origin AS for src_as/dst_as.',
  },
  {
    name: 'nfprobe_ipprec', type: 'int', min: 0, max: 7, default: 0, scope: 'any',
    daemons: ['pmacctd', 'uacctd'], status: 'not-implemented',
    description: 'nfprobe: IP precedence of the datagrams sent.',
  },
  {
    name: 'sfprobe_ipprec', type: 'int', min: 0, max: 7, default: 0, scope: 'any',
    daemons: ['pmacctd', 'uacctd'], field: 'nfprobe_ipprec', status: 'not-implemented',
    description: 'sfprobe: IP precedence of the datagrams sent.',
  },
  {
    name: 'tee_ipprec', type: 'int', min: 0, max: 7, default: 0, scope: 'any',
    daemons: ['nfacctd', 'sfacctd'], field: 'nfprobe_ipprec', status: 'not-implemented',
    description: 'tee: IP precedence of the datagrams sent.',
  },
  {
    name: 'nfprobe_direction', type: 'enum', values: ['in', 'out', 'tag', 'tag2'], scope: 'plugin',
    daemons: ['pmacctd', 'uacctd'], status: 'not-implemented',
    description: 'nfprobe: traffic direction, fixed or taken from a tag.',
    note: 'CONFIG-KEYS does not say so, but the 1.7.7 binary refuses it globally.',
  },
  {
    name: 'sfprobe_direction', type: 'enum', values: ['in', 'out', 'tag', 'tag2'], scope: 'plugin',
    daemons: ['pmacctd', 'uacctd'], field: 'nfprobe_direction', status: 'not-implemented',
    description: 'sfprobe: traffic direction, fixed or taken from a tag.',
  },
  {
    name: 'nfprobe_ifindex', type: 'string', scope: 'plugin', daemons: ['pmacctd', 'uacctd'],
    status: 'not-implemented',
    description: 'nfprobe: ifIndex to report, a number or taken from a tag.',
    note: 'CONFIG-KEYS does not say so, but the 1.7.7 binary refuses it globally.',
  },
  {
    name: 'sfprobe_ifindex', type: 'string', scope: 'plugin', daemons: ['pmacctd', 'uacctd'],
    field: 'nfprobe_ifindex', status: 'not-implemented',
    description: 'sfprobe: ifIndex to report, a number or taken from a tag.',
  },
  {
    name: 'nfprobe_ifindex_override', type: 'bool', default: false, scope: 'any',
    daemons: ['pmacctd', 'uacctd'], status: 'not-implemented',
    description: 'nfprobe: let the configured ifIndex override one found in the data.',
  },
  {
    name: 'sfprobe_ifindex_override', type: 'bool', default: false, scope: 'any',
    daemons: ['pmacctd', 'uacctd'], field: 'nfprobe_ifindex_override', status: 'not-implemented',
    description: 'sfprobe: let the configured ifIndex override one found in the data.',
  },
  {
    name: 'nfprobe_dont_cache', type: 'bool', default: false, scope: 'any', daemons: ['pmacctd', 'uacctd'],
    status: 'not-implemented',
    description: 'Export every packet as its own flow (no flow cache).',
  },
  {
    name: 'nfprobe_tstamp_usec', type: 'bool', default: false, scope: 'any', daemons: ['pmacctd', 'uacctd'],
    status: 'not-implemented',
    description: 'Export microsecond timestamps (NetFlow v9/IPFIX).',
  },
  {
    name: 'sfprobe_receiver', type: 'string', default: '127.0.0.1:6343', scope: 'any',
    daemons: ['pmacctd', 'uacctd'], status: 'not-implemented',
    description: 'Collector address:port sfprobe exports to.',
  },
  {
    name: 'sfprobe_agentip', type: 'string', default: 'localhost', scope: 'any',
    daemons: ['pmacctd', 'uacctd'], status: 'not-implemented',
    description: 'Agent address written in sfprobe datagrams.',
  },
  {
    name: 'sfprobe_agentsubid', type: 'int', min: 0, default: 1402, scope: 'any',
    daemons: ['pmacctd', 'uacctd'], status: 'not-implemented',
    description: 'Agent sub-id written in sfprobe datagrams.',
  },
  {
    name: 'sfprobe_ifspeed', type: 'int', min: 0, default: 100000000, scope: 'any',
    daemons: ['pmacctd', 'uacctd'], status: 'not-implemented',
    description: 'Interface speed in bps reported by sfprobe.',
  },
  {
    name: 'sfprobe_source_ip', type: 'ip', defaultNote: 'chosen by the Operating System', scope: 'any',
    daemons: ['pmacctd', 'uacctd'], field: 'nfprobe_source_ip', status: 'not-implemented',
    description: 'Local address sfprobe sends from.',
  },
  {
    name: 'tee_receivers', type: 'path', scope: 'any', daemons: ['nfacctd', 'sfacctd'], map: true,
    status: 'not-implemented',
    description: 'Map of receivers (and pools) the tee plugin replicates to.',
  },
  {
    name: 'tee_pipe_size', type: 'int', min: 1, max: 2147483647, defaultNote: 'Operating System default',
    scope: 'any', daemons: ['nfacctd', 'sfacctd'], status: 'not-implemented',
    description: 'Send buffer size of the tee socket, in bytes.',
  },
  {
    name: 'tee_source_ip', type: 'ip', defaultNote: 'chosen by the Operating System', scope: 'any',
    daemons: ['nfacctd', 'sfacctd'], field: 'nfprobe_source_ip', status: 'not-implemented',
    description: 'Local address tee sends from.',
  },
  {
    name: 'tee_transparent', type: 'bool', default: false, scope: 'any', daemons: ['nfacctd', 'sfacctd'],
    status: 'not-implemented',
    description: 'Replicate with the original exporter\'s source address.',
  },
  {
    name: 'tee_max_receiver_pools', type: 'int', min: 1, default: 128, scope: 'any',
    daemons: ['nfacctd', 'sfacctd'], status: 'not-implemented',
    description: 'Maximum number of tee receiver pools.',
  },
  {
    name: 'tee_max_receivers', type: 'int', min: 1, default: 32, scope: 'any',
    daemons: ['nfacctd', 'sfacctd'], status: 'not-implemented',
    description: 'Maximum number of receivers per tee pool.',
  },
  {
    name: 'tee_kafka_config_file', type: 'path', scope: 'any', daemons: ['nfacctd', 'sfacctd'],
    status: 'not-implemented',
    description: 'Librdkafka configuration file for tee to Kafka.',
  },
];
