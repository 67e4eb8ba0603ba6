/**
 * nfacctd side by side: pmacct 1.7.7's nfacctd and tsacct on the same input.
 *
 * Offline: the same generated NetFlow v9 / IPFIX pcap replayed by both
 * (pcap_savefile); pmacct's replay is paced by its small plugin pipe, so
 * the comparison is CPU seconds per million flows over the whole process
 * tree, not wall time.
 * Live: the generator sends to each daemon on 127.0.0.1 at rising rates;
 * after each run the daemon is stopped (flushing) and the output totals are
 * compared with what was sent.
 *
 * Every run checks that the output totals (sum of PACKETS and BYTES) equal
 * the generator's, and prints flows/s, CPU-s per million flows, peak RSS and
 * the ratios pmacct/tsacct (> 1 means tsacct is better).
 */
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ProcessTreeMeter } from './processTreeMeter.ts';

const repo = join(import.meta.dirname, '..');
const outDir = join(repo, 'bench', 'out');
const node = process.execPath;

interface Totals {
  flows: number;
  packets: number;
  bytes: number;
}

interface RunResult {
  wallSeconds: number;
  cpuSeconds: number;
  peakRssBytes: number;
  output: Totals;
  exitCode: number | null;
}

export interface NfacctdBenchOptions {
  flows: number;
  keys: number[];
  protocols: Array<'v9' | 'ipfix'>;
  liveRates: number[];
  liveSeconds: number;
  skipOffline: boolean;
  skipLive: boolean;
}

/**
 * Both daemons get the same config. pmacct's print cache holds about eleven
 * entries per bucket (print_cache_entries, default 16411); beyond ~100k keys
 * the bucket count is raised to a prime near keys/5 so neither daemon
 * flushes early mid-run. (A much larger cache makes pmacct itself slow: it
 * allocates and scans the whole table.)
 */
function daemonConfig(keys: number, extra: string[]): string {
  return [
    'daemonize: false',
    'plugins: print[bench]',
    'aggregate[bench]: src_host, dst_host, src_port, dst_port, proto',
    'print_output[bench]: csv',
    'print_refresh_time[bench]: 3600',
    ...(keys > 150_000 ? [`print_cache_entries[bench]: ${primeNear(Math.ceil(keys / 5))}`] : []),
    'print_output_file_append[bench]: true',
    ...extra,
    '',
  ].join('\n');
}

function primeNear(n: number): number {
  const isPrime = (x: number): boolean => {
    for (let d = 2; d * d <= x; d++) if (x % d === 0) return false;
    return x > 1;
  };
  while (!isPrime(n)) n++;
  return n;
}

/** Sums the PACKETS and BYTES columns of a print CSV file (header lines skipped). */
function csvTotals(path: string): Totals {
  const totals = { flows: 0, packets: 0, bytes: 0 };
  if (!existsSync(path)) return totals;
  let packetsCol = -1;
  let bytesCol = -1;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line === '') continue;
    const cols = line.split(',');
    if (cols.includes('PACKETS')) {
      packetsCol = cols.indexOf('PACKETS');
      bytesCol = cols.indexOf('BYTES');
      continue;
    }
    if (packetsCol < 0) continue;
    totals.flows++;
    totals.packets += Number(cols[packetsCol]);
    totals.bytes += Number(cols[bytesCol]);
  }
  return totals;
}

function generatePcap(protocol: 'v9' | 'ipfix', flows: number, keys: number): { pcap: string; totals: Totals } {
  mkdirSync(outDir, { recursive: true });
  const pcap = join(outDir, `${protocol}-${flows}-flows-${keys}-keys.pcap`);
  const sidecar = `${pcap}.totals.json`;
  if (!existsSync(pcap) || !existsSync(sidecar)) {
    execFileSync(node, [join(repo, 'bench', 'generate.ts'), '--protocol', protocol, '--flows', String(flows), '--keys', String(keys), '--out', pcap], { stdio: 'ignore' });
  }
  const t = JSON.parse(readFileSync(sidecar, 'utf8')) as Totals;
  return { pcap, totals: { flows: t.flows, packets: t.packets, bytes: t.bytes } };
}

type Daemon = 'pmacct' | 'pmacct-tuned' | 'tsacct';

function command(which: Daemon, conf: string): [string, string[]] {
  return which === 'tsacct' ? [node, [join(repo, 'bin', 'tsacct.js'), 'nfacctd', '-f', conf]] : ['nfacctd', ['-f', conf]];
}

/**
 * pmacct's replay is throttled by its default 4 MB plugin pipe. Its tuned
 * form (large pipe and buffers, as pmacct's docs advise for high rates) runs
 * much faster, but at end of file it stops its plugins before they drain the
 * pipe; so it replays with pcap_savefile_wait and is stopped with SIGINT (a
 * clean flush) once its CPU use has been idle for a second.
 */
const PMACCT_TUNED = ['plugin_pipe_size[bench]: 102400000', 'plugin_buffer_size[bench]: 1024000'];

async function runUntilIdle(which: Daemon, conf: string, output: string): Promise<RunResult> {
  const [cmd, args] = command(which, conf);
  const started = performance.now();
  const child = spawn(cmd, args, { stdio: 'ignore' });
  const meter = new ProcessTreeMeter(child.pid!);
  meter.start();
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let last = -1;
  let idleSince = performance.now();
  for (;;) {
    await new Promise((r) => setTimeout(r, 250));
    const cpu = meter.cpuSeconds();
    if (cpu !== last) {
      last = cpu;
      idleSince = performance.now();
    } else if (performance.now() - idleSince > 1000 && cpu > 0.5) break;
  }
  const busyWall = (idleSince - started) / 1000;
  child.kill('SIGINT');
  const exitCode = await exited;
  meter.stop();
  await waitForStableFile(output);
  return { wallSeconds: busyWall, cpuSeconds: meter.cpuSeconds(), peakRssBytes: meter.peakRssBytes(), output: csvTotals(output), exitCode };
}

async function runToExit(which: Daemon, conf: string, output: string): Promise<RunResult> {
  const [cmd, args] = command(which, conf);
  const started = performance.now();
  const child = spawn(cmd, args, { stdio: 'ignore' });
  const meter = new ProcessTreeMeter(child.pid!);
  meter.start();
  const exitCode = await new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  meter.stop();
  // pmacct's plugin processes may outlive the core by a moment while they write.
  await waitForStableFile(output);
  return { wallSeconds: (performance.now() - started) / 1000, cpuSeconds: meter.cpuSeconds(), peakRssBytes: meter.peakRssBytes(), output: csvTotals(output), exitCode };
}

async function waitForStableFile(path: string): Promise<void> {
  let last = -1;
  for (let i = 0; i < 50; i++) {
    const size = existsSync(path) ? readFileSync(path).length : 0;
    if (size === last && size > 0) return;
    last = size;
    await new Promise((r) => setTimeout(r, 200));
  }
}

function fmt(n: number, digits = 2): string {
  return n.toFixed(digits);
}

function mib(bytes: number): string {
  return `${(bytes / 1048576).toFixed(0)} MiB`;
}

function totalsCheck(out: Totals, sent: Totals): string {
  if (out.packets === sent.packets && out.bytes === sent.bytes) return 'equal';
  return `SHORT by ${sent.packets - out.packets} packets / ${sent.bytes - out.bytes} bytes`;
}

export async function runNfacctdBench(options: NfacctdBenchOptions): Promise<string> {
  const lines: string[] = [];
  const say = (s: string): void => {
    lines.push(s);
    process.stdout.write(s + '\n');
  };
  say(`# nfacctd: pmacct 1.7.7 vs tsacct (${new Date().toISOString()}, ${options.flows} flows per offline run, 30 records per datagram, aggregate src_host,dst_host,src_port,dst_port,proto, print CSV)`);

  if (!options.skipOffline) {
    say('');
    say('## Offline replay (pcap_savefile): CPU seconds per million flows over the process tree');
    say('');
    say('| input | daemon | wall s | CPU s | CPU s / M flows | peak RSS (tree) | output totals | ratio CPU per flow, this pmacct / tsacct |');
    say('|---|---|---|---|---|---|---|---|');
    for (const protocol of options.protocols) {
      for (const keys of options.keys) {
        const flows = Math.max(options.flows, keys);
        const { pcap, totals } = generatePcap(protocol, flows, keys);
        const results: Record<string, RunResult> = {};
        for (const which of ['pmacct', 'pmacct-tuned', 'tsacct'] as const) {
          const dir = join(outDir, `${which}-${protocol}-${keys}`);
          rmSync(dir, { recursive: true, force: true });
          mkdirSync(dir, { recursive: true });
          const output = join(dir, 'out.csv');
          const conf = join(dir, 'nfacctd.conf');
          const tuned = which === 'pmacct-tuned';
          writeFileSync(conf, daemonConfig(keys, [`pcap_savefile: ${pcap}`, `pcap_savefile_wait: ${tuned}`, `print_output_file[bench]: ${output}`, ...(tuned ? PMACCT_TUNED : [])]));
          results[which] = tuned ? await runUntilIdle(which, conf, output) : await runToExit(which, conf, output);
        }
        const t = results['tsacct']!;
        const perM = (r: RunResult): number => (r.cpuSeconds / flows) * 1e6;
        const input = `${protocol === 'v9' ? 'NetFlow v9' : 'IPFIX'}, ${keys / 1000}k keys`;
        for (const which of ['pmacct', 'pmacct-tuned'] as const) {
          const p = results[which]!;
          // A run that did not account what was sent did less work: its CPU per flow is no measure.
          const exact = totalsCheck(p.output, totals) === 'equal';
          const ratio = exact ? fmt(perM(p) / perM(t)) : 'n/a (output totals wrong)';
          say(`| ${input} | ${which} | ${fmt(p.wallSeconds, 1)} | ${fmt(p.cpuSeconds)} | ${fmt(perM(p))} | ${mib(p.peakRssBytes)} | ${totalsCheck(p.output, totals)} | ${ratio} |`);
        }
        say(`| ${input} | tsacct | ${fmt(t.wallSeconds, 1)} | ${fmt(t.cpuSeconds)} | ${fmt(perM(t))} | ${mib(t.peakRssBytes)} | ${totalsCheck(t.output, totals)} | |`);
      }
    }
  }

  if (!options.skipLive) {
    say('');
    say(`## Live UDP on 127.0.0.1: ${options.liveSeconds} s per rate, NetFlow v9, 100k keys; output totals vs sent`);
    say('');
    say('| target flows/s | daemon | sent flows/s | received flows | loss | loss in the daemon\'s own statistics | CPU s / M flows | peak RSS |');
    say('|---|---|---|---|---|---|---|---|');
    let port = 21000;
    for (const rate of options.liveRates) {
      for (const which of ['pmacct', 'tsacct'] as const) {
        port++;
        say(await liveRun(which, rate, options.liveSeconds, port));
      }
    }
  }
  return lines.join('\n') + '\n';
}

async function liveRun(which: Daemon, rate: number, seconds: number, port: number): Promise<string> {
  const dir = join(outDir, `live-${which}-${rate}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const output = join(dir, 'out.csv');
  const conf = join(dir, 'nfacctd.conf');
  const extra = [
    'nfacctd_ip: 127.0.0.1',
    `nfacctd_port: ${port}`,
    // The largest receive buffer the kernel grants here (net.core.rmem_max), for both daemons.
    'nfacctd_pipe_size: 4194304',
    `print_output_file[bench]: ${output}`,
  ];
  // pmacct's own recommendation against internal loss between its core and plugin.
  if (which === 'pmacct') extra.push('plugin_pipe_size[bench]: 102400000', 'plugin_buffer_size[bench]: 102400');
  writeFileSync(conf, daemonConfig(100_000, extra));
  const [cmd, args] = command(which, conf);
  const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    log += chunk.toString();
  });
  const meter = new ProcessTreeMeter(child.pid!);
  meter.start();
  await new Promise((r) => setTimeout(r, 2500)); // both daemons need a moment to bind and start plugins
  const sidecar = join(dir, 'sent.json');
  execFileSync(node, [join(repo, 'bench', 'generate.ts'), '--protocol', 'v9', '--flows', String(rate * seconds), '--keys', '100000', '--send', `127.0.0.1:${port}`, '--rate', String(rate), '--max-seconds', String(seconds * 3), '--totals', sidecar], { stdio: 'ignore' });
  await new Promise((r) => setTimeout(r, 1500)); // let the daemon drain its socket
  child.kill('SIGINT');
  await new Promise((resolve) => child.on('exit', resolve));
  meter.stop();
  await waitForStableFile(output);
  const sent = JSON.parse(readFileSync(sidecar, 'utf8')) as Totals & { live: { datagrams: number; flows: number; packets: number; bytes: number; elapsedSeconds: number } };
  const got = csvTotals(output);
  const sentTotals = { flows: sent.live.flows, packets: sent.live.packets, bytes: sent.live.bytes };
  const lossPct = sentTotals.packets > 0 ? (100 * (sentTotals.packets - got.packets)) / sentTotals.packets : 0;
  const received = sentTotals.packets > 0 ? Math.round((sent.live.flows * got.packets) / sentTotals.packets) : 0;
  const perM = (meter.cpuSeconds() / Math.max(1, received)) * 1e6;
  return `| ${rate} | ${which} | ${Math.round(sent.live.flows / sent.live.elapsedSeconds)} | ${received} | ${lossPct <= 0 ? '0 (totals equal)' : `${lossPct.toFixed(2)} %`} | ${lossAccounting(which, log, sent.live.datagrams)} | ${fmt(perM)} | ${mib(meter.peakRssBytes())} |`;
}

/**
 * Whether the daemon's own statistics account for every datagram sent:
 * tsacct prints "datagrams N, …, kernel drops D" at exit; pmacct has no
 * such count.
 */
function lossAccounting(which: Daemon, log: string, sentDatagrams: number): string {
  if (which !== 'tsacct') return 'not reported';
  const m = /UDP [^:]+:\d+: datagrams (\d+), bytes \d+, kernel drops (\d+)/.exec(log);
  if (!m) return 'statistics line missing';
  const received = Number(m[1]);
  const drops = Number(m[2]);
  const unaccounted = sentDatagrams - received - drops;
  return unaccounted === 0 ? `all counted (${drops} datagrams dropped by the kernel)` : `${unaccounted} datagrams unaccounted`;
}
