/**
 * Settings the collector would otherwise ignore are refused before it
 * starts, and nfacctd_ext_sampling_rate works from a config file.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ConfigError, loadConfigText } from '../../src/config/index.ts';
import { checkFlowCollectorConfig } from '../../src/daemons/flowCollector.ts';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
const TSACCT = join(ROOT, 'bin', 'tsacct.js');
const NFV5 = join(ROOT, 'test', 'golden', 'nfv5', 'capture.pcap');

function problems(text: string): string[] {
  try {
    checkFlowCollectorConfig(loadConfigText('nfacctd', text, 'nf.conf'));
    return [];
  } catch (err) {
    assert.ok(err instanceof ConfigError);
    return err.problems;
  }
}

const IMPLEMENTED = 'implemented: netflow, longest, fallback, file, mask';

test('AS and prefix sources tsacct cannot configure yet (BGP, BMP, IGP) are refused, with their line', () => {
  assert.deepEqual(problems('plugins: print[a], print[b]\nnfacctd_as: bgp\nnfacctd_net: igp\nnfacctd_net[b]: bmp\n'), [
    `nf.conf:2: nfacctd_as: 'bgp' is not implemented in tsacct yet (${IMPLEMENTED})`,
    `nf.conf:3: nfacctd_net: 'igp' is not implemented in tsacct yet (${IMPLEMENTED})`,
    `nf.conf:4: nfacctd_net: 'bmp' is not implemented in tsacct yet (${IMPLEMENTED})`,
  ]);
  // The older name writes the same setting.
  assert.deepEqual(problems('plugins: print[a]\nnfacctd_as_new: bmp\n'), [`nf.conf:2: nfacctd_as: 'bmp' is not implemented in tsacct yet (${IMPLEMENTED})`]);
});

test('netflow, file, mask, longest, fallback and the default are accepted', () => {
  assert.deepEqual(problems('plugins: print[a]\nnfacctd_as: netflow\nnfacctd_net: longest\n'), []);
  assert.deepEqual(problems('plugins: print[a]\nnfacctd_as_new: file\nnfacctd_net[a]: mask\nnfacctd_net: fallback\n'), []);
  assert.deepEqual(problems('plugins: print[a]\n'), []);
});

test('nfacctd_ext_sampling_rate with nfacctd_renormalize multiplies the counters, as pmacct 1.7.7', async () => {
  // pmacct 1.7.7 on this capture (v5, sampling interval 0): 161.202.212.212 1 packet 133 bytes
  // plain, 10 packets 1330 bytes with nfacctd_ext_sampling_rate: 10 + nfacctd_renormalize: true;
  // sampling_rate stays 0 (the exporter's rate is unknown).
  const work = mkdtempSync(join(tmpdir(), 'tsacct-ext-sampling-'));
  try {
    const out = join(work, 'out.csv');
    writeFileSync(join(work, 'nf.conf'), [
      `pcap_savefile: ${NFV5}`,
      'plugins: print[a]',
      'aggregate[a]: src_host, sampling_rate',
      'print_output[a]: csv',
      `print_output_file[a]: ${out}`,
      'nfacctd_ext_sampling_rate: 10',
      'nfacctd_renormalize: true',
      '',
    ].join('\n'));
    await run(process.execPath, [TSACCT, 'nfacctd', '-f', join(work, 'nf.conf')], { timeout: 60_000 });
    const rows = readFileSync(out, 'utf8').split('\n');
    assert.equal(rows[0], 'SRC_IP,SAMPLING_RATE,PACKETS,BYTES');
    assert.ok(rows.includes('161.202.212.212,0,10,1330'));
    assert.ok(rows.includes('173.194.4.8,0,70,102620'));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
