/**
 * Everything the decoder remembers about one exporter (one source address):
 * per observation domain (v9 source id, IPFIX observation domain id, v5
 * engine) its templates, sequence expectation, sampling rates and the
 * exporter address announced in options; plus the system-scoped options
 * that apply to all its domains, and its statistics.
 */
import { ExporterStats } from './exporterStats.ts';
import { SamplingTable } from './samplingTable.ts';
import { SequenceTracker } from './sequenceTracker.ts';
import type { Template } from './template.ts';

export class DomainState {
  readonly id: number;
  readonly templates = new Map<number, Template>();
  readonly sequence = new SequenceTracker();
  readonly sampling = new SamplingTable();
  /** exporterIPv4/IPv6Address (130/131) from options: becomes peer_src_ip. Family 0 = none. */
  exporterAddressFamily = 0;
  readonly exporterAddress = new Uint8Array(16);
  /** Export protocol version last seen, to resynchronise the sequence when it changes. */
  version = 0;

  constructor(id: number) {
    this.id = id;
  }
}

export class ExporterState {
  readonly key: string;
  readonly stats = new ExporterStats();
  /** v9 source ids and IPFIX observation domains (pmacct shares templates between the two). */
  readonly domains = new Map<number, DomainState>();
  /** v5 engines, keyed engine_type << 8 | engine_id. */
  readonly engines = new Map<number, DomainState>();
  /** System-scoped options (v9 scope "System"): sampling rates for every domain. */
  readonly system = new DomainState(0);

  constructor(key: string) {
    this.key = key;
  }

  /** The domain's state, created on first sight; null when the per-exporter limit is reached. */
  domain(map: Map<number, DomainState>, id: number, limit: number): DomainState | null {
    let d = map.get(id);
    if (d === undefined) {
      if (map.size >= limit) return null;
      d = new DomainState(id);
      map.set(id, d);
    }
    return d;
  }

  /** Drops templates not announced since `oldestSec`; returns how many went. */
  expireTemplates(oldestSec: number): number {
    let removed = 0;
    for (const d of this.domains.values()) {
      for (const [id, t] of d.templates) {
        if (t.lastSeenSec < oldestSec) {
          d.templates.delete(id);
          removed++;
        }
      }
    }
    this.stats.templates -= removed;
    return removed;
  }
}
