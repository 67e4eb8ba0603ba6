/**
 * SQL plugins side by side: pmacct 1.7.7's nfacctd and tsacct write the same
 * generated NetFlow v9 input (every flow its own 5-tuple key, so every flow
 * becomes a row) into a fresh table with INSERT-only (sql_dont_try_update)
 * and multi-values, flushed once at exit. Measured the same way for both:
 * the wall time between the plugin's "Purging cache - START" and "- END"
 * log lines as they arrive on the daemon's stderr; each daemon's own figure
 * (pmacct's ET in whole seconds, tsacct's "last N ms") is shown beside it.
 * A run counts only when the table then holds exactly the rows sent; a
 * purge that dies (pmacct 1.7.7's sqlite3 plugin segfaults on ~1M rows) is
 * reported with the kernel's segfault line, not waited for.
 *
 * Backends: sqlite3 (a file), and pgsql / mysql on the machine's servers
 * (127.0.0.1, databases created per run) when tsacct implements them.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { fmt, generatePcap, outDir, primeNear } from './collectorBench.ts';
import { markdownReport, median, PURGE_LIMIT_MS, runLogged, type Which } from './flushRun.ts';
import { IMPLEMENTED_PLUGIN_TYPES } from '../src/config/pluginDeclarations.ts';

export interface SqlBenchOptions {
  rows: number;
  backends: string[];
  /** Rounds per backend (pmacct and tsacct alternate); the table reports medians. */
  rounds: number;
}

interface Backend {
  name: 'sqlite3' | 'pgsql' | 'mysql';
  /** Prepares an empty table and returns the config lines that point the plugin at it. */
  prepare(which: Which): string[];
  count(which: Which): number;
}

const TABLE = 'acct_bench';

/** One daemon's run: the flush as seen on its stderr, and what reached the table. */
export interface SqlRun {
  rows: number;
  /** Wall time between the purge's START and END log lines as they arrived on stderr (null: no END line). */
  flushMs: number | null;
  /** The daemon's own figure: pmacct's ET (whole seconds), tsacct's "last N ms". */
  reportedMs: number | null;
  /** Why the run has no valid figure (purge died, rows missing…), else null. */
  failure: string | null;
}

export async function runSqlBench(options: SqlBenchOptions): Promise<string> {
  const { say, text } = markdownReport();
  const { pcap, totals } = generatePcap('v9', options.rows, options.rows);
  const rounds = Math.max(1, options.rounds);
  say(`# SQL plugins: pmacct 1.7.7 vs tsacct (${new Date().toISOString()}, ${options.rows} rows: NetFlow v9, one 5-tuple key per flow, INSERT-only, sql_multi_values 4 MB, one flush at exit; ${rounds} round(s), medians)`);
  say('');
  say('| backend | daemon | rows in table | flush ms (median; rounds) | daemon-reported flush | rows/s | ratio rows/s tsacct / pmacct |');
  say('|---|---|---|---|---|---|---|');
  const notes: string[] = [];
  for (const name of options.backends) {
    if (!IMPLEMENTED_PLUGIN_TYPES.includes(name)) {
      say(`| ${name} | tsacct | not implemented yet | | | | |`);
      continue;
    }
    const backend = backendOf(name);
    const runs: Record<Which, SqlRun[]> = { pmacct: [], tsacct: [] };
    for (let round = 0; round < rounds; round++) {
      for (const which of ['pmacct', 'tsacct'] as const) {
        const run = await runOnce(backend, which, pcap, options.rows, totals.flows);
        runs[which].push(run);
        process.stderr.write(`  ${name} ${which} round ${round + 1}: rows ${run.rows}, flush ${run.flushMs === null ? '-' : run.flushMs.toFixed(1)} ms${run.failure ? ` (${run.failure})` : ''}\n`);
        if (run.failure) notes.push(`${name} ${which} round ${round + 1}: ${run.failure}`);
      }
    }
    const summary = (which: Which): { ms: number | null; rows: string; rounds: string; reported: string } => {
      const good = runs[which].filter((r) => r.failure === null && r.flushMs !== null);
      const ms = good.length === runs[which].length ? median(good.map((r) => r.flushMs!)) : null;
      const reportedValues = runs[which].map((r) => (r.reportedMs === null ? '-' : which === 'pmacct' ? `${r.reportedMs / 1000} s` : `${r.reportedMs} ms`));
      return {
        ms,
        rows: [...new Set(runs[which].map((r) => r.rows))].join(' / '),
        rounds: runs[which].map((r) => (r.failure !== null ? 'FAILED' : r.flushMs === null ? '-' : r.flushMs.toFixed(0))).join(', '),
        reported: reportedValues.join(', '),
      };
    };
    const p = summary('pmacct');
    const t = summary('tsacct');
    for (const [which, s] of [['pmacct', p], ['tsacct', t]] as const) {
      const rate = s.ms !== null && s.ms > 0 ? Math.round(options.rows / (s.ms / 1000)) : null;
      const ratio = which === 'tsacct' && p.ms !== null && t.ms !== null && t.ms > 0 ? fmt(p.ms / t.ms) : which === 'tsacct' ? 'n/a' : '';
      const flush = s.ms === null ? `failed (${s.rounds})` : `${s.ms.toFixed(0)} (${s.rounds})`;
      say(`| ${name} | ${which} | ${s.rows} | ${flush} | ${s.reported} | ${rate ?? 'n/a'} | ${ratio} |`);
    }
  }
  say('');
  say('Flush time: wall time between the plugin\'s "Purging cache - START" and "Purging cache - END" log lines, timestamped as they arrive on the daemon\'s stderr (the same method for both daemons; it includes connecting). A run counts only when the table holds exactly the rows sent; a median is reported only when every round counted.');
  for (const note of notes) say(`- ${note}`);
  return text();
}

/** One daemon's flush of the savefile's `rows` 5-tuple rows into a fresh table of backend `name` (the clickhouse bench's reference). */
export function sqlFlushRun(name: 'sqlite3' | 'pgsql' | 'mysql', which: Which, pcap: string, rows: number, sent: number): Promise<SqlRun> {
  return runOnce(backendOf(name), which, pcap, rows, sent);
}

async function runOnce(backend: Backend, which: Which, pcap: string, rows: number, sent: number): Promise<SqlRun> {
  const name = backend.name;
  const dir = join(outDir, `sql-${name}-${which}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const conf = join(dir, 'nfacctd.conf');
  writeFileSync(
    conf,
    [
      'daemonize: false',
      `pcap_savefile: ${pcap}`,
      `plugins: ${name}[bench]`,
      'aggregate[bench]: src_host, dst_host, src_port, dst_port, proto',
      `sql_table[bench]: ${TABLE}`,
      'sql_optimize_clauses[bench]: true',
      'sql_dont_try_update[bench]: true',
      'sql_multi_values[bench]: 4000000',
      'sql_refresh_time[bench]: 3600',
      `sql_cache_entries[bench]: ${primeNear(rows)}`,
      ...(which === 'pmacct' ? ['plugin_pipe_size[bench]: 102400000', 'plugin_buffer_size[bench]: 102400'] : []),
      ...backend.prepare(which),
      '',
    ].join('\n'),
  );
  const segfaultsBefore = segfaultLines();
  const result = await runLogged(which, conf);
  writeFileSync(join(dir, 'stderr.log'), result.log);
  let count = -1;
  let countError: string | null = null;
  try {
    count = backend.count(which);
  } catch (err) {
    countError = (err as Error).message.split('\n')[0]!;
  }
  const reportedMs = daemonReportedMs(which, result.log);
  const run: SqlRun = { rows: Math.max(count, 0), flushMs: result.flushMs, reportedMs, failure: null };
  if (result.hung) run.failure = `still purging ${PURGE_LIMIT_MS / 1000} s after the core exited: stopped`;
  else if (result.flushMs === null) {
    const died = segfaultLines().filter((l) => !segfaultsBefore.includes(l) && /nfacctd|node/.test(l));
    run.failure = result.startSeen
      ? `the purge died: START logged, no END line, process gone${died.length > 0 ? `; dmesg: ${died.map((l) => l.trim()).join(' | ')}` : ''}`
      : `no purge logged (exit ${result.exitCode ?? result.signal})`;
  } else if (countError !== null) run.failure = `counting rows failed: ${countError}`;
  else if (count !== sent) run.failure = `${count} rows in the table, ${sent} flows sent`;
  return run;
}

/** The kernel's segfault reports (empty when dmesg is not readable). */
function segfaultLines(): string[] {
  try {
    return execFileSync('dmesg', { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split('\n').filter((l) => l.includes('segfault'));
  } catch {
    return [];
  }
}

function daemonReportedMs(which: Which, log: string): number | null {
  if (which === 'tsacct') {
    const m = /plugin bench\/\S+: .*flushes \d+ \(last (\d+) ms\)/.exec(log);
    return m ? Number(m[1]) : null;
  }
  const ends = [...log.matchAll(/Purging cache - END \(.*?ET: (\d+)\)/g)];
  return ends.length > 0 ? Number(ends[ends.length - 1]![1]) * 1000 : null;
}

function backendOf(name: string): Backend {
  // pmacct's sql/README.mysql and README.sqlite3 name ports src_port/dst_port and keep the protocol's name; README.pgsql has port_src/port_dst, inet and a numeric protocol.
  const columns = 'ip_src CHAR(45) NOT NULL, ip_dst CHAR(45) NOT NULL, src_port INT NOT NULL, dst_port INT NOT NULL, ip_proto CHAR(6) NOT NULL, packets INT NOT NULL, bytes BIGINT NOT NULL, stamp_inserted %DT%, stamp_updated %DT%';
  const pgsqlColumns = 'ip_src inet NOT NULL, ip_dst inet NOT NULL, port_src INT NOT NULL, port_dst INT NOT NULL, ip_proto SMALLINT NOT NULL, packets INT NOT NULL, bytes BIGINT NOT NULL, stamp_inserted %DT%, stamp_updated %DT%';
  switch (name) {
    case 'sqlite3': {
      const file = (which: Which): string => join(outDir, `sql-sqlite3-${which}.db`);
      return {
        name,
        prepare(which) {
          rmSync(file(which), { force: true });
          const db = new DatabaseSync(file(which));
          db.exec(`CREATE TABLE ${TABLE} (${columns.replaceAll('%DT%', 'DATETIME')})`);
          db.close();
          return [`sql_db[bench]: ${file(which)}`];
        },
        count(which) {
          const db = new DatabaseSync(file(which));
          const n = Number((db.prepare(`SELECT COUNT(*) AS n FROM ${TABLE}`).get() as { n: number }).n);
          db.close();
          return n;
        },
      };
    }
    case 'pgsql': {
      const db = (which: Which): string => `tsacct_bench_${which}`;
      const psql = (sql: string, database = 'test'): string => execFileSync('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-d', database, '-tAc', sql], { encoding: 'utf8' });
      return {
        name,
        prepare(which) {
          psql(`DROP DATABASE IF EXISTS ${db(which)}`);
          psql(`CREATE DATABASE ${db(which)}`);
          psql(`CREATE TABLE ${TABLE} (${pgsqlColumns.replaceAll('%DT%', 'timestamp without time zone')})`, db(which));
          return ['sql_host[bench]: 127.0.0.1', 'sql_user[bench]: postgres', 'sql_passwd[bench]: none', `sql_db[bench]: ${db(which)}`];
        },
        count: (which) => Number(psql(`SELECT COUNT(*) FROM ${TABLE}`, db(which)).trim()),
      };
    }
    case 'mysql': {
      const db = (which: Which): string => `tsacct_bench_${which}`;
      const mysql = (sql: string): string => execFileSync('mysql', ['-h', '127.0.0.1', '-u', 'root', '-N', '-e', sql], { encoding: 'utf8' });
      return {
        name,
        prepare(which) {
          mysql(`DROP DATABASE IF EXISTS ${db(which)}; CREATE DATABASE ${db(which)}; CREATE TABLE ${db(which)}.${TABLE} (${columns.replaceAll('%DT%', 'DATETIME')})`);
          return ['sql_host[bench]: 127.0.0.1', 'sql_user[bench]: root', 'sql_passwd[bench]: ', `sql_db[bench]: ${db(which)}`];
        },
        count: (which) => Number(mysql(`SELECT COUNT(*) FROM ${db(which)}.${TABLE}`).trim()),
      };
    }
    default:
      throw new Error(`unknown SQL backend '${name}'`);
  }
}
