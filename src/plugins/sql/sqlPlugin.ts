/**
 * `plugins: sqlite3[name]`, `mysql[name]`, `pgsql[name]`: reads the sql_*
 * keys of one plugin instance and assembles its aggregating consumer with
 * the SQL writer on the backend's dialect and connection.
 */
import { readFileSync } from 'node:fs';
import type { PluginInstance } from '../../config/index.ts';
import { ConfigError } from '../../config/configError.ts';
import { parseDuration } from '../../config/index.ts';
import { AggregatingConsumer } from '../../core/aggregatingConsumer.ts';
import type { FlowConsumer } from '../../core/flowConsumer.ts';
import type { Logger } from '../../core/logger.ts';
import type { FlowDaemon } from '../../model/primitive.ts';
import { substituteConfigVariables, type ConfigNameVariables } from '../../output/dynamicFileName.ts';
import { pluginAggregation, spoolOptionsOf } from '../pluginAggregation.ts';
import { withPacketSampling } from '../samplingRate.ts';
import { defaultMysqlTable, mysqlLocksTables } from './mysqlBackend.ts';
import { MysqlConnection } from './mysqlConnection.ts';
import { MysqlDialect } from './mysqlDialect.ts';
import { defaultPgsqlTable, pgsqlColumnPlan, pgsqlLockMode, typedMixError, type PgsqlData } from './pgsqlBackend.ts';
import { PgsqlConnection } from './pgsqlConnection.ts';
import { PgsqlCopy } from './pgsqlCopy.ts';
import { PgsqlDialect } from './pgsqlDialect.ts';
import { BGP_TABLE_PRIMITIVES, buildColumnPlan, SqlSchemaError, type SqlColumnPlan } from './sqlColumnPlan.ts';
import type { SqlConnection, SqlLockingStyle, SqlServerSettings } from './sqlConnection.ts';
import type { DatetimeStyle, SqlDialect } from './sqlDialect.ts';
import { SqliteConnection } from './sqliteConnection.ts';
import { SqliteDialect } from './sqliteDialect.ts';
import { BGP_VERSION_BASE, DEFAULT_SQLITE_DB, defaultSqliteTable, type SqlTableProfile } from './sqlTableProfile.ts';
import { SqlRecoveryWriter } from './sqlRecovery.ts';
import { withSqlPurgeHooks } from './sqlPurgeHooks.ts';
import { SqlWriter, type SqlWriterOptions } from './sqlWriter.ts';
import { withPreprocessStatistics } from '../purgePreprocess.ts';
import { withStartupDelay } from '../startupDelay.ts';

export type SqlBackendType = 'sqlite3' | 'mysql' | 'pgsql';

/** pmacct's defaults for the server backends (mysql_plugin.c, pgsql_plugin.c). */
const DEFAULT_SERVER_DB = 'pmacct';

/** What differs per backend once the column plan is known. */
interface SqlBackendParts {
  table: string;
  dialect: SqlDialect;
  connect: () => SqlConnection | Promise<SqlConnection>;
  /** sql_multi_values as the backend honours it (pgsql ignores it, as pmacct). */
  multiValues: number;
  /** sql_recovery_backup_host: the same connection to that host (sqlite3: that file); null without. */
  backup: { name: string; connect: () => SqlConnection | Promise<SqlConnection> } | null;
}

/** pmacct's SQL cache holds sql_cache_entries buckets with chained entries; like print, ten per bucket on average. */
const PMACCT_AVERAGE_CHAIN_LEN = 10;

export function createSqlPlugin(instance: PluginInstance, daemon: FlowDaemon, logger: Logger, backend: SqlBackendType): FlowConsumer {
  const cfg = instance.config;
  const aggregation = pluginAggregation(instance, daemon, 'sql');
  const layout = aggregation.layout;
  const primitives = layout.placed.map((p) => p.primitive.name);
  const profile = tableProfile(instance, primitives);
  let plan: SqlColumnPlan;
  // pmacct applies sql_num_hosts in its mysql and sqlite3 plugins only; its pgsql plugin writes inet columns regardless.
  const numHosts = cfg.bool('sql_num_hosts');
  if (numHosts && backend === 'pgsql') logger.warn(`${instance.name}/${backend}: sql_num_hosts applies to the mysql and sqlite3 plugins only (as in pmacct): ignored`);
  try {
    // pmacct's pgsql tables hold ip_proto as a number whatever sql_num_protos says.
    plan = buildColumnPlan(layout, profile, { numProtos: backend === 'pgsql' || cfg.bool('sql_num_protos'), numHosts: numHosts && backend !== 'pgsql' });
  } catch (err) {
    if (err instanceof SqlSchemaError) throw new ConfigError([`${instance.config.placeOf('aggregate')}plugin '${instance.name}': ${err.message}`]);
    throw err;
  }
  if (backend === 'pgsql') plan = pgsqlColumnPlan(plan);
  const timestamps = aggregation.timestamps;
  const style: DatetimeStyle = { utc: timestamps.utc, sinceEpoch: timestamps.sinceEpoch };
  const tag = `${instance.name}/${backend}`;
  const parts = backendParts(instance, backend, profile, primitives, style, (err) => logger.warn(`${tag}: connection to the server lost (${err.message}); reconnecting at the next purge`));
  const schemaPath = cfg.str('sql_table_schema');
  // $ref, $hst and $tzone are fixed for the plugin's life: substituted once, in the table name and its schema.
  const nameVariables = configNameVariables(instance, timestamps.utc);
  const writerOptions: SqlWriterOptions = {
    tag,
    table: substituteConfigVariables(parts.table, nameVariables),
    schema: schemaPath ? substituteConfigVariables(readSchema(instance, schemaPath), nameVariables) : null,
    autocreate: cfg.bool('sql_table_autocreate'),
    history: aggregation.binner !== null,
    dontTryUpdate: cfg.bool('sql_dont_try_update'),
    multiValues: parts.multiValues,
    utc: timestamps.utc,
    timestamps,
  };
  const primaryWriter = new SqlWriter(writerOptions, layout, plan, parts.dialect, parts.connect, logger);
  // sql_recovery_backup_host: a flush the primary refuses goes there (sqlRecovery.ts).
  const writer = parts.backup === null ? primaryWriter : new SqlRecoveryWriter(
    primaryWriter, new SqlWriter({ ...writerOptions, tag: `${tag} backup` }, layout, plan, parts.dialect, parts.backup.connect, logger),
    tag, parts.backup.name, logger,
  );
  // sql_preprocess and sql_trigger_exec around each purge (sqlPurgeHooks.ts).
  const hooks = withSqlPurgeHooks(writer, instance, tag, {
    db: cfg.str('sql_db') ?? (backend === 'sqlite3' ? DEFAULT_SQLITE_DB : DEFAULT_SERVER_DB), table: writerOptions.table, server: backend !== 'sqlite3',
  }, logger);
  const consumer = new AggregatingConsumer(
    {
      name: instance.name,
      type: backend,
      layout,
      refreshSeconds: cfg.int('sql_refresh_time'),
      cacheEntries: cfg.int('sql_cache_entries') * (1 + PMACCT_AVERAGE_CHAIN_LEN),
      binner: aggregation.binner,
      logger,
      ...spoolOptionsOf(cfg),
    },
    hooks.writer,
  );
  if (hooks.preprocess !== null) withPreprocessStatistics(consumer, hooks.preprocess);
  return withPacketSampling(aggregation.sampler, withStartupDelay(consumer, cfg.int('sql_startup_delay')));
}

function backendParts(
  instance: PluginInstance, backend: SqlBackendType, profile: SqlTableProfile, primitives: readonly string[],
  style: DatetimeStyle, onLost: (err: Error) => void,
): SqlBackendParts {
  const cfg = instance.config;
  const table = cfg.str('sql_table');
  const dontTryUpdate = cfg.bool('sql_dont_try_update');
  const locking = (cfg.str('sql_locking_style') ?? 'table') as SqlLockingStyle;
  // pmacct's backup host shares sql_port, sql_user, sql_passwd, sql_db and sql_conn_ca_file with the primary.
  const backupHost = cfg.str('sql_recovery_backup_host');
  switch (backend) {
    case 'sqlite3': {
      const db = cfg.str('sql_db') ?? DEFAULT_SQLITE_DB;
      return {
        table: table ?? defaultSqliteTable(profile.version),
        dialect: new SqliteDialect(style),
        connect: () => new SqliteConnection(db),
        multiValues: cfg.int('sql_multi_values'),
        backup: backupHost === undefined ? null : { name: backupHost, connect: () => new SqliteConnection(backupHost) },
      };
    }
    case 'mysql': {
      const dialect = new MysqlDialect(style);
      const settings = serverSettings(instance);
      const locks = mysqlLocksTables(locking);
      return {
        table: table ?? defaultMysqlTable(profile.version),
        dialect,
        connect: () => MysqlConnection.open(settings, locks, (t) => dialect.quoteIdentifier(t), onLost),
        multiValues: cfg.int('sql_multi_values'),
        backup: backupHost === undefined ? null : {
          name: backupHost,
          connect: () => MysqlConnection.open({ ...settings, host: backupHost }, locks, (t) => dialect.quoteIdentifier(t), onLost),
        },
      };
    }
    case 'pgsql': {
      const data = (cfg.str('sql_data') ?? 'typed') as PgsqlData;
      const mix = typedMixError(profile.version, data, table !== undefined, primitives);
      if (mix !== null) throw new ConfigError([`${instance.config.placeOf('aggregate')}plugin '${instance.name}': ${mix}`]);
      // Like pmacct, COPY replaces INSERT only when no UPDATE is tried.
      const copy = cfg.bool('sql_use_copy') && dontTryUpdate ? new PgsqlCopy(copyDelimiter(instance), style) : undefined;
      const dialect = new PgsqlDialect(style, copy);
      const settings = serverSettings(instance);
      const lockMode = pgsqlLockMode(locking, dontTryUpdate);
      return {
        table: table ?? defaultPgsqlTable(profile.version, data, primitives),
        dialect,
        connect: () => PgsqlConnection.open(settings, lockMode, (t) => dialect.quoteIdentifier(t), onLost),
        multiValues: 0,
        backup: backupHost === undefined ? null : {
          name: backupHost,
          connect: () => PgsqlConnection.open({ ...settings, host: backupHost }, lockMode, (t) => dialect.quoteIdentifier(t), onLost),
        },
      };
    }
  }
}

function serverSettings(instance: PluginInstance): SqlServerSettings {
  const cfg = instance.config;
  const caFile = cfg.str('sql_conn_ca_file') ?? null;
  if (caFile !== null) {
    try {
      readFileSync(caFile);
    } catch (err) {
      throw new ConfigError([`${instance.config.placeOf('sql_conn_ca_file')}cannot read sql_conn_ca_file '${caFile}': ${(err as Error).message}`]);
    }
  }
  return {
    host: cfg.str('sql_host') ?? 'localhost',
    port: cfg.has('sql_port') ? cfg.int('sql_port') : null,
    user: cfg.str('sql_user') ?? 'pmacct',
    password: cfg.str('sql_passwd') ?? 'arealsmartpwd',
    database: cfg.str('sql_db') ?? DEFAULT_SERVER_DB,
    caFile,
  };
}

/** sql_delimiter: one character COPY's text format can split on. */
function copyDelimiter(instance: PluginInstance): string {
  const delimiter = instance.config.str('sql_delimiter') ?? ',';
  if (delimiter.length !== 1 || delimiter === '\\' || delimiter === '\n' || delimiter === '\r') {
    throw new ConfigError([`${instance.config.placeOf('sql_delimiter')}sql_delimiter must be one character other than a backslash or a line end (got '${delimiter}')`]);
  }
  return delimiter;
}

/**
 * sql_table_version and sql_table_type as one number; like pmacct, an
 * aggregate with a BGP primitive selects the bgp table when
 * sql_table_type is not set (nfacctd logs "sql_table_type set to 'bgp'").
 */
function tableProfile(instance: PluginInstance, primitives: readonly string[]): SqlTableProfile {
  const cfg = instance.config;
  const version = cfg.int('sql_table_version');
  if (version > 9) throw new ConfigError([`${instance.config.placeOf('sql_table_version')}sql_table_version must be 1 to 9 (pmacct 1.7.7's table layouts)`]);
  // Only an explicit sql_table_type stops the switch (the key's default, 'original', does not).
  const type = cfg.has('sql_table_type') ? cfg.str('sql_table_type') : undefined;
  const bgp = type === 'bgp' || (type === undefined && primitives.some((p) => BGP_TABLE_PRIMITIVES.has(p)));
  return { version: version + (bgp ? BGP_VERSION_BASE : 0), optimized: cfg.bool('sql_optimize_clauses') };
}

/** sql_table's configuration variables: $ref is sql_refresh_time, $hst sql_history in seconds (0 without). */
function configNameVariables(instance: PluginInstance, utc: boolean): ConfigNameVariables {
  const cfg = instance.config;
  let historySeconds = 0;
  if (cfg.has('sql_history')) {
    const history = parseDuration(cfg.str('sql_history') ?? '');
    // Calendar months have no fixed length; pmacct's $hst for them is not reproduced.
    if (typeof history !== 'string' && history.kind !== 'months') historySeconds = history.seconds;
  }
  return { refreshSeconds: cfg.int('sql_refresh_time'), historySeconds, utc };
}

function readSchema(instance: PluginInstance, path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError([`${instance.config.placeOf('sql_table_schema')}cannot read sql_table_schema '${path}': ${(err as Error).message}`]);
  }
}

