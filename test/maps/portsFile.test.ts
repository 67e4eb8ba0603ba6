/**
 * ports_file: the reader's pmacct quirks, and end to end against pmacct
 * 1.7.7: every test/fixtures/maps/ports-<name>.conf is the exact nfacctd
 * config that made pmacct print <name>.out (header first, other lines
 * sorted; see the README there). tsacct runs the same config and must print
 * the same lines.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { parsePortsFile } from '../../src/maps/portsFile.ts';
import { fixtures, runFixtureGolden } from './fixtureGolden.ts';

test('ports_file reader: 7 characters a line, atoi, comments, invalid ports', () => {
  const t = parsePortsFile('! comment\n80\n  443  \n53 ! dns\n1234567890\nfoo\n70000\n0\n-5\n\n64999,0.0.0.0/0\n65535\n');
  const kept = [...t.keep.keys()].filter((p) => t.keep[p] === 1);
  // "1234567890" is read as "1234567" (invalid), "64999,0.0.0.0/0" as 64999.
  assert.deepEqual(kept, [53, 80, 443, 64999, 65535]);
  assert.deepEqual(t.invalid, ['1234567', 'foo', '70000', '0', '-5']);
});

for (const confName of readdirSync(fixtures).filter((f) => /^ports-[a-z0-9-]+\.conf$/.test(f))) {
  test(`ports_file golden ${confName}`, () => runFixtureGolden(confName));
}
