/**
 * What the BGP benches read of the daemons they run, from /proc, the same
 * way for pmbgpd/nfacctd and tsacct: CPU time and RSS of a process tree,
 * the queues of its BGP sessions (a table is taken when nothing waits in
 * either direction), and quiescence.
 */
import type { ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** Linux's USER_HZ: /proc's CPU times are in these ticks. */
export const CLOCK_TICKS = 100;
const PAGE_SIZE = 4096;

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A TCP port free on 127.0.0.1 right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const a = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof a === 'object' && a ? a.port : 0;
}

/** RSS (bytes) and CPU ticks of a process and its descendants. */
export function treeStat(root: number): { rss: number; ticks: number } {
  const parent = new Map<number, number>();
  const own = new Map<number, { rss: number; ticks: number }>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const text = readFileSync(`/proc/${name}/stat`, 'utf8');
      const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
      parent.set(Number(name), Number(rest[1]));
      own.set(Number(name), { rss: Number(rest[21]) * PAGE_SIZE, ticks: Number(rest[11]) + Number(rest[12]) });
    } catch {
      // the process ended while /proc was read
    }
  }
  let rss = 0;
  let ticks = 0;
  for (const [pid, s] of own) {
    let p: number | undefined = pid;
    while (p !== undefined && p > 1 && p !== root) p = parent.get(p);
    if (p !== root) continue;
    rss += s.rss;
    ticks += s.ticks;
  }
  return { rss, ticks };
}

export interface TcpQueues {
  sessions: number;
  /** Bytes queued: unsent by the peers plus received and unread by the daemon. */
  queued: number;
  listening: boolean;
}

/** The daemon's sessions on `port` in /proc/net/tcp (IPv4: the benches listen on 127.0.0.1). */
export function tcpQueues(port: number): TcpQueues {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  let sessions = 0;
  let queued = 0;
  let listening = false;
  const lines = readFileSync('/proc/net/tcp', 'utf8').split('\n');
  for (let i = 1; i < lines.length; i++) {
    const f = lines[i]!.trim().split(/\s+/);
    if (f.length < 5) continue;
    const local = f[1]!.split(':')[1];
    const remote = f[2]!.split(':')[1];
    const state = f[3];
    const [tx, rx] = f[4]!.split(':').map((h) => parseInt(h, 16)) as [number, number];
    if (state === '0A' && local === hexPort) listening = true;
    if (state !== '01') continue;
    if (local === hexPort) {
      sessions++;
      queued += rx;
    } else if (remote === hexPort) {
      queued += tx;
    }
  }
  return { sessions, queued, listening };
}

/** Waits until the tree's CPU time has not moved for `quietMs` (at most `maxMs`). */
export async function waitQuiet(pid: number, quietMs: number, maxMs: number): Promise<void> {
  const until = Date.now() + maxMs;
  let ticks = treeStat(pid).ticks;
  let since = Date.now();
  while (Date.now() - since < quietMs && Date.now() < until) {
    await sleep(50);
    const t = treeStat(pid).ticks;
    if (t !== ticks) {
      ticks = t;
      since = Date.now();
    }
  }
}

/** Signals the child and waits for it to exit, SIGKILL after `waitMs`. */
export async function stopProcess(child: ChildProcess, signal: NodeJS.Signals, waitMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), waitMs);
  await exited;
  clearTimeout(timer);
}
