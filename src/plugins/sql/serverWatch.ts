/**
 * Keeps a network SQL server that stopped answering (SIGSTOPped, hung,
 * unreachable behind a dead link) from holding a flush: a frozen server's
 * kernel still accepts and acknowledges, so its statements hang rather than
 * fail, and TCP keepalive never fires while a request is unanswered.
 *
 * A statement unanswered after SQL_STALL_CHECK_MS makes the connection check,
 * on a new connection within SQL_PROBE_TIMEOUT_MS, that the server answers
 * and is working on the statement (its session is running or waiting for a
 * lock, not idle), and again every SQL_STALL_CHECK_MS. A server that is only
 * busy (a long lock wait, a big COPY) passes and the statement goes on, up
 * to SQL_STATEMENT_TIMEOUT_MS in all; a frozen or unreachable server, or one
 * that never got the request or whose answer was lost (a connection dropped
 * on the way without a reset), fails the check and the statement at once. Either way the connection is then destroyed, never
 * reused: the server rolls its transaction back when it reads the end of the
 * stream, and the flush is retried by AggregatingConsumer.
 *
 * COMMIT is not checked, only bounded by SQL_STATEMENT_TIMEOUT_MS: given up,
 * it would leave the flush's fate unknown (see sqlWriter.ts), so a server
 * that comes back within that time answers it.
 */
import { SQL_STATEMENT_TIMEOUT_MS } from './sqlConnection.ts';

/** How long a statement may go unanswered before the server is probed, and the interval between probes. */
export const SQL_STALL_CHECK_MS = 10_000;
/** How long the probe (connect, authenticate, SELECT 1) may take. */
export const SQL_PROBE_TIMEOUT_MS = 5_000;

export interface StallGuard {
  /** Connects anew: resolves when the server answers and is working on the watched statement. */
  probe(): Promise<void>;
  /** Destroys the connection whose statement is given up (called at most once per statement). */
  giveUp(reason: Error): void;
}

/** Timings, shortened by tests. */
export interface StallTimings {
  checkAfterMs: number;
  probeTimeoutMs: number;
  limitMs: number;
}

const DEFAULT_TIMINGS: StallTimings = { checkAfterMs: SQL_STALL_CHECK_MS, probeTimeoutMs: SQL_PROBE_TIMEOUT_MS, limitMs: SQL_STATEMENT_TIMEOUT_MS };

/**
 * Resolves or rejects as `work` does, unless the server is found stalled
 * (`probing`) or the time limit passes first: then `guard.giveUp` destroys
 * the connection and the promise rejects with the reason.
 */
export function watched<T>(work: Promise<T>, guard: StallGuard, what: string, probing: boolean, timings: StallTimings = DEFAULT_TIMINGS): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const started = Date.now();
    let done = false;
    let checkTimer: NodeJS.Timeout | null = null;
    const finish = (): boolean => {
      if (done) return false;
      done = true;
      if (checkTimer) clearTimeout(checkTimer);
      clearTimeout(limitTimer);
      return true;
    };
    const fail = (reason: Error): void => {
      if (!finish()) return;
      guard.giveUp(reason);
      reject(reason);
    };
    const limitTimer = setTimeout(() => fail(new Error(`${what}: no answer from the server in ${Math.round(timings.limitMs / 1000)} s`)), timings.limitMs);
    const check = (): void => {
      checkTimer = null;
      let probeTimer: NodeJS.Timeout | null = null;
      const timeout = new Promise<never>((_resolve, rejectProbe) => {
        probeTimer = setTimeout(() => rejectProbe(new Error(`no answer in ${Math.round(timings.probeTimeoutMs / 1000)} s`)), timings.probeTimeoutMs);
      });
      Promise.race([guard.probe(), timeout]).then(
        () => {
          if (probeTimer) clearTimeout(probeTimer);
          if (!done) checkTimer = setTimeout(check, timings.checkAfterMs);
        },
        (err: unknown) => {
          if (probeTimer) clearTimeout(probeTimer);
          const waited = Math.round((Date.now() - started) / 1000);
          fail(new Error(`${what}: no answer from the server in ${waited} s, and the check on a new connection failed (${(err as Error).message})`));
        },
      );
    };
    if (probing) checkTimer = setTimeout(check, timings.checkAfterMs);
    work.then(
      (value) => {
        if (finish()) resolve(value);
      },
      (err: unknown) => {
        if (finish()) reject(err as Error);
      },
    );
  });
}
