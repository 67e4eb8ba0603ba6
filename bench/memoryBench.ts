/**
 * The memory plugin side by side: pmacct 1.7.7's nfacctd + pmacct client and
 * tsacct's, on the same generated NetFlow v9 input.
 *
 * Query latency: each daemon loads a table of `tableKeys` entries from a
 * pcap (pcap_savefile_wait keeps it running; pmacct gets 65536 pools of
 * 64 KiB, since its default 16 × 8 KiB holds a few thousand keys and
 * imt_mem_pools_number 0, documented as unbounded, still stops at ~33k keys
 * in 1.7.7 with "Unable to allocate more memory pools"; a prime near 1M
 * buckets, as its hash chains otherwise grow to ~30 entries; and its
 * large plugin pipe); then `pmacct -s` (formatted, to /dev/null) is timed `queries` times with
 * each client against its own daemon: median and best wall time.
 *
 * Collection: the daemon listens on 127.0.0.1; pcapReplaySender sends
 * `seconds` of traffic at each rate; once the socket is drained the whole
 * table is read with `-s -O csv` and its totals compared with what was sent.
 * pmacct runs with its documented tuning for high rates (large plugin pipe
 * and buffers) and the pools above; tsacct runs with no tuning.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { command, csvTextTotals, fmt, generatePcap, mib, outDir, repo, sendPcap, totalsCheck, type Daemon, type Totals } from './collectorBench.ts';
import { ProcessTreeMeter } from './processTreeMeter.ts';

export interface MemoryBenchOptions {
  tableKeys: number;
  queries: number;
  rates: number[];
  rateKeys: number[];
  seconds: number;
  skipQuery: boolean;
  skipLive: boolean;
}

const AGGREGATE = 'src_host, dst_host, src_port, dst_port, proto';
const PMACCT_MEMORY_TUNING = ['imt_buckets: 999983', 'imt_mem_pools_number: 65536', 'imt_mem_pools_size: 65536', 'plugin_pipe_size: 102400000', 'plugin_buffer_size: 102400'];
const DAEMONS: ReadonlyArray<Exclude<Daemon, 'pmacct-tuned'>> = ['pmacct', 'tsacct'];

export async function runMemoryBench(options: MemoryBenchOptions): Promise<string> {
  const lines: string[] = [];
  const say = (s: string): void => {
    lines.push(s);
    process.stdout.write(s + '\n');
  };
  say(`# memory plugin: pmacct 1.7.7 vs tsacct (${new Date().toISOString()}, NetFlow v9, aggregate ${AGGREGATE.replaceAll(' ', '')})`);

  if (!options.skipQuery) {
    say('');
    say(`## Query latency: \`pmacct -s\` on a ${options.tableKeys}-entry table (${options.queries} queries each, formatted output to /dev/null)`);
    say('');
    say('| daemon | entries answered | load: CPU s | median s | best s | ratio median pmacct / tsacct |');
    say('|---|---|---|---|---|---|');
    const { pcap, totals } = generatePcap('v9', options.tableKeys, options.tableKeys);
    const rows: Record<string, { entries: number; cpu: number; times: number[]; totals: Totals }> = {};
    for (const which of DAEMONS) {
      const dir = prepareDir(`memory-query-${which}`);
      const pipe = join(dir, 'table.pipe');
      const conf = memoryConfig(dir, which, pipe, [`pcap_savefile: ${pcap}`, 'pcap_savefile_wait: true']);
      const run = startDaemon(which, conf);
      await untilLoaded(which, pipe, totals);
      const loadCpu = run.meter.cpuSeconds();
      const table = await client(which, ['-p', pipe, '-s', '-O', 'csv']);
      const times: number[] = [];
      for (let i = 0; i < options.queries; i++) {
        const t0 = performance.now();
        await client(which, ['-p', pipe, '-s'], true);
        times.push((performance.now() - t0) / 1000);
      }
      await run.stop();
      rows[which] = { entries: csvTextTotals(table.stdout).flows, cpu: loadCpu, times, totals: csvTextTotals(table.stdout) };
    }
    const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    for (const which of DAEMONS) {
      const r = rows[which]!;
      const ratio = which === 'pmacct' ? fmt(median(r.times) / median(rows['tsacct']!.times)) : '';
      say(`| ${which} | ${r.entries} (${totalsCheck(r.totals, totals)}) | ${fmt(r.cpu)} | ${fmt(median(r.times), 3)} | ${fmt(Math.min(...r.times), 3)} | ${ratio} |`);
    }
  }

  if (!options.skipLive) {
    say('');
    say(`## Collection into the memory plugin, live on 127.0.0.1 (${options.seconds} s per rate; loss from the table's totals)`);
    say('');
    say('| keys | flows/s asked | daemon | flows/s sent | loss | CPU s / M flows | peak RSS (tree) |');
    say('|---|---|---|---|---|---|---|');
    let port = 21000;
    for (const keys of options.rateKeys) {
      for (const rate of options.rates) {
        const input = generatePcap('v9', rate * options.seconds, keys);
        for (const which of DAEMONS) {
          say(await liveMemoryRun(which, input, keys, rate, options.seconds, port++));
        }
      }
    }
  }
  return lines.join('\n') + '\n';
}

async function liveMemoryRun(which: Exclude<Daemon, 'pmacct-tuned'>, input: { pcap: string; totals: Totals }, keys: number, rate: number, seconds: number, port: number): Promise<string> {
  const dir = prepareDir(`memory-live-${which}-${keys}-${rate}`);
  const pipe = join(dir, 'table.pipe');
  const conf = memoryConfig(dir, which, pipe, ['nfacctd_ip: 127.0.0.1', `nfacctd_port: ${port}`, 'nfacctd_pipe_size: 4194304']);
  const run = startDaemon(which, conf, 100);
  await new Promise((r) => setTimeout(r, 2500));
  const sent = sendPcap(input, port, rate, seconds * 3);
  // Let the daemon drain its socket and pmacct's plugin its pipe.
  await untilLoaded(which, pipe, input.totals, 10_000);
  const table = await client(which, ['-p', pipe, '-s', '-O', 'csv']);
  const cpu = run.meter.cpuSeconds();
  const rss = run.meter.peakRssBytes();
  await run.stop();
  const got = csvTextTotals(table.stdout);
  if (!sent.complete) return `| ${keys} | ${rate} | ${which} | sender fell behind | | | |`;
  const lossPct = input.totals.packets > 0 ? (100 * (input.totals.packets - got.packets)) / input.totals.packets : 0;
  const received = Math.round((input.totals.flows * got.packets) / Math.max(1, input.totals.packets));
  return `| ${keys} | ${rate} | ${which} | ${Math.round(input.totals.flows / sent.elapsedSeconds)} | ${lossPct <= 0 ? `0 (${totalsCheck(got, input.totals)})` : `${lossPct.toFixed(2)} %`} | ${fmt((cpu / Math.max(1, received)) * 1e6)} | ${mib(rss)} |`;
}

function prepareDir(name: string): string {
  const dir = join(outDir, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

function memoryConfig(dir: string, which: string, pipe: string, extra: string[]): string {
  const conf = join(dir, 'nfacctd.conf');
  writeFileSync(
    conf,
    ['daemonize: false', 'plugins: memory[bench]', `aggregate: ${AGGREGATE}`, `imt_path: ${pipe}`, ...(which === 'pmacct' ? PMACCT_MEMORY_TUNING : []), ...extra, ''].join('\n'),
  );
  return conf;
}

function startDaemon(which: Exclude<Daemon, 'pmacct-tuned'>, conf: string, sampleMs = 20): { meter: ProcessTreeMeter; stop(): Promise<void> } {
  const [cmd, args] = command('nfacctd', which, conf);
  const child = spawn(cmd, args, { stdio: 'ignore', detached: true });
  const meter = new ProcessTreeMeter(child.pid!);
  meter.start(sampleMs);
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return {
    meter,
    async stop() {
      meter.stop();
      // pmacct's core may ignore SIGTERM under pcap_savefile_wait: stop the whole group, then force it.
      process.kill(-child.pid!, 'SIGTERM');
      const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * Polls the table's totals (-N '*' -n all: one line) until they equal what
 * was sent, or have not moved for `quietMs` (some loss), or two minutes
 * have passed. pmacct hands its last buffer to the plugin only after a
 * while, so an idle CPU does not mean a loaded table.
 */
async function untilLoaded(which: Exclude<Daemon, 'pmacct-tuned'>, pipe: string, sent: Totals, quietMs = 20_000): Promise<void> {
  let last = '';
  let quietSince = performance.now();
  const started = performance.now();
  while (performance.now() - started < 120_000) {
    await new Promise((r) => setTimeout(r, 500));
    let line = '';
    try {
      line = (await client(which, ['-p', pipe, '-c', 'proto', '-N', '*', '-n', 'all'])).stdout.trim();
    } catch {
      continue; // the socket is not there yet
    }
    const [packets, bytes] = line.split(' ').map(Number);
    if (packets === sent.packets && bytes === sent.bytes) return;
    if (line !== last) {
      last = line;
      quietSince = performance.now();
    } else if (performance.now() - quietSince > quietMs) return;
  }
}

function client(which: Exclude<Daemon, 'pmacct-tuned'>, args: string[], discard = false): Promise<{ stdout: string }> {
  const [cmd, cmdArgs] = which === 'tsacct' ? [process.execPath, [join(repo, 'bin', 'tsacct.js'), 'pmacct', ...args]] : ['pmacct', args];
  if (discard) {
    return new Promise((resolve, reject) => {
      const child = spawn(cmd, cmdArgs, { stdio: ['ignore', 'ignore', 'inherit'] });
      child.on('exit', () => resolve({ stdout: '' }));
      child.on('error', reject);
    });
  }
  return new Promise((resolve, reject) => {
    execFile(cmd, cmdArgs, { maxBuffer: 1 << 30 }, (err, stdout) => (err ? reject(err) : resolve({ stdout })));
  });
}
