/**
 * Logging in pmacct's shape ("INFO ( name/type ): message") to stderr, to
 * the `logfile` (each line after pmacct's RFC 3339 time stamp) and/or to
 * syslog, with a per-topic rate limit so hostile input cannot flood the log:
 * repeats inside the interval are counted and summarised.
 */
import { appendFileSync } from 'node:fs';
import { dateTimeText } from '../model/timestampText.ts';
import { SyslogSink } from './syslogSink.ts';

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
  /** Path of pmacct's `logfile`; stderr when neither it nor syslog is set. */
  file?: string;
  /** timestamps_utc: logfile time stamps in UTC ('Z') instead of local time. */
  utc?: boolean;
  /** `syslog` / -S: log to this facility under this program name. */
  syslog?: { facility: string; ident: string; socketPath?: string; command?: readonly string[] };
}

export function createLogger(options: LoggerOptions): Logger {
  // pmacct's Log(): syslog and logfile each get the line when configured;
  // stderr only when neither is (or syslog fell back and there is no logfile).
  const writeLocal = (text: string, syslogTook: boolean): void => {
    if (options.file) {
      try {
        appendFileSync(options.file, `${logfileTimestamp(Date.now(), options.utc ?? false)} ${text}\n`);
        return;
      } catch {
        // fall through to stderr: a broken logfile must not hide the message
      }
    }
    if (!syslogTook) process.stderr.write(`${text}\n`);
  };
  const syslog = options.syslog
    ? new SyslogSink(
        {
          ...options.syslog,
          pid: process.pid,
          onFallback: (reason) => writeLocal(`WARN ( ${options.tag} ): syslog: ${reason}. Logging to standard error (stderr).`, false),
        },
        (_level, text) => writeLocal(text, false),
      )
    : null;
  const write = (level: LogLevel, message: string): void => {
    if (level === 'DEBUG' && !options.debug) return;
    const text = `${level} ( ${options.tag} ): ${message}`;
    writeLocal(text, syslog !== null && syslog.write(level, text));
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

/** pmacct's logfile stamp: "%Y-%m-%dT%H:%M:%S" and the RFC 3339 zone ('Z' or ±hh:mm). */
export function logfileTimestamp(ms: number, utc: boolean): string {
  const sec = Math.floor(ms / 1000);
  const offsetMin = utc ? 0 : -new Date(ms).getTimezoneOffset();
  if (offsetMin === 0) return `${dateTimeText(sec, utc, 'T')}Z`;
  const abs = Math.abs(offsetMin);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${dateTimeText(sec, utc, 'T')}${offsetMin < 0 ? '-' : '+'}${hh}:${mm}`;
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
