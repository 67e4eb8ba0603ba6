/**
 * pre_tag_map filter=: libpcap expressions on the packet pmacct synthesises
 * from each flow. Golden against pmacct 1.7.7 (test/fixtures/maps/
 * pretag-filter.pmacct.conf, run from that folder; output sorted, header
 * first) plus unit cases on parsing: quoted blanks kept, a bad expression
 * drops the line with pmacct's warning.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parsePreTagMap } from '../../src/maps/preTagMap.ts';
import { loadNativeBpfCompile } from '../../src/filter/flowFilter.ts';
import { FlowRecord } from '../../src/model/flowRecord.ts';

const run = promisify(execFile);
const fixtures = join(import.meta.dirname, '..', 'fixtures', 'maps');
const tsacct = join(import.meta.dirname, '..', '..', 'bin', 'tsacct.js');
const skip = loadNativeBpfCompile() === null ? 'bpfCompile addon not built' : false;

function sorted(raw: string): string {
  const lines = raw.split('\n').filter((l) => l !== '');
  const header = lines.shift()!;
  lines.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return [header, ...lines].map((l) => l + '\n').join('');
}

test('nfacctd pretag-filter: filter= rules match pmacct 1.7.7', { skip }, async () => {
  const work = mkdtempSync(join(tmpdir(), 'tsacct-pretag-filter-'));
  try {
    const conf = readFileSync(join(fixtures, 'pretag-filter.pmacct.conf'), 'utf8')
      .replace(/^pcap_savefile: (.*)$/m, (_, p: string) => `pcap_savefile: ${join(fixtures, p)}`)
      .replace(/^pre_tag_map: (.*)$/m, (_, p: string) => `pre_tag_map: ${join(fixtures, p)}`)
      .replace(/\.pmacct\.out\.tmp$/gm, '.out');
    writeFileSync(join(work, 'run.conf'), conf);
    const { stderr } = await run(process.execPath, [tsacct, 'nfacctd', '-f', 'run.conf'], { cwd: work, timeout: 60_000 });
    assert.match(stderr, /pretag-filter\.map:7\] malformed filter: can't parse filter expression: syntax error\. Line ignored\./);
    assert.equal(sorted(readFileSync(join(work, 'pretag-filter.out'), 'utf8')),
      readFileSync(join(fixtures, 'pretag-filter.pmacct.out'), 'utf8'));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

test('filter= keeps blanks inside single quotes, drops a line libpcap refuses', { skip }, () => {
  const warnings: string[] = [];
  const map = parsePreTagMap([
    "set_tag=1 filter='tcp and  dst port 80'",
    "set_tag=2 filter='no such thing'",
    "set_tag=3 filter='udp'",
  ].join('\n'), 'f.map', { daemon: 'nfacctd', warn: (m) => warnings.push(m) });
  assert.equal(map.rules.length, 2);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /^\[f\.map:2\] malformed filter: .*Line ignored\.$/);
  const r = new FlowRecord();
  r.peerSrcIp.setV4Number(0x0a000001);
  r.srcHost.setV4Number(0x0a000002);
  r.dstHost.setV4Number(0x0a000003);
  r.exportProtoVersion = 9;
  r.proto = 6;
  r.dstPort = 80;
  map.apply(r);
  assert.equal(r.tag, 1);
  r.proto = 17;
  map.apply(r);
  assert.equal(r.tag, 3);
  r.proto = 1;
  map.apply(r);
  assert.equal(r.tag, 0);
});
