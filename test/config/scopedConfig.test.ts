// Reading settings: defaults, types, locations.
// Defaults are CONFIG-KEYS 1.7.7's DEFAULT lines (quoted per case).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfigText, parseDuration, type ScopedConfig } from '../../src/config/index.ts';

function printPlugin(text: string): ScopedConfig {
  const plugin = loadConfigText('nfacctd', `plugins: print[p]\n${text}`, 'x.conf').plugins[0];
  assert.ok(plugin);
  return plugin.config;
}

describe('defaults', () => {
  it('come from the registry when a key is unset', () => {
    const config = printPlugin('');
    // CONFIG-KEYS: print_output DEFAULT formatted; print_refresh_time 60 (sql_refresh_time
    // group); print_cache_entries 16411; print_output_separator ','; aggregate src_host;
    // nfacctd_port 2100; pcap_savefile_replay 1; nfacctd_disable_checks true; files_umask 077.
    assert.equal(config.str('print_output'), 'formatted');
    assert.equal(config.int('print_refresh_time'), 60);
    assert.equal(config.seconds('print_refresh_time'), 60);
    assert.equal(config.int('print_cache_entries'), 16411);
    assert.equal(config.str('print_output_separator'), ',');
    assert.deepEqual(config.list('aggregate'), ['src_host']);
    assert.equal(config.int('nfacctd_port'), 2100);
    assert.equal(config.int('pcap_savefile_replay'), 1);
    assert.equal(config.bool('nfacctd_disable_checks'), true);
    assert.equal(config.bool('print_markers'), false);
    assert.equal(config.int('files_umask'), 0o77);
    assert.equal(config.str('files_umask'), '077');
    assert.equal(config.has('print_output'), false);
    assert.equal(config.where('print_output'), undefined);
  });

  it('are absent for keys without one', () => {
    const config = printPlugin('');
    assert.equal(config.str('print_output_file'), undefined);
    assert.equal(config.str('print_history'), undefined);
    assert.throws(() => config.int('sampling_rate'), /'sampling_rate' is not set and has no default/);
    assert.throws(() => config.int('files_uid'), /has no default \(current user\)/);
    assert.throws(() => config.seconds('print_history'), /has no default/);
  });
});

describe('accessors', () => {
  it('report where a setting was written', () => {
    const config = printPlugin('\nprint_output: csv\n');
    assert.equal(config.has('print_output'), true);
    assert.deepEqual(config.where('print_output'), { file: 'x.conf', line: 3 });
  });

  it('throw when the key has another type, or is not a key', () => {
    const config = printPlugin('');
    assert.throws(() => config.bool('print_output'), /config\.bool\('print_output'\): 'print_output' is a enum key/);
    assert.throws(() => config.int('print_markers'), /is a bool key/);
    assert.throws(() => config.list('print_output'), /is a enum key/);
    assert.throws(() => config.str('aggregate'), /is a list key/);
    assert.throws(() => config.seconds('print_cache_entries'), /is a int key/);
    assert.throws(() => config.has('no_such_key'), /'no_such_key' is not a pmacct configuration key/);
  });
});

describe('parseDuration', () => {
  it('gives seconds, or months for M', () => {
    assert.deepEqual(parseDuration('5m'), { kind: 'seconds', seconds: 300 });
    assert.deepEqual(parseDuration('2M'), { kind: 'months', months: 2 });
    assert.equal(parseDuration('90s'), 'must be a whole number of minutes');
  });
});
