/**
 * Wraps a SQL plugin's writer with what happens around each purge:
 * sql_preprocess (../purgePreprocess.ts) and sql_trigger_exec (sqlTrigger.ts).
 */
import type { PluginInstance } from '../../config/index.ts';
import { ConfigError } from '../../config/configError.ts';
import { parseDuration } from '../../config/index.ts';
import type { AggregateWriter } from '../../core/aggregatingConsumer.ts';
import type { Logger } from '../../core/logger.ts';
import { parsePreprocess, PreprocessWriter } from '../purgePreprocess.ts';
import { SqlTriggerWriter } from './sqlTrigger.ts';

export interface SqlPurgeHooks {
  writer: AggregateWriter;
  /** What sql_preprocess left out (null: no sql_preprocess). */
  preprocess: PreprocessWriter | null;
}

export function withSqlPurgeHooks(
  writer: AggregateWriter, instance: PluginInstance, tag: string, names: { db: string; table: string; server: boolean }, logger: Logger,
): SqlPurgeHooks {
  const cfg = instance.config;
  let out = writer;
  let preprocess: PreprocessWriter | null = null;
  const prepText = cfg.str('sql_preprocess');
  if (prepText !== undefined) {
    try {
      preprocess = new PreprocessWriter(out, parsePreprocess(prepText, cfg.str('sql_preprocess_type')), tag, logger);
    } catch (err) {
      throw new ConfigError([`${instance.config.placeOf('sql_preprocess')}plugin '${instance.name}': ${(err as Error).message}`]);
    }
    out = preprocess;
  }
  const command = cfg.str('sql_trigger_exec');
  if (command !== undefined) {
    const fixed: Record<string, string> = {
      SQL_DB: names.db,
      SQL_TABLE: names.table,
      SQL_REFRESH_TIME: String(cfg.int('sql_refresh_time')),
      SQL_MAX_WRITERS: String(cfg.int('sql_max_writers')),
      // tsacct writes one purge at a time per plugin: the one that just ended.
      SQL_ACTIVE_WRITERS: '1',
    };
    const host = cfg.str('sql_host');
    if (host !== undefined) fixed.SQL_HOST = host;
    if (names.server) fixed.SQL_USER = cfg.str('sql_user') ?? 'pmacct';
    const backup = cfg.str('sql_recovery_backup_host');
    if (backup !== undefined) fixed.SQL_RECOVERY_BACKUP_HOST = backup;
    if (cfg.has('sampling_rate')) fixed.SAMPLING_RATE = String(cfg.int('sampling_rate'));
    const prep = preprocess;
    out = new SqlTriggerWriter(out, {
      tag,
      command,
      intervalSeconds: cfg.has('sql_trigger_time') ? seconds(instance, 'sql_trigger_time') : null,
      fixed,
      historySeconds: cfg.has('sql_history') ? seconds(instance, 'sql_history') : null,
      effectiveEntries: prep === null ? undefined : () => prep.lastKept,
    }, logger);
  }
  return { writer: out, preprocess };
}

/** A sql_history-syntax duration in seconds; calendar months count 30 days (pmacct's trigger timeslot recomputes them). */
function seconds(instance: PluginInstance, key: string): number {
  const d = parseDuration(instance.config.str(key) ?? '');
  if (typeof d === 'string') throw new ConfigError([`${instance.config.placeOf(key)}${key}: ${d}`]);
  return d.kind === 'months' ? d.months * 30 * 86400 : d.seconds;
}

