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
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeMapsFixtures } from './mapsFixtures.ts';
import { daemonConfig, DEFAULT_AGGREGATE, fmt, generatePcap, liveRun, mib, outDir, PMACCT_TUNED, runToExit, runUntilIdle, totalsCheck, type RunResult } from './collectorBench.ts';

export interface NfacctdBenchOptions {
  flows: number;
  keys: number[];
  protocols: Array<'v9' | 'ipfix'>;
  liveRates: number[];
  liveSeconds: number;
  skipOffline: boolean;
  skipLive: boolean;
  /** With a 50-rule pre_tag_map and a networks_file of this many lines (nfacctd_net/_as: file). */
  mapsNetworks?: number;
}

/** aggregate with --maps: the tag and the networks_file primitives. */
const MAPS_AGGREGATE = 'tag, src_net, dst_net, src_as, dst_as';

export async function runNfacctdBench(options: NfacctdBenchOptions): Promise<string> {
  const lines: string[] = [];
  const say = (s: string): void => {
    lines.push(s);
    process.stdout.write(s + '\n');
  };
  const maps = options.mapsNetworks !== undefined ? { ...writeMapsFixtures(options.mapsNetworks), identical: [] as string[] } : undefined;
  const aggregate = maps ? MAPS_AGGREGATE : DEFAULT_AGGREGATE;
  const mapsConfig = maps
    ? [`pre_tag_map: ${maps.preTagMap}`, `networks_file: ${maps.networksFile}`, 'nfacctd_net: file', 'nfacctd_as: file']
    : [];
  say(`# nfacctd: pmacct 1.7.7 vs tsacct (${new Date().toISOString()}, ${options.flows} flows per offline run, 30 records per datagram, aggregate ${aggregate.replaceAll(' ', '')}, print CSV${maps ? `, 50-rule pre_tag_map, ${options.mapsNetworks}-line networks_file, nfacctd_net/nfacctd_as: file` : ''})`);

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
          const dir = join(outDir, `${which}-${protocol}-${keys}${maps ? '-maps' : ''}`);
          rmSync(dir, { recursive: true, force: true });
          mkdirSync(dir, { recursive: true });
          const output = join(dir, 'out.csv');
          const conf = join(dir, 'nfacctd.conf');
          const tuned = which === 'pmacct-tuned';
          writeFileSync(conf, daemonConfig(keys, [`pcap_savefile: ${pcap}`, `pcap_savefile_wait: ${tuned}`, `print_output_file[bench]: ${output}`, ...(tuned ? PMACCT_TUNED : []), ...mapsConfig], aggregate));
          results[which] = tuned ? await runUntilIdle('nfacctd', which, conf, output) : await runToExit('nfacctd', which, conf, output);
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
        if (maps) {
          // Beyond the totals: tags, networks and ASNs must come out as pmacct's do.
          const lines = (which: string): string => {
            const file = join(outDir, `${which}-${protocol}-${keys}-maps`, 'out.csv');
            return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter((l) => l !== '' && !l.startsWith('TAG,')).sort().join('\n') : '';
          };
          const same = lines('pmacct') === lines('tsacct');
          maps.identical.push(`${input}: tsacct's output lines are ${same ? 'identical to' : 'DIFFERENT from'} pmacct's (untuned)`);
        }
      }
    }
  }

  if (maps) for (const line of maps.identical) {
    say('');
    say(line);
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
        say(await liveRun('nfacctd', 'v9', which, rate, options.liveSeconds, port));
      }
    }
  }
  return lines.join('\n') + '\n';
}

