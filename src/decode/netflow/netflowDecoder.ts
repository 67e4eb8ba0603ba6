/**
 * The NetFlow v5 / v9 / IPFIX decoder: bytes of one export datagram in,
 * FlowRecords out through a callback, per-exporter state (templates,
 * sequence numbers, sampling, statistics) kept between datagrams.
 *
 * Pure: no sockets, files or timers; the caller gives the exporter and the
 * arrival time. The record handed to emit() is one reused object, valid
 * only during the call (copy what must outlive it), and so is the outcome
 * returned by decode(). Malformed or hostile input never throws: it is
 * counted in the exporter's stats and reported in the outcome.
 */
import type { ExporterRef } from '../../model/exporterRef.ts';
import type { FlowRecord } from '../../model/flowRecord.ts';
import { DECODE_REJECTED, type DecodeOutcome } from './decodeOutcome.ts';
import { DecodeSession } from './decodeSession.ts';
import { ExporterState } from './exporterState.ts';
import type { ExporterStats } from './exporterStats.ts';
import { decodeV5 } from './netflowV5.ts';
import { decodeV9Ipfix } from './netflowV9Ipfix.ts';
import type { NetflowRecordContext } from './recordContext.ts';
import { readU16 } from './wireReaders.ts';
import { CustomFieldExtractor } from './customFields.ts';
import type { CustomPrimitiveSet } from '../../model/customPrimitive.ts';

export interface NetflowDecoderOptions {
  /** nfacctd_time_secs: v9 sysUptime-relative times read as seconds (changes only the accounting time). */
  timeSecs: boolean;
  /** nfacctd_time_new: records are binned by arrival time (accounting time 0). */
  timeNew: boolean;
  /** nfacctd_disable_checks (pmacct default true): when false, sequence mismatches are reported in the outcome for logging. */
  disableChecks: boolean;
  /**
   * Ignored. pmacct 1.7.7's `sampling_rate` key is its own random sampler,
   * applied in the plugins; it never feeds the sampling_rate primitive. The
   * rate that overrides the exporter's for renormalisation is
   * nfacctd_ext_sampling_rate, an option of the renormalize stage.
   */
  samplingRate?: number;
  /** nfacctd_account_options: also emit options data records, as events. */
  accountOptions?: boolean;
  /** Exporters tracked at once (hostile-source protection). Default 65536. */
  maxExporters?: number;
  /** Observation domains / engines per exporter. Default 1024. */
  maxDomainsPerExporter?: number;
  /** Templates per exporter. Default 4096. */
  maxTemplatesPerExporter?: number;
  /** Templates across all exporters. Default 65536. */
  maxTemplatesTotal?: number;
  /** Fields per template; longer templates are refused, as pmacct refuses more than 256. Default 256. */
  maxTemplateFields?: number;
  /** aggregate_primitives: custom primitives filled from v9/IPFIX fields. */
  customPrimitives?: CustomPrimitiveSet | null;
}

export type { DecodeOutcome, ExporterRef };

export class NetflowDecoder {
  private readonly session: DecodeSession;
  private readonly exporters = new Map<string, ExporterState>();
  private readonly exporterStats = new Map<string, ExporterStats>();
  private readonly maxExporters: number;
  /** Datagrams refused because maxExporters was reached. */
  rejectedForExporterLimit = 0;

  constructor(options: NetflowDecoderOptions) {
    this.session = new DecodeSession({
      maxFields: options.maxTemplateFields ?? 256,
      maxTemplatesPerExporter: options.maxTemplatesPerExporter ?? 4096,
      maxTemplatesTotal: options.maxTemplatesTotal ?? 65536,
      maxDomainsPerExporter: options.maxDomainsPerExporter ?? 1024,
    });
    this.maxExporters = options.maxExporters ?? 65536;
    this.session.ctx.timeSecs = options.timeSecs;
    this.session.ctx.timeNew = options.timeNew;
    this.session.disableChecks = options.disableChecks;
    this.session.accountOptions = options.accountOptions ?? false;
    const custom = options.customPrimitives;
    if (custom && custom.size > 0) {
      this.session.custom = new CustomFieldExtractor(custom);
      this.session.custom.prepare(this.session.rec);
    }
  }

  /** Per-exporter statistics, keyed by ExporterRef.key. */
  get stats(): ReadonlyMap<string, ExporterStats> {
    return this.exporterStats;
  }

  /** Side values of the record being emitted (raw fields, peer AS, accounting time); read inside emit(). */
  get context(): NetflowRecordContext {
    return this.session.ctx.extras;
  }

  /**
   * Decodes one export datagram, calling emit(record) for each flow or
   * event record (the same FlowRecord each time, refilled).
   */
  decode(payload: Uint8Array, exporter: ExporterRef, arrivalSec: number, arrivalUsec: number, emit: (rec: FlowRecord) => void): DecodeOutcome {
    const s = this.session;
    const outcome = s.outcome;
    outcome.reset();
    const state = this.exporterState(exporter.key);
    if (state === null) {
      this.rejectedForExporterLimit++;
      outcome.status = DECODE_REJECTED;
      outcome.malformed = 'limitExceeded';
      return outcome;
    }
    state.stats.datagrams++;
    state.stats.bytes += payload.length;
    s.exporter = state;
    s.exporterFamily = exporter.family;
    s.exporterAddress = exporter.address;
    s.setConsumer(emit);
    s.arrivalSec = arrivalSec;
    s.rec.timestampArrival.set(arrivalSec, arrivalUsec);

    const len = payload.length;
    if (len < 2) {
      s.malformed('shortHeader', DECODE_REJECTED);
      return outcome;
    }
    const version = readU16(payload, 0);
    outcome.version = version;
    try {
      if (version === 5) decodeV5(s, payload, len);
      else if (version === 9 || version === 10) decodeV9Ipfix(s, payload, len, version);
      else s.malformed('unsupportedVersion', DECODE_REJECTED);
    } catch (err) {
      // The consumer's own errors are its business; ours must not stop the daemon.
      if (s.inConsumer) throw err;
      s.malformed('decoderFault', DECODE_REJECTED);
    }
    return outcome;
  }

  /**
   * One line per exporter for SIGUSR1 / exit statistics, in the spirit of
   * pmacct's "stats [collector] agent=… packets=… seq_good=…" lines.
   */
  statisticsLines(): string[] {
    const lines: string[] = [];
    for (const [key, st] of this.exporterStats) {
      lines.push(
        `netflow exporter ${key}: datagrams ${st.datagrams}, records ${st.records}, option records ${st.optionRecords}, ` +
          `unclassified ${st.unclassifiedRecords}, templates ${st.templates}, template misses ${st.templateMisses}, ` +
          `sequence gaps ${st.sequenceGaps} (lost ${st.sequenceLost}), reordered ${st.sequenceReordered}, resets ${st.sequenceResets}, ` +
          `malformed ${st.malformedTotal}`,
      );
    }
    if (this.rejectedForExporterLimit > 0) lines.push(`netflow: datagrams refused over the exporter limit ${this.rejectedForExporterLimit}`);
    return lines;
  }

  /** Forgets templates not announced since `oldestSec` (caller's clock); returns how many. */
  expireTemplates(oldestSec: number): number {
    let removed = 0;
    for (const state of this.exporters.values()) removed += state.expireTemplates(oldestSec);
    this.session.templates.count -= removed;
    return removed;
  }

  /** Forgets an exporter entirely (templates, sequence, sampling, stats). */
  forgetExporter(key: string): void {
    const state = this.exporters.get(key);
    if (state === undefined) return;
    this.session.templates.count -= state.stats.templates;
    this.exporters.delete(key);
    this.exporterStats.delete(key);
  }

  /** Templates cached across all exporters. */
  get templateCount(): number {
    return this.session.templates.count;
  }

  private exporterState(key: string): ExporterState | null {
    let state = this.exporters.get(key);
    if (state === undefined) {
      if (this.exporters.size >= this.maxExporters) return null;
      state = new ExporterState(key);
      this.exporters.set(key, state);
      this.exporterStats.set(key, state.stats);
    }
    return state;
  }
}
