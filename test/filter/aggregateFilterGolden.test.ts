/**
 * aggregate_filter end to end against pmacct 1.7.7: each
 * test/fixtures/filter/<capture>.<daemon>.<case>.conf is the exact config
 * nfacctd or sfacctd ran (from the repository root; regenerate.sh beside
 * it re-creates them) and <case>.out its sorted print output. tsacct runs
 * the same config and must print the same lines. (The pattern of
 * test/golden/sfacctd.test.ts, kept separate.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { loadNativeBpfCompile } from '../../src/filter/flowFilter.ts';

const run = promisify(execFile);
const repo = join(import.meta.dirname, '..', '..');
const fixtures = join(repo, 'test', 'fixtures', 'filter');
const tsacct = join(repo, 'bin', 'tsacct.js');
const skip = loadNativeBpfCompile() === null ? 'build/bpfCompile.node is not built (libpcap-dev missing)' : false;

/** Header first, then the data lines sorted. */
function sorted(text: string): string {
  const lines = text.split('\n').filter((l) => l.length > 0);
  if (lines.length === 0) return '';
  return [lines[0]!, ...lines.slice(1).sort()].join('\n');
}

for (const confName of readdirSync(fixtures).filter((f) => f.endsWith('.conf'))) {
  const daemon = /\.(nfacctd|sfacctd)\./.exec(confName)![1]!;
  test(`aggregate_filter ${confName}`, { skip }, async () => {
    const work = mkdtempSync(join(tmpdir(), 'tsacct-filter-'));
    try {
      const conf = readFileSync(join(fixtures, confName), 'utf8')
        .replace(/^pcap_savefile: (.*)$/m, (_m, file: string) => `pcap_savefile: ${join(repo, file)}`)
        .replace(/^print_output_file\[ref\]: .*$/m, `print_output_file[ref]: ${join(work, 'out')}`);
      writeFileSync(join(work, 'run.conf'), conf);
      await run(process.execPath, [tsacct, daemon, '-f', join(work, 'run.conf')], { timeout: 60_000 });
      const actual = existsSync(join(work, 'out')) ? readFileSync(join(work, 'out'), 'utf8') : '';
      const expected = readFileSync(join(fixtures, confName.replace(/\.conf$/, '.out')), 'utf8');
      assert.equal(sorted(actual), sorted(expected));
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
}
