/**
 * sfacctd_counter_file end to end: the pmacct 1.7.7 counter log of a
 * capture (test/fixtures/sflow/<capture>.counters/, written by
 * `sfacctd -f <capture>.counters.conf` run in that directory) must come out
 * of `tsacct sfacctd -f` on the same config: the same files, lines and
 * order. The "timestamp" field is the wall clock at processing time in both,
 * so it is masked, after checking tsacct prints it in pmacct's format.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const fixtures = join(import.meta.dirname, '..', 'fixtures', 'sflow');
const tsacct = join(import.meta.dirname, '..', '..', 'bin', 'tsacct.js');
const TIMESTAMP = /"timestamp": "([^"]*)"/g;

function masked(text: string): string {
  return text.replace(TIMESTAMP, '"timestamp": "-"');
}

for (const confName of readdirSync(fixtures).filter((f) => f.endsWith('.counters.conf'))) {
  const expectedDir = join(fixtures, confName.replace(/\.conf$/, ''));
  const expectedFiles = readdirSync(expectedDir).sort();

  test(`sfacctd counter log ${confName}`, async () => {
    const work = mkdtempSync(join(tmpdir(), 'tsacct-sfcnt-'));
    try {
      const conf = readFileSync(join(fixtures, confName), 'utf8')
        .replace(/^pcap_savefile: (.*)$/m, (_m, file: string) => `pcap_savefile: ${join(fixtures, file)}`)
        .replace(/^sfacctd_counter_file: [^/]*\/(.*)$/m, (_m, name: string) => `sfacctd_counter_file: ${join(work, 'out', name)}`);
      writeFileSync(join(work, 'run.conf'), conf);
      await run(process.execPath, [tsacct, 'sfacctd', '-f', join(work, 'run.conf')], { timeout: 60_000 });

      assert.deepEqual(readdirSync(join(work, 'out')).sort(), expectedFiles);
      for (const name of expectedFiles) {
        const path = join(work, 'out', name);
        const actual = readFileSync(path, 'utf8');
        for (const m of actual.matchAll(TIMESTAMP)) assert.match(m[1]!, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/);
        assert.equal(masked(actual), masked(readFileSync(join(expectedDir, name), 'utf8')), name);
        // pmacct's default files_umask 077.
        assert.equal(statSync(path).mode & 0o777, 0o600, name);
      }
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
}
