// pmacct 1.7.7 configuration keys for the memory plugin, the SQL plugins and the legacy MongoDB plugin.
// Generated once from CONFIG-KEYS and the 1.7.7 binary, then maintained by hand:
// see configKey.ts for what each property means and where it comes from.
import type { ConfigKey } from './configKey.ts';
import { TRAFFIC_DAEMONS } from './daemonName.ts';

export const STORAGE_KEYS: readonly ConfigKey[] = [
  {
    name: 'imt_path', type: 'path', default: '/tmp/collect.pipe', scope: 'any', daemons: TRAFFIC_DAEMONS,
    switch: '-p', status: 'implemented',
    description: 'Unix socket where the memory plugin answers pmacct client queries.',
  },
  {
    name: 'imt_buckets', type: 'int', min: 1, default: 32771, scope: 'any', daemons: TRAFFIC_DAEMONS,
    switch: '-b', status: 'accepted',
    description: 'Number of hash buckets of the memory plugin table.',
    note: "tsacct's table is an open-addressing hash that sizes itself; imt_buckets only shapes the -t listing.",
  },
  {
    name: 'imt_mem_pools_number', type: 'int', min: 0, default: 16, scope: 'any', daemons: TRAFFIC_DAEMONS,
    switch: '-m', status: 'accepted',
    description: 'Number of memory pools of the memory plugin (0 = unbounded).',
    note: "tsacct grows the table as needed; explicitly set pools bound it to the entries they would hold (see imt_max_entries).",
  },
  {
    name: 'imt_mem_pools_size', type: 'int', min: 1, default: 8192, scope: 'any', daemons: TRAFFIC_DAEMONS,
    switch: '-s', status: 'accepted',
    description: 'Size in bytes of each memory plugin pool.',
    note: "tsacct grows the table as needed; explicitly set pools bound it to the entries they would hold (see imt_max_entries).",
  },
  {
    name: 'sql_db', type: 'string', defaultNote: 'pmacct; sqlite3: /tmp/pmacct.db', scope: 'any',
    daemons: TRAFFIC_DAEMONS, status: 'implemented',
    description: 'SQL database name (file path for sqlite3).',
  },
  {
    name: 'sql_table', type: 'string', defaultNote: 'depends on the plugin and sql_table_version',
    scope: 'any', daemons: TRAFFIC_DAEMONS, status: 'implemented',
    description: 'SQL plugins: table to write to (variables allowed).',
  },
  {
    name: 'sql_table_schema', type: 'path', scope: 'any', daemons: TRAFFIC_DAEMONS,
    status: 'implemented',
    description: 'SQL plugins: file with the schema used to create a missing table.',
  },
  {
    name: 'sql_table_version', type: 'int', min: 1, default: 1, scope: 'any', daemons: TRAFFIC_DAEMONS,
    status: 'implemented',
    description: 'Version of pmacct\'s default SQL table layout.',
  },
  {
    name: 'sql_table_type', type: 'enum', values: ['original', 'bgp'], default: 'original', scope: 'any',
    daemons: TRAFFIC_DAEMONS, status: 'implemented',
    description: 'Flavour of the default SQL table layout (original or bgp).',
  },
  {
    name: 'sql_data', type: 'enum', values: ['typed', 'unified'], default: 'typed', scope: 'any',
    daemons: TRAFFIC_DAEMONS, status: 'implemented',
    description: 'PostgreSQL default-table data layout.',
  },
  {
    name: 'sql_conn_ca_file', type: 'path', scope: 'any', daemons: TRAFFIC_DAEMONS,
    status: 'implemented',
    description: 'CA certificate file for TLS connections to MySQL or PostgreSQL.',
    note: "pgsql: the server's certificate and host name are checked against this CA (libpq's sslmode=verify-full, which pmacct asks for); mysql: its chain only, not the host name (verify-ca, as pmacct's ssl-ca with libmariadb). A certificate that fails the check fails the write; there is no fall back to clear text.",
  },
  {
    name: 'sql_host', type: 'string', default: 'localhost', scope: 'any', daemons: TRAFFIC_DAEMONS,
    status: 'implemented',
    description: 'SQL server address (unix:/path for a MySQL socket).',
  },
  {
    name: 'sql_port', type: 'int', min: 1, defaultNote: 'MySQL: 3306; PostgreSQL: 5432', scope: 'any',
    daemons: TRAFFIC_DAEMONS, status: 'implemented',
    description: 'SQL server TCP port.',
  },
  {
    name: 'sql_user', type: 'string', default: 'pmacct', scope: 'any', daemons: TRAFFIC_DAEMONS,
    status: 'implemented',
    description: 'SQL plugins: user name to log in with.',
  },
  {
    name: 'sql_passwd', type: 'string', default: 'arealsmartpwd', scope: 'any', daemons: TRAFFIC_DAEMONS,
    status: 'implemented',
    description: 'SQL plugins: password to log in with.',
  },
  {
    name: 'sql_refresh_time', type: 'seconds', min: 1, default: 60, scope: 'any', daemons: TRAFFIC_DAEMONS,
    switch: '-r', status: 'implemented',
    description: 'SQL plugins: seconds between two purges of the cache to the backend.',
  },
  {
    name: 'sql_startup_delay', type: 'seconds', min: 0, default: 0, scope: 'any', daemons: TRAFFIC_DAEMONS,
    status: 'implemented',
    description: 'SQL plugins: seconds to delay the first cache purge by.',
  },
  {
    name: 'sql_optimize_clauses', type: 'bool', default: false, scope: 'any', daemons: TRAFFIC_DAEMONS,
    status: 'implemented',
    description: 'Send SQL statements tailored to the aggregated primitives only.',
  },
  {
    name: 'sql_history', type: 'duration', scope: 'any', daemons: TRAFFIC_DAEMONS, status: 'implemented',
    description: 'SQL plugins: size of the time bins (number with s, m, h, d, w or M; no unit = seconds).',
  },
  {
    name: 'sql_history_offset', type: 'seconds', min: 0, default: 0, scope: 'any', daemons: TRAFFIC_DAEMONS,
    status: 'implemented',
    description: 'SQL plugins: seconds to shift the time-bin boundaries by.',
  },
  {
    name: 'sql_history_roundoff', type: 'roundoff', scope: 'any', daemons: TRAFFIC_DAEMONS,
    status: 'implemented',
    description: 'SQL plugins: align time bins to the start of the minute, hour, day, week or month (m, h, d, w, M).',
  },
  {
    name: 'sql_recovery_backup_host', type: 'string', scope: 'any', daemons: TRAFFIC_DAEMONS,
    status: 'implemented',
    description: 'SQL server to write to while the primary one fails.',
    note: "Same sql_port, sql_user, sql_passwd, sql_db and sql_conn_ca_file as the primary (sqlite3: another database file). A flush the primary refuses is written whole to the backup, once; if the backup fails too it waits and is retried, primary first. A flush whose COMMIT on the primary got no answer is not sent to the backup.",
  },
  {
    name: 'sql_max_writers', type: 'int', min: 1, max: 99, default: 10, scope: 'any',
    daemons: TRAFFIC_DAEMONS, status: 'accepted',
    description: 'SQL plugins: maximum number of concurrent writer processes.',
    note: 'tsacct writes one flush at a time per plugin, in order, without writer processes; flushes a backend does not take wait in memory and then on disk (spool_dir) instead of being dropped beyond the Nth writer.',
  },
  {
    name: 'sql_cache_entries', type: 'int', min: 1, default: 32771, scope: 'any', daemons: TRAFFIC_DAEMONS,
    status: 'implemented',
    description: 'SQL plugins: number of buckets of the aggregation cache.',
  },
  {
    name: 'sql_dont_try_update', type: 'bool', default: false, scope: 'any', daemons: TRAFFIC_DAEMONS,
    status: 'implemented',
    description: 'Write with INSERT only, never UPDATE-then-INSERT.',
  },
  {
    name: 'sql_use_copy', type: 'bool', default: false, scope: 'any', daemons: TRAFFIC_DAEMONS,
    status: 'implemented',
    description: 'Use PostgreSQL COPY instead of INSERT.',
    note: 'Only with sql_dont_try_update, as pmacct; values holding sql_delimiter, a backslash or a line end are escaped (pmacct sends them raw).',
  },
  {
    name: 'sql_delimiter', type: 'string', default: ',', scope: 'any', daemons: TRAFFIC_DAEMONS,
    status: 'implemented',
    description: 'Single-character delimiter used with sql_use_copy.',
  },
  {
    name: 'sql_multi_values', type: 'int', min: 0, default: 0, scope: 'any', daemons: TRAFFIC_DAEMONS,
    status: 'implemented',
    description: 'SQL plugins: size in bytes of multi-row INSERT statements (0 = off).',
    note: 'mysql and sqlite3 (one prepared multi-row INSERT per batch); pgsql ignores it, as pmacct.',
  },
  {
    name: 'sql_trigger_exec', type: 'path', scope: 'any', daemons: TRAFFIC_DAEMONS,
    status: 'implemented',
    description: 'SQL plugins: executable launched after each purge.',
    note: "With pmacct's TRIGGER_VARS environment; no trigger at the shutdown purge, as nfacctd 1.7.7. INSERT_QUERIES_NUMBER, UPDATE_QUERIES_NUMBER and EFFECTIVE_SQL_TABLE are not set.",
  },
  {
    name: 'sql_trigger_time', type: 'duration', scope: 'any', daemons: TRAFFIC_DAEMONS,
    status: 'implemented',
    note: 'Checked at each purge, like pmacct\'s lazy deadlines.',
    description: 'Interval at which sql_trigger_exec is launched.',
  },
  {
    name: 'sql_preprocess', type: 'string', scope: 'any', daemons: TRAFFIC_DAEMONS,
    status: 'implemented',
    note: 'Checks minp, minb, minf, maxp, maxb, maxf, minbpp, maxbpp, minppf, maxppf; qnum, fss, fsrc, usrf, adjb and recover are refused. Entries left out are counted (statistics filteredEntries) and logged per purge.',
    description: 'SQL plugins: comma-separated conditions an aggregate must meet to be written.',
  },
  {
    name: 'sql_preprocess_type', type: 'enum', values: ['any', 'all'], default: 'any', scope: 'any',
    daemons: TRAFFIC_DAEMONS, status: 'implemented',
    description: 'SQL plugins: whether any or all preprocess conditions must hold.',
  },
  {
    name: 'sql_num_protos', type: 'bool', default: false, scope: 'any', daemons: TRAFFIC_DAEMONS,
    status: 'implemented',
    description: 'SQL plugins: show IP protocols as numbers instead of names.',
  },
  {
    name: 'sql_num_hosts', type: 'bool', default: false, scope: 'any', daemons: TRAFFIC_DAEMONS,
    status: 'implemented',
    note: 'mysql and sqlite3, as pmacct: addresses go through INET6_ATON(?) (fakes INET_ATON(?)); tsacct defines both functions on its SQLite connection. pgsql ignores it (logged).',
    description: 'Store IP addresses in SQL as numbers instead of strings.',
  },
  {
    name: 'sql_locking_style', type: 'enum', values: ['table', 'row', 'none'], default: 'table',
    scope: 'any', daemons: TRAFFIC_DAEMONS, status: 'implemented',
    description: 'SQL locking used while writing.',
    note: "mysql: 'table' is LOCK TABLES … WRITE inside the flush's transaction; 'row' and 'none' lock nothing, as pmacct. pgsql: LOCK … IN EXCLUSIVE (table) or ROW EXCLUSIVE (row) MODE; 'none' and sql_dont_try_update only BEGIN.",
  },
  {
    name: 'imt_passwd', type: 'string', scope: 'any', daemons: TRAFFIC_DAEMONS, undocumented: true,
    status: 'not-implemented',
    description: 'Legacy: password pmacct clients must give to the memory plugin.',
    note: 'Accepted by the 1.7.7 parser but not described in CONFIG-KEYS.',
  },
  {
    name: 'sql_backup_host', type: 'string', scope: 'any', daemons: TRAFFIC_DAEMONS,
    field: 'sql_recovery_backup_host', undocumented: true, status: 'implemented',
    description: 'Legacy spelling of sql_recovery_backup_host.',
  },
  {
    name: 'mongo_host', type: 'string', scope: 'any', daemons: TRAFFIC_DAEMONS, field: 'sql_host',
    undocumented: true, status: 'not-implemented',
    description: 'MongoDB (legacy) plugin: server address.',
  },
  {
    name: 'mongo_table', type: 'string', scope: 'any', daemons: TRAFFIC_DAEMONS, field: 'sql_table',
    undocumented: true, status: 'not-implemented',
    description: 'MongoDB (legacy) plugin: collection name.',
  },
  {
    name: 'mongo_user', type: 'string', scope: 'any', daemons: TRAFFIC_DAEMONS, field: 'sql_user',
    undocumented: true, status: 'not-implemented',
    description: 'MongoDB (legacy) plugin: user name.',
  },
  {
    name: 'mongo_passwd', type: 'string', scope: 'any', daemons: TRAFFIC_DAEMONS, field: 'sql_passwd',
    undocumented: true, status: 'not-implemented',
    description: 'MongoDB (legacy) plugin: password.',
  },
  {
    name: 'mongo_refresh_time', type: 'seconds', min: 1, default: 60, scope: 'any', daemons: TRAFFIC_DAEMONS,
    field: 'sql_refresh_time', undocumented: true, status: 'not-implemented',
    description: 'MongoDB (legacy) plugin: seconds between two purges.',
  },
  {
    name: 'mongo_cache_entries', type: 'int', min: 1, default: 16411, scope: 'any', daemons: TRAFFIC_DAEMONS,
    field: 'print_cache_entries', undocumented: true, status: 'not-implemented',
    description: 'MongoDB (legacy) plugin: number of buckets of the aggregation cache.',
  },
  {
    name: 'mongo_history', type: 'duration', scope: 'any', daemons: TRAFFIC_DAEMONS, field: 'sql_history',
    undocumented: true, status: 'not-implemented',
    description: 'MongoDB (legacy) plugin: size of the time bins.',
  },
  {
    name: 'mongo_history_offset', type: 'seconds', min: 0, default: 0, scope: 'any',
    daemons: TRAFFIC_DAEMONS, field: 'sql_history_offset', undocumented: true, status: 'not-implemented',
    description: 'MongoDB (legacy) plugin: seconds to shift the time-bin boundaries by.',
  },
  {
    name: 'mongo_history_roundoff', type: 'roundoff', scope: 'any', daemons: TRAFFIC_DAEMONS,
    field: 'sql_history_roundoff', undocumented: true, status: 'not-implemented',
    description: 'MongoDB (legacy) plugin: align time bins (m, h, d, w, M).',
  },
  {
    name: 'mongo_time_roundoff', type: 'roundoff', scope: 'any', daemons: TRAFFIC_DAEMONS,
    field: 'sql_history_roundoff', undocumented: true, status: 'not-implemented',
    description: 'Legacy spelling of mongo_history_roundoff.',
  },
  {
    name: 'mongo_trigger_exec', type: 'path', scope: 'any', daemons: TRAFFIC_DAEMONS,
    field: 'sql_trigger_exec', undocumented: true, status: 'not-implemented',
    description: 'MongoDB (legacy) plugin: executable launched after each purge.',
  },
  {
    name: 'mongo_insert_batch', type: 'int', min: 1, scope: 'any', daemons: TRAFFIC_DAEMONS,
    undocumented: true, status: 'not-implemented',
    description: 'MongoDB (legacy) plugin: documents inserted per batch.',
    note: 'Accepted by the 1.7.7 parser but not described in CONFIG-KEYS.',
  },
  {
    name: 'mongo_indexes_file', type: 'path', scope: 'any', daemons: TRAFFIC_DAEMONS,
    field: 'sql_table_schema', undocumented: true, status: 'not-implemented',
    description: 'MongoDB (legacy) plugin: file of indexes to create.',
  },
  {
    name: 'mongo_max_writers', type: 'int', min: 1, max: 99, default: 10, scope: 'any',
    daemons: TRAFFIC_DAEMONS, field: 'sql_max_writers', undocumented: true, status: 'not-implemented',
    description: 'MongoDB (legacy) plugin: maximum number of concurrent writers.',
  },
  {
    name: 'mongo_preprocess', type: 'string', scope: 'any', daemons: TRAFFIC_DAEMONS,
    field: 'sql_preprocess', undocumented: true, status: 'not-implemented',
    description: 'MongoDB (legacy) plugin: conditions an aggregate must meet to be written.',
  },
  {
    name: 'mongo_preprocess_type', type: 'enum', values: ['any', 'all'], default: 'any', scope: 'any',
    daemons: TRAFFIC_DAEMONS, field: 'sql_preprocess_type', undocumented: true, status: 'not-implemented',
    description: 'MongoDB (legacy) plugin: whether any or all preprocess conditions must hold.',
  },
  {
    name: 'mongo_startup_delay', type: 'seconds', min: 0, default: 0, scope: 'any', daemons: TRAFFIC_DAEMONS,
    field: 'sql_startup_delay', undocumented: true, status: 'not-implemented',
    description: 'MongoDB (legacy) plugin: seconds to delay the first purge by.',
  },
  {
    name: 'mongo_num_protos', type: 'bool', default: false, scope: 'any', daemons: TRAFFIC_DAEMONS,
    field: 'sql_num_protos', undocumented: true, status: 'not-implemented',
    description: 'MongoDB (legacy) plugin: show IP protocols as numbers.',
  },
];
