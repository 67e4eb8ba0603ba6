/**
 * sampling_map parsing and matching (src/maps/samplingMap.ts), and its use by
 * the sFlow renormaliser; the end-to-end comparison with pmacct 1.7.7 is
 * test/maps/samplingMapGolden.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfigText } from '../../src/config/index.ts';
import { memoryLogger } from '../../src/core/logger.ts';
import { samplingMapOf, samplingMapStage } from '../../src/enrich/samplingRenormalize.ts';
import { SflowSamplingRenormalizer } from '../../src/enrich/sflowSamplingRenormalize.ts';
import { mapReloader } from '../../src/maps/mapReloader.ts';
import { parseSamplingMap } from '../../src/maps/samplingMap.ts';
import { FlowRecord } from '../../src/model/flowRecord.ts';
import { parseIp } from '../../src/model/ipText.ts';

function record(exporter: string, inIface = 0, outIface = 0): FlowRecord {
  const rec = new FlowRecord();
  const b = new Uint8Array(16);
  const family = parseIp(exporter, b);
  if (family === 4) rec.peerSrcIp.setV4(b, 0);
  else rec.peerSrcIp.setV6(b, 0);
  rec.inIface = inIface;
  rec.outIface = outIface;
  rec.samplingRate = 100;
  rec.packets = 2;
  rec.bytes = 300;
  return rec;
}

function parse(text: string): { map: ReturnType<typeof parseSamplingMap>; warnings: string[] } {
  const warnings: string[] = [];
  return { map: parseSamplingMap(text, 'f.map', { warn: (m) => warnings.push(m) }), warnings };
}

describe('sampling_map', () => {
  it('returns the first matching rule of the exporter family, 0 when none', () => {
    const { map } = parse([
      '! comment',
      'id=7 ip=10.0.0.1 in=5',
      'id=9\tip=10.0.0.0/8 out=-3',
      'id=11 ip=2001:db8::/32',
      'id=13 ip=0.0.0.0/0',
    ].join('\n'));
    assert.equal(map.rateOf(record('10.0.0.1', 5)), 7);
    assert.equal(map.rateOf(record('10.0.0.1', 6, 4)), 9);
    assert.equal(map.rateOf(record('10.0.0.1', 6, 3)), 13);
    assert.equal(map.rateOf(record('192.0.2.1')), 13);
    assert.equal(map.rateOf(record('2001:db8::1')), 11);
    assert.equal(map.rateOf(record('2001:db9::1')), 0);
  });

  it('drops lines without id, with id=0 or without ip, and unknown keys, with pmacct warnings', () => {
    const { map, warnings } = parse(['ip=10.0.0.1', 'id=0 ip=10.0.0.1', 'id=5 in=3', 'id=5 ip=10.0.0.1 tag=3', 'id=6 ip=10.0.0.1 in=-2'].join('\n'));
    assert.equal(map.rules.length, 1);
    assert.deepEqual(warnings, [
      "[f.map:1] required key missing. Required keys are: 'id', 'ip'. Line ignored.",
      "[f.map:2] required key missing. Required keys are: 'id', 'ip'. Line ignored.",
      "[f.map:3] required key missing. Required keys are: 'id', 'ip'. Line ignored.",
      "[f.map:4] unknown key 'tag'. Ignored.",
      '[f.map] Negations not supported. Indexing disabled.',
    ]);
  });

  it('cuts the map at maps_entries', () => {
    const warnings: string[] = [];
    const map = parseSamplingMap('id=1 ip=10.0.0.1\nid=2 ip=10.0.0.2\n', 'f.map', { maxEntries: 1, warn: (m) => warnings.push(m) });
    assert.equal(map.rules.length, 1);
    assert.match(warnings[0]!, /file cut to the first 1 entries/);
  });

  it('sFlow: a map rate multiplies the counters, reports rate 1 and leaves the pool estimate alone', () => {
    const context = { sourceIdType: 0, sourceIdIndex: 1, samplePool: 1000, sampleSequence: 10 };
    const r = new SflowSamplingRenormalizer({ context });
    const rec = record('10.0.0.1');
    r.applyMapped(rec, 8);
    assert.deepEqual([rec.packets, rec.bytes, rec.samplingRate], [16, 2400, 1]);
    assert.equal(r.entries, 0);
    const other = record('10.0.0.1');
    r.applyMapped(other, 0);
    assert.deepEqual([other.packets, other.samplingRate, r.entries], [200, 1, 1]);
  });

  it('sFlow with sfacctd_ext_sampling_rate: the external rate wins over the map', () => {
    const context = { sourceIdType: 0, sourceIdIndex: 1, samplePool: 1000, sampleSequence: 10 };
    const r = new SflowSamplingRenormalizer({ context }, { extSamplingRate: 4 });
    const rec = record('10.0.0.1');
    rec.samplingRate = 0;
    r.applyMapped(rec, 8);
    assert.deepEqual([rec.packets, rec.samplingRate], [8, 1]);
  });

  it('reloads on SIGUSR2 (maps_refresh), keeping the old map when the new one is missing', () => {
    const work = mkdtempSync(join(tmpdir(), 'tsacct-sampling-reload-'));
    try {
      const file = join(work, 's.map');
      writeFileSync(file, 'id=8 ip=10.0.0.1\n');
      const config = loadConfigText('nfacctd', `sampling_map: ${file}\nplugins: print[p]\naggregate[p]: sampling_rate\n`, join(work, 'n.conf'));
      mapReloader.clear();
      const lines: string[] = [];
      const holder = samplingMapOf(config, memoryLogger(lines))!;
      const stage = samplingMapStage(holder);
      const rates: number[] = [];
      const probe = (): void => {
        const rec = record('10.0.0.1');
        stage(rec);
        rates.push(rec.samplingRate);
      };
      probe();
      writeFileSync(file, 'id=16 ip=10.0.0.0/8\n');
      assert.equal(mapReloader.reloadAll(), 1);
      probe();
      rmSync(file);
      mapReloader.reloadAll();
      probe();
      assert.deepEqual(rates, [8, 16, 16]);
      assert.ok(lines.some((l) => l.includes('Rolling back old map.')), lines.join('\n'));
      mapReloader.clear();
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
