/**
 * Polls a listener's kernel drop counter and reports when it grew, so that a
 * receive buffer overflowing under load shows up in the log while it
 * happens, not only in the statistics at exit.
 */
import type { KernelQueueState } from './kernelDropCounter.ts';

export interface KernelQueueSource {
  kernelQueue(): KernelQueueState | null;
}

/** Often enough to tie a warning to a burst, rarely enough to cost nothing. */
export const DEFAULT_DROP_CHECK_MS = 10_000;

export class KernelDropWatch {
  private readonly source: KernelQueueSource;
  private readonly onGrowth: (newDrops: number, totalDrops: number) => void;
  private readonly intervalMs: number;
  private timer: NodeJS.Timeout | null = null;
  private lastDrops = 0;

  constructor(source: KernelQueueSource, onGrowth: (newDrops: number, totalDrops: number) => void, intervalMs = DEFAULT_DROP_CHECK_MS) {
    this.source = source;
    this.onGrowth = onGrowth;
    this.intervalMs = intervalMs;
  }

  start(): void {
    this.lastDrops = this.source.kernelQueue()?.drops ?? 0;
    this.timer = setInterval(() => this.check(), this.intervalMs);
    // Watching must never keep a stopping daemon alive.
    this.timer.unref();
  }

  /** Compares with the previous reading; also called directly by tests. */
  check(): void {
    const state = this.source.kernelQueue();
    if (state === null || state.drops <= this.lastDrops) return;
    const grown = state.drops - this.lastDrops;
    this.lastDrops = state.drops;
    this.onGrowth(grown, state.drops);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
