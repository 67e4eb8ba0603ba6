/**
 * `sampling_rate: N`, pmacct's own per-plugin sampler (plugin_hooks.c,
 * evaluate_sampling): it counts the *packets* of the flows reaching the
 * plugin and samples one packet every `skip` packets. A flow keeps only its
 * sampled packets: none and it is dropped; otherwise its packets become the
 * number sampled and its bytes the sampled share, (bytes / packets) ×
 * sampled in integer arithmetic. Counters are not renormalised, and the
 * sampling_rate primitive is not set.
 *
 * The skip is the rate itself in nfacctd (take_simple_systematic_skip: every
 * Nth packet, so the result is deterministic and matches pmacct 1.7.7 row
 * for row) and uniform in [1, 2N−1] (mean N) in the other daemons
 * (take_simple_random_skip, "simple randomic" in CONFIG-KEYS).
 */
import type { FlowConsumer, PluginStatistics } from '../core/flowConsumer.ts';
import type { FlowRecord } from '../model/flowRecord.ts';
import type { FlowDaemon } from '../model/primitive.ts';
import type { RandomSource } from './seededRandom.ts';

/** Random skips drawn per flow before the rest of a huge flow is sampled in one step. */
const RANDOM_STEPS_PER_FLOW = 4096;

export class PacketSampler {
  readonly rate: number;
  /** null: systematic (every `rate`th packet); otherwise the source of random skips. */
  private readonly random: RandomSource | null;
  /** Packets still to pass before the next sampled one (0: draw a new skip). */
  private counter = 0;

  constructor(rate: number, random: RandomSource | null) {
    if (!Number.isSafeInteger(rate) || rate < 1) throw new Error(`sampling rate must be a positive integer, got ${rate}`);
    this.rate = rate;
    this.random = rate > 1 ? random : null;
  }

  /** pmacct's skip: the rate, or uniform in [1, 2·rate − 1]. */
  private skip(): number {
    return this.random === null ? this.rate : Math.floor(this.random() * (2 * this.rate - 1)) + 1;
  }

  /** How many of a flow's `packets` are sampled (0: drop the flow). */
  sample(packets: number): number {
    if (this.counter === 0) this.counter = this.skip();
    if (this.counter > packets) {
      this.counter -= packets;
      return 0;
    }
    let left = packets - this.counter;
    let sampled = 1;
    this.counter = 0;
    // pmacct loops once per sampled packet; a flow claiming 2^40 packets must
    // not hang the collector, so the systematic case is done in closed form
    // and the random one, past a bound, by its mean (one sample per `rate`).
    if (this.random === null || left > RANDOM_STEPS_PER_FLOW * this.rate) {
      sampled += Math.floor(left / this.rate);
      const rest = left % this.rate;
      if (rest > 0) this.counter = this.rate - rest;
      return sampled;
    }
    while (left > 0) {
      const skip = this.skip();
      if (skip > left) {
        this.counter = skip - left;
        break;
      }
      left -= skip;
      sampled++;
    }
    return sampled;
  }
}

/** The sampler pmacct uses in `daemon`: systematic for NetFlow/IPFIX (ACCT_NF), random otherwise. */
export function packetSamplerFor(daemon: FlowDaemon, rate: number, random: RandomSource): PacketSampler {
  return new PacketSampler(rate, daemon === 'nfacctd' ? null : random);
}

/**
 * The plugin's consumer behind its sampler. The record is shared by every
 * plugin, so the scaled counters are put back once this plugin has taken it.
 */
export function withPacketSampling(sampler: PacketSampler | null, consumer: FlowConsumer): FlowConsumer {
  if (sampler === null) return consumer;
  return {
    name: consumer.name,
    type: consumer.type,
    accept(rec: FlowRecord): void {
      const packets = rec.packets;
      const sampled = sampler.sample(packets);
      if (sampled === 0) return;
      if (packets <= 1) {
        consumer.accept(rec);
        return;
      }
      const bytes = rec.bytes;
      rec.packets = sampled;
      rec.bytes = Math.floor(bytes / packets) * sampled;
      try {
        consumer.accept(rec);
      } finally {
        rec.packets = packets;
        rec.bytes = bytes;
      }
    },
    start: () => consumer.start(),
    stop: () => consumer.stop(),
    statistics: (): PluginStatistics => consumer.statistics(),
  };
}
