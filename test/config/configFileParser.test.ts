// How a pmacct config file is split into settings.
//
// Expected behaviour comes from the pmacct 1.7.7 binary: each case was written
// into a config with `pcap_savefile: /work/shared/corpus/netflow-v5/akvorado__nfv5.pcap`
// and `plugins: print`, run with `nfacctd -f case.conf`, and judged from its
// warnings and from the print output format (csv vs formatted vs json).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfigText } from '../../src/config/configFileParser.ts';

function settingsOf(text: string): { key: string; plugin: string | undefined; value: string; line: number }[] {
  const parsed = parseConfigText(text, 'x.conf');
  assert.deepEqual(parsed.problems, []);
  return parsed.lines.map((line) => ({ key: line.key, plugin: line.plugin, value: line.value, line: line.location.line }));
}

function problemsOf(text: string): string[] {
  return parseConfigText(text, 'x.conf').problems.map((problem) => problem.text);
}

describe('configFileParser', () => {
  it('skips blank lines and comments starting with ! or #, even after blanks', () => {
    // nfacctd: '! comment', '   ! comment', '\t# another' and '#print_output: json'
    // raised no warning, and the json line had no effect (output stayed csv).
    const text = '! comment\n\n   ! indented\n\t# another\n#print_output: json\nprint_output: csv\n   \n';
    assert.deepEqual(settingsOf(text), [{ key: 'print_output', plugin: undefined, value: 'csv', line: 6 }]);
  });

  it("keeps an inline '!' or '#' as part of the value", () => {
    // nfacctd: "print_output: csv ! comment" -> "Invalid print output value 'csv ! comment'".
    assert.deepEqual(settingsOf('print_output: csv ! comment\nprint_output: csv # comment\n'), [
      { key: 'print_output', plugin: undefined, value: 'csv ! comment', line: 1 },
      { key: 'print_output', plugin: undefined, value: 'csv # comment', line: 2 },
    ]);
  });

  it('splits on the first colon, so values may contain colons', () => {
    // nfacctd: "print_output_file: /tmp/pm/t/out-a:b.txt" wrote the file 'out-a:b.txt'.
    assert.deepEqual(settingsOf('print_output_file: /tmp/out-a:b.txt\n'), [
      { key: 'print_output_file', plugin: undefined, value: '/tmp/out-a:b.txt', line: 1 },
    ]);
  });

  it('lower-cases keys but keeps the case of plugin names', () => {
    // nfacctd: "Plugins: print[A]" + "PRINT_OUTPUT[A]: csv" gave csv output from plugin A;
    // "print_output[a]: csv" against print[A] gave "Unknown symbol 'a'".
    assert.deepEqual(settingsOf('PRINT_OUTPUT[A]: csv\n'), [
      { key: 'print_output', plugin: 'A', value: 'csv', line: 1 },
    ]);
  });

  it("drops blanks around the key and before '[', but keeps them inside [ ]", () => {
    // nfacctd: "print_output [a]: csv" applied to plugin a; "print_output[ a ]: csv"
    // gave "Unknown symbol ' a '".
    assert.deepEqual(settingsOf('  print_output [a] : csv\nprint_output[ a ]: csv\n'), [
      { key: 'print_output', plugin: 'a', value: 'csv', line: 1 },
      { key: 'print_output', plugin: ' a ', value: 'csv', line: 2 },
    ]);
  });

  it('trims the value', () => {
    assert.deepEqual(settingsOf('aggregate:   src_host , dst_host   \r\n'), [
      { key: 'aggregate', plugin: undefined, value: 'src_host , dst_host', line: 1 },
    ]);
  });

  it("joins a line ending with '\\' to the next one (a tsacct extension)", () => {
    // pmacct 1.7.7 does not: with "aggregate: src_host, \" followed by "  dst_host" it
    // stops with "[d1.conf:4] Syntax error: missing ':'". tsacct joins the lines and
    // reports the setting at its first line.
    const text = 'aggregate: src_host, \\\n  dst_host, \\\n  src_port\nprint_output: csv\n';
    assert.deepEqual(settingsOf(text), [
      { key: 'aggregate', plugin: undefined, value: 'src_host,   dst_host,   src_port', line: 1 },
      { key: 'print_output', plugin: undefined, value: 'csv', line: 4 },
    ]);
  });

  it('does not continue a comment ending with a backslash', () => {
    assert.deepEqual(settingsOf('! C:\\pmacct\\\nprint_output: csv\n'), [
      { key: 'print_output', plugin: undefined, value: 'csv', line: 2 },
    ]);
  });

  it('ignores a byte-order mark', () => {
    assert.deepEqual(settingsOf('\uFEFFplugins: print\n'), [{ key: 'plugins', plugin: undefined, value: 'print', line: 1 }]);
  });

  it('keeps every occurrence of a key, in order, for the resolver to apply', () => {
    assert.deepEqual(
      settingsOf('print_output: csv\nprint_output: json\n').map((setting) => setting.value),
      ['csv', 'json'],
    );
  });

  it('reports syntax errors with file and line', () => {
    // The binary stops on each of these ("Syntax error: missing ':'", "illegal brackets",
    // "nested symbols not allowed", "not weighted brackets", "symbol not referring to any
    // key", "missing key"); tsacct reports them all, in its own words.
    const text = [
      'key without colon',
      'print_output[a:b]: csv',
      'print_output[[a]]: csv',
      'print_output]a[: csv',
      '[a]print_output: csv',
      ': csv',
      'print_output[a]x: csv',
      'print_output[]: csv',
    ].join('\n');
    assert.deepEqual(problemsOf(text), [
      "x.conf:1: syntax error: missing ':' between key and value",
      "x.conf:2: syntax error: unclosed '[' in key",
      "x.conf:3: syntax error: nested '[' in key",
      "x.conf:4: syntax error: ']' without '['",
      "x.conf:5: syntax error: '[' without a key before it",
      "x.conf:6: syntax error: missing key before ':'",
      "x.conf:7: syntax error: text after ']' in key",
      "x.conf:8: syntax error: empty '[]' after key",
    ]);
  });
});
