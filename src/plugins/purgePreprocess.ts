/**
 * sql_preprocess / amqp_preprocess / kafka_preprocess and their *_type:
 * per-entry checks an aggregate must pass at a purge to be written
 * (pmacct's preprocess.c checks). With 'any'
 * an entry is written when one check holds, with 'all' when every one does.
 * Ratios are integer divisions, as pmacct's; the packets-per-flow checks
 * hold for no entry when the purge's first entry counts no flows (pmacct
 * skips them then).
 *
 * Entries that fail are not written (pmacct drops them too, or hands them
 * to its recovery log, which tsacct does not have): they are counted and
 * logged at each purge, never dropped silently.
 *
 * For the SQL plugins, pmacct's conditional qnum and its fss, fsrc
 * (sampling), usrf, adjb (counter actions) and recover are refused by name.
 * The broker plugins know only the checks CONFIG-KEYS gives "All plugins"
 * (minp, minb, minf, minbpp, minppf): like pmacct 1.7.7's amqp and kafka
 * plugins (checked with nfacctd), any other keyword is ignored with a
 * warning, and a list left without checks is ignored with an error line.
 */
import { AggregationCache, type CacheColumns } from '../core/aggregationCache.ts';
import type { AggregateWriter, FlushBatch } from '../core/aggregatingConsumer.ts';
import type { FlowConsumer, PluginStatistics } from '../core/flowConsumer.ts';
import { ForwardingWriter } from '../core/forwardingWriter.ts';
import type { Logger } from '../core/logger.ts';

export type PreprocessCheckName = 'minp' | 'minb' | 'minf' | 'maxp' | 'maxb' | 'maxf' | 'minbpp' | 'maxbpp' | 'minppf' | 'maxppf';
const CHECKS: ReadonlySet<string> = new Set<PreprocessCheckName>(['minp', 'minb', 'minf', 'maxp', 'maxb', 'maxf', 'minbpp', 'maxbpp', 'minppf', 'maxppf']);
const NOT_IMPLEMENTED: ReadonlySet<string> = new Set(['qnum', 'fss', 'fsrc', 'usrf', 'adjb', 'recover']);
/** The checks of every plugin (CONFIG-KEYS); the others are the SQL plugins' only. */
const ALL_PLUGIN_CHECKS: ReadonlySet<string> = new Set<PreprocessCheckName>(['minp', 'minb', 'minf', 'minbpp', 'minppf']);

export interface PreprocessCheck {
  name: PreprocessCheckName;
  value: number;
}

export interface Preprocess {
  checks: readonly PreprocessCheck[];
  all: boolean;
}

/** Parses sql_preprocess ("minp=2, minb=1000"); throws an Error naming what is wrong (`key`: the key's name in it). */
export function parsePreprocess(text: string, type: string | undefined, key = 'sql_preprocess'): Preprocess {
  const checks: PreprocessCheck[] = [];
  for (const raw of text.split(',')) {
    const item = raw.trim();
    if (item === '') continue;
    const eq = item.indexOf('=');
    const name = (eq < 0 ? item : item.slice(0, eq)).trim().toLowerCase();
    const valueText = eq < 0 ? '' : item.slice(eq + 1).trim();
    if (NOT_IMPLEMENTED.has(name)) {
      throw new Error(`${key} '${name}' is not implemented by tsacct (supported: ${[...CHECKS].join(', ')})`);
    }
    if (!CHECKS.has(name)) throw new Error(`unknown ${key} directive '${name}' (supported: ${[...CHECKS].join(', ')})`);
    if (!/^\d+$/.test(valueText)) throw new Error(`${key} '${name}' needs a non-negative integer value (got '${valueText}')`);
    checks.push({ name: name as PreprocessCheckName, value: Number(valueText) });
  }
  if (checks.length === 0) throw new Error(`${key} holds no check`);
  return { checks, all: type === 'all' };
}

/**
 * Parses amqp_preprocess / kafka_preprocess as pmacct's broker plugins
 * read it: keywords other than the all-plugin checks are dropped with
 * pmacct's warning; null (and pmacct's error line) when no check is left.
 * Throws, as parsePreprocess, on a value that is not a number.
 */
export function parseBrokerPreprocess(text: string, type: string | undefined, key: string, tag: string, logger: Logger): Preprocess | null {
  const kept: string[] = [];
  for (const raw of text.split(',')) {
    const item = raw.trim();
    if (item === '') continue;
    const eq = item.indexOf('=');
    const name = (eq < 0 ? item : item.slice(0, eq)).trim().toLowerCase();
    if (ALL_PLUGIN_CHECKS.has(name)) kept.push(item);
    else logger.warn(`${tag}: preprocess: unknown keyword ${name}. Ignored.`);
  }
  if (kept.length === 0) {
    logger.error(`${tag}: preprocess: does not contain any checks. Ignored.`);
    return null;
  }
  return parsePreprocess(kept.join(','), type, key);
}

/** Whether an entry's counters pass `check`; `ppfApplies` is false when the purge's first entry counts no flows. */
function passes(check: PreprocessCheck, packets: number, bytes: number, flows: number, ppfApplies: boolean): boolean {
  const v = check.value;
  switch (check.name) {
    case 'minp': return packets >= v;
    case 'minb': return bytes >= v;
    case 'minf': return flows >= v;
    case 'maxp': return packets < v;
    case 'maxb': return bytes < v;
    case 'maxf': return flows < v;
    case 'minbpp': return packets > 0 && Math.floor(bytes / packets) >= v;
    case 'maxbpp': return packets > 0 && Math.floor(bytes / packets) < v;
    case 'minppf': return ppfApplies && flows > 0 && Math.floor(packets / flows) >= v;
    case 'maxppf': return ppfApplies && flows > 0 && Math.floor(packets / flows) < v;
  }
}

/** The indexes of the entries of `cache` that pass. */
export function preprocessSelect(prep: Preprocess, cache: AggregationCache): number[] {
  const cols = cache.exportEntries();
  const n = cols.packets.length;
  const ppfApplies = n > 0 && cols.flows[0]! > 0;
  const kept: number[] = [];
  for (let i = 0; i < n; i++) {
    const packets = cols.packets[i]!;
    const bytes = cols.bytes[i]!;
    const flows = cols.flows[i]!;
    let passed = 0;
    for (const check of prep.checks) if (passes(check, packets, bytes, flows, ppfApplies)) passed++;
    if (prep.all ? passed === prep.checks.length : passed > 0) kept.push(i);
  }
  return kept;
}

/** A cache of the entries at `indexes` of `cols`, in that order. */
function subset(cols: CacheColumns, indexes: readonly number[]): AggregationCache {
  const words = cols.keyWords;
  const n = indexes.length;
  const keys = new Uint32Array(n * words);
  const packets = new Float64Array(n);
  const bytes = new Float64Array(n);
  const flows = new Float64Array(n);
  const events = new Uint8Array(n);
  const ors = new Uint32Array(cols.orWord >= 0 ? n : 0);
  for (let j = 0; j < n; j++) {
    const i = indexes[j]!;
    keys.set(cols.keys.subarray(i * words, (i + 1) * words), j * words);
    packets[j] = cols.packets[i]!;
    bytes[j] = cols.bytes[i]!;
    flows[j] = cols.flows[i]!;
    events[j] = cols.events[i]!;
    if (cols.orWord >= 0) {
      ors[j] = cols.ors[i]!;
      // fromEntries hashes the key with its ORed word at 0, as the cache keeps it.
      keys[j * words + cols.orWord] = 0;
    }
  }
  return AggregationCache.fromEntries({ keyWords: words, orWord: cols.orWord, keys, packets, bytes, flows, events, ors });
}

/** Counts of what *_preprocess left out, for the plugin statistics. */
export interface PreprocessStatistics {
  /** Entries left out by *_preprocess since the start. */
  entries: number;
  packets: number;
  bytes: number;
}

/** Writes only the entries that pass *_preprocess; counts and logs the others once per purge (a retried purge is not counted again). */
export class PreprocessWriter extends ForwardingWriter {
  readonly stats: PreprocessStatistics = { entries: 0, packets: 0, bytes: 0 };
  /** Entries of the last purge that passed. */
  lastKept = 0;
  private lastCounted: number | undefined;

  private readonly prep: Preprocess;
  private readonly tag: string;
  private readonly logger: Logger;
  /** The key's name in the log lines. */
  private readonly key: string;

  constructor(inner: AggregateWriter, prep: Preprocess, tag: string, logger: Logger, key = 'sql_preprocess') {
    super(inner);
    this.prep = prep;
    this.tag = tag;
    this.logger = logger;
    this.key = key;
  }

  async write(batch: FlushBatch): Promise<void> {
    const size = batch.cache.size;
    this.lastKept = 0;
    if (size === 0) return this.inner.write(batch);
    const kept = preprocessSelect(this.prep, batch.cache);
    this.lastKept = kept.length;
    const dropped = size - kept.length;
    if (dropped > 0 && (batch.sequence === undefined || batch.sequence !== this.lastCounted)) {
      this.lastCounted = batch.sequence;
      const cols = batch.cache.exportEntries();
      let packets = 0;
      let bytes = 0;
      let j = 0;
      for (let i = 0; i < size; i++) {
        if (j < kept.length && kept[j] === i) {
          j++;
          continue;
        }
        packets += cols.packets[i]!;
        bytes += cols.bytes[i]!;
      }
      this.stats.entries += dropped;
      this.stats.packets += packets;
      this.stats.bytes += bytes;
      this.logger.info(`${this.tag}: ${this.key} left out ${dropped} of ${size} entries (${packets} packets, ${bytes} bytes)`);
    }
    if (dropped === 0) return this.inner.write(batch);
    return this.inner.write({ ...batch, cache: subset(batch.cache.exportEntries(), kept), totalEntries: batch.totalEntries ?? size });
  }
}

/** Adds what *_preprocess left out to the consumer's statistics. */
export function withPreprocessStatistics(consumer: FlowConsumer, preprocess: PreprocessWriter): void {
  const statistics = consumer.statistics.bind(consumer);
  consumer.statistics = (): PluginStatistics => ({ ...statistics(), filteredEntries: preprocess.stats.entries });
}
