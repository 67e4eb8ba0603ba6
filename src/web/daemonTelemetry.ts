/**
 * What a running daemon tells the HTTP API: per-exporter input counters, the
 * receive socket's counters, the pipeline's and each plugin's statistics, and
 * its memory tables. The daemon composes it from its collector, decoder and
 * pipeline; the web layer only reads it.
 */
import type { PluginStatistics } from '../core/flowConsumer.ts';
import type { MemoryTables } from '../plugins/memory/memoryPlugin.ts';

export interface ExporterCounters {
  /** The exporter (NetFlow) or agent/sub-agent (sFlow) as the statistics lines name it. */
  exporter: string;
  datagrams: number;
  bytes: number;
  records: number;
  sequenceGaps: number;
  sequenceLost: number;
  /** NetFlow v9/IPFIX data sets whose template was unknown (0 for sFlow). */
  templateMisses: number;
  malformed: number;
}

export interface ReceiveCounters {
  datagrams: number;
  bytes: number;
  /** Datagrams the kernel dropped on the socket (null when the kernel does not say). */
  kernelDrops: number | null;
  /** Datagrams the receive thread could not hand over (ring full). */
  ringOverflows: number;
}

/** The daemon's registration in a Redis cluster registry (redis_host, src/cluster/). */
export interface ClusterRegistration {
  clusterName: string;
  clusterId: number;
  /** True while the last refresh succeeded. */
  registered: boolean;
  /** Keys each refresh writes. */
  keys: number;
  refreshes: number;
  /** Failed connection attempts and refreshes. */
  errors: number;
  /** Unix time (s) of the last accepted refresh, null before the first. */
  lastRefreshSec: number | null;
}

export interface DaemonTelemetry {
  daemon: string;
  exporters(): ExporterCounters[];
  /** Null while no socket is bound (savefile replay). */
  receive(): ReceiveCounters | null;
  recordsIn(): number;
  plugins(): PluginStatistics[];
  memoryTables: MemoryTables;
  /** Null (or absent) when redis_host is not set. */
  cluster?(): ClusterRegistration | null;
  /**
   * The BGP looking glass (absent without a BGP daemon): pmacct's request
   * JSON texts in, its reply JSON texts out (docs/LOOKING_GLASS_FORMAT).
   */
  lookingGlass?(request: readonly string[]): string[];
}

/** What both decoders keep per exporter (sFlow has no templates). */
export interface DecoderExporterStats {
  datagrams: number;
  bytes: number;
  records: number;
  sequenceGaps: number;
  sequenceLost: number;
  templateMisses?: number;
  malformedTotal: number;
}

/** The decoder's per-exporter statistics as the metrics read them. */
export function exporterCountersOf(stats: ReadonlyMap<string, DecoderExporterStats>): ExporterCounters[] {
  return [...stats].map(([exporter, st]) => ({
    exporter,
    datagrams: st.datagrams,
    bytes: st.bytes,
    records: st.records,
    sequenceGaps: st.sequenceGaps,
    sequenceLost: st.sequenceLost,
    templateMisses: st.templateMisses ?? 0,
    malformed: st.malformedTotal,
  }));
}
