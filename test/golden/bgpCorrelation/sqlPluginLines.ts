/**
 * The config lines of one SQL plugin writing a custom table with
 * sql_optimize_clauses, as the correlation scenario's SQL goldens
 * (extTm.ts, sqlBgpAttributes.ts) run them: the target's connection lines
 * (written for plugin `x`) renamed to the plugin, and a refresh time
 * longer than the replay so each plugin writes once, at exit.
 */
import type { GoldenTarget } from '../sql/sqlGolden.ts';

/** `settings`: more `key: value` lines for this plugin, its name added to each key. */
export function sqlPluginLines(plugin: string, aggregate: string, target: GoldenTarget, table: string, settings: readonly string[] = []): string[] {
  return [
    `aggregate[${plugin}]: ${aggregate}`,
    ...target.connection.map((l) => l.replace('[x]', `[${plugin}]`)),
    `sql_table[${plugin}]: ${table}`,
    `sql_optimize_clauses[${plugin}]: true`,
    ...settings.map((l) => l.replace(':', `[${plugin}]:`)),
    `sql_refresh_time[${plugin}]: 300`,
  ];
}
