/**
 * Log lines to the local syslog (`syslog: <facility>` / `-S`), as pmacct's
 * openlog(NULL, LOG_PID, facility) + syslog() do: RFC 3164 messages
 * "<PRI>Mmm dd hh:mm:ss nfacctd[PID]: INFO ( default/core ): …" sent to the
 * /dev/log datagram socket.
 *
 * Why a `logger` child: Node has no syslog API, dgram has no AF_UNIX
 * support, and net.createConnection() opens SOCK_STREAM sockets, which a
 * /dev/log bound as SOCK_DGRAM (journald, rsyslog, syslog-ng by default)
 * refuses with EPROTOTYPE. The npm packages that do reach /dev/log are
 * native addons (compiled against Node's headers at install time).
 * util-linux's `logger`, present wherever there is a syslog daemon, writes
 * exactly glibc's local format (checked against pmacct 1.7.7 under a
 * capturing socket); one long-lived child reads our lines on stdin, each
 * with its own "<PRI>" prefix (--prio-prefix), so a line costs one pipe
 * write, not a process.
 *
 * When the socket is missing, `logger` cannot be started, or it exits (it
 * is told to fail on socket errors), the sink falls back: the caller logs
 * to stderr instead, after one warning. glibc's syslog() would drop the
 * lines silently in that case; losing logs silently is what we avoid.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { statSync } from 'node:fs';
import { Socket } from 'node:net';
import type { LogLevel } from './logger.ts';

/** pmacct's facilities (log.c parse_log_facility) and their syslog.h codes. */
export const SYSLOG_FACILITIES: Readonly<Record<string, number>> = {
  kern: 0,
  user: 1,
  mail: 2,
  daemon: 3,
  auth: 4,
  local0: 16,
  local1: 17,
  local2: 18,
  local3: 19,
  local4: 20,
  local5: 21,
  local6: 22,
  local7: 23,
};

/** The syslog.h severities pmacct logs at for each level. */
const SEVERITY: Readonly<Record<LogLevel, number>> = { ERROR: 3, WARN: 4, INFO: 6, DEBUG: 7 };

export const DEFAULT_SYSLOG_SOCKET = '/dev/log';

/** Longest message passed on; `logger` truncates at 1 KiB by default. */
const MAX_MESSAGE_BYTES = 8192;

/**
 * The PRI of a message. glibc ignores a kern facility from user space
 * (openlog keeps LOG_USER), and so does `logger` with a prefix: same result.
 */
export function syslogPriority(facility: string, level: LogLevel): number {
  const code = SYSLOG_FACILITIES[facility];
  if (code === undefined) throw new Error(`unknown syslog facility '${facility}'`);
  return (code === 0 ? SYSLOG_FACILITIES.user! : code) * 8 + SEVERITY[level];
}

export interface SyslogSinkOptions {
  facility: string;
  /** The program name in each message (pmacct's openlog(NULL, …) uses its own: nfacctd). */
  ident: string;
  pid: number;
  socketPath?: string;
  /** The command, then its first arguments; tests put a stand-in here. Default `logger`. */
  command?: readonly string[];
  /** Called once, when the sink gives up; from then on write() returns false. */
  onFallback: (reason: string) => void;
}

export class SyslogSink {
  private readonly options: SyslogSinkOptions;
  private child: ChildProcess | null = null;
  /** Lines written before the child is known to run: replayed to it, or handed back on fallback. */
  private pending: { level: LogLevel; text: string }[] | null = [];
  private fellBack = false;
  private childStderr = '';
  private readonly onLost: (level: LogLevel, text: string) => void;

  /** `onLost` receives the lines written before a fallback that never reached syslog. */
  constructor(options: SyslogSinkOptions, onLost: (level: LogLevel, text: string) => void) {
    this.options = options;
    this.onLost = onLost;
    const socketPath = options.socketPath ?? DEFAULT_SYSLOG_SOCKET;
    if (!isSocket(socketPath)) {
      this.fallBack(`no syslog socket at ${socketPath}`);
      return;
    }
    this.start(socketPath);
  }

  /** True while syslog takes the lines; false once fallen back (then the caller writes them elsewhere). */
  get active(): boolean {
    return !this.fellBack;
  }

  /** Queues one message; returns false when the sink has fallen back and did not take it. */
  write(level: LogLevel, text: string): boolean {
    if (this.fellBack) return false;
    if (this.pending !== null) {
      this.pending.push({ level, text });
      return true;
    }
    this.send(level, text);
    return true;
  }

  private start(socketPath: string): void {
    const [command, ...prefix] = this.options.command ?? ['logger'];
    const o = this.options;
    const facility = SYSLOG_FACILITIES[o.facility] === 0 ? 'user' : o.facility;
    const child = spawn(
      command!,
      [
        ...prefix,
        '--prio-prefix',
        '--socket-errors=on',
        '--size', String(MAX_MESSAGE_BYTES),
        '-u', socketPath,
        '-t', o.ident,
        `--id=${o.pid}`,
        '-p', `${facility}.info`,
      ],
      { stdio: ['pipe', 'ignore', 'pipe'] },
    );
    this.child = child;
    child.once('spawn', () => {
      const queued = this.pending ?? [];
      this.pending = null;
      for (const line of queued) this.send(line.level, line.text);
    });
    child.once('error', (err) => this.fallBack(`cannot run ${command}: ${err.message}`));
    child.stdin!.on('error', () => {
      // EPIPE once the child died; its 'exit' reports why.
    });
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => {
      this.childStderr = (this.childStderr + chunk).slice(-512);
    });
    child.once('exit', (code, signal) => {
      if (this.fellBack) return;
      const why = this.childStderr.trim() || (signal ? `killed by ${signal}` : `exit code ${code}`);
      this.fallBack(`${command} stopped (${why}); messages since its last success may be lost`);
    });
    // The child (and the pipe to it) must not keep a daemon that is done alive.
    child.unref();
    if (child.stdin instanceof Socket) child.stdin.unref();
    if (child.stderr instanceof Socket) child.stderr.unref();
  }

  private send(level: LogLevel, text: string): void {
    // One line is one message: a newline inside would start a new one without a priority.
    const flat = text.includes('\n') ? text.replace(/\n+$/, '').replace(/\n/g, ' ') : text;
    this.child!.stdin!.write(`<${syslogPriority(this.options.facility, level)}>${flat}\n`);
  }

  private fallBack(reason: string): void {
    if (this.fellBack) return;
    this.fellBack = true;
    const lost = this.pending ?? [];
    this.pending = null;
    this.child = null;
    this.options.onFallback(reason);
    for (const line of lost) this.onLost(line.level, line.text);
  }
}

function isSocket(path: string): boolean {
  try {
    return statSync(path).isSocket();
  } catch {
    return false;
  }
}
