// Daemon switches, their keys, and how they combine with a config file.
//
// pmacct behaviour was observed on the 1.7.7 binaries: the switch letters are
// nfacctd's getopt string "n:dDhP:b:f:F:c:m:p:r:s:S:L:l:o:t:O:MuRVaAE:I:WZ:Y:"
// (`strings /usr/sbin/nfacctd`, identical in sfacctd); the precedence cases were
// run as `nfacctd -f case.conf <switches>` with
// `pcap_savefile: /work/shared/corpus/netflow-v5/akvorado__nfv5.pcap` in the file.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { COMMAND_LINES } from '../../src/config/commandLineTables.ts';
import {
  ConfigError,
  findConfigKey,
  daemonUsage,
  daemonVersion,
  loadDaemonConfig,
  type DaemonName,
  type LoadedConfig,
} from '../../src/config/index.ts';

const directory = mkdtempSync(join(tmpdir(), 'tsacct-config-'));
after(() => rmSync(directory, { recursive: true, force: true }));

function configFile(name: string, text: string): string {
  const path = join(directory, name);
  writeFileSync(path, text);
  return path;
}

function run(argv: string[], daemon: DaemonName = 'nfacctd'): LoadedConfig {
  const action = loadDaemonConfig(daemon, argv);
  assert.equal(action.action, 'run');
  if (action.action !== 'run') throw new Error('unreachable');
  return action.config;
}

function problemsOf(argv: string[], daemon: DaemonName = 'nfacctd'): string[] {
  try {
    loadDaemonConfig(daemon, argv);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  assert.fail('expected a ConfigError');
}

describe('switch tables', () => {
  it("match the binaries' getopt strings and set registered keys of their daemon", () => {
    // `strings /usr/sbin/nfacctd` and `strings /usr/sbin/sfacctd` both contain
    // "n:dDhP:b:f:F:c:m:p:r:s:S:L:l:o:t:O:MuRVaAE:I:WZ:Y:".
    const getopt = 'n:dDhP:b:f:F:c:m:p:r:s:S:L:l:o:t:O:MuRVaAE:I:WZ:Y:';
    const expected = [...getopt.matchAll(/([a-zA-Z])(:?)/g)].map((m) => `${m[1]}${m[2]}`).sort();
    for (const daemon of ['nfacctd', 'sfacctd'] as const) {
      const table = COMMAND_LINES[daemon];
      assert.ok(table);
      const letters = table.switches.map((spec) => `${spec.letter}${spec.argument === undefined ? '' : ':'}`).sort();
      assert.deepEqual(letters, expected, daemon);
      for (const spec of table.switches) {
        if (spec.effect.kind !== 'set') continue;
        const key = findConfigKey(spec.effect.key);
        assert.ok(key, spec.effect.key);
        assert.ok(key.daemons.includes(daemon), `${spec.effect.key} applies to ${daemon}`);
      }
    }
  });
});

describe('switches', () => {
  it('set the keys pmacct maps them to', () => {
    const config = run([
      '-P', 'print', '-c', 'src_host,dst_host', '-L', '127.0.0.1', '-l', '2101', '-F', '/tmp/x.pid',
      '-S', 'daemon', '-I', '/tmp/x.pcap', '-Z', '2', '-Y', '3', '-W', '-R', '-D', '-d',
      '-r', '10', '-O', 'csv', '-o', '/tmp/out.csv', '-M', '-A', '-E', ';',
    ]);
    const g = config.global;
    const print = config.plugins[0]?.config;
    assert.ok(print);
    assert.deepEqual(print.list('aggregate'), ['src_host', 'dst_host']);
    assert.equal(g.str('nfacctd_ip'), '127.0.0.1');
    assert.equal(g.int('nfacctd_port'), 2101);
    assert.equal(g.str('pidfile'), '/tmp/x.pid');
    assert.equal(g.str('syslog'), 'daemon');
    assert.equal(g.str('pcap_savefile'), '/tmp/x.pcap');
    assert.equal(g.int('pcap_savefile_delay'), 2);
    assert.equal(g.int('pcap_savefile_replay'), 3);
    assert.equal(g.bool('pcap_savefile_wait'), true);
    assert.equal(g.bool('nfacctd_renormalize'), true);
    assert.equal(g.bool('daemonize'), true);
    assert.equal(g.bool('debug'), true);
    assert.equal(print.int('print_refresh_time'), 10);
    assert.equal(print.str('print_output'), 'csv');
    assert.equal(print.str('print_output_file'), '/tmp/out.csv');
    assert.equal(print.bool('print_markers'), true);
    assert.equal(print.bool('print_output_file_append'), true);
    assert.equal(print.str('print_output_separator'), ';');
  });

  it("locate settings on the command line by argument position", () => {
    const config = run(['-P', 'print', '-l', '2101']);
    assert.deepEqual(config.global.where('nfacctd_port'), { file: 'command line', line: 3 });
  });

  it('use the names of the running daemon', () => {
    // sfacctd -L and -l write sfacctd_ip and sfacctd_port (one field with nfacctd_*).
    const config = run(['-P', 'print', '-L', '::1', '-l', '6344'], 'sfacctd');
    assert.equal(config.global.str('sfacctd_ip'), '::1');
    assert.equal(config.global.int('sfacctd_port'), 6344);
    assert.equal(config.global.where('sfacctd_port')?.file, 'command line');
  });

  it('drop plugin names when there is no config file, as pmacct does', () => {
    // "nfacctd -I akvorado__nfv5.pcap -P print[foo] -O csv" logs "( default_print/print )".
    assert.deepEqual(run(['-P', 'print[foo]']).plugins.map((p) => p.name), ['default_print']);
  });

  it('report the unimplemented keys some switches set', () => {
    // -u is print_num_protos (-n networks_file and -p imt_path are implemented).
    assert.deepEqual(problemsOf(['-P', 'print', '-u', '-n', '/tmp/nets', '-p', '/tmp/pipe']), [
      "command line: -u: 'print_num_protos' is a pmacct key tsacct does not implement yet",
    ]);
  });

  it('report bad switch values like config values', () => {
    assert.deepEqual(problemsOf(['-P', 'print', '-l', '0', '-O', 'xml']), [
      "command line: -l: 'nfacctd_port' expects an integer from 1 to 65535; got '0'",
      "command line: -O: 'print_output' expects one of formatted, csv, json, avro, avro_json, event_formatted, event_csv, custom; got 'xml'",
    ]);
  });
});

describe('getopt behaviour', () => {
  it('accepts bundled switches and attached values', () => {
    // nfacctd -Vd printed the version; nfacctd -fx.conf read x.conf.
    const path = configFile('attached.conf', 'plugins: print\n');
    const config = run([`-f${path}`, '-dD', '-Ocsv']);
    assert.equal(config.global.bool('debug'), true);
    assert.equal(config.global.bool('daemonize'), true);
    assert.equal(config.plugins[0]?.config.str('print_output'), 'csv');
  });

  it('ignores arguments that are not switches, and stops at --', () => {
    // "nfacctd -f x.conf extra" and "nfacctd extra -f x.conf" both ran normally;
    // "nfacctd -- -h" did not show the help.
    const path = configFile('extra.conf', 'plugins: print\n');
    assert.equal(run(['extra', '-f', path, 'more']).plugins.length, 1);
    assert.equal(run(['-f', path, '--', '-h']).plugins.length, 1);
  });

  it('returns -h, -V and -a as actions at the first one met', () => {
    // "nfacctd -V -h" printed the version, "nfacctd -h -V" the help.
    assert.deepEqual(loadDaemonConfig('nfacctd', ['-V', '-h']), { action: 'version', daemon: 'nfacctd' });
    assert.deepEqual(loadDaemonConfig('nfacctd', ['-h', '-V']), { action: 'help', daemon: 'nfacctd' });
    assert.deepEqual(loadDaemonConfig('nfacctd', ['-a']), { action: 'list-primitives', daemon: 'nfacctd' });
    // What follows the action is not read, not even an invalid switch.
    assert.deepEqual(loadDaemonConfig('nfacctd', ['-h', '-x']), { action: 'help', daemon: 'nfacctd' });
  });

  it("reports getopt's errors", () => {
    // "nfacctd -x": "nfacctd: invalid option -- 'x'"; "nfacctd -f": "option requires an
    // argument -- 'f'"; "nfacctd --foo": "invalid option -- '-'".
    assert.deepEqual(problemsOf(['-x']), ["command line: invalid option -- 'x'"]);
    assert.deepEqual(problemsOf(['-f']), ["command line: option requires an argument -- 'f'"]);
    assert.deepEqual(problemsOf(['--foo']), ["command line: invalid option -- '-'"]);
  });

  it('takes the next argument as the value even when it starts with -', () => {
    assert.deepEqual(problemsOf(['-P', 'print', '-l', '-d']), [
      "command line: -l: 'nfacctd_port' expects an integer from 1 to 65535; got '-d'",
    ]);
  });
});

describe('config file and switches together', () => {
  it('lets switches win over the file, wherever they are on the command line', () => {
    // File "print_output: json" + "-O csv" printed csv, with -O before or after -f.
    const path = configFile('precedence.conf', 'plugins: print\nprint_output: json\n');
    assert.equal(run(['-f', path, '-O', 'csv']).plugins[0]?.config.str('print_output'), 'csv');
    assert.equal(run(['-O', 'csv', '-f', path]).plugins[0]?.config.str('print_output'), 'csv');
  });

  it('also lets a global switch win over a [name] line of the file', () => {
    // Switch lines are appended after the file's lines and applied in order.
    const path = configFile('named.conf', 'plugins: print[a]\nprint_output[a]: json\n');
    const config = run(['-f', path, '-O', 'csv']);
    assert.equal(config.plugins[0]?.config.str('print_output'), 'csv');
    assert.deepEqual(config.plugins[0]?.config.where('print_output'), { file: 'command line', line: 3 });
  });

  it('keeps plugin names of -P when a config file is given', () => {
    // "nfacctd -f l1.conf -P print[foo]" with "print_output[foo]: csv" in l1.conf ran
    // plugin foo with csv output.
    const path = configFile('names.conf', 'print_output[foo]: csv\n');
    const config = run(['-f', path, '-P', 'print[foo]']);
    assert.equal(config.plugins[0]?.name, 'foo');
    assert.equal(config.plugins[0]?.config.str('print_output'), 'csv');
    assert.equal(config.configFile, path);
  });

  it("refuses -P when the file declares plugins, which pmacct ignores", () => {
    // "nfacctd -f g3.conf -P print[b]" -> "Unable to handle key: plugins. Ignored.", plugin a runs.
    const path = configFile('plugins.conf', 'plugins: print[a]\n');
    assert.deepEqual(problemsOf(['-f', path, '-P', 'print[b]']), [
      `command line: -P: 'plugins' is already set at ${path}:1; pmacct 1.7.7 ignores every later 'plugins' line`,
    ]);
  });

  it('uses the last -f', () => {
    const first = configFile('first.conf', 'plugins: print[first]\n');
    const second = configFile('second.conf', 'plugins: print[second]\n');
    assert.equal(run(['-f', first, '-f', second]).plugins[0]?.name, 'second');
  });

  it('reports a missing file and a path that is not a file', () => {
    // "nfacctd -f /nonexistent": "ERROR: [/nonexistent] file not found.";
    // "nfacctd -f /tmp": "ERROR: [/tmp] path is not a regular file."
    assert.deepEqual(problemsOf(['-f', join(directory, 'missing.conf')]), [`${join(directory, 'missing.conf')}: file not found`]);
    assert.deepEqual(problemsOf(['-f', directory]), [`${directory}: not a regular file`]);
  });

  it('reports file and switch problems together, file first', () => {
    const path = configFile('both.conf', 'plugins: print\nfoo: 1\n');
    assert.deepEqual(problemsOf(['-f', path, '-O', 'xml']), [
      `${path}:2: unknown key 'foo'`,
      "command line: -O: 'print_output' expects one of formatted, csv, json, avro, avro_json, event_formatted, event_csv, custom; got 'xml'",
    ]);
  });
});

describe('help and version', () => {
  it('lays out -h as pmacct does, under the tsacct name', () => {
    const usage = daemonUsage('nfacctd');
    const lines = usage.split('\n');
    assert.match(lines[0] ?? '', /^NetFlow Accounting Daemon, nfacctd \S+ \(tsacct\)$/);
    assert.equal(
      lines[1],
      'Usage: nfacctd [ -D | -d ] [ -L IP address ] [ -l port ] [ -c primitive [ , ... ] ] [ -P plugin [ , ... ] ]',
    );
    assert.equal(lines[2], '       nfacctd [ -f config_file ]');
    assert.equal(lines[3], '       nfacctd [ -h ]');
    assert.ok(lines.includes('General options:'));
    assert.ok(lines.includes('Print plugin (-P print) options:'));
    // Each switch as "  -X  <tab>text", like pmacct's page.
    for (const letter of 'hVLlfacDntPdSFRuIZWYpbmsrOoMAE') {
      assert.ok(lines.some((line) => line.startsWith(`  -${letter}  \t`)), `-${letter} in help`);
    }
  });

  it('starts -V with the title and the version in brackets', () => {
    const version = daemonVersion('sfacctd');
    assert.match(version.split('\n')[0] ?? '', /^sFlow Accounting Daemon, sfacctd \d+\.\d+\.\d+ \[tsacct\]$/);
    assert.ok(version.includes('\nPlugins:\nmemory\nprint\n'));
  });

  it('refuses daemons without a command line yet', () => {
    assert.deepEqual(problemsOf(['-h'], 'pmbmpd'), ['command line: tsacct has no command line for pmbmpd yet']);
  });
});
