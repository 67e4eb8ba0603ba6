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
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixtures, runFixture, sorted } from './fixtureGolden.ts';

const CASES: Record<string, string[]> = {
  asr9k: ['data', 'option_vrf', 'option_if', 'option_sampling'],
  sampling: ['data', 'option_vrf', 'option_if', 'option_sampling'],
  event: [''],
};

for (const [name, outputs] of Object.entries(CASES)) {
  test(`nfacctd_account_options golden options-${name}`, async () => {
    await runFixture(`options-${name}.conf`, 'nfacctd', (r) => {
      for (const plugin of outputs) {
        const base = plugin === '' ? `options-${name}.out` : `options-${name}-${plugin}.out`;
        assert.equal(sorted(r.output(`${base}.tmp`)), sorted(readFileSync(join(fixtures, base), 'utf8')), base);
      }
    });
  });
}
