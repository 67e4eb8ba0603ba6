// The live prefix table of the BGP RIBs against a plain Map model and a
// brute-force longest-prefix scan, on seeded random churn.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MutablePrefixTable } from '../../src/lookup/mutablePrefixTable.ts';
import { seededRandom } from '../../src/plugins/seededRandom.ts';

const mask = (len: number): number => (len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0);

test('IPv4: puts, replaces and removes like a Map; longest match equals a brute-force scan', () => {
  const random = seededRandom(42);
  const t = new MutablePrefixTable(1);
  const model = new Map<string, { net: number; len: number; pathId: number; value: number }>();
  const keyOf = (net: number, len: number, pathId: number): string => `${net}/${len}#${pathId}`;
  for (let i = 0; i < 20000; i++) {
    const len = 8 + Math.floor(random() * 25);
    const net = (Math.floor(random() * 4096) << 20 & mask(len)) >>> 0;
    const pathId = random() < 0.2 ? 1 + Math.floor(random() * 3) : 0;
    t.key[0] = net;
    const k = keyOf(net, len, pathId);
    if (random() < 0.7) {
      const previous = t.put(len, pathId, i);
      assert.equal(previous, model.get(k)?.value ?? -1);
      model.set(k, { net, len, pathId, value: i });
    } else {
      const slot = t.remove(len, pathId);
      const had = model.get(k);
      assert.equal(slot >= 0, had !== undefined);
      if (had) assert.equal(t.removedValue, had.value);
      model.delete(k);
    }
  }
  assert.equal(t.size, model.size);
  for (const e of model.values()) {
    t.key[0] = e.net;
    const slot = t.find(e.len, e.pathId);
    assert.ok(slot >= 0);
    assert.equal(t.valueAt(slot), e.value);
  }
  for (let q = 0; q < 5000; q++) {
    const address = (Math.floor(random() * 4096) << 20 | Math.floor(random() * 0xfffff)) >>> 0;
    let bestLen = -1;
    for (const e of model.values()) if (((address & mask(e.len)) >>> 0) === e.net && e.len > bestLen) bestLen = e.len;
    t.key[0] = address;
    const slot = t.longestMatch();
    assert.equal(slot < 0 ? -1 : t.lengthAt(slot), bestLen, `address ${address}`);
  }
});

test('sorted slots list prefixes by address, then shorter first, then path id', () => {
  const t = new MutablePrefixTable(1);
  const put = (net: number, len: number, pathId: number): void => {
    t.key[0] = net >>> 0;
    t.put(len, pathId, 0);
  };
  put(0x0a000000, 16, 2);
  put(0x0a000000, 8, 0);
  put(0x0a000000, 16, 1);
  put(0x09000000, 8, 0);
  const order = [...t.sortedSlots()].map((s) => {
    const k = new Uint32Array(1);
    t.keyAt(s, k);
    return `${k[0]! >>> 24}/${t.lengthAt(s)}#${t.pathIdAt(s)}`;
  });
  assert.deepEqual(order, ['9/8#0', '10/8#0', '10/16#1', '10/16#2']);
});

test('IPv6 with route distinguishers and labels; held slots are not reused', () => {
  const t = new MutablePrefixTable(4, 2);
  t.key.set([0, 65000, 0x20010db8, 0, 0, 0]);
  t.put(32, 0, 5, 100);
  t.key.set([0, 65001, 0x20010db8, 0, 0, 0]);
  t.put(32, 0, 6, 200);
  assert.equal(t.size, 2);
  t.key.set([0, 65000, 0x20010db8, 0x12345678, 0, 1]);
  const slot = t.longestMatch();
  assert.equal(t.valueAt(slot), 5);
  assert.equal(t.labelAt(slot), 100);
  const release = t.holdSlots();
  t.key.set([0, 65000, 0x20010db8, 0, 0, 0]);
  const removed = t.remove(32, 0);
  t.key.set([0, 65002, 0x20010db8, 0, 0, 0]);
  t.put(32, 0, 7);
  t.key.set([0, 65002, 0x20010db8, 0, 0, 0]);
  assert.notEqual(t.find(32, 0), removed);
  assert.equal(t.isLive(removed), false);
  release();
});
