/**
 * nfacctd_account_options end to end: test/fixtures/maps/options-{asr9k,sampling}.conf
 * are pmacct's QUICKSTART section Va setup (print_history dropped, refresh
 * long enough for one purge at exit) run by pmacct 1.7.7's nfacctd from that
 * folder on the nfv9-asr9k capture (interface-name options: ifIndex →
 * interface description, field 83) and the nfv9-sampling-options capture
 * (sampler options: sampler id 48 → interval 50). pre_tag_map
 * options-pretag.map tags flows 100 and options records 200
 * (sample_type=option); the option_* plugins print them with event_csv and
 * the custom primitives of options-primitives.lst. options-event.conf shows
 * that sample_type=event leaves options records out and what csv prints as
 * their counters. Each <conf>-<plugin>.out is pmacct's output, header first,
 * other lines sorted (LC_ALL=C); tsacct runs the same configs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const fixtures = join(import.meta.dirname, '..', 'fixtures', 'maps');
const golden = join(import.meta.dirname, '..', 'golden');
const tsacct = join(import.meta.dirname, '..', '..', 'bin', 'tsacct.js');

function sorted(raw: string): string {
  const lines = raw.split('\n').filter((l) => l !== '');
  const header = lines.shift();
  return [header, ...lines.sort()].join('\n') + '\n';
}

const CASES: Record<string, string[]> = {
  asr9k: ['data', 'option_vrf', 'option_if', 'option_sampling'],
  sampling: ['data', 'option_vrf', 'option_if', 'option_sampling'],
  event: [''],
};

for (const [name, outputs] of Object.entries(CASES)) {
  test(`nfacctd_account_options golden options-${name}`, async () => {
    const work = mkdtempSync(join(tmpdir(), 'tsacct-options-'));
    try {
      const conf = readFileSync(join(fixtures, `options-${name}.conf`), 'utf8')
        .replace(/^pcap_savefile: \.\.\/\.\.\/golden\/(.*)$/m, (_m, rest: string) => `pcap_savefile: ${join(golden, rest)}`)
        .replace(/^(aggregate_primitives|pre_tag_map): (.*)$/gm, (_m, key: string, file: string) => `${key}: ${join(fixtures, file)}`)
        .replace(/^(print_output_file\[\w+\]): (.*)$/gm, (_m, key: string, file: string) => `${key}: ${join(work, file)}`);
      writeFileSync(join(work, 'run.conf'), conf);
      await run(process.execPath, [tsacct, 'nfacctd', '-f', join(work, 'run.conf')], { timeout: 60_000 });
      for (const plugin of outputs) {
        const base = plugin === '' ? `options-${name}.out` : `options-${name}-${plugin}.out`;
        const out = join(work, `${base}.tmp`);
        const actual = existsSync(out) ? readFileSync(out, 'utf8') : '';
        const expected = readFileSync(join(fixtures, base), 'utf8');
        assert.equal(sorted(actual), sorted(expected), base);
      }
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
}
