/**
 * sfacctd end to end: every pmacct 1.7.7 reference next to an sFlow fixture
 * (test/fixtures/sflow/<capture>.pmacct-<variant>.conf and .out: the conf is
 * the exact sfacctd config that produced the .out, sorted) is run through
 * `tsacct sfacctd -f` and must print the same lines. A
 * `<capture>.pmacct-<variant>.deviations.json` beside them replaces the
 * lines where pmacct 1.7.7 is wrong, each naming its docs/compat.md section
 * (the same format as the golden cases' deviation files).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { applyDeviations, sortOutput, type GoldenDeviation } from './goldenCases.ts';

const run = promisify(execFile);
const fixtures = join(import.meta.dirname, '..', 'fixtures', 'sflow');
const tsacct = join(import.meta.dirname, '..', '..', 'bin', 'tsacct.js');
const compatText = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'compat.md'), 'utf8');

function expectedOutput(expectedPath: string, deviationsPath: string, output: 'csv' | 'json'): string {
  const pmacct = sortOutput(existsSync(expectedPath) ? readFileSync(expectedPath, 'utf8') : '', output);
  if (!existsSync(deviationsPath)) return pmacct;
  const deviations = JSON.parse(readFileSync(deviationsPath, 'utf8')) as GoldenDeviation[];
  for (const d of deviations) assert.match(compatText, new RegExp(`\\{#${d.compat}\\}`), `docs/compat.md has no section {#${d.compat}}`);
  return applyDeviations(pmacct, deviations, output);
}

for (const confName of readdirSync(fixtures).filter((f) => /\.pmacct-[a-z0-9]+\.conf$/.test(f))) {
  const expectedPath = join(fixtures, confName.replace(/\.conf$/, '.out'));
  // No .out: pmacct printed nothing (e.g. QinQ frames it cannot parse), and neither must tsacct.
  test(`sfacctd ${confName}`, async () => {
    const work = mkdtempSync(join(tmpdir(), 'tsacct-sf-'));
    try {
      const original = readFileSync(join(fixtures, confName), 'utf8');
      const output = /print_output\[ref\]: (\w+)/.exec(original)?.[1] === 'json' ? 'json' : 'csv';
      const conf = original
        .replace(/^pcap_savefile: (.*)$/m, (_m, file: string) => `pcap_savefile: ${join(fixtures, file)}`)
        .replace(/^print_output_file\[ref\]: .*$/m, `print_output_file[ref]: ${join(work, 'out')}`);
      writeFileSync(join(work, 'run.conf'), conf);
      await run(process.execPath, [tsacct, 'sfacctd', '-f', join(work, 'run.conf')], { timeout: 60_000 });
      const actual = existsSync(join(work, 'out')) ? readFileSync(join(work, 'out'), 'utf8') : '';
      const expected = expectedOutput(expectedPath, join(fixtures, confName.replace(/\.conf$/, '.deviations.json')), output);
      assert.equal(sortOutput(actual, output), expected);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
}
