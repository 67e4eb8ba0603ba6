/**
 * sfacctd side by side: pmacct 1.7.7's sfacctd and tsacct on the same input.
 *
 * Offline: one generated sFlow v5 pcap (7 flow samples per datagram, each a
 * raw Ethernet/IPv4/TCP-or-UDP header) replayed by both (pcap_savefile),
 * compared by CPU seconds per million samples over the process tree, as in
 * the nfacctd scenario. Live: the generator sends to each daemon on
 * 127.0.0.1 at rising sample rates.
 *
 * sfacctd accounts each sample as 1 packet of its frame length (no
 * renormalisation), so the output totals must equal the generator's
 * sample count and summed frame lengths.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { daemonConfig, fmt, generatePcap, liveRun, mib, outDir, PMACCT_TUNED, runToExit, runUntilIdle, totalsCheck, type RunResult } from './collectorBench.ts';

export interface SfacctdBenchOptions {
  /** Flow samples per offline run. */
  samples: number;
  keys: number[];
  liveRates: number[];
  liveSeconds: number;
  skipOffline: boolean;
  skipLive: boolean;
}

export async function runSfacctdBench(options: SfacctdBenchOptions): Promise<string> {
  const lines: string[] = [];
  const say = (s: string): void => {
    lines.push(s);
    process.stdout.write(s + '\n');
  };
  say(`# sfacctd: pmacct 1.7.7 vs tsacct (${new Date().toISOString()}, ${options.samples} flow samples per offline run, 7 samples per datagram, aggregate src_host,dst_host,src_port,dst_port,proto, print CSV)`);

  if (!options.skipOffline) {
    say('');
    say('## Offline replay (pcap_savefile): CPU seconds per million samples over the process tree');
    say('');
    say('| input | daemon | wall s | samples/s | CPU s | CPU s / M samples | peak RSS (tree) | output totals | ratio CPU per sample, this pmacct / tsacct |');
    say('|---|---|---|---|---|---|---|---|---|');
    for (const keys of options.keys) {
      const samples = Math.max(options.samples, keys);
      const { pcap, totals } = generatePcap('sflow', samples, keys);
      const results: Record<string, RunResult> = {};
      for (const which of ['pmacct', 'pmacct-tuned', 'tsacct'] as const) {
        const dir = join(outDir, `sfacctd-${which}-${keys}`);
        rmSync(dir, { recursive: true, force: true });
        mkdirSync(dir, { recursive: true });
        const output = join(dir, 'out.csv');
        const conf = join(dir, 'sfacctd.conf');
        const tuned = which === 'pmacct-tuned';
        writeFileSync(conf, daemonConfig(keys, [`pcap_savefile: ${pcap}`, `pcap_savefile_wait: ${tuned}`, `print_output_file[bench]: ${output}`, ...(tuned ? PMACCT_TUNED : [])]));
        results[which] = tuned ? await runUntilIdle('sfacctd', which, conf, output) : await runToExit('sfacctd', which, conf, output);
      }
      const t = results['tsacct']!;
      const perM = (r: RunResult): number => (r.cpuSeconds / samples) * 1e6;
      const rate = (r: RunResult): string => String(Math.round(samples / Math.max(r.wallSeconds, 1e-9)));
      const input = `sFlow v5, ${keys / 1000}k keys`;
      for (const which of ['pmacct', 'pmacct-tuned'] as const) {
        const p = results[which]!;
        // A run that did not account what was sent did less work: its CPU per sample is no measure.
        const exact = totalsCheck(p.output, totals) === 'equal';
        const ratio = exact ? fmt(perM(p) / perM(t)) : 'n/a (output totals wrong)';
        say(`| ${input} | ${which} | ${fmt(p.wallSeconds, 1)} | ${rate(p)} | ${fmt(p.cpuSeconds)} | ${fmt(perM(p))} | ${mib(p.peakRssBytes)} | ${totalsCheck(p.output, totals)} | ${ratio} |`);
      }
      say(`| ${input} | tsacct | ${fmt(t.wallSeconds, 1)} | ${rate(t)} | ${fmt(t.cpuSeconds)} | ${fmt(perM(t))} | ${mib(t.peakRssBytes)} | ${totalsCheck(t.output, totals)} | |`);
    }
  }

  if (!options.skipLive) {
    say('');
    say(`## Live UDP on 127.0.0.1: ${options.liveSeconds} s per rate, sFlow v5, 100k keys; output totals vs sent`);
    say('');
    say('| target samples/s | daemon | sent samples/s | received samples | loss | loss in the daemon\'s own statistics | CPU s / M samples | peak RSS |');
    say('|---|---|---|---|---|---|---|---|');
    let port = 22000;
    for (const rate of options.liveRates) {
      for (const which of ['pmacct', 'tsacct'] as const) {
        port++;
        say(await liveRun('sfacctd', 'sflow', which, rate, options.liveSeconds, port));
      }
    }
  }
  return lines.join('\n') + '\n';
}
