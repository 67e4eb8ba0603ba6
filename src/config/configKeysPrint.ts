// pmacct 1.7.7 configuration keys for the print plugin.
// Generated once from CONFIG-KEYS and the 1.7.7 binary, then maintained by hand:
// see configKey.ts for what each property means and where it comes from.
import type { ConfigKey } from './configKey.ts';
import { TRAFFIC_DAEMONS } from './daemonName.ts';

export const PRINT_KEYS: readonly ConfigKey[] = [
  {
    name: 'print_output_file', type: 'path', defaultNote: 'stdout', scope: 'any', daemons: TRAFFIC_DAEMONS,
    switch: '-o', field: 'sql_table', status: 'implemented',
    description: 'File the print plugin writes to (variables allowed); stdout when unset.',
  },
  {
    name: 'print_output_file_append', type: 'bool', default: false, scope: 'any', daemons: TRAFFIC_DAEMONS,
    switch: '-A', status: 'implemented',
    description: 'Append to an existing print_output_file instead of overwriting it.',
  },
  {
    name: 'print_output_lock_file', type: 'path', scope: 'any', daemons: TRAFFIC_DAEMONS,
    status: 'not-implemented',
    description: 'Lock file serialising writes of several print plugins to stdout.',
  },
  {
    name: 'print_latest_file', type: 'path', scope: 'any', daemons: TRAFFIC_DAEMONS, status: 'implemented',
    description: 'Symlink kept pointing at the newest print_output_file (no time-based variables).',
  },
  {
    name: 'print_write_empty_file', type: 'bool', default: false, scope: 'any', daemons: TRAFFIC_DAEMONS,
    status: 'implemented',
    description: 'Write a zero-length file when a purge has no data.',
  },
  {
    name: 'print_refresh_time', type: 'seconds', min: 1, default: 60, scope: 'any', daemons: TRAFFIC_DAEMONS,
    switch: '-r', field: 'sql_refresh_time', status: 'implemented',
    description: 'Print plugin: seconds between two purges of the cache to the backend.',
  },
  {
    name: 'print_startup_delay', type: 'seconds', min: 0, default: 0, scope: 'any', daemons: TRAFFIC_DAEMONS,
    field: 'sql_startup_delay', status: 'not-implemented',
    description: 'Print plugin: seconds to delay the first cache purge by.',
  },
  {
    name: 'print_history', type: 'duration', scope: 'any', daemons: TRAFFIC_DAEMONS, field: 'sql_history',
    status: 'implemented',
    description: 'Print plugin: size of the time bins (number with s, m, h, d, w or M; no unit = seconds).',
  },
  {
    name: 'print_history_offset', type: 'seconds', min: 0, default: 0, scope: 'any',
    daemons: TRAFFIC_DAEMONS, field: 'sql_history_offset', status: 'implemented',
    description: 'Print plugin: seconds to shift the time-bin boundaries by.',
  },
  {
    name: 'print_history_roundoff', type: 'roundoff', scope: 'any', daemons: TRAFFIC_DAEMONS,
    field: 'sql_history_roundoff', status: 'implemented',
    description: 'Print plugin: align time bins to the start of the minute, hour, day, week or month (m, h, d, w, M).',
  },
  {
    name: 'print_max_writers', type: 'int', min: 1, max: 99, default: 10, scope: 'any',
    daemons: TRAFFIC_DAEMONS, field: 'sql_max_writers', status: 'not-implemented',
    description: 'Print plugin: maximum number of concurrent writer processes.',
  },
  {
    name: 'print_cache_entries', type: 'int', min: 1, default: 16411, scope: 'any', daemons: TRAFFIC_DAEMONS,
    status: 'implemented',
    description: 'Print plugin: number of buckets of the aggregation cache.',
  },
  {
    name: 'print_trigger_exec', type: 'path', scope: 'any', daemons: TRAFFIC_DAEMONS,
    field: 'sql_trigger_exec', status: 'implemented',
    description: 'Print plugin: executable launched after each purge.',
  },
  {
    name: 'print_preprocess', type: 'string', scope: 'any', daemons: TRAFFIC_DAEMONS,
    field: 'sql_preprocess', status: 'not-implemented',
    description: 'Print plugin: comma-separated conditions an aggregate must meet to be written.',
  },
  {
    name: 'print_preprocess_type', type: 'enum', values: ['any', 'all'], default: 'any', scope: 'any',
    daemons: TRAFFIC_DAEMONS, field: 'sql_preprocess_type', status: 'not-implemented',
    description: 'Print plugin: whether any or all preprocess conditions must hold.',
  },
  {
    name: 'print_markers', type: 'bool', default: false, scope: 'any', daemons: TRAFFIC_DAEMONS,
    switch: '-M', status: 'implemented',
    description: 'Print plugin: emit start/end markers around each purge.',
  },
  {
    name: 'print_output', type: 'enum',
    values: ['formatted', 'csv', 'json', 'avro', 'avro_json', 'event_formatted', 'event_csv', 'custom'],
    default: 'formatted', scope: 'any', daemons: TRAFFIC_DAEMONS, switch: '-O', status: 'implemented',
    description: 'Output format of the print plugin.',
  },
  {
    name: 'print_output_separator', type: 'string', default: ',', scope: 'any', daemons: TRAFFIC_DAEMONS,
    switch: '-E', status: 'implemented',
    description: 'Field separator for csv and event_csv print output (one character, or \\t or \\s).',
  },
  {
    name: 'print_output_custom_lib', type: 'path', scope: 'any', daemons: TRAFFIC_DAEMONS,
    status: 'not-implemented',
    description: 'Shared library providing a custom print output format.',
  },
  {
    name: 'print_output_custom_cfg_file', type: 'path', scope: 'any', daemons: TRAFFIC_DAEMONS,
    status: 'not-implemented',
    description: 'Configuration file handed to print_output_custom_lib.',
  },
  {
    name: 'print_num_protos', type: 'bool', default: false, scope: 'any', daemons: TRAFFIC_DAEMONS,
    switch: '-u', field: 'sql_num_protos', status: 'not-implemented',
    description: 'Print plugin: show IP protocols as numbers instead of names.',
  },
];
