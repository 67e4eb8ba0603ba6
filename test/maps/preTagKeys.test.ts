/**
 * pre_tag_map keys, golden against pmacct 1.7.7 (test/fixtures/maps/
 * pretag-keys-*.conf, run by nfacctd or sfacctd from that folder; see the
 * README there): set_tos and return; flowset_id, is_bi_flow, cvlan,
 * fwdstatus, src_as/dst_as without BGP and direction for sfacctd. The
 * bitmask maps (pretag-keys-nfv9.map, -crafted.map, -sflow.map) set one tag
 * bit per rule with jeq=next and stack=or, so each output line lists every
 * rule its records satisfied. Then unit cases, and the JSON label object of
 * pre_tag_label_encode_as_map (a key from later pmacct).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fixtures, runFixture, runFixtureGolden } from './fixtureGolden.ts';
import { parsePreTagMap } from '../../src/maps/preTagMap.ts';
import { ConfigError } from '../../src/config/configError.ts';
import { FlowRecord } from '../../src/model/flowRecord.ts';
import { labelAsJsonObject } from '../../src/output/labelMap.ts';

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

// ------------------------------------------------ NetFlow template keys, golden

test('nfacctd flowset_id, is_bi_flow, cvlan, fwdstatus, src_as/dst_as, direction on a crafted v9/IPFIX/v5 capture', async () => {
  await runFixtureGolden('pretag-keys-crafted.conf');
  await runFixture('pretag-keys-crafted.conf', 'nfacctd', (r) => {
    // pmacct drops the same four lines (its words differ: a range warning, then "Line ignored.").
    assert.match(r.log, /pretag-keys-crafted\.map:30\] 'fwdstatus' need to be in the following range: 0 > value > 256\. Line ignored\./);
    assert.match(r.log, /pretag-keys-crafted\.map:31\] 'cvlan' need to be in the following range: 0 > value > 4096\. Line ignored\./);
    assert.match(r.log, /pretag-keys-crafted\.map:32\] Invalid 'is_bi_flow' value 'maybe'\. Line ignored\./);
    assert.match(r.log, /pretag-keys-crafted\.map:33\] unknown key 'sampling_rate'\. Ignored\./);
  });
});

test('nfacctd NetFlow keys on nfv9-asr9k (flowset 260, fwdstatus 64, 2-byte AS numbers, direction)', async () => {
  await runFixtureGolden('pretag-keys-asr9k.conf');
});

test('nfacctd NetFlow keys on ipfix-mpls (flowset 2510, fwdstatus 66, no AS fields)', async () => {
  await runFixtureGolden('pretag-keys-mpls.conf');
});

test('sfacctd direction, src_as/dst_as from the extended gateway; NetFlow-only keys never fail a rule', async () => {
  await runFixtureGolden('pretag-keys-sflow.conf', 'sfacctd');
  await runFixtureGolden('pretag-keys-sfgw.conf', 'sfacctd');
  await runFixture('pretag-keys-sflow.conf', 'sfacctd', (r) => {
    assert.match(r.log, /pretag-keys-sflow\.map:25\] Multiple 'direction' clauses part of the same statement\. Line ignored\./);
  });
});

// ------------------------------------------------ unit cases

function netflowRecord(version: number): FlowRecord {
  const r = new FlowRecord();
  r.peerSrcIp.setV4Number(0x0a000001);
  r.exportProtoVersion = version;
  return r;
}

test('fwdstatus: class values match the top two bits, codes match exactly, no 1-byte IE 89 fails even negated', () => {
  const map = parsePreTagMap('set_tag=1 fwdstatus=128\nset_tag=2 fwdstatus=131\nset_tag=3 fwdstatus=-64\n', 'f.map', { daemon: 'nfacctd' });
  const r = netflowRecord(10);
  for (const [status, tag] of [[0x80, 1], [0x83, 1], [0x42, 0], [0x00, 3], [0xc2, 3], [-1, 0]] as const) {
    r.fwdStatus = status;
    map.apply(r);
    assert.equal(r.tag, tag, `status ${status}`);
  }
  const only131 = parsePreTagMap('set_tag=2 fwdstatus=131\n', 'f.map', { daemon: 'nfacctd' });
  r.fwdStatus = 0x83; only131.apply(r); assert.equal(r.tag, 2);
  r.fwdStatus = 0x80; only131.apply(r); assert.equal(r.tag, 0);
  const v5 = netflowRecord(5);
  v5.fwdStatus = 0x83;
  only131.apply(v5);
  assert.equal(v5.tag, 0, 'v5 has no such field: the rule fails');
});

test('flowset_id and cvlan compare in v9/IPFIX only; is_bi_flow everywhere; sfacctd installs nothing for them', () => {
  const text = 'set_tag=1 flowset_id=-300\nset_tag=2 cvlan=-7\nset_tag=3 is_bi_flow=false\n';
  const nf = parsePreTagMap(text, 'f.map', { daemon: 'nfacctd' });
  const v9 = netflowRecord(9);
  v9.flowsetId = 300; v9.cvlan = 7; v9.isBiFlow = true;
  nf.apply(v9);
  assert.equal(v9.tag, 0);
  v9.isBiFlow = false;
  nf.apply(v9);
  assert.equal(v9.tag, 3);
  const v5 = netflowRecord(5);
  nf.apply(v5);
  assert.equal(v5.tag, 3, 'negated flowset_id and cvlan still fail for v5; is_bi_flow=false matches');
  const sf = parsePreTagMap('set_tag=4 flowset_id=1 cvlan=2 fwdstatus=3 is_bi_flow=true\n', 'f.map', { daemon: 'sfacctd' });
  const sample = netflowRecord(5);
  sf.apply(sample);
  assert.equal(sample.tag, 4);
});

test('is_bi_flow may repeat on a line (pmacct records no clause type for it); other keys may not', () => {
  const warnings: string[] = [];
  const map = parsePreTagMap('set_tag=1 is_bi_flow=true is_bi_flow=-false\nset_tag=2 cvlan=1 cvlan=2\n', 'f.map', {
    daemon: 'nfacctd', warn: (m) => warnings.push(m),
  });
  assert.equal(map.rules.length, 1);
  assert.deepEqual(warnings, ["[f.map:2] Multiple 'cvlan' clauses part of the same statement. Line ignored."]);
});

test('sfacctd direction: the data source index against the input (0) or output (1) interface', () => {
  const map = parsePreTagMap('set_tag=1 direction=0\nset_tag=2 direction=1\nset_tag=3 direction=-1\n', 'f.map', { daemon: 'sfacctd' });
  const r = netflowRecord(5);
  r.sflowSourceIndex = 7;
  for (const [inIface, outIface, tag] of [[7, 9, 1], [9, 7, 2], [7, 7, 1], [1, 2, 3]] as const) {
    r.inIface = inIface;
    r.outIface = outIface;
    map.apply(r);
    assert.equal(r.tag, tag, `${inIface}->${outIface}`);
  }
});

test('src_as/dst_as: exported AS numbers; bgp without bgp_daemon and bmp refused, file without a networks_file drops the line', () => {
  const nf = parsePreTagMap('set_tag=1 src_as=65001 dst_as=-0\n', 'f.map', { daemon: 'nfacctd', asSource: 'netflow' });
  const r = netflowRecord(9);
  r.srcAs = 65001;
  nf.apply(r); assert.equal(r.tag, 0);
  r.dstAs = 4200000001;
  nf.apply(r); assert.equal(r.tag, 1);
  for (const asSource of ['bgp', 'bmp']) {
    assert.throws(() => parsePreTagMap('set_tag=1 src_as=1\n', 'f.map', { daemon: 'nfacctd', asSource }),
      (e: unknown) => e instanceof ConfigError && /f\.map:1: 'src_as' with nfacctd_as: /.test(e.message), asSource);
  }
  const warnings: string[] = [];
  const dropped = parsePreTagMap('set_tag=1 src_as=1\n', 'f.map', { daemon: 'nfacctd', asSource: 'file', warn: (m) => warnings.push(m) });
  assert.equal(dropped.rules.length, 0);
  assert.deepEqual(warnings, ["[f.map:1] 'src_as' requires either 'networks_file' or 'nfacctd_as: false' to be specified. Line ignored."]);
});

// ------------------------------------------------ pre_tag_label_encode_as_map (later pmacct)

test('labelAsJsonObject pairs the comma-separated items', () => {
  assert.equal(labelAsJsonObject('k1,v1,k2,v2'), '{"k1": "v1", "k2": "v2"}');
  assert.equal(labelAsJsonObject('k1,v1,k2'), '{"k1": "v1", "k2": ""}');
  assert.equal(labelAsJsonObject('a,1,a,2'), '{"a": "2"}');
  assert.equal(labelAsJsonObject(''), '{}');
  assert.equal(labelAsJsonObject('q"x,b\\c'), '{"q\\"x": "b\\\\c"}');
});

const run = promisify(execFile);
const tsacct = join(import.meta.dirname, '..', '..', 'bin', 'tsacct.js');

test('pre_tag_label_encode_as_map: print json writes the label as an object, csv keeps the text', async () => {
  const work = mkdtempSync(join(tmpdir(), 'tsacct-labelmap-'));
  try {
    // Labels chained with jeq=next: "site,ams,role,edge" for template 300, "site,ams" for the rest.
    writeFileSync(join(work, 'labels.map'), [
      'set_label=site jeq=next', 'set_label=ams jeq=next', 'set_label=role flowset_id=300 jeq=next', 'set_label=edge flowset_id=300',
    ].join('\n') + '\n');
    writeFileSync(join(work, 'run.conf'), [
      'daemonize: false',
      `pcap_savefile: ${join(fixtures, 'pretag-keys-crafted.pcap')}`,
      'pcap_savefile_wait: false',
      `pre_tag_map: ${join(work, 'labels.map')}`,
      'plugins: print[j], print[c]',
      'aggregate[j]: peer_src_ip, label',
      'aggregate[c]: peer_src_ip, label',
      'print_output[j]: json',
      'print_output[c]: csv',
      'pre_tag_label_encode_as_map[j]: true',
      'pre_tag_label_encode_as_map[c]: true',
      `print_output_file[j]: ${join(work, 'j.json')}`,
      `print_output_file[c]: ${join(work, 'c.csv')}`,
      'print_refresh_time: 3600',
    ].join('\n') + '\n');
    await run(process.execPath, [tsacct, 'nfacctd', '-f', join(work, 'run.conf')], { timeout: 60_000 });
    const json = readFileSync(join(work, 'j.json'), 'utf8').trim().split('\n').sort();
    assert.deepEqual(json, [
      '{"event_type": "purge", "label": {"site": "ams", "role": "edge"}, "peer_ip_src": "192.0.2.20", "packets": 15, "bytes": 5015}',
      '{"event_type": "purge", "label": {"site": "ams"}, "peer_ip_src": "192.0.2.20", "packets": 6, "bytes": 4006}',
      '{"event_type": "purge", "label": {"site": "ams"}, "peer_ip_src": "192.0.2.21", "packets": 3, "bytes": 4003}',
      '{"event_type": "purge", "label": {"site": "ams"}, "peer_ip_src": "192.0.2.22", "packets": 3, "bytes": 6003}',
    ]);
    assert.match(readFileSync(join(work, 'c.csv'), 'utf8'), /^site,ams,role,edge,192\.0\.2\.20,15,5015$/m);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
