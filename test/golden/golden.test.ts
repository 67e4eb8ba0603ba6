/**
 * Golden tests: every capture × variant of every suite of goldenCases.ts
 * runs through the real `tsacct <daemon> -f <conf>` command line (nfacctd or
 * sfacctd), offline (pcap_savefile), and its print output must equal pmacct
 * 1.7.7's stored output after sorting.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { applyDeviations, captureList, configText, deviationsPath, sortOutput, suites, variantList, type GoldenDeviation } from './goldenCases.ts';

const run = promisify(execFile);
const here = import.meta.dirname;
const tsacct = join(here, '..', '..', 'bin', 'tsacct.js');
const compatText = readFileSync(join(here, '..', '..', 'docs', 'compat.md'), 'utf8');

for (const capture of suites.flatMap((suite) => captureList(suite))) {
  const dir = join(here, capture.name);
  const daemon = capture.suite.daemon;
  for (const variant of variantList(capture.suite)) {
    const expectedPath = join(dir, `${variant.name}.pmacct.out`);
    const pmacctOutput = (): string => (existsSync(expectedPath) ? readFileSync(expectedPath, 'utf8') : gunzipSync(readFileSync(`${expectedPath}.gz`)).toString('utf8'));
    const deviationFile = deviationsPath(capture.name, variant.name);
    const expected = (): string => {
      if (!existsSync(deviationFile)) return pmacctOutput();
      const deviations = JSON.parse(readFileSync(deviationFile, 'utf8')) as GoldenDeviation[];
      for (const d of deviations) assert.match(compatText, new RegExp(`\\{#${d.compat}\\}`), `docs/compat.md has no section {#${d.compat}}`);
      return applyDeviations(pmacctOutput(), deviations, variant.output);
    };
    const stored = existsSync(expectedPath) || existsSync(`${expectedPath}.gz`);
    test(`golden ${capture.name} ${variant.name}`, { skip: !stored && 'no reference output stored' }, async () => {
      const work = mkdtempSync(join(tmpdir(), 'tsacct-golden-'));
      try {
        const out = join(work, 'out.txt');
        const conf = configText(variant, out, daemon).replace('pcap_savefile: capture.pcap', `pcap_savefile: ${join(dir, 'capture.pcap')}`);
        writeFileSync(join(work, 'run.conf'), conf);
        await run(process.execPath, [tsacct, daemon, '-f', join(work, 'run.conf')], { cwd: work, timeout: 120_000 });
        const actual = existsSync(out) ? readFileSync(out, 'utf8') : '';
        assert.equal(sortOutput(actual, variant.output), expected());
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
    });
  }
}
