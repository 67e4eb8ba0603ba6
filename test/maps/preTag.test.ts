/**
 * pre_tag_map and the pre_tag filters: unit cases on pmacct 1.7.7's rules,
 * and golden runs (test/fixtures/maps/pretag-*.pmacct.conf: the exact config
 * pmacct ran from that folder, outputs sorted with the header first) through
 * `tsacct <daemon> -f`, compared line for line.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parsePreTagMap } from '../../src/maps/preTagMap.ts';
import { labelFilterPredicate, parseLabelFilter, parseTagFilter, tagFilterPredicate } from '../../src/maps/preTagFilters.ts';
import { ConfigError } from '../../src/config/configError.ts';
import { FlowRecord } from '../../src/model/flowRecord.ts';

const run = promisify(execFile);
const fixtures = join(import.meta.dirname, '..', 'fixtures', 'maps');
const tsacct = join(import.meta.dirname, '..', '..', 'bin', 'tsacct.js');

function sorted(raw: string): string {
  const lines = raw.split('\n').filter((l) => l !== '');
  const header = lines.shift()!;
  lines.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return [header, ...lines].map((l) => l + '\n').join('');
}

for (const [daemon, name] of [['sfacctd', 'pretag-sflow'], ['nfacctd', 'pretag-nfacctd']] as const) {
  test(`${daemon} ${name}: pre_tag_map + pre_tag_filter split matches pmacct 1.7.7`, async () => {
    const work = mkdtempSync(join(tmpdir(), 'tsacct-pretag-'));
    try {
      const conf = readFileSync(join(fixtures, `${name}.pmacct.conf`), 'utf8')
        .replace(/^pcap_savefile: (.*)$/m, (_, p: string) => `pcap_savefile: ${join(fixtures, p)}`)
        .replace(/^pre_tag_map: (.*)$/m, (_, p: string) => `pre_tag_map: ${join(fixtures, p)}`)
        .replace(/\.pmacct\.out\.tmp$/gm, '.out');
      writeFileSync(join(work, 'run.conf'), conf);
      await run(process.execPath, [tsacct, daemon, '-f', 'run.conf'], { cwd: work, timeout: 60_000 });
      for (const part of ['tagged', 'rest']) {
        assert.equal(sorted(readFileSync(join(work, `${name}-${part}.out`), 'utf8')),
          readFileSync(join(fixtures, `${name}-${part}.pmacct.out`), 'utf8'), part);
      }
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
}

function record(exporter: string, inIface = 0): FlowRecord {
  const r = new FlowRecord();
  const [a, b, c, d] = exporter.split('.').map(Number);
  r.peerSrcIp.setV4Number(((a! << 24) | (b! << 16) | (c! << 8) | d!) >>> 0);
  r.inIface = inIface;
  r.exportProtoVersion = 9;
  return r;
}

test('first match wins, negation, ++ post-increment, jeq with stack=sum and appended labels', () => {
  const map = parsePreTagMap([
    '! comment',
    'set_tag=1++ ip=10.0.0.1 in=-5',
    'set_tag=100 ip=10.0.0.2 jeq=x',
    'set_tag=7 ip=10.0.0.2 label=x stack=sum jeq=y',
    "set_label=a ip=10.0.0.3 jeq=l2",
    'set_label=b ip=0.0.0.0/0 label=l2',
    'set_tag=9 label=y',
  ].join('\n'), 'm.map', { daemon: 'nfacctd' });
  const r = record('10.0.0.1', 1);
  map.apply(r); assert.equal(r.tag, 1);
  map.apply(r); assert.equal(r.tag, 2);
  const neg = record('10.0.0.1', 5);
  map.apply(neg); assert.equal(neg.tag, 0);
  const j = record('10.0.0.2');
  map.apply(j); assert.equal(j.tag, 9, 'the jump continues to label y, which overrides without stack');
  const l = record('10.0.0.3');
  map.apply(l); assert.equal(l.label, 'a,b');
});

test('bad lines warn as pmacct and are dropped; keys not implemented yet are startup errors', () => {
  const warnings: string[] = [];
  const map = parsePreTagMap('set_tag=1 foo=2\nset_tag=2 in=x\nset_tag=3\n', 'm.map', { daemon: 'nfacctd', warn: (m) => warnings.push(m) });
  assert.deepEqual(warnings, ["[m.map:1] unknown key 'foo'. Ignored.", "[m.map:2] bad 'in' value: 'x'. Line ignored."]);
  assert.equal(map.rules.length, 1);
  assert.throws(() => parsePreTagMap('set_tag=1 local_pref=100\n', 'm.map', { daemon: 'nfacctd' }),
    (e: unknown) => e instanceof ConfigError && /^m\.map:1: 'local_pref' requires the BGP daemon/.test(e.message));
});

test('pre_tag_filter: ranges, 0 for untagged, negation decides at the first negated miss', () => {
  const f = tagFilterPredicate(parseTagFilter('0,10-20'), 'tag')!;
  const r = new FlowRecord();
  for (const [tag, pass] of [[0, true], [10, true], [20, true], [21, false], [5, false]] as const) {
    r.tag = tag;
    assert.equal(f(r), pass, String(tag));
  }
  const n = tagFilterPredicate(parseTagFilter('-6,7'), 'tag')!;
  r.tag = 6; assert.equal(n(r), false);
  r.tag = 8; assert.equal(n(r), true, 'pmacct passes at the first negated item that does not match');
});

test('pre_tag_label_filter: null, negation and prefix compare', () => {
  const f = labelFilterPredicate(parseLabelFilter('null,bla'))!;
  const r = new FlowRecord();
  assert.equal(f(r), true);
  r.label = 'blabla2'; assert.equal(f(r), true);
  r.label = 'x'; assert.equal(f(r), false);
  const n = labelFilterPredicate(parseLabelFilter('-null'))!;
  r.label = ''; assert.equal(n(r), false);
  r.label = 'x'; assert.equal(n(r), true);
});
