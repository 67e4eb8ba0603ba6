/**
 * Corpus captures (NetFlow v9 and IPFIX, from test/golden/<capture>/) replayed
 * into `tsacct nfacctd` with print plugins and clickhouse plugins of the same
 * aggregates in one daemon, against a scratch ClickHouse. Two checks per
 * golden variant:
 *
 * - the print plugin's output equals pmacct 1.7.7's stored output for that
 *   variant (the golden files, with their documented deviations), so the
 *   records are what pmacct aggregates;
 * - the ClickHouse table, read with clickhouse-client and summed per key
 *   (`sum(packets)`, `sum(bytes)`, `sum(flows)`, `groupBitOr(tcp_flags)`
 *   … GROUP BY the key columns [and stamp_inserted]), holds exactly the
 *   print plugin's lines: same keys, same counters, same time bins.
 *
 * Variants: json-flows (addresses v4/v6, ports, interfaces, AS, exporter,
 * timestamps with microseconds, TCP flags), json-history (1-hour bins:
 * stamp_inserted equals pmacct's), csv-history-renormalized (5-minute bins,
 * flows, sampling rate, nfacctd_renormalize).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { applyDeviations, deviationsPath, sortOutput, variantList, type GoldenDeviation } from '../../golden/goldenCases.ts';
import { clickhouseUnavailable, scratchClickhouseSuite } from './scratchClickhouse.ts';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..', '..');
const TSACCT = join(ROOT, 'bin', 'tsacct.js');
const GOLDEN = join(ROOT, 'test', 'golden');

/** IPFIX with IPv6 and millisecond timestamps; two NetFlow v9 exporters' captures. */
const CAPTURES = ['ipfix-mpls', 'nfv9-akvorado', 'nfv9-asr9k'];

/** CSV headers of the variants' primitives and counters -> the plugin's columns (pmacct's SQL names). */
const CSV_COLUMNS: Readonly<Record<string, string>> = {
  SRC_IP: 'ip_src', DST_IP: 'ip_dst', PROTOCOL: 'ip_proto', SAMPLING_RATE: 'sampling_rate', PACKETS: 'packets', FLOWS: 'flows', BYTES: 'bytes',
};

const COUNTERS = new Set(['packets', 'bytes', 'flows']);
/** Columns that are not part of an entry's key. */
const NOT_KEY = new Set([...COUNTERS, 'stamp_updated', 'tsacct_write_id', 'tcp_flags']);

const unavailable = clickhouseUnavailable();
const ch = scratchClickhouseSuite('corpus');

function aggregateOf(variant: string): string {
  const found = variantList().find((v) => v.name === variant);
  if (!found) throw new Error(`no golden variant ${variant}`);
  return found.aggregate;
}

/** pmacct's sorted output of the variant, with the documented deviations applied. */
function pmacctOutput(capture: string, variant: string, output: 'json' | 'csv'): string {
  const expected = readFileSync(join(GOLDEN, capture, `${variant}.pmacct.out`), 'utf8');
  const path = deviationsPath(capture, variant);
  if (!existsSync(path)) return expected;
  return applyDeviations(expected, JSON.parse(readFileSync(path, 'utf8')) as GoldenDeviation[], output);
}

/** Connection lines of clickhouse plugin `name`, writing `table` of database `corpus`. */
function clickhouseLines(name: string, table: string, aggregate: string): string[] {
  return [
    `aggregate[${name}]: ${aggregate}`,
    `clickhouse_host[${name}]: 127.0.0.1`,
    `clickhouse_port[${name}]: ${ch.server.port}`,
    `clickhouse_user[${name}]: ${ch.server.user}`,
    `clickhouse_passwd[${name}]: ${ch.server.password}`,
    `clickhouse_db[${name}]: corpus`,
    `clickhouse_table[${name}]: ${table}`,
    `clickhouse_refresh_time[${name}]: 3600`,
  ];
}

async function replay(capture: string, name: string, lines: string[]): Promise<string> {
  const conf = join(ch.work, `${capture}-${name}.conf`);
  writeFileSync(conf, [
    'daemonize: false',
    `pcap_savefile: ${join(GOLDEN, capture, 'capture.pcap')}`,
    'pcap_savefile_wait: false',
    'timestamps_utc: true',
    ...lines,
    '',
  ].join('\n'));
  const { stderr } = await run(process.execPath, [TSACCT, 'nfacctd', '-f', conf], { cwd: ch.work, timeout: 60_000 });
  assert.doesNotMatch(stderr, /write failed|ERROR/, stderr);
  return stderr;
}

/** The table's rows summed per key (and bin), with the key columns named by the table itself. */
async function tableSums(table: string): Promise<Array<Record<string, string | number>>> {
  const columns = (await ch.server.client(`SELECT name FROM system.columns WHERE database = 'corpus' AND table = '${table}' FORMAT TabSeparated`))
    .split('\n').filter((c) => c !== '');
  const key = columns.filter((c) => !NOT_KEY.has(c));
  const select = [
    ...key,
    ...(columns.includes('tcp_flags') ? ['groupBitOr(tcp_flags) AS tcp_flags'] : []),
    ...columns.filter((c) => COUNTERS.has(c)).map((c) => `sum(${c}) AS ${c}`),
  ];
  return ch.server.rows(`SELECT ${select.join(', ')} FROM corpus.${table} GROUP BY ${key.join(', ')}`);
}

/** A table row as the print plugin's JSON object with the keys of `like` (event_type and stamp_updated left out). */
function asPrintJson(row: Record<string, string | number>, like: Record<string, unknown>): string {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(like)) {
    if (k === 'event_type' || k === 'stamp_updated') continue;
    if (k.startsWith('timestamp_')) out[k] = `${row[k]}.${String(row[`${k}_residual`]).padStart(6, '0')}`;
    else if (k === 'tcp_flags') out[k] = String(row[k]);
    else out[k] = typeof v === 'number' ? Number(row[k]) : String(row[k]);
  }
  return JSON.stringify(out);
}

function printJsonLines(text: string): Array<Record<string, unknown>> {
  return text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
}

function withoutStamps(line: Record<string, unknown>): string {
  const { event_type: _e, stamp_updated: _s, ...rest } = line;
  return JSON.stringify(rest);
}

describe('clickhouse plugin on corpus captures equals the print plugin, which equals pmacct 1.7.7', { skip: unavailable ?? false }, () => {
  for (const capture of CAPTURES) {
    it(`${capture}: json-flows and json-history`, async () => {
      const flows = aggregateOf('json-flows');
      const history = aggregateOf('json-history');
      const base = capture.replace(/-/g, '_');
      await replay(capture, 'json', [
        'plugins: print[flows], clickhouse[flows_ch], print[hist], clickhouse[hist_ch]',
        `aggregate[flows]: ${flows}`, 'print_output[flows]: json', 'print_output_file[flows]: flows.json', 'print_refresh_time[flows]: 3600',
        ...clickhouseLines('flows_ch', `${base}_flows`, flows),
        `aggregate[hist]: ${history}`, 'print_output[hist]: json', 'print_output_file[hist]: hist.json', 'print_refresh_time[hist]: 3600',
        'print_history[hist]: 1h', 'print_history_roundoff[hist]: h',
        ...clickhouseLines('hist_ch', `${base}_hist`, history),
        'clickhouse_history[hist_ch]: 1h', 'clickhouse_history_roundoff[hist_ch]: h',
      ]);
      for (const [file, variant, table] of [['flows.json', 'json-flows', `${base}_flows`], ['hist.json', 'json-history', `${base}_hist`]] as const) {
        const printed = readFileSync(join(ch.work, file), 'utf8');
        assert.equal(sortOutput(printed, 'json'), pmacctOutput(capture, variant, 'json'), `${variant}: print equals pmacct`);
        const expected = printJsonLines(printed);
        assert.ok(expected.length > 0);
        const got = (await tableSums(table)).map((row) => asPrintJson(row, expected[0]!)).sort();
        assert.deepEqual(got, expected.map(withoutStamps).sort(), `${variant}: table ${table} equals the print plugin`);
      }
    });

    it(`${capture}: csv-history-renormalized (5-minute bins, flows, renormalised)`, async () => {
      const aggregate = aggregateOf('csv-history-renormalized');
      const table = `${capture.replace(/-/g, '_')}_renorm`;
      await replay(capture, 'renorm', [
        'nfacctd_renormalize: true',
        'plugins: print[p], clickhouse[c]',
        `aggregate[p]: ${aggregate}`, 'print_output[p]: csv', 'print_output_file[p]: renorm.csv', 'print_refresh_time[p]: 3600',
        'print_history[p]: 5m', 'print_history_roundoff[p]: m',
        ...clickhouseLines('c', table, aggregate),
        'clickhouse_history[c]: 5m', 'clickhouse_history_roundoff[c]: m',
      ]);
      const printed = readFileSync(join(ch.work, 'renorm.csv'), 'utf8');
      assert.equal(sortOutput(printed, 'csv'), pmacctOutput(capture, 'csv-history-renormalized', 'csv'), 'print equals pmacct');
      const [header, ...lines] = printed.split('\n').filter((l) => l !== '');
      const columns = header!.split(',').map((h) => CSV_COLUMNS[h] ?? assert.fail(`no column for ${h}`));
      // One CSV line per key and bin (the CSV shows no stamp): the table's sums per key and bin, as CSV.
      const got = (await tableSums(table)).map((row) => columns.map((c) => String(row[c])).join(',')).sort();
      assert.deepEqual(got, [...lines].sort());
      const bins = await ch.server.client(`SELECT count(DISTINCT stamp_inserted) FROM corpus.${table} FORMAT TabSeparated`);
      assert.ok(Number(bins) >= 1);
    });
  }
});
