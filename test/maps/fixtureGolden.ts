/**
 * Runs one test/fixtures/maps/<name>.conf (an nfacctd config pmacct 1.7.7
 * ran from that folder) through tsacct and compares its print output with
 * pmacct's <name>.out, header first and the other lines sorted. The
 * config's relative paths (capture, networks_file, ports_file) are made
 * absolute and the output goes to a temporary folder.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const fixtures = join(import.meta.dirname, '..', 'fixtures', 'maps');
const golden = join(import.meta.dirname, '..', 'golden');
const tsacct = join(import.meta.dirname, '..', '..', 'bin', 'tsacct.js');

function sorted(raw: string): string {
  const lines = raw.split('\n').filter((l) => l !== '');
  const header = lines.shift();
  return [header, ...lines.sort()].join('\n') + '\n';
}

export async function runFixtureGolden(confName: string): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'tsacct-fixture-'));
  try {
    const conf = readFileSync(join(fixtures, confName), 'utf8')
      .replace(/^pcap_savefile: \.\.\/\.\.\/golden\/(.*)$/m, (_m, rest: string) => `pcap_savefile: ${join(golden, rest)}`)
      .replace(/^(networks_file|ports_file): (.*)$/gm, (_m, key: string, file: string) => `${key}: ${join(fixtures, file)}`)
      .replace(/^print_output_file\[ref\]: .*$/m, `print_output_file[ref]: ${join(work, 'out')}`);
    writeFileSync(join(work, 'run.conf'), conf);
    await run(process.execPath, [tsacct, 'nfacctd', '-f', join(work, 'run.conf')], { timeout: 60_000 });
    const actual = existsSync(join(work, 'out')) ? readFileSync(join(work, 'out'), 'utf8') : '';
    const expected = readFileSync(join(fixtures, confName.replace(/\.conf$/, '.out')), 'utf8');
    assert.equal(sorted(actual), sorted(expected));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
