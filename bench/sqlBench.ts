/**
 * SQL plugins side by side: pmacct 1.7.7's nfacctd and tsacct write the same
 * generated NetFlow v9 input (every flow its own 5-tuple key, so every flow
 * becomes a row) into a fresh table with INSERT-only (sql_dont_try_update)
 * and multi-values, flushed once at exit. Measured: the time of that flush,
 * as each daemon reports it (pmacct's "Purging cache - END (…, ET: s)" log
 * line, whole seconds; tsacct's exit statistics, ms), and the rows in the
 * table afterwards; rows/s = rows / flush time.
 *
 * Backends: sqlite3 (a file), and pgsql / mysql on the machine's servers
 * (127.0.0.1, databases created per run) when tsacct implements them.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { command, fmt, generatePcap, outDir } from './collectorBench.ts';
import { IMPLEMENTED_PLUGIN_TYPES } from '../src/config/pluginDeclarations.ts';

export interface SqlBenchOptions {
  rows: number;
  backends: string[];
}

type Which = 'pmacct' | 'tsacct';

interface Backend {
  name: 'sqlite3' | 'pgsql' | 'mysql';
  /** Prepares an empty table and returns the config lines that point the plugin at it. */
  prepare(which: Which): string[];
  count(which: Which): number;
}

const TABLE = 'acct_bench';

export async function runSqlBench(options: SqlBenchOptions): Promise<string> {
  const lines: string[] = [];
  const say = (s: string): void => {
    lines.push(s);
    process.stdout.write(s + '\n');
  };
  const { pcap } = generatePcap('v9', options.rows, options.rows);
  say(`# SQL plugins: pmacct 1.7.7 vs tsacct (${new Date().toISOString()}, ${options.rows} rows: NetFlow v9, one 5-tuple key per flow, INSERT-only, sql_multi_values 4 MB, one flush at exit)`);
  say('');
  say('| backend | daemon | rows in table | flush s | rows/s | ratio rows/s tsacct / pmacct |');
  say('|---|---|---|---|---|---|');
  for (const name of options.backends) {
    if (!IMPLEMENTED_PLUGIN_TYPES.includes(name)) {
      say(`| ${name} | tsacct | not implemented yet | | | |`);
      continue;
    }
    const backend = backendOf(name);
    const results: Record<Which, { rows: number; seconds: number }> = { pmacct: { rows: 0, seconds: 0 }, tsacct: { rows: 0, seconds: 0 } };
    for (const which of ['pmacct', 'tsacct'] as const) {
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
          `sql_cache_entries[bench]: ${nextPrime(options.rows)}`,
          ...(which === 'pmacct' ? ['plugin_pipe_size[bench]: 102400000', 'plugin_buffer_size[bench]: 102400'] : []),
          ...backend.prepare(which),
          '',
        ].join('\n'),
      );
      const log = await runLogged(which, conf);
      results[which] = { rows: backend.count(which), seconds: flushSeconds(which, log) };
    }
    for (const which of ['pmacct', 'tsacct'] as const) {
      const r = results[which];
      const rate = r.seconds > 0 ? r.rows / r.seconds : 0;
      const other = results.pmacct;
      const ratio = which === 'tsacct' && other.seconds > 0 && r.seconds > 0 ? fmt(rate / (other.rows / other.seconds)) : '';
      say(`| ${name} | ${which} | ${r.rows} | ${fmt(r.seconds, 3)} | ${Math.round(rate)} | ${ratio} |`);
    }
  }
  say('');
  say('pmacct reports its purge time in whole seconds (ET); its rows/s is therefore only good to about ±1 s of flush time.');
  return lines.join('\n') + '\n';
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

/** Runs the daemon over the savefile to its exit (the flush at exit included) and returns its log. */
function runLogged(which: Which, conf: string): Promise<string> {
  const [cmd, args] = command('nfacctd', which, conf);
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    child.stderr!.on('data', (d: Buffer) => {
      log += d.toString();
    });
    // pmacct's SQL plugin outlives its core by the time of its last purge: wait for the END line too.
    child.on('exit', () => {
      const until = Date.now() + 600_000;
      const wait = (): void => {
        if (which === 'tsacct' || /Purging cache - END/.test(log) || Date.now() > until) resolve(log);
        else setTimeout(wait, 200);
      };
      wait();
    });
  });
}

function flushSeconds(which: Which, log: string): number {
  if (which === 'tsacct') {
    const m = /plugin bench\/\S+: .*flushes \d+ \(last (\d+) ms\)/.exec(log);
    return m ? Number(m[1]) / 1000 : 0;
  }
  const ends = [...log.matchAll(/Purging cache - END \(.*?ET: (\d+)\)/g)];
  return ends.reduce((s, m) => s + Number(m[1]), 0);
}

function nextPrime(n: number): number {
  const isPrime = (x: number): boolean => {
    for (let d = 2; d * d <= x; d++) if (x % d === 0) return false;
    return x > 1;
  };
  while (!isPrime(n)) n++;
  return n;
}
