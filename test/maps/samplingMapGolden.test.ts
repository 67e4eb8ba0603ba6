/**
 * sampling_map end to end: test/fixtures/maps/sampling-{nf,sf}-{renorm,plain}.conf
 * are the exact nfacctd/sfacctd configs that made pmacct 1.7.7 print
 * sampling-*.out (header first, other lines sorted with LC_ALL=C), with the
 * maps sampling-nf.map (nfv9-akvorado, one exporter) and sampling-sf.map
 * (sflow-oxyflow, 27 agents). tsacct runs the same configs and must print
 * the same lines and pmacct's warnings for the lines it drops.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixtures, runFixture, sorted } from './fixtureGolden.ts';

const WARNINGS: Record<string, string[]> = {
  nf: [
    "[MAP:4] required key missing. Required keys are: 'id', 'ip'. Line ignored.",
    "[MAP:5] required key missing. Required keys are: 'id', 'ip'. Line ignored.",
    '[MAP] Negations not supported. Indexing disabled.',
  ],
  sf: [
    "[MAP:6] required key missing. Required keys are: 'id', 'ip'. Line ignored.",
    "[MAP:7] required key missing. Required keys are: 'id', 'ip'. Line ignored.",
    '[MAP] Negations not supported. Indexing disabled.',
  ],
};

for (const kind of ['nf', 'sf'] as const) {
  for (const variant of ['renorm', 'plain', 'ext']) {
    const name = `sampling-${kind}-${variant}`;
    test(`sampling_map golden ${name}`, async () => {
      const map = join(fixtures, `sampling-${kind}.map`);
      await runFixture(`${name}.conf`, kind === 'nf' ? 'nfacctd' : 'sfacctd', (r) => {
        assert.equal(sorted(r.output(`${name}.out.tmp`)), sorted(readFileSync(join(fixtures, `${name}.out`), 'utf8')));
        for (const w of WARNINGS[kind]!) assert.ok(r.log.includes(w.replace('MAP', map)), `${w}\n${r.log}`);
      });
    });
  }
}
