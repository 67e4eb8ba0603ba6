/**
 * Logging in pmacct's shape ("INFO ( name/type ): message") to stderr or to
 * the `logfile`, with a per-topic rate limit so hostile input cannot flood
 * the log: repeats inside the interval are counted and summarised.
 */
import { appendFileSync } from 'node:fs';

export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  /** Logs at most once per `intervalMs` per topic; suppressed repeats are counted into the next line. */
  limited(topic: string, level: LogLevel, message: string, intervalMs?: number): void;
}

export interface LoggerOptions {
  /** Process name shown in each line, e.g. "default/core". */
  tag: string;
  debug: boolean;
  /** Path of pmacct's `logfile`; stderr when unset. */
  file?: string;
}

export function createLogger(options: LoggerOptions): Logger {
  const write = (level: LogLevel, message: string): void => {
    if (level === 'DEBUG' && !options.debug) return;
    const line = `${level} ( ${options.tag} ): ${message}\n`;
    if (options.file) {
      try {
        appendFileSync(options.file, line);
        return;
      } catch {
        // fall through to stderr: a broken logfile must not hide the message
      }
    }
    process.stderr.write(line);
  };
  const lastAt = new Map<string, { at: number; suppressed: number }>();
  return {
    debug: (m) => write('DEBUG', m),
    info: (m) => write('INFO', m),
    warn: (m) => write('WARN', m),
    error: (m) => write('ERROR', m),
    limited(topic, level, message, intervalMs = 10_000) {
      const now = Date.now();
      const seen = lastAt.get(topic);
      if (seen && now - seen.at < intervalMs) {
        seen.suppressed++;
        return;
      }
      const suffix = seen && seen.suppressed > 0 ? ` (${seen.suppressed} similar messages suppressed)` : '';
      lastAt.set(topic, { at: now, suppressed: 0 });
      write(level, message + suffix);
    },
  };
}

/** A logger that keeps lines in memory, for tests. */
export function memoryLogger(lines: string[] = []): Logger & { lines: string[] } {
  const push = (level: LogLevel) => (m: string) => {
    lines.push(`${level}: ${m}`);
  };
  return {
    lines,
    debug: push('DEBUG'),
    info: push('INFO'),
    warn: push('WARN'),
    error: push('ERROR'),
    limited: (_topic, level, m) => push(level)(m),
  };
}
