/**
 * The plugin-side filters on pre_tag_map results, as pmacct 1.7.7 loads and
 * evaluates them (src/util.c load_tags / load_labels, evaluate_tags /
 * evaluate_labels):
 * - pre_tag_filter, pre_tag2_filter: comma-separated items, each N, N-M
 *   (a range; M must be greater than N, else loading stops there with a
 *   warning) or either prefixed with '-' (negation). Items are tried in order:
 *   the first one containing the tag decides (pass, or drop when negated); a
 *   negated item that does not contain the tag passes the record at once; when
 *   no item decides, the record is dropped. '0' matches untagged data.
 * - pre_tag_label_filter: comma-separated labels, '-' negates, 'null' stands
 *   for no label; an item matches when the record's label starts with it
 *   (pmacct compares the item's length only), same decision order.
 */
import type { FlowRecord } from '../model/flowRecord.ts';

export type TagPredicate = (rec: FlowRecord) => boolean;

/** C strtoull on the leading digits; 0 when none. */
function leadingNumber(text: string): number {
  const m = /^\s*(\d+)/.exec(text);
  return m ? Number(m[1]) : 0;
}

export interface TagFilterItem { neg: boolean; low: number; high: number }

export function parseTagFilter(value: string, warn: (m: string) => void = () => {}): TagFilterItem[] {
  const items: TagFilterItem[] = [];
  for (const raw of value.replace(/\s+/g, '').split(',')) {
    if (raw === '') continue;
    const neg = raw.startsWith('-');
    const body = neg ? raw.slice(1) : raw;
    const dash = body.indexOf('-');
    const low = leadingNumber(dash < 0 ? body : body.slice(0, dash));
    const high = dash < 0 ? low : leadingNumber(body.slice(dash + 1));
    if (dash >= 0 && high <= low) {
      warn(`Range value is expected in format low-high. '${low}-${high}'.`);
      break;
    }
    items.push({ neg, low, high });
  }
  return items;
}

export function tagFilterPredicate(items: readonly TagFilterItem[], field: 'tag' | 'tag2'): TagPredicate | null {
  if (items.length === 0) return null;
  const neg = items.map((i) => i.neg);
  const low = items.map((i) => i.low);
  const high = items.map((i) => i.high);
  const n = items.length;
  const decide = (tag: number): boolean => {
    for (let i = 0; i < n; i++) {
      if (low[i]! <= tag && high[i]! >= tag) return !neg[i];
      if (neg[i]) return true;
    }
    return false;
  };
  return field === 'tag' ? (rec) => decide(rec.tag) : (rec) => decide(rec.tag2);
}

export interface LabelFilterItem { neg: boolean; text: string }

export function parseLabelFilter(value: string): LabelFilterItem[] {
  const items: LabelFilterItem[] = [];
  for (const raw of value.split(',')) {
    const t = raw.trim();
    if (t === '') continue;
    const neg = t.startsWith('-');
    items.push({ neg, text: neg ? t.slice(1) : t });
  }
  return items;
}

export function labelFilterPredicate(items: readonly LabelFilterItem[]): TagPredicate | null {
  if (items.length === 0) return null;
  const n = items.length;
  return (rec) => {
    const label = rec.label === '' ? 'null' : rec.label;
    for (let i = 0; i < n; i++) {
      const it = items[i]!;
      if (label.startsWith(it.text)) return !it.neg;
      if (it.neg) return true;
    }
    return false;
  };
}

/** Builders for src/plugins/pluginRecordFilters.ts. */
interface PluginScope { str(key: string): string | undefined; has(key: string): boolean }

export function preTagFilterOf(cfg: PluginScope): TagPredicate | null {
  const v = cfg.has('pre_tag_filter') ? cfg.str('pre_tag_filter') : undefined;
  return v === undefined ? null : tagFilterPredicate(parseTagFilter(v), 'tag');
}

export function preTag2FilterOf(cfg: PluginScope): TagPredicate | null {
  const v = cfg.has('pre_tag2_filter') ? cfg.str('pre_tag2_filter') : undefined;
  return v === undefined ? null : tagFilterPredicate(parseTagFilter(v), 'tag2');
}

export function preTagLabelFilterOf(cfg: PluginScope): TagPredicate | null {
  const v = cfg.has('pre_tag_label_filter') ? cfg.str('pre_tag_label_filter') : undefined;
  return v === undefined ? null : labelFilterPredicate(parseLabelFilter(v));
}
