/**
 * pre_tag_map set_tos and return, golden against pmacct 1.7.7 (test/fixtures/
 * maps/pretag-keys-*.conf, run by nfacctd from that folder).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runFixture, runFixtureGolden } from './fixtureGolden.ts';
import { parsePreTagMap } from '../../src/maps/preTagMap.ts';
import { ConfigError } from '../../src/config/configError.ts';
import { FlowRecord } from '../../src/model/flowRecord.ts';

test('nfacctd set_tos rewrites tos of matching records (nfv9-akvorado)', async () => {
  await runFixtureGolden('pretag-keys-settos.conf');
});

test('nfacctd set_tos is per record, jeq=next carries on (nfv9-sampling-options)', async () => {
  await runFixtureGolden('pretag-keys-settos2.conf');
});

test('nfacctd return=true|false without jeq changes nothing, warns as pmacct', async () => {
  await runFixtureGolden('pretag-keys-return.conf');
  await runFixture('pretag-keys-return.conf', 'nfacctd', (r) => {
    assert.match(r.log, /RETURN is in the process of being discontinued\./);
    assert.match(r.log, /Unknown RETURN value: 'maybe'\. Ignoring\./);
  });
});

test('set_tos: bad value and duplicates drop the line; sfacctd ignores it', () => {
  const warnings: string[] = [];
  const text = 'set_tag=1 set_tos=12x\nset_tag=2 set_tos=1 set_tos=2\nset_tag=3 set_tos=300\n';
  const map = parsePreTagMap(text, 'f.map', { daemon: 'nfacctd', warn: (m) => warnings.push(m) });
  assert.deepEqual(warnings, [
    "[f.map:1] bad 'set_tos' value: '12x'. Line ignored.",
    "[f.map:2] Multiple 'set_tos' clauses part of the same statement. Line ignored.",
  ]);
  const r = new FlowRecord();
  r.peerSrcIp.setV4Number(0x0a000001);
  r.exportProtoVersion = 9;
  r.tos = 5;
  map.apply(r);
  assert.equal(r.tag, 3);
  assert.equal(r.tos, 300 % 256);
  const sf = parsePreTagMap('set_tag=1 set_tos=7 set_tos=8\n', 'f.map', { daemon: 'sfacctd' });
  r.tos = 5;
  sf.apply(r);
  assert.equal(r.tag, 1);
  assert.equal(r.tos, 5);
});

test('return=true with jeq is refused at startup', () => {
  assert.throws(() => parsePreTagMap('set_tag=1 return=true jeq=x\nset_tag=2 label=x\n', 'f.map', { daemon: 'nfacctd' }), ConfigError);
});
