/**
 * `npm run bench -- clickhouse [--flows 500000] [--rounds 3] [--port 8123]`:
 * the clickhouse plugin, tsacct's own (pmacct 1.7.7 has no ClickHouse
 * plugin; operators pipe its kafka output into a Kafka-engine table), set
 * beside the nearest store pmacct writes itself: its pgsql plugin. Every
 * daemon replays the SQL bench's generated NetFlow v9 savefile (every flow
 * its own 5-tuple key, so every flow is a row: `aggregate: src_host,
 * dst_host, src_port, dst_port, proto`, no history) and flushes once, at
 * exit:
 * - pmacct 1.7.7 and tsacct, pgsql plugin, INSERT-only multi-values into a
 *   fresh PostgreSQL table on 127.0.0.1 (sqlBench.ts's runs);
 * - tsacct, clickhouse plugin, into a fresh MergeTree table (created by the
 *   plugin) on a scratch clickhouse-server (or --port's server, user
 *   default), with clickhouse_compression none and gzip.
 * Measured the same way for all: the wall time between the plugin's
 * "Purging cache - START" and "- END" lines on stderr (flushRun.ts). A
 * round counts only when the table then holds exactly the rows sent. The
 * ratio is rows/s over pmacct's pgsql rows/s: what moving the same rows
 * from pmacct's SQL store to tsacct's ClickHouse store gains.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fmt, generatePcap, outDir, primeNear } from './collectorBench.ts';
import { markdownReport, median, perSecond, runLogged } from './flushRun.ts';
import { sqlFlushRun } from './sqlBench.ts';
import { ScratchClickhouse } from '../test/plugins/clickhouse/scratchClickhouse.ts';

export interface ClickhouseBenchOptions {
  rows: number;
  rounds: number;
  /** A running ClickHouse's HTTP port (user default, no password); absent: a scratch server. */
  port?: number;
}

interface Round {
  flushMs: number | null;
  failure: string | null;
}

interface Line {
  store: string;
  daemon: 'pmacct' | 'tsacct';
  rounds: Round[];
}

export async function runClickhouseBench(options: ClickhouseBenchOptions): Promise<string> {
  const { say, text } = markdownReport();
  const { pcap, totals } = generatePcap('v9', options.rows, options.rows);
  const rounds = Math.max(1, options.rounds);
  const scratch = options.port === undefined ? await ScratchClickhouse.create() : null;
  const server = { port: scratch?.port ?? options.port!, user: scratch?.user ?? 'default', password: scratch?.password ?? '' };
  const lines: Line[] = [
    { store: 'pgsql (sql_multi_values 4 MB)', daemon: 'pmacct', rounds: [] },
    { store: 'pgsql (sql_multi_values 4 MB)', daemon: 'tsacct', rounds: [] },
    { store: 'clickhouse, compression none', daemon: 'tsacct', rounds: [] },
    { store: 'clickhouse, compression gzip', daemon: 'tsacct', rounds: [] },
  ];
  try {
    for (let round = 0; round < rounds; round++) {
      for (const line of lines) {
        const result = line.store.startsWith('pgsql')
          ? await sqlFlushRun('pgsql', line.daemon, pcap, options.rows, totals.flows)
          : await clickhouseRun(server, line.store.endsWith('gzip') ? 'gzip' : 'none', pcap, options.rows, totals.flows, round);
        line.rounds.push({ flushMs: result.flushMs, failure: result.failure });
        process.stderr.write(`  ${line.store} ${line.daemon} round ${round + 1}: flush ${result.flushMs === null ? '-' : result.flushMs.toFixed(0)} ms${result.failure ? ` (${result.failure})` : ''}\n`);
      }
    }
  } finally {
    await scratch?.dispose();
  }
  say(`# ClickHouse plugin vs pmacct's pgsql plugin (${new Date().toISOString()}, ${options.rows} rows: NetFlow v9, one 5-tuple key per flow, one flush at exit; ${rounds} round(s), medians)`);
  say('');
  say('| store | daemon | flush ms (median; rounds) | rows/s | ratio rows/s over pmacct pgsql |');
  say('|---|---|---|---|---|');
  const medianOf = (line: Line): number | null => (line.rounds.every((r) => r.failure === null && r.flushMs !== null) ? median(line.rounds.map((r) => r.flushMs!)) : null);
  const reference = medianOf(lines[0]!);
  const notes: string[] = [];
  for (const line of lines) {
    const ms = medianOf(line);
    const roundsText = line.rounds.map((r) => (r.failure !== null || r.flushMs === null ? 'FAILED' : r.flushMs.toFixed(0))).join(', ');
    const ratio = line === lines[0] ? '1' : ms !== null && reference !== null && ms > 0 ? fmt(reference / ms) : 'n/a';
    say(`| ${line.store} | ${line.daemon} | ${ms === null ? `failed (${roundsText})` : `${ms.toFixed(0)} (${roundsText})`} | ${perSecond(options.rows, ms)} | ${ratio} |`);
    line.rounds.forEach((r, i) => r.failure && notes.push(`${line.store} ${line.daemon} round ${i + 1}: ${r.failure}`));
  }
  say('');
  say('Flush: wall time between the plugin\'s "Purging cache - START" and "- END" log lines as they arrive on stderr (the same method for every daemon; it includes connecting and, for clickhouse, creating the table). A round counts only when the table holds exactly the rows sent; a median is reported only when every round counted.');
  for (const note of notes) say(`- ${note}`);
  return text();
}

interface ClickhouseServer {
  port: number;
  user: string;
  password: string;
}

/** tsacct's nfacctd with `plugins: clickhouse[bench]` into a fresh table, which is dropped afterwards. */
async function clickhouseRun(server: ClickhouseServer, compression: 'none' | 'gzip', pcap: string, rows: number, sent: number, round: number): Promise<Round> {
  const dir = join(outDir, `clickhouse-${compression}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const table = `acct_${compression}_${round}_${process.pid}`;
  const conf = join(dir, 'nfacctd.conf');
  writeFileSync(conf, [
    'daemonize: false',
    `pcap_savefile: ${pcap}`,
    'plugins: clickhouse[bench]',
    'aggregate[bench]: src_host, dst_host, src_port, dst_port, proto',
    'clickhouse_host[bench]: 127.0.0.1',
    `clickhouse_port[bench]: ${server.port}`,
    `clickhouse_user[bench]: ${server.user}`,
    `clickhouse_passwd[bench]: ${server.password}`,
    'clickhouse_db[bench]: bench',
    `clickhouse_table[bench]: ${table}`,
    `clickhouse_compression[bench]: ${compression}`,
    'clickhouse_refresh_time[bench]: 3600',
    `clickhouse_cache_entries[bench]: ${primeNear(rows)}`,
    '',
  ].join('\n'));
  const result = await runLogged('tsacct', conf);
  writeFileSync(join(dir, 'stderr.log'), result.log);
  let failure: string | null = null;
  try {
    const stored = Number((await query(server, `SELECT count() FROM bench.${table}`)).trim());
    if (stored !== sent) failure = `${stored} rows in the table, ${sent} flows sent`;
    await query(server, `DROP TABLE IF EXISTS bench.${table}`);
  } catch (err) {
    failure = `counting rows failed: ${(err as Error).message.split('\n')[0]}`;
  }
  if (result.flushMs === null) failure = `no purge logged (exit ${result.exitCode ?? result.signal})`;
  return { flushMs: result.flushMs, failure };
}

async function query(server: ClickhouseServer, text: string): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${server.port}/`, { method: 'POST', body: text, headers: { 'X-ClickHouse-User': server.user, 'X-ClickHouse-Key': server.password } });
  const body = await res.text();
  if (!res.ok) throw new Error(body);
  return body;
}
