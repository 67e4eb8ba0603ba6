/**
 * bgp_daemon_batch / bgp_daemon_batch_interval: new peers are admitted in
 * batches of `size`, a batch lasting `intervalSeconds` from the time its
 * first peer came (pmacct's bgp_batch_*): while the current batch has
 * room, a connection takes a place in it; once it is full, connections
 * are refused until the interval has passed; the first connection after
 * that opens a new batch (room left in the old one is not carried over). A peer refused by the allow file or by
 * bgp_daemon_max_peers takes no place (the collector asks after those
 * checks); a peer that reconnects takes one again, as in pmacct ("no new
 * room is made" for a replenished peer).
 */
export class BgpPeerBatch {
  readonly size: number;
  private readonly intervalMs: number;
  /** Places left in the current batch. */
  private left = 0;
  /** When the current batch began (ms); -Infinity before the first. */
  private startedMs = Number.NEGATIVE_INFINITY;

  constructor(size: number, intervalSeconds: number) {
    this.size = size;
    this.intervalMs = intervalSeconds * 1000;
  }

  /** Whether a connection arriving at `nowMs` is admitted; an admitted one takes its place. */
  admit(nowMs: number): boolean {
    // pmacct compares whole seconds: a batch expires once the time is past
    // its start + the interval, and the next connection opens a new one.
    if (Math.floor(nowMs / 1000) > Math.floor(this.startedMs / 1000) + this.intervalMs / 1000) {
      this.left = this.size;
      this.startedMs = nowMs;
    }
    if (this.left === 0) return false;
    this.left--;
    return true;
  }
}
