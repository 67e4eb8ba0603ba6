import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ipText, parseIp } from '../../src/model/ipText.ts';

// Expected texts follow RFC 5952 section 4 (and glibc inet_ntop, which pmacct uses).
const cases: Array<[string, string]> = [
  ['2001:db8:0:0:0:0:2:1', '2001:db8::2:1'],
  ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
  ['2001:0:0:1:0:0:0:1', '2001:0:0:1::1'],
  ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
  ['0:0:0:0:0:0:0:0', '::'],
  ['0:0:0:0:0:0:0:1', '::1'],
  ['::ffff:192.0.2.1', '::ffff:192.0.2.1'],
  ['FE80::0202:B3FF:FE1E:8329', 'fe80::202:b3ff:fe1e:8329'],
  ['10.1.2.3', '10.1.2.3'],
];

for (const [input, expected] of cases) {
  test(`${input} prints as ${expected}`, () => {
    const bytes = new Uint8Array(16);
    const family = parseIp(input, bytes);
    assert.notEqual(family, 0);
    assert.equal(ipText(family, bytes), expected);
  });
}

test('rejects malformed addresses', () => {
  const bytes = new Uint8Array(16);
  for (const bad of ['256.1.1.1', '1.2.3', '1::2::3', 'xyz', '1:2:3:4:5:6:7:8:9', '']) assert.equal(parseIp(bad, bytes), 0, bad);
});

test('embedded IPv4 tails follow glibc inet_ntop', () => {
  // glibc prints the dotted quad only for a 6-group zero prefix or ::ffff:, e.g. ::0.0.1.2 -> ::102
  const bytes = new Uint8Array(16);
  const expectText = (input: string, expected: string): void => {
    const family = parseIp(input, bytes);
    assert.equal(ipText(family, bytes), expected, input);
  };
  expectText('::0.0.1.2', '::102');
  expectText('::10.0.0.1', '::10.0.0.1');
  expectText('::ffff:0.0.1.2', '::ffff:0.0.1.2');
  expectText('1::ffff:10.0.0.1', '1::ffff:a00:1');
});
