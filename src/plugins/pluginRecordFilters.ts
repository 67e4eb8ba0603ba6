/**
 * The per-plugin record filters pmacct applies before a plugin aggregates
 * a flow (aggregate_filter, pre_tag_filter, pre_tag2_filter,
 * pre_tag_label_filter): each configured one becomes a predicate, and the
 * plugin sees only records every predicate passes. A plugin with none is
 * returned as it is, so the hot path pays nothing.
 *
 * Each filter kind is one builder below: it reads its key from the
 * plugin's config and returns null when the key is not set.
 */
import type { ScopedConfig } from '../config/index.ts';
import type { FlowConsumer } from '../core/flowConsumer.ts';
import type { FlowRecord } from '../model/flowRecord.ts';
import { preTagFilterOf, preTag2FilterOf, preTagLabelFilterOf } from '../maps/preTagFilters.ts';
import { aggregateFilterOf } from '../filter/aggregateFilter.ts';

export type RecordPredicate = (rec: FlowRecord) => boolean;
export type RecordFilterBuilder = (cfg: ScopedConfig) => RecordPredicate | null;

/** The builders, in pmacct's order of evaluation. */
const BUILDERS: RecordFilterBuilder[] = [
  aggregateFilterOf,
  preTagFilterOf,
  preTag2FilterOf,
  preTagLabelFilterOf,
];

export function withRecordFilters(consumer: FlowConsumer, cfg: ScopedConfig): FlowConsumer {
  const predicates = BUILDERS.map((build) => build(cfg)).filter((p): p is RecordPredicate => p !== null);
  if (predicates.length === 0) return consumer;
  // A plain loop: every() would make a closure per record.
  const pass =
    predicates.length === 1
      ? predicates[0]!
      : (rec: FlowRecord): boolean => {
          for (let i = 0; i < predicates.length; i++) if (!predicates[i]!(rec)) return false;
          return true;
        };
  return {
    name: consumer.name,
    type: consumer.type,
    accept(rec: FlowRecord): void {
      if (pass(rec)) consumer.accept(rec);
    },
    start: () => consumer.start(),
    stop: () => consumer.stop(),
    statistics: () => consumer.statistics(),
  };
}
