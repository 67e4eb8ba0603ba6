// The key registry against pmacct 1.7.7's CONFIG-KEYS and binary.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { fieldOf } from '../../src/config/configKey.ts';
import { CONFIG_KEYS, findConfigKey } from '../../src/config/index.ts';

const CONFIG_KEYS_DOC = '/usr/share/doc/pmacct/CONFIG-KEYS.gz';

// CONFIG-KEYS misspells two names; the 1.7.7 parser only knows the right spelling
// (`strings /usr/sbin/nfacctd` lists sfacctd_counter_amqp_persistent_msg and
// sfacctd_counter_amqp_exchange_type, and not the misspellings).
const DOC_TYPOS: Record<string, string> = {
  sfacctd_counter_persistent_msg: 'sfacctd_counter_amqp_persistent_msg',
  sfactd_counter_amqp_exchange_type: 'sfacctd_counter_amqp_exchange_type',
};

// The names of each KEY entry: the KEY line and the lines continuing its [ a | b ] list.
function documentedKeyEntries(text: string): string[][] {
  const entries: string[][] = [];
  let current: string[] | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith('KEY:')) {
      current = [];
      entries.push(current);
    } else if (!current || /^[A-Z]+:/.test(line) || !/^\s/.test(line) || !/[[\]|]/.test(line)) {
      current = undefined;
      continue;
    }
    const names = line.replace(/^KEY:/, '').replace(/\(-\w\)/g, '').match(/\b[a-z][a-z0-9_]*\b/g) ?? [];
    current.push(...names.map((name) => DOC_TYPOS[name] ?? name));
  }
  return entries;
}

describe('registry coverage', () => {
  it('has an entry for every key of CONFIG-KEYS 1.7.7', (t) => {
    if (!existsSync(CONFIG_KEYS_DOC)) {
      t.skip(`${CONFIG_KEYS_DOC} is not installed`);
      return;
    }
    const entries = documentedKeyEntries(gunzipSync(readFileSync(CONFIG_KEYS_DOC)).toString('utf8'));
    assert.equal(entries.length, 325);
    const names = new Set(entries.flat());
    const missing = [...names].filter((name) => !findConfigKey(name));
    assert.deepEqual(missing, []);
    const notDocumented = CONFIG_KEYS.filter((key) => !names.has(key.name)).map((key) => key.name);
    const flaggedUndocumented = CONFIG_KEYS.filter((key) => key.undocumented || key.extension).map((key) => key.name);
    assert.deepEqual(notDocumented.sort(), flaggedUndocumented.sort());
  });

  it('knows the keys the 1.7.7 parser accepts beyond CONFIG-KEYS', () => {
    // From the 1.7.7 dictionary (cfg.c; `strings /usr/sbin/nfacctd`); nfacctd accepted
    // "nfacctd_as_new: netflow" without "Unknown key".
    for (const name of ['nfacctd_as_new', 'sql_backup_host', 'mongo_table', 'nfacctd_proc_name', 'igp_daemon']) {
      assert.equal(findConfigKey(name)?.undocumented, true, name);
    }
  });

  it('marks as implemented exactly the NetFlow + print milestone keys, the first sfacctd ones, the SQL plugins\' and the AMQP plugin\'s', () => {
    const implemented = CONFIG_KEYS.filter((key) => key.status === 'implemented').map((key) => key.name);
    assert.deepEqual(implemented.sort(), [
      'aggregate', 'aggregate_filter', 'aggregate_primitives', 'core_proc_name', 'daemonize', 'debug', 'files_gid', 'files_uid', 'files_umask', 'logfile',
      'nfacctd_account_options', 'nfacctd_as', 'nfacctd_as_new', 'nfacctd_disable_checks', 'nfacctd_ext_sampling_rate', 'nfacctd_ip', 'nfacctd_net', 'nfacctd_pipe_size',
      'nfacctd_port', 'nfacctd_renormalize', 'nfacctd_time_new', 'nfacctd_time_secs',
      'pcap_savefile', 'pcap_savefile_delay', 'pcap_savefile_replay', 'pcap_savefile_wait', 'pidfile', 'plugins',
      'print_cache_entries', 'print_history', 'print_history_offset', 'print_history_roundoff', 'print_latest_file',
      'print_markers', 'print_output', 'print_output_file', 'print_output_file_append', 'print_output_separator',
      'print_refresh_time', 'print_trigger_exec', 'print_write_empty_file',
      'pre_tag_map', 'pre_tag_filter', 'pre_tag2_filter', 'pre_tag_label_filter', 'pre_tag_label_encode_as_map', 'maps_entries', 'maps_row_len', 'maps_refresh',
      'networks_file', 'networks_file_filter', 'networks_file_no_lpm', 'networks_mask', 'networks_no_mask_if_zero', 'ports_file',
      'sampling_map', 'sampling_rate', 'syslog', 'timestamps_rfc3339', 'timestamps_secs', 'timestamps_since_epoch', 'timestamps_utc',
      'sfacctd_as', 'sfacctd_as_new', 'sfacctd_counter_file', 'sfacctd_counter_output', 'sfacctd_disable_checks', 'sfacctd_ip', 'sfacctd_net', 'sfacctd_pipe_size', 'sfacctd_port',
      'sfacctd_ext_sampling_rate', 'sfacctd_renormalize',
      'sfacctd_counter_amqp_host', 'sfacctd_counter_amqp_vhost', 'sfacctd_counter_amqp_user', 'sfacctd_counter_amqp_passwd', 'sfacctd_counter_amqp_routing_key',
      'sfacctd_counter_amqp_exchange', 'sfacctd_counter_amqp_exchange_type', 'sfacctd_counter_amqp_persistent_msg', 'sfacctd_counter_amqp_frame_max',
      'sfacctd_counter_amqp_heartbeat_interval', 'sfacctd_counter_amqp_retry',
      'sfacctd_counter_kafka_broker_host', 'sfacctd_counter_kafka_broker_port', 'sfacctd_counter_kafka_topic', 'sfacctd_counter_kafka_partition',
      'sfacctd_counter_kafka_partition_key', 'sfacctd_counter_kafka_retry', 'sfacctd_counter_kafka_config_file',
      'imt_path', 'imt_max_entries', 'web_ip', 'web_port', 'web_token', 'spool_dir', 'spool_memory_entries', 'sql_table_autocreate',
      'sql_db', 'sql_table', 'sql_table_schema', 'sql_table_version', 'sql_table_type', 'sql_refresh_time', 'sql_startup_delay',
      'sql_optimize_clauses', 'sql_history', 'sql_history_offset', 'sql_history_roundoff', 'sql_cache_entries',
      'sql_dont_try_update', 'sql_multi_values', 'sql_num_protos', 'sql_trigger_exec', 'sql_trigger_time', 'sql_preprocess', 'sql_preprocess_type',
      'sql_host', 'sql_port', 'sql_user', 'sql_passwd', 'sql_data', 'sql_conn_ca_file', 'sql_use_copy', 'sql_delimiter', 'sql_locking_style',
      'sql_recovery_backup_host', 'sql_backup_host',
      'sql_num_hosts',
      'amqp_host', 'amqp_vhost', 'amqp_user', 'amqp_passwd', 'amqp_exchange', 'amqp_exchange_type', 'amqp_routing_key',
      'amqp_persistent_msg', 'amqp_frame_max', 'amqp_heartbeat_interval', 'amqp_output', 'amqp_markers', 'amqp_multi_values',
      'amqp_refresh_time', 'amqp_history', 'amqp_history_offset', 'amqp_history_roundoff', 'amqp_time_roundoff', 'amqp_cache_entries',
      'amqp_routing_key_rr', 'amqp_num_protos', 'amqp_startup_delay', 'amqp_trigger_exec', 'amqp_preprocess', 'amqp_preprocess_type',
      'amqp_avro_schema_routing_key', 'amqp_avro_schema_refresh_time',
      'nfacctd_kafka_broker_host', 'nfacctd_kafka_broker_port', 'nfacctd_kafka_topic', 'nfacctd_kafka_config_file',
      'sfacctd_kafka_broker_host', 'sfacctd_kafka_broker_port', 'sfacctd_kafka_topic', 'sfacctd_kafka_config_file',
      'bgp_daemon', 'bgp_daemon_ip', 'bgp_daemon_ipv6_only', 'bgp_daemon_id', 'bgp_daemon_as', 'bgp_daemon_port', 'bgp_daemon_max_peers',
      'bgp_daemon_allow_file', 'bgp_daemon_md5_file', 'bgp_disable_router_id_check', 'bgp_daemon_msglog_file', 'bgp_daemon_msglog_output',
      'bgp_table_dump_file', 'bgp_table_dump_output', 'bgp_table_dump_refresh_time', 'bgp_table_dump_latest_file',
      'bgp_daemon_msglog_avro_schema_file', 'bgp_table_dump_avro_schema_file',
      'bgp_daemon_msglog_amqp_host', 'bgp_table_dump_amqp_host', 'bgp_daemon_msglog_amqp_vhost', 'bgp_table_dump_amqp_vhost',
      'bgp_daemon_msglog_amqp_user', 'bgp_table_dump_amqp_user', 'bgp_daemon_msglog_amqp_passwd', 'bgp_table_dump_amqp_passwd',
      'bgp_daemon_msglog_amqp_routing_key', 'bgp_table_dump_amqp_routing_key', 'bgp_daemon_msglog_amqp_routing_key_rr',
      'bgp_table_dump_amqp_routing_key_rr', 'bgp_daemon_msglog_amqp_exchange', 'bgp_table_dump_amqp_exchange',
      'bgp_daemon_msglog_amqp_exchange_type', 'bgp_table_dump_amqp_exchange_type', 'bgp_daemon_msglog_amqp_persistent_msg',
      'bgp_table_dump_amqp_persistent_msg', 'bgp_daemon_msglog_amqp_frame_max', 'bgp_table_dump_amqp_frame_max',
      'bgp_daemon_msglog_amqp_heartbeat_interval', 'bgp_table_dump_amqp_heartbeat_interval', 'bgp_daemon_msglog_amqp_retry',
      'bgp_daemon_msglog_kafka_broker_host', 'bgp_table_dump_kafka_broker_host', 'bgp_daemon_msglog_kafka_broker_port',
      'bgp_table_dump_kafka_broker_port', 'bgp_daemon_msglog_kafka_topic', 'bgp_table_dump_kafka_topic',
      'bgp_daemon_msglog_kafka_topic_rr', 'bgp_table_dump_kafka_topic_rr', 'bgp_daemon_msglog_kafka_partition',
      'bgp_table_dump_kafka_partition', 'bgp_daemon_msglog_kafka_partition_key', 'bgp_table_dump_kafka_partition_key',
      'bgp_daemon_msglog_kafka_retry', 'bgp_daemon_msglog_kafka_config_file', 'bgp_table_dump_kafka_config_file',
      'bgp_daemon_msglog_kafka_avro_schema_registry', 'bgp_table_dump_kafka_avro_schema_registry',
      'bgp_neighbors_file', 'bgp_daemon_batch', 'bgp_daemon_batch_interval', 'bgp_daemon_ipprec', 'bgp_daemon_pipe_size', 'bgp_daemon_lg',
      'bgp_daemon_lg_ip', 'bgp_daemon_lg_port', 'bgp_daemon_lg_user', 'bgp_daemon_lg_passwd', 'bgp_daemon_xconnect_map',
      'bgp_agent_map', 'bgp_peer_src_as_type', 'bgp_src_as_path_type', 'bgp_src_std_comm_type', 'bgp_src_ext_comm_type',
      'bgp_src_lrg_comm_type', 'bgp_src_local_pref_type', 'bgp_src_med_type', 'bgp_aspath_radius', 'bgp_stdcomm_pattern',
      'bgp_extcomm_pattern', 'bgp_lrgcomm_pattern', 'bgp_stdcomm_pattern_to_asn', 'bgp_peer_as_skip_subas', 'use_ip_next_hop',
      'bgp_follow_default', 'bgp_follow_nexthop', 'bgp_follow_nexthop_external',
      'bgp_peer_src_as_map', 'bgp_src_local_pref_map', 'bgp_src_med_map', 'flow_to_rd_map', 'bgp_lrgcomm_pattern_to_asn',
      'avro_buffer_size', 'avro_schema_file', 'avro_schema_output_file',
      'clickhouse_host', 'clickhouse_port', 'clickhouse_secure', 'clickhouse_conn_ca_file', 'clickhouse_user', 'clickhouse_passwd',
      'clickhouse_db', 'clickhouse_table', 'clickhouse_refresh_time', 'clickhouse_history', 'clickhouse_history_offset',
      'clickhouse_history_roundoff', 'clickhouse_cache_entries', 'clickhouse_max_insert_rows', 'clickhouse_compression', 'clickhouse_timeout',
      'clickhouse_write_id',
      'kafka_avro_schema_registry', 'kafka_broker_host', 'kafka_broker_port', 'kafka_topic', 'kafka_topic_rr', 'kafka_partition', 'kafka_partition_dynamic',
      'kafka_partition_key', 'kafka_config_file', 'kafka_output', 'kafka_refresh_time', 'kafka_history', 'kafka_history_offset',
      'kafka_history_roundoff', 'kafka_cache_entries', 'kafka_markers', 'kafka_multi_values',
      'kafka_num_protos', 'kafka_startup_delay', 'kafka_trigger_exec', 'kafka_preprocess', 'kafka_preprocess_type',
      'redis_host', 'redis_db', 'cluster_name', 'cluster_id',
    ].sort());
  });

  it('says why each accepted key needs nothing from tsacct', () => {
    const accepted = CONFIG_KEYS.filter((key) => key.status === 'accepted');
    assert.ok(accepted.some((key) => key.name === 'plugin_pipe_size'));
    assert.ok(accepted.some((key) => key.name === 'plugin_buffer_size'));
    for (const key of accepted) assert.ok(key.note, key.name);
  });
});

describe('scopes', () => {
  it('follow what the binary refuses', () => {
    // nfacctd 1.7.7: "pcap_savefile_wait[a]" -> "plugin name not supported for key
    // 'pcap_savefile_wait'. Globalized."; global "aggregate_filter" -> "aggregation filter
    // cannot be global"; global "pre_tag_filter" -> "TAG filter cannot be global";
    // global "nfprobe_direction" -> "nfprobe_direction and sfprobe_direction cannot be
    // global"; "nfacctd_net[a]: mask" and "syslog[a]: daemon" accepted without a word
    // (CONFIG-KEYS says GLOBAL for both).
    const scopeOf = (name: string): string | undefined => findConfigKey(name)?.scope;
    assert.equal(scopeOf('pcap_savefile_wait'), 'global');
    assert.equal(scopeOf('daemonize'), 'global');
    assert.equal(scopeOf('aggregate_filter'), 'plugin');
    assert.equal(scopeOf('pre_tag_filter'), 'plugin');
    assert.equal(scopeOf('nfprobe_direction'), 'plugin');
    assert.equal(scopeOf('nfacctd_net'), 'any');
    assert.equal(scopeOf('syslog'), 'any');
    assert.equal(scopeOf('print_output'), 'any');
  });
});

describe('entries', () => {
  it('are consistent', () => {
    for (const key of CONFIG_KEYS) {
      assert.ok(key.description.length > 0 && !key.description.includes('\n'), `${key.name} description`);
      assert.ok(key.daemons.length > 0, `${key.name} daemons`);
      if (key.type === 'enum') {
        assert.ok(key.values && key.values.length > 0, `${key.name} values`);
        if (key.default !== undefined) assert.ok(key.values.includes(String(key.default)), `${key.name} default`);
      }
      if (typeof key.default === 'number') {
        if (key.min !== undefined) assert.ok(key.default >= key.min, `${key.name} default >= min`);
        if (key.max !== undefined) assert.ok(key.default <= key.max, `${key.name} default <= max`);
      }
    }
  });

  it('give names sharing a pmacct field the same type', () => {
    const typeByField = new Map<string, string>();
    for (const key of CONFIG_KEYS) {
      const known = typeByField.get(fieldOf(key));
      const kind = key.type === 'path' ? 'string' : key.type;
      if (known === undefined) typeByField.set(fieldOf(key), kind);
      else assert.equal(kind, known, key.name);
    }
  });
});
