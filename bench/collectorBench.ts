/**
 * What the collector benchmarks (nfacctd, sfacctd) share: pmacct's daemon
 * and tsacct's run on the same config and input, offline from a generated
 * pcap or live from the generator over 127.0.0.1, under a process-tree CPU
 * and RSS meter; the print CSV's totals are checked against the
 * generator's sidecar.
 */
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ProcessTreeMeter } from './processTreeMeter.ts';

export const repo = join(import.meta.dirname, '..');
export const outDir = join(repo, 'bench', 'out');
const node = process.execPath;

export interface Totals {
  flows: number;
  packets: number;
  bytes: number;
}

export interface RunResult {
  wallSeconds: number;
  cpuSeconds: number;
  peakRssBytes: number;
  output: Totals;
  exitCode: number | null;
}

/**
 * Both daemons get the same config. pmacct's print cache holds about eleven
 * entries per bucket (print_cache_entries, default 16411); beyond ~100k keys
 * the bucket count is raised to a prime near keys/5 so neither daemon
 * flushes early mid-run. (A much larger cache makes pmacct itself slow: it
 * allocates and scans the whole table.)
 */
export const DEFAULT_AGGREGATE = 'src_host, dst_host, src_port, dst_port, proto';

export function daemonConfig(keys: number, extra: string[], aggregate = DEFAULT_AGGREGATE): string {
  return [
    'daemonize: false',
    'plugins: print[bench]',
    `aggregate[bench]: ${aggregate}`,
    'print_output[bench]: csv',
    'print_refresh_time[bench]: 3600',
    ...(keys > 150_000 ? [`print_cache_entries[bench]: ${primeNear(Math.ceil(keys / 5))}`] : []),
    'print_output_file_append[bench]: true',
    ...extra,
    '',
  ].join('\n');
}

/** The smallest prime >= n (cache bucket counts). */
export function primeNear(n: number): number {
  const isPrime = (x: number): boolean => {
    for (let d = 2; d * d <= x; d++) if (x % d === 0) return false;
    return x > 1;
  };
  while (!isPrime(n)) n++;
  return n;
}

/** Sums the PACKETS and BYTES columns of a print CSV file (header lines skipped). */
function csvTotals(path: string): Totals {
  return existsSync(path) ? csvTextTotals(readFileSync(path, 'utf8')) : { flows: 0, packets: 0, bytes: 0 };
}

/** The same over CSV text (a print file, or the memory client's -s -O csv); `flows` counts rows. */
export function csvTextTotals(text: string): Totals {
  const totals = { flows: 0, packets: 0, bytes: 0 };
  let packetsCol = -1;
  let bytesCol = -1;
  for (const line of text.split('\n')) {
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

/** The generator's --protocol values. */
export type BenchProtocol = 'v9' | 'ipfix' | 'sflow';

export type Collector = 'nfacctd' | 'sfacctd';

export function generatePcap(protocol: BenchProtocol, flows: number, keys: number): { pcap: string; totals: Totals } {
  mkdirSync(outDir, { recursive: true });
  const pcap = join(outDir, `${protocol}-${flows}-flows-${keys}-keys.pcap`);
  const sidecar = `${pcap}.totals.json`;
  if (!existsSync(pcap) || !existsSync(sidecar)) {
    execFileSync(node, [join(repo, 'bench', 'generate.ts'), '--protocol', protocol, '--flows', String(flows), '--keys', String(keys), '--out', pcap], { stdio: 'ignore' });
  }
  const t = JSON.parse(readFileSync(sidecar, 'utf8')) as Totals;
  return { pcap, totals: { flows: t.flows, packets: t.packets, bytes: t.bytes } };
}

export type Daemon = 'pmacct' | 'pmacct-tuned' | 'tsacct';

export function command(collector: Collector, which: Daemon, conf: string): [string, string[]] {
  return which === 'tsacct' ? [node, [join(repo, 'bin', 'tsacct.js'), collector, '-f', conf]] : [collector, ['-f', conf]];
}

/**
 * pmacct's replay is throttled by its default 4 MB plugin pipe. Its tuned
 * form (large pipe and buffers, as pmacct's docs advise for high rates) runs
 * much faster, but at end of file it stops its plugins before they drain the
 * pipe; so it replays with pcap_savefile_wait and is stopped with SIGINT (a
 * clean flush) once its CPU use has been idle for a second.
 */
export const PMACCT_TUNED = ['plugin_pipe_size[bench]: 102400000', 'plugin_buffer_size[bench]: 1024000'];

export async function runUntilIdle(collector: Collector, which: Daemon, conf: string, output: string): Promise<RunResult> {
  const [cmd, args] = command(collector, which, conf);
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

export async function runToExit(collector: Collector, which: Daemon, conf: string, output: string): Promise<RunResult> {
  const [cmd, args] = command(collector, which, conf);
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

export function fmt(n: number, digits = 2): string {
  return n.toFixed(digits);
}

export function mib(bytes: number): string {
  return `${(bytes / 1048576).toFixed(0)} MiB`;
}

export function totalsCheck(out: Totals, sent: Totals): string {
  if (out.packets === sent.packets && out.bytes === sent.bytes) return 'equal';
  // More than was sent means double counting, not loss: say which.
  const word = out.packets > sent.packets || out.bytes > sent.bytes ? 'OVER' : 'SHORT';
  return `${word} by ${Math.abs(sent.packets - out.packets)} packets / ${Math.abs(sent.bytes - out.bytes)} bytes`;
}

/**
 * One live run: the daemon listens on 127.0.0.1:`port`; a generated capture
 * of `rate` × `seconds` flows (sFlow: samples) is sent to it at `rate` per
 * second by pcapReplaySender (C, sendmmsg), so the sender takes little of
 * the machine's two cores. Returns the table row.
 */
export async function liveRun(collector: Collector, protocol: BenchProtocol, which: Daemon, rate: number, seconds: number, port: number): Promise<string> {
  const input = generatePcap(protocol, rate * seconds, 100_000);
  const dir = join(outDir, `live-${collector}-${which}-${rate}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const output = join(dir, 'out.csv');
  const conf = join(dir, `${collector}.conf`);
  const extra = [
    `${collector}_ip: 127.0.0.1`,
    `${collector}_port: ${port}`,
    // The largest receive buffer the kernel grants here (net.core.rmem_max), for both daemons.
    `${collector}_pipe_size: 4194304`,
    `print_output_file[bench]: ${output}`,
  ];
  // pmacct's own recommendation against internal loss between its core and plugin.
  if (which === 'pmacct') extra.push('plugin_pipe_size[bench]: 102400000', 'plugin_buffer_size[bench]: 102400');
  writeFileSync(conf, daemonConfig(100_000, extra));
  const [cmd, args] = command(collector, which, conf);
  const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    log += chunk.toString();
  });
  const meter = new ProcessTreeMeter(child.pid!);
  // Sampling all of /proc every 20 ms takes CPU from the daemons under test on 2 cores; live runs last seconds.
  meter.start(100);
  await new Promise((r) => setTimeout(r, 2500)); // both daemons need a moment to bind and start plugins
  const sent = sendPcap(input, port, rate, seconds * 3);
  await new Promise((r) => setTimeout(r, 1500)); // let the daemon drain its socket
  child.kill('SIGINT');
  await new Promise((resolve) => child.on('exit', resolve));
  meter.stop();
  await waitForStableFile(output);
  const got = csvTotals(output);
  // The sender stops at its time limit only when it could not keep up: totals are then unknown.
  if (!sent.complete) return `| ${rate} | ${which} | sender fell behind (${sent.datagrams} of ${sent.total} datagrams in ${fmt(sent.elapsedSeconds, 1)} s) | | | | | |`;
  const lossPct = input.totals.packets > 0 ? (100 * (input.totals.packets - got.packets)) / input.totals.packets : 0;
  const received = input.totals.packets > 0 ? Math.round((input.totals.flows * got.packets) / input.totals.packets) : 0;
  const perM = (meter.cpuSeconds() / Math.max(1, received)) * 1e6;
  const sentRate = Math.round(input.totals.flows / sent.elapsedSeconds);
  return `| ${rate} | ${which} | ${sentRate} | ${received} | ${lossPct <= 0 ? '0 (totals equal)' : `${lossPct.toFixed(2)} %`} | ${lossAccounting(which, log, sent.datagrams)} | ${fmt(perM)} | ${mib(meter.peakRssBytes())} |`;
}

interface SendResult {
  datagrams: number;
  total: number;
  sendErrors: number;
  elapsedSeconds: number;
  complete: boolean;
}

/** Builds bench/pcapReplaySender.c into bench/out once (gcc). */
function replaySender(): string {
  const binary = join(outDir, 'pcapReplaySender');
  const source = join(repo, 'bench', 'pcapReplaySender.c');
  if (!existsSync(binary) || statSync(binary).mtimeMs < statSync(source).mtimeMs) {
    mkdirSync(outDir, { recursive: true });
    execFileSync('gcc', ['-O2', '-Wall', '-o', binary, source]);
  }
  return binary;
}

/** Sends every datagram of the capture to 127.0.0.1:`port` at `flowsPerSecond`. */
export function sendPcap(input: { pcap: string; totals: Totals & { datagrams?: number } }, port: number, flowsPerSecond: number, maxSeconds: number): SendResult {
  const sidecar = JSON.parse(readFileSync(`${input.pcap}.totals.json`, 'utf8')) as { datagrams: number; flows: number };
  const datagramsPerSecond = (flowsPerSecond * sidecar.datagrams) / sidecar.flows;
  const out = execFileSync(replaySender(), [input.pcap, '127.0.0.1', String(port), String(datagramsPerSecond), String(maxSeconds)], { encoding: 'utf8' });
  return JSON.parse(out) as SendResult;
}

/**
 * Whether the daemon's own statistics account for every datagram sent:
 * tsacct prints "datagrams N, …, kernel drops D" at exit; pmacct has no
 * such count.
 */
function lossAccounting(which: Daemon, log: string, sentDatagrams: number): string {
  if (which !== 'tsacct') return 'not reported';
  const m = /UDP [^:]+:\d+: datagrams (\d+), bytes \d+, kernel drops (\d+)(?:, receive ring overflows (\d+))?/.exec(log);
  if (!m) return 'statistics line missing';
  const received = Number(m[1]);
  const drops = Number(m[2]);
  const overflows = Number(m[3] ?? 0);
  const unaccounted = sentDatagrams - received - drops;
  if (unaccounted !== 0) return `${unaccounted} datagrams unaccounted`;
  return `all counted (${drops} datagrams dropped by the kernel${overflows > 0 ? `, ${overflows} by the receive ring` : ''})`;
}
