/**
 * aggregate_filter[plugin]: the flows a plugin sees must match the libpcap
 * expression (pmacct compiles it at startup and exits when libpcap
 * refuses it; tsacct does the same, with a ConfigError naming the plugin,
 * the expression and where it was written).
 */
import { ConfigError, type ScopedConfig } from '../config/index.ts';
import type { FlowRecord } from '../model/flowRecord.ts';
import { compileFlowFilter, FlowFilterError } from './flowFilter.ts';

export function aggregateFilterOf(cfg: ScopedConfig): ((rec: FlowRecord) => boolean) | null {
  const expression = cfg.str('aggregate_filter');
  if (expression === undefined || expression.trim() === '') return null;
  try {
    return compileFlowFilter(expression);
  } catch (err) {
    if (!(err instanceof FlowFilterError)) throw err;
    const where = cfg.where('aggregate_filter');
    const at = where ? `${where.file}:${where.line}: ` : '';
    throw new ConfigError([`${at}aggregate_filter[${cfg.scope}]: ${err.message}`]);
  }
}
