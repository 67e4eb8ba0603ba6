/**
 * sfacctd_renormalize (-R): scales sFlow counters back to estimated totals
 * the way pmacct 1.7.7 sfacctd does, which is not "× the advertised rate".
 * pmacct's SF_counters_renormalize_handler (pkt_handlers.c) estimates an
 * *effective* sampling rate from the sample pool, per data source:
 *
 * - state per (agent, sub-agent, data source), the data source being
 *   (source_id_type << 24 | source_id_index) in 32 bits; the agent is the
 *   first 4 bytes of the datagram's agent address (sfv245_check_status keys
 *   its status table on the IPv4 member of the address union, so IPv6
 *   agents of the same /32 share state);
 * - first sample of a data source: remember (sample_pool, sequence), use
 *   the advertised rate;
 * - sequence and sample_pool both greater than remembered: rate =
 *   floor(Δpool / Δsequence) in 32-bit unsigned arithmetic, remember both;
 * - otherwise, if the sequences differ by more than 50 (XFLOW_RESET_BOUNDARY,
 *   `MAX > MIN + 50` with u_int32 wrap-around) either way: remember the new
 *   values (a reset) and use the advertised rate;
 * - otherwise (pool flat or wrapped, a late sample): advertised rate, state
 *   untouched, so the next delta spans several samples;
 * - packets and bytes are multiplied by that rate; flows are not. pmacct
 *   multiplies by 0 too (a first sample advertising rate 0 accounts 0
 *   packets, 0 bytes; so does an estimate that floors to 0). tsacct never
 *   turns traffic into 0: an estimate of 0 falls back to the advertised
 *   rate, and a rate of 0 is unknown, leaving the counters as sampled
 *   (docs/compat.md#sampling-rate-zero).
 *
 * The sampling_rate primitive then reads 1 wherever the advertised rate is
 * not 0, the estimate notwithstanding (SF_sampling_rate_handler).
 *
 * With sfacctd_ext_sampling_rate set, pmacct installs its generic
 * counters_renormalize_handler instead: every sample is multiplied by that
 * rate, no state is kept, and sampling_rate still reads 1 where the
 * advertised rate is not 0 (0 stays 0).
 *
 * pmacct runs the handler once per plugin on one shared state, so only the
 * first plugin (in `plugins:` order) gets the estimate and the others, for
 * which the sequence has not moved, the advertised rate: two plugins then
 * disagree on the same traffic. tsacct renormalises once, before the
 * plugins, so every plugin gets the estimate
 * (docs/compat.md#sflow-renormalize-plugins).
 *
 * The state table is bounded like pmacct's (XFLOW_STATUS_TABLE_MAX_ENTRIES
 * 100000): a data source seen once the table is full is never remembered,
 * so it always gets its advertised rate. No allocation per record.
 */
import type { FlowRecord } from '../model/flowRecord.ts';

/** The sample identity the estimate needs; the sFlow decoder's FlowSampleContext has it. */
export interface SflowSampleCounters {
  readonly sourceIdType: number;
  readonly sourceIdIndex: number;
  readonly samplePool: number;
  readonly sampleSequence: number;
}

/**
 * Where the sample being emitted is described: the SflowDecoder, whose
 * `context` is the one of the reader (v5, v2/v4) that read it; read anew
 * for every record.
 */
export interface SflowSampleSource {
  readonly context: SflowSampleCounters;
}

export interface SflowRenormalizeOptions {
  /** sfacctd_ext_sampling_rate; 0 or absent = estimate per data source. */
  readonly extSamplingRate?: number;
  /** Data sources remembered at most (default 100000, as pmacct). */
  readonly maxEntries?: number;
}

/** pmacct's XFLOW_RESET_BOUNDARY. */
export const SFLOW_RESET_BOUNDARY = 50;
/** pmacct's XFLOW_STATUS_TABLE_MAX_ENTRIES. */
export const SFLOW_RENORMALIZE_MAX_ENTRIES = 100000;

/** Words per slot: used, agent, sub-agent, data source, pool, sequence. */
const STRIDE = 6;
const INITIAL_SLOTS = 256;

export class SflowSamplingRenormalizer {
  private readonly source: SflowSampleSource;
  private readonly extSamplingRate: number;
  private readonly maxEntries: number;
  private slots: Uint32Array;
  private mask: number;
  /** Data sources remembered. */
  entries = 0;

  constructor(source: SflowSampleSource, options: SflowRenormalizeOptions = {}) {
    this.source = source;
    this.extSamplingRate = options.extSamplingRate ?? 0;
    this.maxEntries = options.maxEntries ?? SFLOW_RENORMALIZE_MAX_ENTRIES;
    this.slots = new Uint32Array(INITIAL_SLOTS * STRIDE);
    this.mask = INITIAL_SLOTS - 1;
  }

  /** The rate pmacct multiplies this sample by (for its first plugin); updates the state. */
  effectiveRate(agent: number, subAgent: number, advertised: number): number {
    const s = this.source.context;
    const source = ((s.sourceIdType << 24) | s.sourceIdIndex) >>> 0;
    const pool = s.samplePool >>> 0;
    const seq = s.sampleSequence >>> 0;
    const slots = this.slots;
    let i = this.find(agent, subAgent, source);
    if (slots[i] === 0) {
      if (this.entries < this.maxEntries) {
        slots[i] = 1;
        slots[i + 1] = agent;
        slots[i + 2] = subAgent;
        slots[i + 3] = source;
        slots[i + 4] = pool;
        slots[i + 5] = seq;
        this.entries++;
        if (this.entries * 2 > this.mask + 1) this.grow();
      }
      return advertised;
    }
    const lastPool = slots[i + 4]!;
    const lastSeq = slots[i + 5]!;
    if (seq > lastSeq && pool > lastPool) {
      slots[i + 4] = pool;
      slots[i + 5] = seq;
      return Math.floor((pool - lastPool) / (seq - lastSeq));
    }
    const high = seq > lastSeq ? seq : lastSeq;
    const low = seq > lastSeq ? lastSeq : seq;
    if (high > ((low + SFLOW_RESET_BOUNDARY) >>> 0)) {
      slots[i + 4] = pool;
      slots[i + 5] = seq;
    }
    return advertised;
  }

  /** The stage: renormalises the record. */
  apply(rec: FlowRecord): void {
    this.applyMapped(rec, 0);
  }

  /**
   * Renormalises with a sampling_map rate (0: none matched). pmacct's
   * SF_counters_map_renormalize_handler runs first: a map rate multiplies
   * the counters and the pool estimate is neither used nor updated for
   * this sample; sfacctd_ext_sampling_rate still wins over both.
   */
  applyMapped(rec: FlowRecord, mapRate: number): void {
    if (mapRate > 0 && this.extSamplingRate === 0) {
      rec.packets *= mapRate;
      rec.bytes *= mapRate;
      rec.samplingRate = 1;
      return;
    }
    if (mapRate > 0) rec.samplingRate = mapRate;
    const advertised = rec.samplingRate >>> 0;
    let rate =
      this.extSamplingRate > 0 ? this.extSamplingRate : this.effectiveRate(rec.peerSrcIp.words[0]!, rec.exportProtoSysid >>> 0, advertised);
    if (rate === 0) rate = advertised;
    if (rate !== 0) {
      rec.packets *= rate;
      rec.bytes *= rate;
    }
    if (advertised !== 0) rec.samplingRate = 1;
  }

  /** The stage as the pipeline runs it: one call per record. */
  readonly stage = (rec: FlowRecord): void => this.apply(rec);

  private find(agent: number, subAgent: number, source: number): number {
    const slots = this.slots;
    const mask = this.mask;
    let h = Math.imul(agent ^ Math.imul(subAgent, 0x9e3779b1) ^ Math.imul(source, 0x85ebca6b), 0xc2b2ae35);
    h ^= h >>> 15;
    let slot = h & mask;
    for (;;) {
      const i = slot * STRIDE;
      if (slots[i] === 0) return i;
      if (slots[i + 1] === agent && slots[i + 2] === subAgent && slots[i + 3] === source) return i;
      slot = (slot + 1) & mask;
    }
  }

  private grow(): void {
    const old = this.slots;
    const size = (this.mask + 1) * 2;
    this.slots = new Uint32Array(size * STRIDE);
    this.mask = size - 1;
    for (let i = 0; i < old.length; i += STRIDE) {
      if (old[i] === 0) continue;
      const at = this.find(old[i + 1]!, old[i + 2]!, old[i + 3]!);
      this.slots.set(old.subarray(i, i + STRIDE), at);
    }
  }
}
