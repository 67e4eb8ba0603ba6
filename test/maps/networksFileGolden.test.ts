/**
 * networks_file end to end: every test/fixtures/maps/{nf,sf}-<name>.conf is
 * the exact nfacctd/sfacctd config that made pmacct 1.7.7 print
 * <name>.out (header first, other lines sorted; see the README there).
 * tsacct runs the same config and must print the same lines. For sFlow the
 * IPv6 lines are left out on both sides: pmacct 1.7.7 loads every IPv6
 * networks_file prefix as ::/len (pmacct issue #577).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const fixtures = join(import.meta.dirname, '..', 'fixtures', 'maps');
const golden = join(import.meta.dirname, '..', 'golden');
const tsacct = join(import.meta.dirname, '..', '..', 'bin', 'tsacct.js');

function sorted(raw: string, dropIpv6: boolean): string {
  const lines = raw.split('\n').filter((l) => l !== '');
  const header = lines.shift();
  const body = lines.filter((l) => !(dropIpv6 && l.includes(':'))).sort();
  return [header, ...body].join('\n') + '\n';
}

for (const confName of readdirSync(fixtures).filter((f) => /^(nf|sf)-[a-z0-9-]+\.conf$/.test(f))) {
  const daemon = confName.startsWith('sf-') ? 'sfacctd' : 'nfacctd';
  test(`networks_file golden ${confName}`, async () => {
    const work = mkdtempSync(join(tmpdir(), 'tsacct-nets-'));
    try {
      const conf = readFileSync(join(fixtures, confName), 'utf8')
        .replace(/^pcap_savefile: \.\.\/\.\.\/golden\/(.*)$/m, (_m, rest: string) => `pcap_savefile: ${join(golden, rest)}`)
        .replace(/^networks_file: (.*)$/m, (_m, file: string) => `networks_file: ${join(fixtures, file)}`)
        .replace(/^print_output_file\[ref\]: .*$/m, `print_output_file[ref]: ${join(work, 'out')}`);
      writeFileSync(join(work, 'run.conf'), conf);
      await run(process.execPath, [tsacct, daemon, '-f', join(work, 'run.conf')], { timeout: 60_000 });
      const actual = existsSync(join(work, 'out')) ? readFileSync(join(work, 'out'), 'utf8') : '';
      const expected = readFileSync(join(fixtures, confName.replace(/\.conf$/, '.out')), 'utf8');
      const v6 = daemon === 'sfacctd';
      assert.equal(sorted(actual, v6), sorted(expected, v6));
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
}
