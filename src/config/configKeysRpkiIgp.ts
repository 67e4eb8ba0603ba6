// pmacct 1.7.7 configuration keys for RPKI (ROA file, RTR cache), the IS-IS and IGP
// threads, and the tmp_* switches of the routing code.
// Generated once from CONFIG-KEYS and the 1.7.7 binary, then maintained by hand:
// see configKey.ts for what each property means and where it comes from.
import type { ConfigKey } from './configKey.ts';
import { TRAFFIC_DAEMONS } from './daemonName.ts';

export const RPKI_IGP_KEYS: readonly ConfigKey[] = [
  {
    name: 'rpki_roas_file', type: 'path', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd', 'pmbmpd'], map: true,
    status: 'not-implemented',
    description: 'JSON file of RPKI ROAs.',
  },
  {
    name: 'rpki_rtr_cache', type: 'string', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd', 'pmbmpd'], status: 'not-implemented',
    description: 'Address:port of an RPKI RTR cache.',
  },
  {
    name: 'rpki_rtr_cache_version', type: 'enum', values: ['0', '1'], default: '0', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd', 'pmbmpd'], status: 'not-implemented',
    description: 'RPKI RTR protocol version.',
  },
  {
    name: 'rpki_rtr_cache_pipe_size', type: 'int', min: 1, max: 2147483647,
    defaultNote: 'Operating System default', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd', 'pmbmpd'], status: 'not-implemented',
    description: 'Receive buffer size of the RPKI RTR socket, in bytes.',
  },
  {
    name: 'rpki_rtr_cache_ipprec', type: 'int', min: 0, max: 7, default: 0, scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd', 'pmbmpd'], status: 'not-implemented',
    description: 'IP precedence of RPKI RTR packets.',
  },
  {
    name: 'isis_daemon', type: 'bool', default: false, scope: 'global', daemons: TRAFFIC_DAEMONS,
    status: 'not-implemented',
    description: 'Run the IS-IS thread.',
  },
  {
    name: 'isis_daemon_ip', type: 'ip', scope: 'global', daemons: TRAFFIC_DAEMONS, status: 'not-implemented',
    description: 'IPv4 address of the local end of the IS-IS link.',
  },
  {
    name: 'isis_daemon_net', type: 'string', scope: 'global', daemons: TRAFFIC_DAEMONS,
    status: 'not-implemented',
    description: 'IS-IS network entity title.',
  },
  {
    name: 'isis_daemon_iface', type: 'string', scope: 'global', daemons: TRAFFIC_DAEMONS,
    status: 'not-implemented',
    description: 'Interface the IS-IS thread binds to.',
  },
  {
    name: 'isis_daemon_mtu', type: 'int', default: 1476, scope: 'global', daemons: TRAFFIC_DAEMONS,
    status: 'not-implemented',
    description: 'MTU used by the IS-IS thread.',
  },
  {
    name: 'isis_daemon_msglog', type: 'bool', default: false, scope: 'global', daemons: TRAFFIC_DAEMONS,
    status: 'not-implemented',
    description: 'Log IS-IS messages (debugging).',
  },
  {
    name: 'tmp_bgp_lookup_compare_ports', type: 'bool', default: false, scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd', 'pmbmpd'], status: 'not-implemented',
    description: 'Include ports when matching flows to BGP peers.',
  },
  {
    name: 'tmp_bgp_daemon_route_refresh', type: 'bool', default: false, scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd', 'pmbmpd'], status: 'not-implemented',
    description: 'Advertise the Route Refresh capability to BGP peers.',
  },
  {
    name: 'tmp_bgp_daemon_origin_type_int', type: 'bool', default: false, scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd', 'pmbmpd'], status: 'not-implemented',
    description: 'Encode the BGP origin attribute as an integer in logs.',
  },
  {
    name: 'bgp_blackhole_stdcomm_list', type: 'string', scope: 'global',
    daemons: ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd'], undocumented: true,
    status: 'not-implemented',
    description: 'BGP standard communities that mark blackhole routes.',
    note: 'Accepted by the 1.7.7 parser but not described in CONFIG-KEYS.',
  },
  {
    name: 'igp_daemon', type: 'bool', default: false, scope: 'global', daemons: TRAFFIC_DAEMONS,
    field: 'isis_daemon', undocumented: true, status: 'not-implemented',
    description: 'Same setting as isis_daemon.',
  },
  {
    name: 'igp_daemon_map', type: 'path', scope: 'global', daemons: TRAFFIC_DAEMONS, map: true,
    undocumented: true, status: 'not-implemented',
    description: 'Map describing a static IGP topology.',
    note: 'Accepted by the 1.7.7 parser but not described in CONFIG-KEYS.',
  },
  {
    name: 'igp_daemon_map_msglog', type: 'path', scope: 'global', daemons: TRAFFIC_DAEMONS,
    undocumented: true, status: 'not-implemented',
    description: 'File to log igp_daemon_map processing to.',
    note: 'Accepted by the 1.7.7 parser but not described in CONFIG-KEYS.',
  },
];
