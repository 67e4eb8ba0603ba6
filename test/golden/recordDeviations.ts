/**
 * Helper for documenting a deliberate difference from pmacct in a golden
 * case: runs tsacct (nfacctd or sfacctd, as the capture's suite says) on
 * the case, pairs each differing pmacct line with the tsacct line that has
 * the same value in every column but `columns`, and
 * writes <variant>.deviations.json. It refuses when a differing line has no
 * such partner, so only the named columns can ever differ.
 *
 *   node test/golden/recordDeviations.ts <capture> <variant> <compat-anchor> <column> [<column>...]
 *   node test/golden/recordDeviations.ts <capture> <variant> <compat-anchor> --unpaired
 *
 * Columns are CSV header names, or JSON keys for json variants. --unpaired
 * records every differing line as removed (pmacct only) or added (tsacct
 * only), for a case where pmacct's aggregates themselves are wrong.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { configText, deviationsPath, findCase, sortOutput, type GoldenDeviation } from './goldenCases.ts';

const [captureName, variantName, compat, ...columns] = process.argv.slice(2);
// The capture name picks the suite, hence the daemon (nfacctd or sfacctd).
const found = captureName && variantName ? findCase(captureName, variantName) : undefined;
if (!found || !compat || columns.length === 0) {
  process.stderr.write('usage: recordDeviations.ts <capture> <variant> <compat-anchor> <column>...\n');
  process.exit(2);
}
const { capture, variant } = found;
const here = import.meta.dirname;
const dir = join(here, capture.name);
const work = mkdtempSync(join(tmpdir(), 'tsacct-dev-'));
const out = join(work, 'out.txt');
writeFileSync(join(work, 'run.conf'), configText(variant, out, capture.suite.daemon).replace('pcap_savefile: capture.pcap', `pcap_savefile: ${join(dir, 'capture.pcap')}`));
execFileSync(process.execPath, [join(here, '..', '..', 'bin', 'tsacct.js'), capture.suite.daemon, '-f', join(work, 'run.conf')], { stdio: 'ignore' });
const actual = sortOutput(readFileSync(out, 'utf8'), variant.output).split('\n').filter(Boolean);
rmSync(work, { recursive: true, force: true });
const expectedPath = join(dir, `${variant.name}.pmacct.out`);
const expected = (existsSync(expectedPath) ? readFileSync(expectedPath, 'utf8') : gunzipSync(readFileSync(`${expectedPath}.gz`)).toString()).split('\n').filter(Boolean);

const fields = (line: string): Map<string, string> => {
  if (variant.output === 'json') return new Map(Object.entries(JSON.parse(line) as Record<string, unknown>).map(([k, v]) => [k, JSON.stringify(v)]));
  const header = expected[0]!.split(',');
  return new Map(line.split(',').map((v, i) => [header[i]!, v]));
};
const masked = (line: string): string => {
  const f = fields(line);
  for (const c of columns) f.delete(c);
  return JSON.stringify([...f]);
};

const onlyExpected = expected.filter((l) => !actual.includes(l));
const onlyActual = actual.filter((l) => !expected.includes(l));
if (columns[0] === '--unpaired') {
  const unpaired: GoldenDeviation[] = [
    ...onlyExpected.map((l) => ({ compat, pmacct: l, tsacct: null })),
    ...onlyActual.map((l) => ({ compat, pmacct: null, tsacct: l })),
  ];
  writeFileSync(deviationsPath(capture.name, variant.name), JSON.stringify(unpaired, null, 1) + '\n');
  process.stdout.write(`${unpaired.length} unpaired deviation(s) written\n`);
  process.exit(0);
}
const byMask = new Map<string, string[]>();
for (const l of onlyActual) byMask.set(masked(l), [...(byMask.get(masked(l)) ?? []), l]);
const deviations: GoldenDeviation[] = [];
for (const l of onlyExpected) {
  const partners = byMask.get(masked(l));
  if (!partners || partners.length === 0) throw new Error(`no tsacct line differs from this pmacct line only in ${columns.join(', ')}:\n${l}`);
  deviations.push({ compat, pmacct: l, tsacct: partners.shift()! });
}
const left = [...byMask.values()].flat();
if (left.length > 0) throw new Error(`tsacct lines without a pmacct partner:\n${left.join('\n')}`);
writeFileSync(deviationsPath(capture.name, variant.name), JSON.stringify(deviations, null, 1) + '\n');
process.stdout.write(`${deviations.length} deviation(s) written\n`);
