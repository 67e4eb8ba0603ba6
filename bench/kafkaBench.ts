/**
 * Kafka plugins side by side: pmacct 1.7.7's nfacctd and tsacct replay the
 * same generated NetFlow v9 capture (every flow its own 5-tuple key, so
 * every flow is an aggregate) into librdkafka's mock broker
 * (test/kafka/mockBroker.c, a fresh one per run, 4 partitions), with the
 * same config, flushed once at exit:
 * - "one per message": one JSON message per aggregate;
 * - "multi-values": kafka_multi_values 65536 (newline-separated objects).
 *
 * Measured the same way for both: the flush is the wall time between the
 * plugin's "Purging cache - START" and "- END" log lines as they arrive on
 * the daemon's stderr (both end it after librdkafka reported the messages:
 * pmacct waits for its out queue to drain, tsacct for its flush); end to end
 * is from starting the daemon to its exit. A run counts only when the
 * topic's partitions then hold the messages expected (their end offsets,
 * read with kcat; the mock keeps only a few MB per partition, so the
 * messages themselves are not read back).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fmt, generatePcap, outDir, primeNear } from './collectorBench.ts';
import { markdownReport, median, perSecond, runLogged, type Which } from './flushRun.ts';
import { MockBroker } from '../test/kafka/mockBroker.ts';

export interface KafkaBenchOptions {
  flows: number;
  rounds: number;
}

const PARTITIONS = 4;

interface Variant {
  name: string;
  lines: string[];
  /** Messages a complete flush writes (null: depends on packing, only checked to be non-zero). */
  messages: (flows: number) => number | null;
}

const VARIANTS: Variant[] = [
  { name: 'one per message', lines: [], messages: (flows) => flows },
  { name: 'multi-values 64 KB', lines: ['kafka_multi_values[bench]: 65536'], messages: () => null },
];

interface Run {
  flushMs: number | null;
  wallMs: number;
  messages: number;
  failure: string | null;
}

export async function runKafkaBench(options: KafkaBenchOptions): Promise<string> {
  const { say, text } = markdownReport();
  const { pcap } = generatePcap('v9', options.flows, options.flows);
  const rounds = Math.max(1, options.rounds);
  say(`# Kafka plugin: pmacct 1.7.7 vs tsacct (${new Date().toISOString()}, ${options.flows} flows: NetFlow v9, one 5-tuple key per flow, one flush at exit, librdkafka mock broker with ${PARTITIONS} partitions; ${rounds} round(s), medians)`);
  say('');
  say('| variant | daemon | messages | flush ms (median; rounds) | messages/s | flows/s (flush) | end-to-end s (median) | flows/s end to end | ratio flush (tsacct / pmacct) | ratio end to end |');
  say('|---|---|---|---|---|---|---|---|---|---|');
  const notes: string[] = [];
  for (const variant of VARIANTS) {
    const runs: Record<Which, Run[]> = { pmacct: [], tsacct: [] };
    for (let round = 0; round < rounds; round++) {
      for (const which of ['pmacct', 'tsacct'] as const) {
        const run = await runOnce(variant, which, pcap, options.flows, round);
        runs[which].push(run);
        process.stderr.write(`  ${variant.name} ${which} round ${round + 1}: ${run.messages} messages, flush ${run.flushMs === null ? '-' : run.flushMs.toFixed(0)} ms, wall ${run.wallMs.toFixed(0)} ms${run.failure ? ` (${run.failure})` : ''}\n`);
        if (run.failure) notes.push(`${variant.name} ${which} round ${round + 1}: ${run.failure}`);
      }
    }
    const summary = (which: Which): { flush: number | null; wall: number | null; messages: number | null; rounds: string } => {
      const good = runs[which].filter((r) => r.failure === null && r.flushMs !== null);
      const all = good.length === runs[which].length;
      return {
        flush: all ? median(good.map((r) => r.flushMs!)) : null,
        wall: all ? median(good.map((r) => r.wallMs)) : null,
        messages: all ? median(good.map((r) => r.messages)) : null,
        rounds: runs[which].map((r) => (r.failure !== null ? 'FAILED' : (r.flushMs ?? 0).toFixed(0))).join(', '),
      };
    };
    const p = summary('pmacct');
    const t = summary('tsacct');
    for (const [which, s] of [['pmacct', p], ['tsacct', t]] as const) {
      const ratio = (a: number | null, b: number | null): string => (which !== 'tsacct' ? '' : a !== null && b !== null && b > 0 ? fmt(a / b) : 'n/a');
      say(
        `| ${variant.name} | ${which} | ${s.messages ?? 'n/a'} | ${s.flush === null ? `failed (${s.rounds})` : `${s.flush.toFixed(0)} (${s.rounds})`} | ` +
          `${perSecond(s.messages, s.flush)} | ${perSecond(options.flows, s.flush)} | ${s.wall === null ? 'n/a' : (s.wall / 1000).toFixed(2)} | ` +
          `${perSecond(options.flows, s.wall)} | ${ratio(p.flush, t.flush)} | ${ratio(p.wall, t.wall)} |`,
      );
    }
  }
  say('');
  say('Flush: wall time between the plugin\'s "Purging cache - START" and "- END" log lines as they arrive on stderr (same method for both daemons; both end a purge after librdkafka delivered its messages). Ratios are pmacct time / tsacct time, so above 1 means tsacct is faster. A run counts only when the topic holds the messages expected (end offsets summed over the partitions); a median is reported only when every round counted.');
  for (const note of notes) say(`- ${note}`);
  return text();
}

async function runOnce(variant: Variant, which: Which, pcap: string, flows: number, round: number): Promise<Run> {
  const dir = join(outDir, `kafka-${which}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const topic = `bench.${which}.${round}`;
  const broker = await MockBroker.start([topic], PARTITIONS);
  try {
    const [host, port] = broker.bootstrap.split(':');
    const conf = join(dir, 'nfacctd.conf');
    writeFileSync(
      conf,
      [
        'daemonize: false',
        `pcap_savefile: ${pcap}`,
        'plugins: kafka[bench]',
        'aggregate[bench]: src_host, dst_host, src_port, dst_port, proto',
        `kafka_broker_host[bench]: ${host}`,
        `kafka_broker_port[bench]: ${port}`,
        `kafka_topic[bench]: ${topic}`,
        'kafka_refresh_time[bench]: 3600',
        `kafka_cache_entries[bench]: ${primeNear(flows)}`,
        ...variant.lines,
        // pmacct's default 4 MB plugin pipe throttles a replay this fast (see the SQL bench).
        ...(which === 'pmacct' ? ['plugin_pipe_size[bench]: 102400000', 'plugin_buffer_size[bench]: 102400'] : []),
        '',
      ].join('\n'),
    );
    const started = performance.now();
    const result = await runLogged(which, conf);
    const wallMs = performance.now() - started;
    writeFileSync(join(dir, 'stderr.log'), result.log);
    const messages = endOffsets(broker.bootstrap, topic);
    const expected = variant.messages(flows);
    let failure: string | null = null;
    if (result.flushMs === null) failure = result.startSeen ? 'the purge started and did not end' : `no purge logged (exit ${result.exitCode ?? result.signal})`;
    else if (expected !== null && messages !== expected) failure = `${messages} messages in the topic, ${expected} expected`;
    else if (messages === 0) failure = 'no message in the topic';
    return { flushMs: result.flushMs, wallMs, messages, failure };
  } finally {
    await broker.stop();
  }
}

/** Messages in the topic: its partitions' end offsets, summed (kcat -Q with time -1: the latest offset). */
function endOffsets(bootstrap: string, topic: string): number {
  const args = ['-Q', '-b', bootstrap];
  for (let p = 0; p < PARTITIONS; p++) args.push('-t', `${topic}:${p}:-1`);
  const out = execFileSync('kcat', args, { encoding: 'utf8' });
  return [...out.matchAll(/offset (\d+)/g)].reduce((n, m) => n + Number(m[1]), 0);
}
