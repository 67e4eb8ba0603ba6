/**
 * `tsacct pmacct [switches]`: the memory plugin's query client with pmacct's
 * switches, messages and exit codes. The switches become a TableQuery sent to
 * the table's socket (-p, default /tmp/collect.pipe); the table renders the
 * answer (memoryQuery.ts) and the client copies it to stdout.
 */
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { defaultTableQuery, type CounterName, type TableOutput, type TableQuery } from '../plugins/memory/tableQuery.ts';

export const DEFAULT_IMT_PATH = '/tmp/collect.pipe';

export interface ClientIo {
  /** Writes a piece of the answer; false asks the client to wait for `drained` before reading on. */
  out(text: string | Uint8Array): boolean | void;
  drained?(resume: () => void): void;
}

/** Switches taking a value, as pmacct's getopt string declares them. */
const VALUED = new Set(['c', 'M', 'N', 'n', 'T', 'p', 'O', 'E']);
const QUERY_SWITCHES = ['s', 't', 'N', 'M', 'C'];
const OUTPUTS: readonly TableOutput[] = ['formatted', 'csv', 'json', 'event_formatted', 'event_csv'];
const COUNTERS: readonly CounterName[] = ['bytes', 'packets', 'flows'];

/** A parsed command line: the query and the socket, or the text and exit code to stop with. */
type Parsed = { query: TableQuery; path: string; warnings: string } | { exit: number; text: string };

export async function runPmacctClient(argv: readonly string[], io: ClientIo): Promise<number> {
  const parsed = parseClientArgs(argv);
  if ('exit' in parsed) {
    io.out(parsed.text);
    return parsed.exit;
  }
  io.out(parsed.warnings);
  return askTable(parsed.path, parsed.query, io);
}

export function parseClientArgs(argv: readonly string[]): Parsed {
  const seen = new Map<string, string>();
  const order: string[] = [];
  let warnings = '';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('-') || arg.length < 2) continue;
    // getopt: flags may be grouped (-sa); a valued switch takes the rest of the word or the next one.
    for (let j = 1; j < arg.length; j++) {
      const sw = arg[j]!;
      if (!/^[sScCetrmpPMaNnlTOEuDVUiI0h]$/.test(sw)) {
        return { exit: 1, text: `pmacct: invalid option -- '${sw}'\nERROR: parameter ? unknown! \n  Exiting...\n\n${clientUsage()}` };
      }
      if (VALUED.has(sw)) {
        const value = j + 1 < arg.length ? arg.slice(j + 1) : argv[++i];
        if (value === undefined) {
          return { exit: 1, text: `pmacct: option requires an argument -- '${sw}'\nERROR: parameter ? unknown! \n  Exiting...\n\n${clientUsage()}` };
        }
        seen.set(sw, value);
        order.push(sw);
        break;
      }
      seen.set(sw, '');
      order.push(sw);
    }
  }
  if (seen.has('h')) return { exit: 0, text: clientUsage() };
  if (seen.has('a')) return { exit: 1, text: 'ERROR: -a (every table field, also unused ones) is not supported by tsacct yet; -s shows the aggregated fields.\n' };
  if (seen.has('V')) return { exit: 0, text: `${CLIENT_HEADER}\n` };

  const queries = QUERY_SWITCHES.filter((s) => seen.has(s));
  if (queries.length > 1 || (queries.length === 1 && seen.has('i'))) {
    return { exit: 1, text: 'ERROR: -s, -t, -N, -M and -C options are each mutually exclusive.\n\n' };
  }
  let kind: TableQuery['kind'];
  if (seen.has('s')) kind = 'show';
  else if (seen.has('t')) kind = 'status';
  else if (seen.has('N')) kind = 'counters';
  else if (seen.has('M')) kind = 'match';
  else if (seen.has('C')) kind = 'classifiers';
  else if (seen.has('e')) kind = 'erase';
  else if (seen.has('i')) kind = 'sinceClear';
  else if (seen.has('U')) kind = 'customPrimitives';
  else {
    return { exit: 1, text: `ERROR: no options specified. Either -s, -e, -t, -M, -N or -C must be supplied. \n  Exiting...\n\n${clientUsage()}` };
  }
  const q = defaultTableQuery(kind);

  if (kind === 'match' || kind === 'counters') {
    const primitives = (seen.get('c') ?? '').split(',').map((p) => p.trim().toLowerCase()).filter((p) => p !== '');
    if (primitives.length === 0) {
      return { exit: 1, text: `ERROR: -N or -M selected but -c has not been specified or is invalid.\n  Exiting...\n\n${clientUsage()}` };
    }
    q.primitives = primitives;
    const requests = requestList(seen.get(kind === 'match' ? 'M' : 'N')!);
    if (typeof requests !== 'object') return { exit: 1, text: requests };
    q.requests = requests;
  }
  if (seen.has('T')) {
    if (kind !== 'show' && kind !== 'match') {
      return { exit: 1, text: `ERROR: -T option apply only to -M or -s\n  Exiting...\n\n${clientUsage()}` };
    }
    const [by, count] = seen.get('T')!.split(',');
    if (COUNTERS.includes(by as CounterName)) q.top = { by: by as CounterName, count: count ? Math.max(0, atoi(count)) : 0 };
    else warnings += `WARN: -T, ignoring unknown counter type: ${by}.\n`;
  }
  if (seen.has('n')) {
    const n = seen.get('n')!;
    if (n === 'all' || COUNTERS.includes(n as CounterName)) q.counters = n as CounterName | 'all';
    else warnings += `WARN: -n, ignoring unknown counter type: ${n}.\n`;
  }
  if (seen.has('O')) {
    const o = seen.get('O')!.toLowerCase();
    if (OUTPUTS.includes(o as TableOutput)) q.output = o as TableOutput;
    else warnings += `WARN: -O, ignoring unknown output value: '${seen.get('O')}'.\n`;
  }
  if (seen.has('E')) q.separator = seen.get('E')!;
  q.sum = seen.has('S');
  q.reset = seen.has('r');
  q.sinceEpoch = seen.has('I');
  q.utc = seen.has('0');
  q.numericProtocols = seen.has('u');
  return { query: q, path: seen.get('p') ?? DEFAULT_IMT_PATH, warnings };
}

/** -M/-N value: requests separated by ';', or 'file:<path>' with one request per line ('!' comments). */
function requestList(value: string): string[] | string {
  if (!value.startsWith('file:')) return value.split(';');
  const path = value.slice(5);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return `ERROR: file '${path}' not found\n`;
  }
  return text
    .split('\n')
    .map((line) => line.replace(/\s+/g, ''))
    .filter((line) => line !== '' && !line.startsWith('!'));
}

/** Sends the query and copies the answer to `io` as it arrives; the trailer after a NUL byte is the exit code. */
function askTable(path: string, query: TableQuery, io: ClientIo): Promise<number> {
  return new Promise((resolve) => {
    const socket = connect(path);
    let trailer: string | null = null;
    const out = (piece: Uint8Array): void => {
      if (io.out(piece) === false && io.drained) {
        socket.pause();
        io.drained(() => socket.resume());
      }
    };
    socket.on('connect', () => socket.write(`${JSON.stringify(query)}\n`));
    socket.on('data', (chunk: Buffer) => {
      if (trailer !== null) {
        trailer += chunk.toString('latin1');
        return;
      }
      const nul = chunk.indexOf(0);
      if (nul < 0) {
        out(chunk);
        return;
      }
      if (nul > 0) out(chunk.subarray(0, nul));
      trailer = chunk.subarray(nul + 1).toString('latin1');
    });
    socket.on('error', () => {
      if (trailer === null) {
        io.out(`ERROR: Unable to connect to '${path}'\n\n`);
        resolve(1);
      }
    });
    socket.on('end', () => {
      const code = trailer === null ? 1 : atoi(trailer);
      resolve(code);
    });
  });
}

function atoi(text: string): number {
  const m = /^\s*([+-]?\d+)/.exec(text);
  return m ? Number(m[1]) : 0;
}

const CLIENT_HEADER = 'pmacct IMT plugin client, tsacct (pmacct 1.7.7 compatible)';

function clientUsage(): string {
  return `${CLIENT_HEADER}
Usage: pmacct [query]

Queries:
  -h	Show this page
  -s	Show the whole table
  -N	<matching data>[';'<matching data>] | 'file:'<filename>
	Match primitives; print counters only (requires -c)
  -M	<matching data>[';'<matching data>] | 'file:'<filename>
	Match primitives; print the matching entries (requires -c)
  -n	<bytes | packets | flows | all>
	Counters -N prints (all: packets, bytes, flows and matching entries)
  -S	Sum the counters of all requests into one line (applies to -N)
  -c	<primitive>[,<primitive> ...]
	Primitives the -M/-N values are given for (any primitive of 'tsacct nfacctd -a')
  -T	<bytes | packets | flows>,[<# how many>]
	Top N entries by a counter (applies to -M and -s)
  -e	Clear the table
  -i	Seconds since the table was last cleared (-e)
  -r	Reset the counters read (applies to -N and -M)
  -l	Lock the table while reading (accepted: tsacct answers each query atomically)
  -t	Show the table's bucket status
  -C	Show the classifiers table
  -U	Show the custom primitives table
  -p	<file>
	Socket of the memory plugin (default: ${DEFAULT_IMT_PATH})
  -O	Output < formatted | csv | json | event_formatted | event_csv > (applies to -M and -s)
  -E	Separator for CSV output
  -I	Timestamps as seconds since the Epoch
  -u	IP protocols as numbers
  -0	Timestamps in UTC
  -V	Print the version and exit
`;
}
