// Inheritance between global and per-plugin settings, plugin declarations, and
// every kind of configuration problem with its exact message.
//
// pmacct behaviour was observed on the 1.7.7 binary: each case was put in a config
// with `pcap_savefile: /work/shared/corpus/netflow-v5/akvorado__nfv5.pcap`, run with
// `nfacctd -f case.conf`, and judged from the plugin names in its log lines
// ("WARN ( a/print ): ...") and the print output format each plugin produced.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfigText, type DaemonName, type LoadedConfig } from '../../src/config/index.ts';

function load(text: string, daemon: DaemonName = 'nfacctd'): LoadedConfig {
  return loadConfigText(daemon, text, 'x.conf');
}

function problemsOf(text: string, daemon: DaemonName = 'nfacctd'): string[] {
  try {
    load(text, daemon);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  assert.fail('expected a ConfigError');
}

function plugin(config: LoadedConfig, name: string) {
  const found = config.plugins.find((candidate) => candidate.name === name);
  assert.ok(found, `plugin ${name}`);
  return found.config;
}

describe('inheritance', () => {
  it('applies a global line to every plugin and a [name] line to that plugin only', () => {
    const config = load('plugins: print[a], print[b]\nprint_output: csv\nprint_output[b]: json\n');
    assert.equal(plugin(config, 'a').str('print_output'), 'csv');
    assert.equal(plugin(config, 'b').str('print_output'), 'json');
    assert.equal(config.global.str('print_output'), 'csv');
  });

  it('lets the later line win between a global and a [name] line, as pmacct does', () => {
    // nfacctd: "print_output[a]: csv" then "print_output: json" -> plugin a printed json;
    // in the other order it printed csv. pmacct applies lines in order, each one
    // overwriting the field, so [name] does not win over a later global line.
    assert.equal(plugin(load('plugins: print[a]\nprint_output[a]: csv\nprint_output: json\n'), 'a').str('print_output'), 'json');
    assert.equal(plugin(load('plugins: print[a]\nprint_output: json\nprint_output[a]: csv\n'), 'a').str('print_output'), 'csv');
    // Same for aggregate: "aggregate[a]: dst_host" then "aggregate: src_port" gave SRC_PORT.
    assert.deepEqual(plugin(load('plugins: print[a]\naggregate[a]: dst_host\naggregate: src_port\n'), 'a').list('aggregate'), ['src_port']);
  });

  it('keeps the last of duplicate lines', () => {
    // nfacctd: "print_output: csv" then "print_output: json" printed json, and the reverse csv.
    const config = load('plugins: print\nprint_output: csv\nprint_output: json\n');
    assert.equal(plugin(config, 'default_print').str('print_output'), 'json');
    assert.deepEqual(plugin(config, 'default_print').where('print_output'), { file: 'x.conf', line: 3 });
  });

  it('treats names pmacct stores in one field as one setting', () => {
    // cfg.c maps nfacctd_as and nfacctd_as_new to the same handler and field.
    const config = load('plugins: print\nnfacctd_as: bgp\nnfacctd_as_new: netflow\n');
    assert.equal(config.global.str('nfacctd_as'), 'netflow');
    assert.equal(config.global.str('nfacctd_as_new'), 'netflow');
    assert.deepEqual(config.global.where('nfacctd_as'), { file: 'x.conf', line: 3 });
  });

  it('gives the core process only the global lines', () => {
    const config = load('plugins: print[a]\nprint_output[a]: csv\n');
    assert.equal(config.global.has('print_output'), false);
    assert.equal(config.global.scope, 'global');
    assert.equal(plugin(config, 'a').has('print_output'), true);
    assert.equal(config.plugins[0]?.config.scope, 'a');
  });
});

describe('plugin declarations', () => {
  it('names a plugin without [name] default_<type>', () => {
    // nfacctd with "plugins: print" logs "( default_print/print )", and
    // "print_output[default_print]: csv" applies to it.
    const config = load('plugins: print\nprint_output[default_print]: csv\n');
    assert.deepEqual(config.plugins.map((p) => [p.name, p.type]), [['default_print', 'print']]);
    assert.equal(plugin(config, 'default_print').str('print_output'), 'csv');
  });

  it('lower-cases types and trims names', () => {
    // nfacctd: "plugins: PRINT[a]" runs plugin a of type print.
    assert.deepEqual(load('plugins: PRINT[a] ,  print[ b ]\n').plugins.map((p) => [p.name, p.type]), [
      ['a', 'print'],
      ['b', 'print'],
    ]);
  });

  it('refuses a second plugins line, which pmacct ignores', () => {
    // nfacctd: "plugins: print[a]" then "plugins: print[b]" ->
    // "WARN: [e1.conf:3] Unable to handle key: plugins. Ignored." and only plugin a runs.
    assert.deepEqual(problemsOf('plugins: print[a]\nplugins: print[b]\n'), [
      "x.conf:2: 'plugins' is already set at x.conf:1; pmacct 1.7.7 ignores every later 'plugins' line",
    ]);
  });

  it('refuses a named plugin after an unnamed one, whose name pmacct drops', () => {
    // nfacctd: "plugins: print, print[b]" -> "another plugin with the same name
    // 'default_print' already exists. Preserving first." and "Unknown symbol 'b'".
    assert.deepEqual(problemsOf('plugins: print, print[b]\nprint_output[b]: csv\n'), [
      "x.conf:1: 'print[b]' comes after the unnamed plugin 'print', and pmacct 1.7.7 then drops its name " +
        "(it would be 'default_print'); name every plugin or list the unnamed ones last",
    ]);
  });

  it("refuses a plugin named like the core process", () => {
    // nfacctd: "plugins: print[default]" -> "another plugin with the same name 'default'
    // already exists. Preserving first." then it falls back to the memory plugin; with
    // "core_proc_name: foo", print[foo] is dropped the same way.
    // Lines naming the refused plugin add no problem of their own.
    assert.deepEqual(problemsOf('plugins: print[default]\nprint_output[default]: csv\n'), [
      "x.conf:1: plugin name 'default' is the core process's name (core_proc_name); pmacct drops such a plugin, rename it",
    ]);
    assert.deepEqual(problemsOf('plugins: print[foo]\ncore_proc_name: foo\n'), [
      "x.conf:1: plugin name 'foo' is the core process's name (core_proc_name); pmacct drops such a plugin, rename it",
    ]);
  });

  it('refuses duplicate names, unknown types and empty names', () => {
    // nfacctd: "print[a], memory[a]" -> "another plugin with the same name 'a' already exists";
    // "foo[x]" -> "Unknown plugin type: foo"; "print[]" -> "Unknown plugin type: print[]".
    assert.deepEqual(problemsOf('plugins: print[a], print[a], prnt[x], print[], core[c]\n'), [
      "x.conf:1: plugin name 'a' is declared twice",
      "x.conf:1: unknown plugin type 'prnt'; did you mean 'print'?",
      "x.conf:1: 'print[]' has an empty plugin name",
      "x.conf:1: 'core' is the core process, not a plugin type",
    ]);
  });

  it('refuses plugin types the daemon does not offer and those tsacct does not implement', () => {
    // nfacctd with "plugins: print[a], nfprobe[n]": "'nfprobe' and 'sfprobe' plugins not supported in 'nfacctd'".
    assert.deepEqual(problemsOf('plugins: print[a], nfprobe[n], memory[m], tee[t]\n'), [
      "x.conf:1: plugin type 'nfprobe' is not available in nfacctd",
      "x.conf:1: plugin type 'tee' (plugin 't') is a pmacct plugin tsacct does not implement yet (implemented: memory, print, sqlite3, mysql, pgsql, amqp, clickhouse, kafka)",
    ]);
  });

  it('takes tsacct\'s own clickhouse plugin type in the traffic daemons, with a suggestion for a typo', () => {
    // pmacct 1.7.7 has no ClickHouse plugin: the type is tsacct's (docs/compat.md#clickhouse).
    for (const daemon of ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd'] as const) {
      assert.deepEqual(load('plugins: clickhouse[ch], print[p]\n', daemon).plugins.map((p) => `${p.type}[${p.name}]`), ['clickhouse[ch]', 'print[p]']);
    }
    assert.deepEqual(problemsOf('plugins: clickhous[ch]\n'), ["x.conf:1: unknown plugin type 'clickhous'; did you mean 'clickhouse'?"]);
  });

  it("runs pmacct's default memory plugin when no plugin is declared", () => {
    // nfacctd without 'plugins' -> "No plugin has been activated; defaulting to in-memory
    // table." and runs default_memory; CONFIG-KEYS: plugins DEFAULT: memory.
    assert.deepEqual(load('print_output: csv\n', 'nfacctd').plugins.map((p) => `${p.type}[${p.name}]`), ['memory[default_memory]']);
  });
});

describe('problems', () => {
  it('reports an unknown key, with a suggestion when one is close', () => {
    // nfacctd: "WARN: [a.conf:6] Unknown key: foo_bar. Ignored."
    assert.deepEqual(problemsOf('plugins: print\nprint_outptu: csv\nfoo_bar: 1\nnfacctd_prot: 2100\n'), [
      "x.conf:2: unknown key 'print_outptu'; did you mean 'print_output'?",
      "x.conf:3: unknown key 'foo_bar'",
      "x.conf:4: unknown key 'nfacctd_prot'; did you mean 'nfacctd_port'?",
    ]);
  });

  it('treats keys of this pmacct build as known even when CONFIG-KEYS does not list them', () => {
    // nfacctd 1.7.7 accepts nfacctd_as_new silently; nfacctd_rcvbuf_size (a later pmacct
    // key) is "Unknown key: nfacctd_rcvbuf_size".
    assert.equal(load('plugins: print\nnfacctd_as_new: netflow\n').global.str('nfacctd_as'), 'netflow');
    assert.deepEqual(problemsOf('plugins: print\nnfacctd_rcvbuf_size: 1000\n'), [
      "x.conf:2: unknown key 'nfacctd_rcvbuf_size'",
    ]);
  });

  it('refuses a global-only key set for one plugin', () => {
    // nfacctd: "pcap_savefile_wait[a]: false" -> "plugin name not supported for key
    // 'pcap_savefile_wait'. Globalized."
    assert.deepEqual(problemsOf('plugins: print[a]\npcap_savefile_wait[a]: true\n'), [
      "x.conf:2: 'pcap_savefile_wait' can't be set for one plugin: remove [a] (pmacct applies it to all plugins)",
    ]);
  });

  it('refuses a plugin-only key set globally', () => {
    // nfacctd: global "aggregate_filter" -> "aggregation filter cannot be global. Not loaded."
    // Set per plugin, the key is accepted.
    assert.deepEqual(problemsOf('plugins: print[a]\naggregate_filter: net 10.0.0.0/8\naggregate_filter[a]: net 10.0.0.0/8\n'), [
      "x.conf:2: 'aggregate_filter' must be set per plugin, as 'aggregate_filter[name]: ...' (pmacct refuses it globally)",
    ]);
  });

  it('refuses a key that does not apply to the daemon, naming its equivalent', () => {
    // CONFIG-KEYS: pcap_interface [GLOBAL, PMACCTD_ONLY]; [ nfacctd_port | sfacctd_port ]
    // are one field, each name for its daemon.
    assert.deepEqual(problemsOf('plugins: print\npcap_interface: eth0\nsfacctd_port: 6343\n'), [
      "x.conf:2: 'pcap_interface' does not apply to nfacctd (only to pmacctd)",
      "x.conf:3: 'sfacctd_port' does not apply to nfacctd; nfacctd calls it 'nfacctd_port'",
    ]);
  });

  it('refuses [name] for a plugin that is not declared', () => {
    // nfacctd: "print_output[b]: csv" with only print[a] -> "Unknown symbol 'b'. Ignored."
    assert.deepEqual(problemsOf('plugins: print[a]\nprint_output[b]: csv\n'), [
      "x.conf:2: 'print_output[b]' names plugin 'b', which 'plugins' does not declare (declared: a)",
    ]);
  });

  it('refuses bad values', () => {
    // nfacctd: "'nfacctd_port' has to be in the range 1-65535", "Invalid print output
    // value 'foo'", "Invalid value" for "print_markers: yes".
    assert.deepEqual(problemsOf('plugins: print\nnfacctd_port: 0\nprint_output: foo\nprint_markers: yes\n'), [
      "x.conf:2: 'nfacctd_port' expects an integer from 1 to 65535; got '0'",
      "x.conf:3: 'print_output' expects one of formatted, csv, json, avro, avro_json, event_formatted, event_csv, custom; got 'foo'",
      "x.conf:4: 'print_markers' expects true or false; got 'yes'",
    ]);
  });

  it('refuses repeated or invalid primitives in aggregate', () => {
    // nfacctd: "aggregate: src_host, src_host" -> "'src_host' repeated in 'aggregate'".
    assert.deepEqual(problemsOf('plugins: print\naggregate: src_host, src_host, SRC-PORT\n'), [
      "x.conf:2: 'src_host' is repeated in 'aggregate'",
      "x.conf:2: 'src-port' is not a valid primitive name",
    ]);
  });

  it('refuses pmacct keys tsacct does not implement yet', () => {
    assert.deepEqual(problemsOf('plugins: print\nbgp_src_roa_type: bgp\n'), [
      "x.conf:2: 'bgp_src_roa_type' is a pmacct key tsacct does not implement yet",
    ]);
  });

  it('reports all problems together, in line order, syntax errors included', () => {
    const text = 'plugins: print[a]\nfoo: 1\nno colon here\nnfacctd_port: 99999\n';
    assert.deepEqual(problemsOf(text), [
      "x.conf:2: unknown key 'foo'",
      "x.conf:3: syntax error: missing ':' between key and value",
      "x.conf:4: 'nfacctd_port' expects an integer from 1 to 65535; got '99999'",
    ]);
    try {
      load(text);
    } catch (error) {
      assert.ok(error instanceof ConfigError);
      assert.equal(error.message, error.problems.join('\n'));
    }
  });
});

describe('daemons without plugins', () => {
  it('declares no plugin and refuses the plugins key', () => {
    // CONFIG-KEYS: plugins (-P) is a traffic-daemon key; pmbgpd has no plugins.
    assert.deepEqual(problemsOf('plugins: print\n', 'pmbgpd'), [
      "x.conf:1: 'plugins' does not apply to pmbgpd (only to nfacctd, sfacctd, pmacctd, uacctd)",
    ]);
    assert.deepEqual(load('debug: true\n', 'pmbgpd').plugins, []);
  });
});
