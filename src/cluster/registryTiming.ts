/**
 * How long a cluster registration lives and how often it is renewed.
 *
 * pmacct derives all three from one constant, PM_REDIS_DEFAULT_EXP_TIME:
 * keys are written with that TTL, rewritten every EXP_TIME / 3 seconds, and
 * a lost connection is retried at most every EXP_TIME / 5 seconds. The
 * Debian pmacct 1.7.7 build has no Redis support (no --enable-redis), so the
 * values come from pmacct's source: the redis_common.h of the 1.7.x
 * generation (the one whose redis_common.c writes `+`-separated keys and
 * requires cluster_id) has EXP_TIME 60; later pmacct (2022 on) lowered it to
 * 3. docs/compat.md#cluster-registry says why 60 is taken.
 */
export interface RegistryTiming {
  /** TTL of every key (SETEX seconds). */
  ttlSeconds: number;
  /** Pause between the end of one refresh and the start of the next. */
  refreshMs: number;
  /** First delay before reconnecting after a failure; doubled at each further failure. */
  retryMinMs: number;
  /** Longest delay between two reconnection attempts. */
  retryMaxMs: number;
  /** A connection attempt or a refresh that takes longer fails (a hung server or a frozen link). */
  operationTimeoutMs: number;
}

const PMACCT_EXP_TIME_SECONDS = 60;

export const PMACCT_REGISTRY_TIMING: RegistryTiming = {
  ttlSeconds: PMACCT_EXP_TIME_SECONDS,
  refreshMs: (PMACCT_EXP_TIME_SECONDS / 3) * 1000,
  // pmacct retries every EXP_TIME / 5 (12 s) at most; tsacct starts at 1 s so a
  // short Redis restart costs little, and backs off to pmacct's 12 s.
  retryMinMs: 1000,
  retryMaxMs: (PMACCT_EXP_TIME_SECONDS / 5) * 1000,
  operationTimeoutMs: 5000,
};
