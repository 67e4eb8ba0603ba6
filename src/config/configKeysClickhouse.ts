// The keys of tsacct's own `clickhouse` plugin (pmacct 1.7.7 has no ClickHouse
// plugin: operators pipe its kafka plugin into a Kafka-engine table instead).
// Named in pmacct's style after the sql_* keys they mirror; all are tsacct
// extensions, documented in docs/compat.md#clickhouse.
import type { ConfigKey } from './configKey.ts';
import { TRAFFIC_DAEMONS } from './daemonName.ts';

export const CLICKHOUSE_KEYS: readonly ConfigKey[] = [
  {
    name: 'clickhouse_host', type: 'string', default: 'localhost', scope: 'any', daemons: TRAFFIC_DAEMONS, extension: true,
    status: 'implemented',
    description: 'ClickHouse plugin: server name or address its HTTP interface listens on.',
  },
  {
    name: 'clickhouse_port', type: 'int', min: 1, max: 65535, default: 8123, scope: 'any', daemons: TRAFFIC_DAEMONS, extension: true,
    status: 'implemented',
    description: 'ClickHouse plugin: TCP port of the HTTP interface (8123; HTTPS usually 8443).',
  },
  {
    name: 'clickhouse_secure', type: 'bool', default: false, scope: 'any', daemons: TRAFFIC_DAEMONS, extension: true,
    status: 'implemented',
    description: 'ClickHouse plugin: talk HTTPS to the server, checking its certificate.',
  },
  {
    name: 'clickhouse_conn_ca_file', type: 'path', scope: 'any', daemons: TRAFFIC_DAEMONS, extension: true,
    status: 'implemented',
    description: 'ClickHouse plugin: CA certificate(s) that sign the server\'s certificate, with clickhouse_secure (default: the system CAs).',
  },
  {
    name: 'clickhouse_user', type: 'string', default: 'default', scope: 'any', daemons: TRAFFIC_DAEMONS, extension: true,
    status: 'implemented',
    description: 'ClickHouse plugin: user name to log in with.',
  },
  {
    name: 'clickhouse_passwd', type: 'string', defaultNote: 'empty', scope: 'any', daemons: TRAFFIC_DAEMONS, extension: true,
    status: 'implemented',
    description: 'ClickHouse plugin: password to log in with.',
  },
  {
    name: 'clickhouse_db', type: 'string', default: 'default', scope: 'any', daemons: TRAFFIC_DAEMONS, extension: true,
    status: 'implemented',
    description: 'ClickHouse plugin: database of the table (created when missing).',
  },
  {
    name: 'clickhouse_table', type: 'string', default: 'acct', scope: 'any', daemons: TRAFFIC_DAEMONS, extension: true,
    status: 'implemented',
    description: 'ClickHouse plugin: table to insert into, created as a MergeTree when missing; sql_table\'s variables ($peer_src_ip, $tag, %Y%m%d…) allowed.',
  },
  {
    name: 'clickhouse_refresh_time', type: 'seconds', min: 1, default: 60, scope: 'any', daemons: TRAFFIC_DAEMONS, extension: true,
    status: 'implemented',
    description: 'ClickHouse plugin: seconds between two purges of the cache to the server.',
  },
  {
    name: 'clickhouse_history', type: 'duration', scope: 'any', daemons: TRAFFIC_DAEMONS, extension: true,
    status: 'implemented',
    description: 'ClickHouse plugin: size of the time bins (stamp_inserted; number with s, m, h, d, w or M; no unit = seconds).',
  },
  {
    name: 'clickhouse_history_offset', type: 'seconds', min: 0, default: 0, scope: 'any', daemons: TRAFFIC_DAEMONS, extension: true,
    status: 'implemented',
    description: 'ClickHouse plugin: seconds to shift the time-bin boundaries by.',
  },
  {
    name: 'clickhouse_history_roundoff', type: 'roundoff', scope: 'any', daemons: TRAFFIC_DAEMONS, extension: true,
    status: 'implemented',
    description: 'ClickHouse plugin: align time bins to the start of the minute, hour, day, week or month (m, h, d, w, M).',
  },
  {
    name: 'clickhouse_cache_entries', type: 'int', min: 1, default: 32771, scope: 'any', daemons: TRAFFIC_DAEMONS, extension: true,
    status: 'implemented',
    description: 'ClickHouse plugin: number of buckets of the aggregation cache (as sql_cache_entries).',
  },
  {
    name: 'clickhouse_max_insert_rows', type: 'int', min: 1, max: 1048576, default: 100000, scope: 'any', daemons: TRAFFIC_DAEMONS,
    extension: true, status: 'implemented',
    description: 'ClickHouse plugin: most rows one INSERT carries; a purge is sent in as many INSERTs as it needs.',
  },
  {
    name: 'clickhouse_compression', type: 'enum', values: ['none', 'gzip'], default: 'none', scope: 'any', daemons: TRAFFIC_DAEMONS,
    extension: true, status: 'implemented',
    description: 'ClickHouse plugin: compression of the INSERTs\' bodies (gzip saves bandwidth to a remote server, costs CPU).',
  },
  {
    name: 'clickhouse_timeout', type: 'seconds', min: 1, default: 60, scope: 'any', daemons: TRAFFIC_DAEMONS, extension: true,
    status: 'implemented',
    description: 'ClickHouse plugin: seconds a request may take before the purge counts as failed and waits for its retry.',
  },
  {
    name: 'clickhouse_write_id', type: 'bool', default: true, scope: 'any', daemons: TRAFFIC_DAEMONS, extension: true,
    status: 'implemented',
    description: 'ClickHouse plugin: tag each INSERT\'s rows with a tsacct_write_id column, so a retry after an unanswered INSERT writes it once; false: no column, such retries may count twice.',
  },
];
