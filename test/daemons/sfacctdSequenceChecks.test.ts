/**
 * sfacctd_disable_checks: false logs pmacct's "expecting flow … but received
 * …" line per out-of-sequence datagram. The expected lines are what pmacct
 * 1.7.7's sfacctd logged on the same capture (its 27 agents interleave two
 * numbering streams, 354 lines), stored in
 * test/fixtures/sflow/oxyflow__sflow.pmacct-sequence-checks.txt without
 * pmacct's "INFO ( default/core ): " prefix.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const tsacct = join(import.meta.dirname, '..', '..', 'bin', 'tsacct.js');
const capture = join(import.meta.dirname, '..', 'golden', 'sflow-oxyflow', 'capture.pcap');
const expected = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'sflow', 'oxyflow__sflow.pmacct-sequence-checks.txt'), 'utf8');

async function sequenceLines(checks: string[]): Promise<string> {
  const work = mkdtempSync(join(tmpdir(), 'tsacct-seq-'));
  try {
    const conf = ['daemonize: false', `pcap_savefile: ${capture}`, 'pcap_savefile_wait: false', ...checks, 'plugins: print[a]', 'aggregate[a]: peer_src_ip', `print_output_file[a]: ${join(work, 'out')}`, ''];
    writeFileSync(join(work, 'run.conf'), conf.join('\n'));
    const { stderr, stdout } = await run(process.execPath, [tsacct, 'sfacctd', '-f', join(work, 'run.conf')], { timeout: 60_000 });
    return (stdout + stderr)
      .split('\n')
      .filter((l) => l.includes('expecting flow'))
      .map((l) => l.replace(/^INFO \( default\/core \): /, '') + '\n')
      .join('');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

test('sfacctd_disable_checks: false logs every sequence jump as pmacct does', async () => {
  assert.equal(await sequenceLines(['sfacctd_disable_checks: false']), expected);
});

test('sequence checks are off by default, as in pmacct', async () => {
  assert.equal(await sequenceLines([]), '');
});
