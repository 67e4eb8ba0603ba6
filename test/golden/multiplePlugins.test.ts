/**
 * Several plugins with different aggregates and formats on the same records:
 * one config runs the csv-all and json-flows variants side by side, and each
 * output must equal pmacct 1.7.7's output for that variant run alone.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sortOutput, variantList } from './goldenCases.ts';

const run = promisify(execFile);
const here = import.meta.dirname;

test('print[csv] and print[json] with different aggregates in one daemon match their single-plugin pmacct outputs', async () => {
  const capture = 'ipfix-nfv9-mixed-ipv6';
  const csv = variantList().find((v) => v.name === 'csv-all')!;
  const json = variantList().find((v) => v.name === 'json-flows')!;
  const work = mkdtempSync(join(tmpdir(), 'tsacct-multi-'));
  try {
    writeFileSync(join(work, 'n.conf'), [
      `pcap_savefile: ${join(here, capture, 'capture.pcap')}`,
      'pcap_savefile_wait: false',
      'timestamps_utc: true',
      'plugins: print[c], print[j]',
      `aggregate[c]: ${csv.aggregate}`,
      'print_output[c]: csv',
      'print_output_file[c]: c.out',
      `aggregate[j]: ${json.aggregate}`,
      'print_output[j]: json',
      'print_output_file[j]: j.out',
      '',
    ].join('\n'));
    await run(process.execPath, [join(here, '..', '..', 'bin', 'tsacct.js'), 'nfacctd', '-f', 'n.conf'], { cwd: work, timeout: 60_000 });
    assert.equal(sortOutput(readFileSync(join(work, 'c.out'), 'utf8'), 'csv'), readFileSync(join(here, capture, 'csv-all.pmacct.out'), 'utf8'));
    assert.equal(sortOutput(readFileSync(join(work, 'j.out'), 'utf8'), 'json'), readFileSync(join(here, capture, 'json-flows.pmacct.out'), 'utf8'));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
