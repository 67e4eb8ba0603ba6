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
      const work = mkdtempSync(join(tmpdir(), 'tsacct-sampling-'));
      try {
        const map = join(fixtures, `sampling-${kind}.map`);
        const conf = readFileSync(join(fixtures, `${name}.conf`), 'utf8')
          .replace(/^pcap_savefile: \.\.\/\.\.\/golden\/(.*)$/m, (_m, rest: string) => `pcap_savefile: ${join(golden, rest)}`)
          .replace(/^sampling_map: .*$/m, `sampling_map: ${map}`)
          .replace(/^print_output_file\[ref\]: .*$/m, `print_output_file[ref]: ${join(work, 'out')}`);
        writeFileSync(join(work, 'run.conf'), conf);
        const daemon = kind === 'nf' ? 'nfacctd' : 'sfacctd';
        const { stdout, stderr } = await run(process.execPath, [tsacct, daemon, '-f', join(work, 'run.conf')], { timeout: 60_000 });
        const actual = existsSync(join(work, 'out')) ? readFileSync(join(work, 'out'), 'utf8') : '';
        const expected = readFileSync(join(fixtures, `${name}.out`), 'utf8');
        assert.equal(sorted(actual), sorted(expected));
        const log = stdout + stderr;
        for (const w of WARNINGS[kind]!) assert.ok(log.includes(w.replace('MAP', map)), `${w}\n${log}`);
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
    });
  }
}
