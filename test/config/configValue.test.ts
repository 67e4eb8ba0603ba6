// Which values each implemented key accepts, and what readers get back.
//
// Every accepted/refused verdict marked "binary" was observed on nfacctd 1.7.7:
// one `key: value` line added to a config with
// `pcap_savefile: /work/shared/corpus/netflow-v5/akvorado__nfv5.pcap` and
// `plugins: print`, run with `nfacctd -f kv.conf`; refused means the binary logged
// "Invalid value. Ignored." or the key's own warning (quoted where useful).
// Where tsacct is stricter than the binary, the case says so.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfigText, type ScopedConfig } from '../../src/config/index.ts';

function withValue(key: string, value: string): ScopedConfig {
  const config = loadConfigText('nfacctd', `plugins: print\n${key}: ${value}\n`, 'x.conf');
  const plugin = config.plugins[0];
  assert.ok(plugin);
  return plugin.config;
}

function refused(key: string, value: string): string {
  try {
    withValue(key, value);
  } catch (error) {
    if (error instanceof ConfigError) {
      assert.equal(error.problems.length, 1);
      return error.problems[0] ?? '';
    }
    throw error;
  }
  assert.fail(`'${key}: ${value}' was accepted`);
}

function assertRefused(key: string, values: readonly string[]): void {
  for (const value of values) assert.match(refused(key, value), new RegExp(`^x\\.conf:2: '${key}' `), `${key}: ${value}`);
}

describe('bool', () => {
  it('accepts true and false in any case only', () => {
    // binary: TRUE and True accepted; yes, 1 and on refused.
    assert.equal(withValue('print_markers', 'TRUE').bool('print_markers'), true);
    assert.equal(withValue('print_markers', 'False').bool('print_markers'), false);
    assertRefused('print_markers', ['yes', '1', 'on']);
    assert.equal(refused('timestamps_secs', 'yes'), "x.conf:2: 'timestamps_secs' expects true or false; got 'yes'");
  });
});

describe('integers', () => {
  it('checks the ranges the binary enforces', () => {
    // binary: nfacctd_port 0, 65536 and abc -> "has to be in the range 1-65535".
    assert.equal(withValue('nfacctd_port', '2101').int('nfacctd_port'), 2101);
    assertRefused('nfacctd_port', ['0', '65536', 'abc']);
    // binary: nfacctd_pipe_size 0, abc and 2147483648 -> "has to be > 0 and <= INT_MAX".
    assert.equal(withValue('nfacctd_pipe_size', '1024').int('nfacctd_pipe_size'), 1024);
    assertRefused('nfacctd_pipe_size', ['0', 'abc', '2147483648']);
    // binary: print_cache_entries 0, abc, -1 -> "has to be > 0".
    assertRefused('print_cache_entries', ['0', 'abc', '-1']);
    // binary: sampling_rate 0, abc, 4294967296 -> "has to be >= 1"; 10 accepted.
    assert.equal(withValue('sampling_rate', '10').int('sampling_rate'), 10);
    assertRefused('sampling_rate', ['0', 'abc', '4294967296']);
    // binary: pcap_savefile_replay -1 -> "has to be >= 0"; 0 accepted (and replays forever).
    assert.equal(withValue('pcap_savefile_replay', '0').int('pcap_savefile_replay'), 0);
    assertRefused('pcap_savefile_replay', ['-1']);
    // binary: plugin_pipe_size 0 and abc -> "has to be > 0".
    assertRefused('plugin_pipe_size', ['0', 'abc']);
  });

  it('takes seconds as digits only', () => {
    // binary: print_refresh_time 10s, abc, -3 -> "is expected in secs but contains
    // non-digit chars"; 0 -> "has to be > 0"; " 5" accepted.
    assert.equal(withValue('print_refresh_time', ' 5').int('print_refresh_time'), 5);
    assert.equal(withValue('print_refresh_time', '5').seconds('print_refresh_time'), 5);
    assertRefused('print_refresh_time', ['0', '10s', 'abc', '-3']);
    // binary: pcap_savefile_delay -1 -> "has to be >= 0". It accepts 'abc' as 0 (atoi);
    // tsacct refuses it.
    assertRefused('pcap_savefile_delay', ['-1', 'abc']);
    // binary: print_history_offset -5 -> "has to be >= 0"; 'abc' accepted as 0, refused here.
    assert.equal(withValue('print_history_offset', '10').int('print_history_offset'), 10);
    assertRefused('print_history_offset', ['-5', 'abc']);
  });

  it('reads files_umask as octal', () => {
    // binary: 077, 0777, 0022 and 22 accepted; 001, abc and 8 -> "has to be >= '002'".
    assert.equal(withValue('files_umask', '077').int('files_umask'), 0o77);
    assert.equal(withValue('files_umask', '077').str('files_umask'), '077');
    assert.equal(withValue('files_umask', '22').int('files_umask'), 0o22);
    assert.equal(withValue('files_umask', '0777').int('files_umask'), 0o777);
    assertRefused('files_umask', ['001', 'abc', '8']);
    assert.equal(refused('files_umask', '001'), "x.conf:2: 'files_umask' expects an octal number of at least 002; got '001'");
  });

  it('resolves files_uid and files_gid by name or id, refusing unknown ones', () => {
    // binary: files_uid root, 0 and daemon accepted; nosuchuser, 12345 and -1 -> "Invalid
    // 'files_uid'"; files_gid root and 0 accepted, nosuch and 12345 refused.
    assert.equal(withValue('files_uid', 'root').int('files_uid'), 0);
    assert.equal(withValue('files_uid', '0').int('files_uid'), 0);
    assert.equal(withValue('files_uid', 'root').str('files_uid'), 'root');
    assert.equal(withValue('files_gid', 'root').int('files_gid'), 0);
    assertRefused('files_uid', ['nosuchuser', '-1']);
    assertRefused('files_gid', ['nosuch']);
  });
});

describe('enums', () => {
  it('accepts any case and gives back the canonical spelling', () => {
    // binary: print_output Json accepted, foo -> "Invalid print output value 'foo'";
    // nfacctd_as NetFlow accepted, 'bgp,file' -> "Invalid AS aggregation value";
    // nfacctd_net foo and 'netflow,file' -> "Invalid network aggregation value".
    assert.equal(withValue('print_output', 'Json').str('print_output'), 'json');
    assert.equal(withValue('nfacctd_as', 'NetFlow').str('nfacctd_as'), 'netflow');
    assert.equal(withValue('nfacctd_net', 'igp').str('nfacctd_net'), 'igp');
    assertRefused('print_output', ['foo', '']);
    assertRefused('nfacctd_as', ['bgp,file']);
    assertRefused('nfacctd_net', ['foo', 'netflow,file']);
  });

  it('checks syslog facilities at load time', () => {
    // binary: "syslog: foo" and "syslog: local9" start without any warning (logging
    // starts, the facility is silently unusable); tsacct refuses them up front.
    assert.equal(withValue('syslog', 'local3').str('syslog'), 'local3');
    assertRefused('syslog', ['local9', 'foo']);
  });
});

describe('time bins', () => {
  it('accepts history sizes in whole minutes, with or without a unit', () => {
    // binary: 5m, 1h, 1d, 1w, 1M, 60s and 300 accepted; 90s, 5 and 90 -> "residual secs
    // afters conversion in mins"; 0 -> "not greater than zero"; -1, abc, 1x and 1.5h ->
    // "unknown time measuring unit".
    assert.equal(withValue('print_history', '5m').seconds('print_history'), 300);
    assert.equal(withValue('print_history', '1h').seconds('print_history'), 3600);
    assert.equal(withValue('print_history', '1d').seconds('print_history'), 86400);
    assert.equal(withValue('print_history', '1w').seconds('print_history'), 604800);
    assert.equal(withValue('print_history', '60s').seconds('print_history'), 60);
    assert.equal(withValue('print_history', '300').seconds('print_history'), 300);
    assert.equal(withValue('print_history', '1M').str('print_history'), '1M');
    assertRefused('print_history', ['90s', '5', '0', '-1', 'abc', '1x', '1.5h']);
    assert.equal(refused('print_history', '90s'), "x.conf:2: 'print_history' must be a whole number of minutes; got '90s'");
  });

  it('has no fixed number of seconds for months', () => {
    assert.throws(() => withValue('print_history', '1M').seconds('print_history'), /calendar months/);
  });

  it('accepts roundoff letters, but not weeks with days or months', () => {
    // binary: m, mh, hm, w and dM accepted; wd -> "'w' is not compatible with either 'd'
    // or 'M'"; x, s and H are accepted when parsing but ignored by the plugin ("ignoring
    // unknown round off value"), which tsacct refuses up front.
    for (const value of ['m', 'mh', 'hm', 'w', 'dM']) {
      assert.equal(withValue('print_history_roundoff', value).str('print_history_roundoff'), value);
    }
    assert.equal(
      refused('print_history_roundoff', 'wd'),
      "x.conf:2: 'print_history_roundoff' cannot combine 'w' with 'd' or 'M'; got 'wd'",
    );
    assertRefused('print_history_roundoff', ['x', 's', 'H']);
  });
});

describe('print plugin specifics', () => {
  it('takes a one-character separator, or \\t and \\s', () => {
    // binary: ';;', 'tab' and '\n' -> "Only one char allowed"; '\t' printed tabs and
    // '\s' printed spaces in the csv output.
    assert.equal(withValue('print_output_separator', '\\t').str('print_output_separator'), '\t');
    assert.equal(withValue('print_output_separator', '\\s').str('print_output_separator'), ' ');
    assert.equal(withValue('print_output_separator', ';').str('print_output_separator'), ';');
    assertRefused('print_output_separator', [';;', 'tab', '\\n']);
  });

  it('refuses time-based variables in print_latest_file', () => {
    // binary: "invalid 'print_latest_file' value: time-based '%' variables not allowed."
    assert.equal(
      refused('print_latest_file', '/tmp/latest-%Y'),
      "x.conf:2: 'print_latest_file' cannot contain time-based '%' variables; got '/tmp/latest-%Y'",
    );
  });
});

describe('lists', () => {
  it('lower-cases and trims aggregate, skipping empty items', () => {
    // binary: "aggregate: SRC_Host , DST_PORT" printed SRC_IP,DST_PORT columns;
    // "src_host,,dst_host" and "src_host," were accepted.
    assert.deepEqual(withValue('aggregate', 'SRC_Host , DST_PORT').list('aggregate'), ['src_host', 'dst_port']);
    assert.deepEqual(withValue('aggregate', 'src_host,,dst_host,').list('aggregate'), ['src_host', 'dst_host']);
  });

  it('accepts an empty aggregate, which pmacct treats as unset', () => {
    // binary: "aggregate:" accepted, then "defaulting to SRC HOST aggregation".
    const config = withValue('aggregate', '');
    assert.deepEqual(config.list('aggregate'), []);
    assert.equal(config.has('aggregate'), true);
  });
});

describe('empty values', () => {
  it('are refused for other types', () => {
    // binary: "print_markers:", "print_refresh_time:" and "print_output:" -> "Invalid value".
    assert.equal(refused('print_markers', ''), "x.conf:2: 'print_markers' needs a value");
    assertRefused('print_refresh_time', ['']);
  });

  it('are an empty sql_passwd, with which pmacct logs in without a password', () => {
    // binary: "sql_passwd:" with sql_user root wrote its rows into MariaDB, whose root@127.0.0.1 has no password.
    assert.equal(withValue('sql_passwd', '').str('sql_passwd'), '');
  });
});
