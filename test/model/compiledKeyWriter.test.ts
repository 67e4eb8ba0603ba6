import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildAggregateLayout, compileKeyWriter } from '../../src/model/aggregateLayout.ts';
import { FlowRecord } from '../../src/model/flowRecord.ts';
import { PRIMITIVES } from '../../src/model/primitiveCatalog.ts';
import { StringTable } from '../../src/model/stringTable.ts';

// The compiled writer must produce exactly the words each primitive's own write() produces.
for (const daemon of ['nfacctd', 'sfacctd'] as const) test(`compiled key writer equals the per-primitive writers for every ${daemon} primitive`, () => {
  const names = PRIMITIVES.filter((p) => p.implemented && p.daemons.includes(daemon) && (!p.sourcedBy || p.sourcedBy.includes(daemon))).map((p) => p.name);
  for (const timestampsSecs of [false, true]) {
    const layout = buildAggregateLayout(names, daemon, { timestampsSecs });
    const compiled = compileKeyWriter(layout);
    const rec = new FlowRecord();
    let seed = 7;
    const rand = (): number => (seed = (Math.imul(seed, 48271) + 11) >>> 0);
    for (let i = 0; i < 200; i++) {
      rec.reset();
      rec.srcHost.setV4Number(rand());
      if (i % 2) rec.dstHost.setV6(new Uint8Array(16).map(() => rand() & 0xff), 0);
      rec.srcMac.set([rand() & 0xff, 1, 2, 3, 4, rand() & 0xff]);
      rec.srcPort = rand() & 0xffff;
      rec.srcMask = rand() % 33;
      rec.timestampStart.set(rand(), rand() % 1_000_000);
      rec.tag = rand() * 7;
      rec.label = i % 3 ? 'x' : '';
      rec.asPath = i % 2 ? '65001 65002' : '';
      rec.stdComm = i % 5 ? '65001:1' : '';
      rec.localPref = rand();
      rec.mplsVpnRd.set([0, 2, 0, 0, 1, 2, 3, rand() & 0xff]);
      const strings = new StringTable();
      const a = new Uint32Array(layout.keyWords);
      const b = new Uint32Array(layout.keyWords);
      compiled(rec, a, strings);
      for (const p of layout.placed) p.primitive.write(rec, b, p.offset, strings);
      assert.deepEqual(a, b);
    }
  }
});
