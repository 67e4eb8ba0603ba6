/**
 * aggregate_filter at startup: unset gives no predicate; a set one
 * compiles; one libpcap refuses is a ConfigError naming the plugin, the
 * expression and where it was written, and stops the daemon.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ConfigError, loadConfigText } from '../../src/config/index.ts';
import { aggregateFilterOf } from '../../src/filter/aggregateFilter.ts';
import { loadNativeBpfCompile } from '../../src/filter/flowFilter.ts';
import { FlowRecord } from '../../src/model/flowRecord.ts';

const run = promisify(execFile);
const skip = loadNativeBpfCompile() === null ? 'build/bpfCompile.node is not built' : false;

function pluginConfig(text: string): ReturnType<typeof loadConfigText>['plugins'][number]['config'] {
  return loadConfigText('nfacctd', text, 'x.conf').plugins[0]!.config;
}

describe('aggregate_filter', { skip }, () => {
  it('gives no predicate when unset', () => {
    assert.equal(aggregateFilterOf(pluginConfig('plugins: print[a]\n')), null);
  });

  it('compiles the expression', () => {
    const pass = aggregateFilterOf(pluginConfig('plugins: print[a]\naggregate_filter[a]: src net 10.0.0.0/8 and tcp\n'))!;
    const rec = new FlowRecord();
    rec.srcHost.setV4(Uint8Array.from([10, 1, 1, 1]), 0);
    rec.dstHost.setV4(Uint8Array.from([192, 0, 2, 1]), 0);
    rec.proto = 6;
    assert.equal(pass(rec), true);
    rec.proto = 17;
    assert.equal(pass(rec), false);
  });

  it('refuses what libpcap refuses, naming plugin, expression and line', () => {
    assert.throws(() => aggregateFilterOf(pluginConfig('plugins: print[a]\naggregate_filter[a]: tcp port http2x\n')), (err: unknown) => {
      assert.ok(err instanceof ConfigError);
      assert.match(err.message, /^x\.conf:2: aggregate_filter\[a\]: filter 'tcp port http2x' rejected by libpcap: /);
      return true;
    });
  });

  it('stops nfacctd at startup', async () => {
    const work = mkdtempSync(join(tmpdir(), 'tsacct-filter-'));
    try {
      writeFileSync(join(work, 'x.conf'), 'plugins: print[a]\naggregate_filter[a]: not a filter (\nprint_output_file[a]: ' + join(work, 'out') + '\n');
      const tsacct = join(import.meta.dirname, '..', '..', 'bin', 'tsacct.js');
      await assert.rejects(run(process.execPath, [tsacct, 'nfacctd', '-f', join(work, 'x.conf')], { timeout: 20_000 }), (err: unknown) => {
        const stderr = (err as { stderr?: string }).stderr ?? '';
        assert.match(stderr, /aggregate_filter\[a\]: filter 'not a filter \(' rejected by libpcap/);
        return true;
      });
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
