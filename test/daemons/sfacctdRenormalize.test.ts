/**
 * sfacctd_renormalize with more than one plugin, against what pmacct 1.7.7
 * printed for the same config on overflowd__sflow.pcap (one print plugin
 * per file, aggregate peer_src_ip, proto):
 *
 * - sfacctd_renormalize: true / -R: pmacct runs its renormalisation once
 *   per plugin on one shared state, so its first plugin gets the effective
 *   rate (1760083 packets, 1547538926 bytes) and every other plugin the
 *   advertised one (1756500, 1817614200 = 5855 samples × 300). tsacct gives
 *   every plugin the effective rate (docs/compat.md#sflow-renormalize-plugins);
 * - with sfacctd_ext_sampling_rate: 10 every plugin gets ×10.
 *
 * The one-plugin cases are golden references in test/fixtures/sflow
 * (*.pmacct-renorm, *.pmacct-extrate), run by test/golden/sfacctd.test.ts.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';

const run = promisify(execFile);
const capture = join(import.meta.dirname, '..', 'fixtures', 'sflow', 'overflowd__sflow.pcap');
const tsacct = join(import.meta.dirname, '..', '..', 'bin', 'tsacct.js');

const EFFECTIVE = 'PEER_SRC_IP,PROTOCOL,PACKETS,BYTES\n192.168.1.1,tcp,1760083,1547538926\n';
const EXT_TEN = 'PEER_SRC_IP,PROTOCOL,PACKETS,BYTES\n192.168.1.1,tcp,58550,60587140\n';

/** Runs tsacct sfacctd with print plugins `names` (in that order); returns each plugin's file. */
async function sfacctd(names: string[], globals: string[], args: string[] = []): Promise<Record<string, string>> {
  const work = mkdtempSync(join(tmpdir(), 'tsacct-sf-renorm-'));
  try {
    const lines = ['daemonize: false', `pcap_savefile: ${capture}`, 'pcap_savefile_wait: false', ...globals];
    lines.push(`plugins: ${names.map((n) => `print[${n}]`).join(', ')}`);
    for (const n of names) {
      lines.push(`aggregate[${n}]: peer_src_ip, proto`, `print_output[${n}]: csv`, `print_output_file[${n}]: ${join(work, n)}`, `print_refresh_time[${n}]: 60`);
    }
    writeFileSync(join(work, 'run.conf'), lines.join('\n') + '\n');
    await run(process.execPath, [tsacct, 'sfacctd', ...args, '-f', join(work, 'run.conf')], { timeout: 60_000 });
    return Object.fromEntries(names.map((n) => [n, readFileSync(join(work, n), 'utf8')]));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

describe('sfacctd_renormalize with several plugins', () => {
  it('gives every plugin the effective rate (pmacct: only the first)', async () => {
    const out = await sfacctd(['b', 'a', 'c'], ['sfacctd_renormalize: true']);
    assert.deepEqual(out, { b: EFFECTIVE, a: EFFECTIVE, c: EFFECTIVE });
  });

  it('does the same with -R on the command line', async () => {
    const out = await sfacctd(['a', 'b'], [], ['-R']);
    assert.deepEqual(out, { a: EFFECTIVE, b: EFFECTIVE });
  });

  it('multiplies every plugin by sfacctd_ext_sampling_rate', async () => {
    const out = await sfacctd(['a', 'b'], ['sfacctd_renormalize: true', 'sfacctd_ext_sampling_rate: 10']);
    assert.deepEqual(out, { a: EXT_TEN, b: EXT_TEN });
  });

  it('leaves counters alone with sfacctd_ext_sampling_rate but no renormalize', async () => {
    const out = await sfacctd(['a'], ['sfacctd_ext_sampling_rate: 10']);
    assert.deepEqual(out, { a: 'PEER_SRC_IP,PROTOCOL,PACKETS,BYTES\n192.168.1.1,tcp,5855,6058714\n' });
  });
});
