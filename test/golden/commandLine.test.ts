/**
 * pmacct's switches without a config file (-I -P -c -O -o -r), run through
 * `tsacct nfacctd`, print what pmacct 1.7.7 printed for the same command
 * line (test/golden/cli/README.md has the command).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const here = import.meta.dirname;

test('nfacctd -I capture -P print -c src_host,dst_port,proto -O csv -o out.csv -r 60 matches pmacct', async () => {
  const work = mkdtempSync(join(tmpdir(), 'tsacct-cli-'));
  try {
    const capture = join(here, 'nfv9-akvorado', 'capture.pcap');
    await run(process.execPath, [join(here, '..', '..', 'bin', 'tsacct.js'), 'nfacctd', '-I', capture, '-P', 'print', '-c', 'src_host,dst_port,proto', '-O', 'csv', '-o', 'out.csv', '-r', '60'], { cwd: work, timeout: 60_000 });
    const sorted = readFileSync(join(work, 'out.csv'), 'utf8').split('\n').filter(Boolean).sort().map((l) => l + '\n').join('');
    assert.equal(sorted, readFileSync(join(here, 'cli', 'switches-csv.pmacct.out'), 'utf8'));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
