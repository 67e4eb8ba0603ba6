/**
 * Measures a process and all its descendants from /proc while it runs:
 * CPU seconds (user + system, summed over the tree) and peak resident
 * memory of the tree. pmacct runs a core process plus one process per
 * plugin, tsacct one process, so only whole-tree figures compare fairly.
 *
 * Sampling misses at most one interval of CPU of a process that exits
 * between samples; the interval is short (20 ms) against runs of seconds.
 */
import { readFileSync, readdirSync } from 'node:fs';

const CLOCK_TICKS = 100; // sysconf(_SC_CLK_TCK) on Linux x86_64
const PAGE_SIZE = 4096;

interface ProcStat {
  pid: number;
  ppid: number;
  cpuTicks: number;
  rssPages: number;
}

function readStat(pid: number): ProcStat | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may hold spaces: parse after the last ')'.
    const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { pid, ppid: Number(rest[1]), cpuTicks: Number(rest[11]) + Number(rest[12]), rssPages: Number(rest[21]) };
  } catch {
    return null;
  }
}

export class ProcessTreeMeter {
  private readonly root: number;
  private readonly cpuByPid = new Map<number, number>();
  private peakRss = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(rootPid: number) {
    this.root = rootPid;
  }

  start(intervalMs = 20): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
  }

  stop(): void {
    this.sample();
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** CPU seconds of every process seen in the tree. */
  cpuSeconds(): number {
    let ticks = 0;
    for (const t of this.cpuByPid.values()) ticks += t;
    return ticks / CLOCK_TICKS;
  }

  peakRssBytes(): number {
    return this.peakRss;
  }

  private sample(): void {
    const stats: ProcStat[] = [];
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      const s = readStat(Number(name));
      if (s) stats.push(s);
    }
    const children = new Map<number, ProcStat[]>();
    for (const s of stats) {
      const list = children.get(s.ppid);
      if (list) list.push(s);
      else children.set(s.ppid, [s]);
    }
    const rootStat = stats.find((s) => s.pid === this.root);
    if (!rootStat) return;
    let rss = 0;
    const queue = [rootStat];
    while (queue.length > 0) {
      const s = queue.pop()!;
      this.cpuByPid.set(s.pid, Math.max(this.cpuByPid.get(s.pid) ?? 0, s.cpuTicks));
      rss += s.rssPages * PAGE_SIZE;
      queue.push(...(children.get(s.pid) ?? []));
    }
    this.peakRss = Math.max(this.peakRss, rss);
  }
}
