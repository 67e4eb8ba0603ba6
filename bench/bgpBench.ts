/**
 * `npm run bench -- bgp`: pmbgpd 1.7.7 and `tsacct pmbgpd` side by side,
 * in one run, on the same full tables over real TCP sessions.
 *
 * For each peer count (1, 10, 50 by default) and each round, each daemon
 * is started alone with the same config (bgp_daemon_ip 127.0.0.1, a free
 * port, bgp_daemon_max_peers above the count, a logfile); a child process
 * (bgpPeersSender.ts) builds the table (bgpTableFeed.ts: 1M IPv4 + 200k
 * IPv6 routes, ~300k attribute sets) and opens one session per peer from
 * 127.0.1.x. Once every session is established and the daemon has been
 * idle for a second, its resident memory is read (the process tree, from
 * /proc) and the peers send their tables at once, as fast as TCP takes
 * them.
 *
 * Completion, the same signal for both daemons: the sender's kernel has
 * taken every byte, and then /proc/net/tcp shows every session's queues
 * empty in both directions (nothing left unsent by the peers, nothing
 * received but unread by the daemon), sampled every 20 ms. Both daemons
 * read a socket and apply what they read before reading again, so an empty
 * receive queue means at most one read (~64 KiB, ~2,500 routes) is still
 * being applied. The daemon's CPU time is then watched until it has not
 * moved for a second (its memory is read then), and tsacct's own count of
 * routes (SIGUSR1 statistics in its logfile) is checked against what was
 * sent. pmbgpd 1.7.7 has no such count; the figures of its runs rest on the
 * socket queues alone.
 *
 * Figures: ingest routes/s (all peers' routes / time from the first byte
 * to completion), daemon CPU seconds, memory growth per peer (MiB) and per
 * route (bytes), medians over rounds; ratios tsacct / pmacct.
 *
 * --flows N asks for the third figure of acceptance 4 (flow throughput
 * with BGP correlation against pmacct). While tsacct refused `nfacctd_as:
 * bgp` the run said the part was skipped and why (the refusal tsacct
 * prints); now that it accepts the key, the run points to `npm run bench
 * -- bgp-flows` (bgpFlowBench.ts, written with the correlation, on the
 * same table generator), which measures it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLOCK_TICKS, freePort, sleep, stopProcess, tcpQueues, treeStat, waitQuiet } from './daemonObservation.ts';

export interface BgpBenchOptions {
  peerCounts: number[];
  ipv4Routes: number;
  ipv6Routes: number;
  ipv4Sets: number;
  ipv6Sets: number;
  rounds: number;
  daemons: Array<'pmacct' | 'tsacct'>;
  sharedPaths: boolean;
  /** Also the flow throughput with BGP correlation (acceptance 4, third figure). */
  flows: boolean;
}

interface RunResult {
  daemon: 'pmacct' | 'tsacct';
  peers: number;
  routes: number;
  ingestMs: number;
  cpuSeconds: number;
  rssBefore: number;
  rssAfter: number;
  check: string;
}

const repo = join(import.meta.dirname, '..');

function lineReader(child: ChildProcess): () => Promise<Record<string, unknown>> {
  const lines: string[] = [];
  let waiting: ((line: string) => void) | null = null;
  let buffered = '';
  child.stdout!.on('data', (d: Buffer) => {
    buffered += d.toString();
    let nl;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      if (waiting) {
        const w = waiting;
        waiting = null;
        w(line);
      } else lines.push(line);
    }
  });
  return () => new Promise((resolve, reject) => {
    const take = (line: string): void => resolve(JSON.parse(line) as Record<string, unknown>);
    if (lines.length > 0) take(lines.shift()!);
    else {
      waiting = take;
      child.once('exit', (code) => reject(new Error(`sender exited (${code})`)));
    }
  });
}

async function runOnce(daemon: 'pmacct' | 'tsacct', peers: number, o: BgpBenchOptions): Promise<RunResult> {
  const dir = mkdtempSync(join(tmpdir(), `bgp-bench-${daemon}-`));
  const port = await freePort();
  const logfile = join(dir, 'daemon.log');
  const conf = join(dir, 'pmbgpd.conf');
  // A table dump file makes pmbgpd keep its RIB: without one (nor a looking glass) pmbgpd 1.7.7 parses
  // UPDATEs and stores nothing (skip_rib). The daily refresh puts the first dump at midnight, after the run.
  writeFileSync(conf, `bgp_daemon_ip: 127.0.0.1\nbgp_daemon_port: ${port}\nbgp_daemon_max_peers: ${peers + 1}\nlogfile: ${logfile}\n` +
    `bgp_table_dump_file: ${join(dir, 'dump-$peer_src_ip.json')}\nbgp_table_dump_refresh_time: 86400\n`);
  const d = daemon === 'tsacct'
    ? spawn(process.execPath, [join(repo, 'bin', 'tsacct.js'), 'pmbgpd', '-f', conf], { stdio: 'ignore' })
    : spawn('pmbgpd', ['-f', conf], { stdio: 'ignore' });
  let sender: ChildProcess | null = null;
  try {
    for (let i = 0; !tcpQueues(port).listening; i++) {
      if (i > 600 || d.exitCode !== null) throw new Error(`${daemon} did not listen on port ${port} (log: ${logTail(logfile)})`);
      await sleep(50);
    }
    sender = spawn(process.execPath, [join(import.meta.dirname, 'bgpPeersSender.ts'), String(port), String(peers), String(o.ipv4Routes), String(o.ipv6Routes),
      String(o.ipv4Sets), String(o.ipv6Sets), ...(o.sharedPaths ? ['--shared-paths'] : [])], { stdio: ['pipe', 'pipe', 'inherit'] });
    const next = lineReader(sender);
    const ready = await next();
    const routesPerPeer = Number(ready.routesPerPeer);
    await sleep(1000);
    await waitQuiet(d.pid!, 500, 5000);
    const before = treeStat(d.pid!);
    sender.stdin!.write('go\n');
    const acceptedPromise = next();
    let accepted: Record<string, unknown> | null = null;
    // A sender that dies (the daemon closed a session) is reported by the loop below, not as an unhandled rejection.
    acceptedPromise.then((a) => { accepted = a; }, () => undefined);
    let doneAt = 0;
    for (;;) {
      await sleep(20);
      if (d.exitCode !== null) throw new Error(`${daemon} exited during the run`);
      if (sender.exitCode !== null) throw new Error(`the sender exited during the run (${sender.exitCode})`);
      if (!accepted) continue;
      const q = tcpQueues(port);
      if (q.sessions < peers) throw new Error(`${daemon}: ${q.sessions} of ${peers} sessions left`);
      if (q.queued === 0) {
        doneAt = Date.now();
        break;
      }
    }
    const acceptedReport = accepted as unknown as { startedAt: number; acceptedAt: number };
    await waitQuiet(d.pid!, 1000, 60_000);
    const after = treeStat(d.pid!);
    const routes = routesPerPeer * peers;
    let check = 'n/a (pmbgpd keeps no route count)';
    if (daemon === 'tsacct') {
      d.kill('SIGUSR1');
      let counted = -1;
      for (let i = 0; i < 100 && counted < 0; i++) {
        await sleep(50);
        const m = /BGP: peers \d+\/\d+, routes (\d+)/.exec(readFileSync(logfile, 'utf8'));
        if (m) counted = Number(m[1]);
      }
      check = counted === routes ? 'all routes in the RIBs' : `RIBs hold ${counted} of ${routes}`;
    }
    return {
      daemon, peers, routes,
      ingestMs: doneAt - acceptedReport.startedAt,
      cpuSeconds: (after.ticks - before.ticks) / CLOCK_TICKS,
      rssBefore: before.rss, rssAfter: after.rss, check,
    };
  } finally {
    if (sender) await stopProcess(sender, 'SIGTERM', 5000);
    await stopProcess(d, 'SIGINT', 30_000);
    rmSync(dir, { recursive: true, force: true });
  }
}

function logTail(file: string): string {
  try {
    return readFileSync(file, 'utf8').slice(-500);
  } catch {
    return 'no logfile';
  }
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)]!;
}

const mib = (b: number): string => (b / 1048576).toFixed(1);

/** Whether tsacct accepts `nfacctd_as: bgp` (the flow correlation) yet; the refusal otherwise. */
async function correlationRefusal(): Promise<string | null> {
  const dir = mkdtempSync(join(tmpdir(), 'bgp-bench-flows-'));
  const conf = join(dir, 'nfacctd.conf');
  writeFileSync(conf, `nfacctd_ip: 127.0.0.1\nnfacctd_port: ${await freePort()}\nnfacctd_as: bgp\nbgp_daemon: true\nbgp_daemon_ip: 127.0.0.1\nbgp_daemon_port: ${await freePort()}\nplugins: print\naggregate: src_as, dst_as\nprint_output_file: ${join(dir, 'out.txt')}\n`);
  const child = spawn(process.execPath, [join(repo, 'bin', 'tsacct.js'), 'nfacctd', '-f', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => { output += d.toString(); });
  child.stderr!.on('data', (d: Buffer) => { output += d.toString(); });
  // The refusal comes from the config check, before anything listens; a machine under load may take seconds to start Node.
  const exited = await Promise.race([new Promise<boolean>((r) => child.once('exit', () => r(true))), sleep(15_000).then(() => false)]);
  if (!exited) await stopProcess(child, 'SIGINT', 5000);
  rmSync(dir, { recursive: true, force: true });
  return exited && child.exitCode !== 0 ? output.trim() || `exit code ${child.exitCode}` : null;
}

export async function runBgpBench(o: BgpBenchOptions): Promise<string> {
  const results: RunResult[] = [];
  const print = (text: string): void => {
    process.stderr.write(text);
  };
  for (const peers of o.peerCounts) {
    for (let round = 1; round <= o.rounds; round++) {
      for (const daemon of o.daemons) {
        print(`bgp: ${daemon}, ${peers} peer(s), round ${round}/${o.rounds} ... `);
        try {
          const r = await runOnce(daemon, peers, o);
          results.push(r);
          print(`${(r.routes / (r.ingestMs / 1000) / 1e6).toFixed(2)} M routes/s, +${mib(r.rssAfter - r.rssBefore)} MiB, ${r.check}\n`);
        } catch (err) {
          print(`failed: ${(err as Error).message}\n`);
        }
      }
    }
  }

  const routesPerPeer = o.ipv4Routes + o.ipv6Routes;
  let out = `# BGP: ${o.ipv4Routes} IPv4 + ${o.ipv6Routes} IPv6 routes per peer, ${o.ipv4Sets} + ${o.ipv6Sets} attribute sets per peer` +
    `${o.sharedPaths ? ' (the same table from every peer)' : ' (each peer its own AS first on every path)'}, ${o.rounds} round(s), medians\n\n`;
  out += '| peers | routes | daemon | ingest s: median (rounds) | routes/s | daemon CPU s (per M routes) | RSS at rest → loaded | growth per peer | bytes per route | check | routes/s tsacct / pmacct | CPU per route tsacct / pmacct | bytes per route tsacct / pmacct |\n';
  out += '|---|---|---|---|---|---|---|---|---|---|---|---|---|\n';
  for (const peers of o.peerCounts) {
    const medians = new Map<string, { rate: number; cpuPerRoute: number; perRoute: number }>();
    for (const daemon of o.daemons) {
      const runs = results.filter((r) => r.peers === peers && r.daemon === daemon);
      const name = daemon === 'pmacct' ? 'pmbgpd 1.7.7' : 'tsacct pmbgpd';
      if (runs.length === 0) {
        out += `| ${peers} | ${peers * routesPerPeer} | ${name} | failed | | | | | | | | | |\n`;
        continue;
      }
      const ingest = median(runs.map((r) => r.ingestMs));
      const growth = median(runs.map((r) => r.rssAfter - r.rssBefore));
      const cpu = median(runs.map((r) => r.cpuSeconds));
      const routes = runs[0]!.routes;
      const m = { rate: routes / (ingest / 1000), cpuPerRoute: cpu / routes, perRoute: growth / routes };
      medians.set(daemon, m);
      const pm = medians.get('pmacct');
      const ratios = daemon === 'tsacct' && pm
        ? `${(m.rate / pm.rate).toFixed(2)} | ${(m.cpuPerRoute / pm.cpuPerRoute).toFixed(2)} | ${pm.perRoute > 0 ? (m.perRoute / pm.perRoute).toFixed(2) : 'n/a'}`
        : ' | | ';
      out += `| ${peers} | ${routes} | ${name} | ${(ingest / 1000).toFixed(2)} (${runs.map((r) => (r.ingestMs / 1000).toFixed(2)).join(', ')}) | ` +
        `${(m.rate / 1e6).toFixed(2)} M | ${cpu.toFixed(1)} (${(cpu / (routes / 1e6)).toFixed(2)}) | ${mib(median(runs.map((r) => r.rssBefore)))} → ${mib(median(runs.map((r) => r.rssAfter)))} MiB | ` +
        `${mib(growth / peers)} MiB | ${m.perRoute.toFixed(1)} | ${[...new Set(runs.map((r) => r.check))].join('; ')} | ${ratios} |\n`;
    }
  }
  if (o.flows) {
    const refusal = await correlationRefusal();
    out += refusal
      ? `\nFlows with BGP correlation: skipped, tsacct refuses \`nfacctd_as: bgp\` yet (${refusal.split('\n')[0]}).\n`
      : '\nFlows with BGP correlation: tsacct accepts `nfacctd_as: bgp`; the side-by-side flow figure is `npm run bench -- bgp-flows` (bench/bgpFlowBench.ts).\n';
  }
  process.stdout.write(out);
  return out;
}
