/**
 * What the daemon-against-daemon flush benchmarks (sql, kafka, clickhouse)
 * share: running a daemon over the generated savefile to its exit while
 * timestamping its stderr, so that the flush is the wall time between the
 * plugin's "Purging cache - START" and "- END" lines as they arrive (the
 * same method for pmacct and tsacct); medians of rounds; and a Markdown
 * report printed as it is written.
 */
import { spawn } from 'node:child_process';
import { command } from './collectorBench.ts';

export type Which = 'pmacct' | 'tsacct';

/** How long a daemon's stderr may stay open after its core exited (pmacct's plugin still purging) before the run counts as hung. */
export const PURGE_LIMIT_MS = 600_000;

export interface Logged {
  log: string;
  /** END arrival − START arrival, ms (null: not both seen). */
  flushMs: number | null;
  startSeen: boolean;
  hung: boolean;
  exitCode: number | null;
  signal: string | null;
}

/**
 * Runs the daemon over the savefile to its exit (the flush at exit
 * included), timestamping its stderr lines as they arrive. pmacct's SQL
 * plugin is a child of its core that outlives it by its last purge; it
 * holds the same stderr, so the stream's end is when every process of the
 * daemon is gone — the purge finished, or died.
 */
export function runLogged(which: Which, conf: string): Promise<Logged> {
  const [cmd, args] = command('nfacctd', which, conf);
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
    let log = '';
    let partial = '';
    let startAt: number | null = null;
    let endAt: number | null = null;
    let exitCode: number | null = null;
    let signal: string | null = null;
    let hangTimer: NodeJS.Timeout | null = null;
    let hung = false;
    child.stderr!.on('data', (d: Buffer) => {
      const now = performance.now();
      const text = partial + d.toString();
      log += d.toString();
      const parts = text.split('\n');
      partial = parts.pop()!;
      for (const line of parts) {
        // The last purge is the flush at exit (sql_refresh_time is an hour): an earlier empty one is overwritten.
        if (/Purging cache - START/.test(line)) {
          startAt = now;
          endAt = null;
        } else if (/Purging cache - END/.test(line) && startAt !== null) endAt = now;
      }
    });
    child.on('exit', (code, sig) => {
      exitCode = code;
      signal = sig;
      hangTimer = setTimeout(() => {
        hung = true;
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // Gone already.
        }
      }, PURGE_LIMIT_MS);
    });
    child.stderr!.on('close', () => {
      if (hangTimer) clearTimeout(hangTimer);
      const done = (): void =>
        resolve({ log, flushMs: startAt !== null && endAt !== null ? endAt - startAt : null, startSeen: startAt !== null, hung, exitCode, signal });
      // 'close' of the stream may come before the core's 'exit'.
      if (child.exitCode !== null || child.signalCode !== null) done();
      else child.once('exit', (code, sig) => ((exitCode = code), (signal = sig), done()));
    });
  });
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** A Markdown report: each line printed as it is added, the whole text returned by text(). */
export function markdownReport(): { say: (line: string) => void; text: () => string } {
  const lines: string[] = [];
  return {
    say(line: string): void {
      lines.push(line);
      process.stdout.write(line + '\n');
    },
    text: () => lines.join('\n') + '\n',
  };
}

/** rows (or messages) per second of a flush, or 'n/a'. */
export function perSecond(count: number | null, ms: number | null): string {
  return count !== null && ms !== null && ms > 0 ? String(Math.round(count / (ms / 1000))) : 'n/a';
}
