/**
 * Sampling rates announced by options data records, by sampler id, for one
 * observation domain (or for the whole exporter when the options are
 * system-scoped). Entries keep their arrival order because pmacct's lookup
 * depends on it: a data record with sampler id 0 (or none) gets the last
 * sampler defined, a workaround pmacct keeps for Cisco 7600s.
 */
export class SamplingTable {
  private readonly samplerIds: number[] = [];
  private readonly rates: number[] = [];

  get size(): number {
    return this.samplerIds.length;
  }

  /** Defines or redefines a sampler; a redefinition keeps its place in the order. */
  set(samplerId: number, rate: number): void {
    const i = this.samplerIds.indexOf(samplerId);
    if (i >= 0) this.rates[i] = rate;
    else {
      this.samplerIds.push(samplerId);
      this.rates.push(rate);
    }
  }

  /**
   * The rate of `samplerId`, or -1 when unknown. With `lastForZero`, id 0
   * that matches nothing returns the last sampler defined.
   */
  find(samplerId: number, lastForZero: boolean): number {
    const ids = this.samplerIds;
    const n = ids.length;
    for (let i = 0; i < n; i++) {
      if (ids[i] === samplerId || (lastForZero && samplerId === 0 && i === n - 1)) return this.rates[i];
    }
    return -1;
  }
}
