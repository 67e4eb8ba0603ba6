/**
 * `plugins: clickhouse[name]` (tsacct's own plugin type; pmacct 1.7.7 has
 * none): reads the clickhouse_* keys of one plugin instance and assembles
 * its aggregating consumer with the ClickHouse writer. The columns are the
 * SQL plugins' for the same aggregate (sqlColumnPlan.ts, as with
 * sql_optimize_clauses: only what is aggregated, pmacct's newest names).
 */
import { readFileSync } from 'node:fs';
import type { PluginInstance } from '../../config/index.ts';
import { ConfigError } from '../../config/configError.ts';
import { AggregatingConsumer } from '../../core/aggregatingConsumer.ts';
import type { FlowConsumer } from '../../core/flowConsumer.ts';
import type { Logger } from '../../core/logger.ts';
import type { FlowDaemon } from '../../model/primitive.ts';
import { tableNameOf } from '../dynamicTableGroups.ts';
import { pluginAggregation, spoolOptionsOf } from '../pluginAggregation.ts';
import { withPacketSampling } from '../samplingRate.ts';
import { buildColumnPlan, SqlSchemaError, type SqlColumnPlan } from '../sql/sqlColumnPlan.ts';
import { ClickhouseHttp } from './clickhouseHttp.ts';
import { ClickhouseWriter } from './clickhouseWriter.ts';

/** Like sql_cache_entries: buckets, with ten chained entries each on average in pmacct's cache. */
const PMACCT_AVERAGE_CHAIN_LEN = 10;

/** pmacct's newest default table (v9): tag, port_src/port_dst, as_src/as_dst of their own. */
const NEWEST_TABLE_VERSION = 9;

export function createClickhousePlugin(instance: PluginInstance, daemon: FlowDaemon, logger: Logger): FlowConsumer {
  const cfg = instance.config;
  const aggregation = pluginAggregation(instance, daemon, 'clickhouse');
  let plan: SqlColumnPlan;
  try {
    plan = buildColumnPlan(aggregation.layout, { version: NEWEST_TABLE_VERSION, optimized: true }, { numProtos: false, numHosts: false });
  } catch (err) {
    // The clickhouse plugin writes the SQL plugins' columns: what they cannot write, it cannot either.
    if (err instanceof SqlSchemaError) throw new ConfigError([`${instance.config.placeOf('aggregate')}plugin '${instance.name}' (clickhouse, SQL plugins' columns): ${err.message}`]);
    throw err;
  }
  const utc = aggregation.timestamps.utc;
  const http = new ClickhouseHttp({
    host: cfg.str('clickhouse_host') ?? 'localhost',
    port: cfg.int('clickhouse_port'),
    user: cfg.str('clickhouse_user') ?? 'default',
    password: cfg.str('clickhouse_passwd') ?? '',
    database: cfg.str('clickhouse_db') ?? 'default',
    timeoutMs: cfg.int('clickhouse_timeout') * 1000,
    compression: cfg.str('clickhouse_compression') === 'gzip' ? 'gzip' : 'none',
    secure: cfg.bool('clickhouse_secure'),
    ca: caOf(instance),
  });
  const tag = `${instance.name}/clickhouse`;
  const writer = new ClickhouseWriter(
    {
      tag,
      table: tableNameOf(cfg.str('clickhouse_table') ?? 'acct', cfg, 'clickhouse', utc),
      history: aggregation.binner !== null,
      utc,
      timestamps: aggregation.timestamps,
      maxInsertRows: cfg.int('clickhouse_max_insert_rows'),
      writeId: cfg.bool('clickhouse_write_id'),
    },
    aggregation.layout,
    plan,
    http,
    logger,
  );
  return withPacketSampling(aggregation.sampler, new AggregatingConsumer(
    {
      name: instance.name,
      type: 'clickhouse',
      layout: aggregation.layout,
      refreshSeconds: cfg.int('clickhouse_refresh_time'),
      cacheEntries: cfg.int('clickhouse_cache_entries') * (1 + PMACCT_AVERAGE_CHAIN_LEN),
      binner: aggregation.binner,
      logger,
      ...spoolOptionsOf(cfg),
    },
    writer,
  ));
}

function caOf(instance: PluginInstance): Buffer | null {
  const path = instance.config.str('clickhouse_conn_ca_file');
  if (path === undefined) return null;
  if (!instance.config.bool('clickhouse_secure')) {
    throw new ConfigError([`${instance.config.placeOf('clickhouse_conn_ca_file')}clickhouse_conn_ca_file needs clickhouse_secure: true`]);
  }
  try {
    return readFileSync(path);
  } catch (err) {
    throw new ConfigError([`${instance.config.placeOf('clickhouse_conn_ca_file')}cannot read clickhouse_conn_ca_file '${path}': ${(err as Error).message}`]);
  }
}

