// tsacct's own configuration keys: what pmacct 1.7.7 has no key for (the HTTP
// API, a memory table bounded in entries). Named in pmacct's style; a pmacct
// configuration never sets them, so pmacct-compatible setups behave as pmacct.
import type { ConfigKey } from './configKey.ts';
import { TRAFFIC_DAEMONS } from './daemonName.ts';

export const TSACCT_KEYS: readonly ConfigKey[] = [
  {
    name: 'imt_max_entries', type: 'int', min: 1, defaultNote: '10000000, or what explicitly set imt_mem_pools_* hold',
    scope: 'any', daemons: TRAFFIC_DAEMONS, extension: true, status: 'implemented',
    description: 'Entries a memory plugin table may hold; records of further keys are dropped and counted.',
  },
  {
    name: 'spool_dir', type: 'path', defaultNote: '<tmpdir>/tsacct-spool', scope: 'any', daemons: TRAFFIC_DAEMONS, extension: true,
    status: 'implemented',
    description: 'Directory where a plugin keeps flushes its backend refused, beyond spool_memory_entries, until the backend returns.',
  },
  {
    name: 'spool_memory_entries', type: 'int', min: 0, default: 1000000, scope: 'any', daemons: TRAFFIC_DAEMONS, extension: true,
    status: 'implemented',
    description: 'Entries of refused flushes a plugin keeps in memory before it spools the oldest to spool_dir.',
  },
  {
    name: 'sql_table_autocreate', type: 'bool', default: false, scope: 'any', daemons: TRAFFIC_DAEMONS, extension: true,
    status: 'implemented',
    description: 'SQL plugins: create each table written that does not exist, holding the plugin\'s columns, when no sql_table_schema is given.',
  },
  {
    name: 'web_port', type: 'int', min: 0, max: 65535, scope: 'global', daemons: [...TRAFFIC_DAEMONS, 'pmbgpd'], extension: true,
    status: 'implemented',
    description: 'TCP port of the HTTP API (memory tables, /metrics, /healthz); unset: no HTTP API.',
  },
  {
    name: 'web_ip', type: 'ip', default: '127.0.0.1', scope: 'global', daemons: [...TRAFFIC_DAEMONS, 'pmbgpd'], extension: true,
    status: 'implemented',
    description: 'Address the HTTP API listens on.',
  },
  {
    name: 'web_token', type: 'string', scope: 'global', daemons: [...TRAFFIC_DAEMONS, 'pmbgpd'], extension: true, status: 'implemented',
    description: 'Bearer token the HTTP API requires (Authorization: Bearer <token>); unset: no token asked.',
  },
];
