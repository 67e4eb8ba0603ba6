import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Ipv4PrefixTableBuilder, Ipv6PrefixTableBuilder } from '../../src/lookup/prefixTable.ts';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0), s);
}

test('IPv4 LPM matches a brute-force scan on random nested prefixes', () => {
  const r = rng(7);
  const b = new Ipv4PrefixTableBuilder();
  const list: { net: number; len: number }[] = [];
  for (let i = 0; i < 3000; i++) {
    const len = r() % 33;
    const base = i % 3 === 0 || list.length === 0 ? r() : list[r() % list.length]!.net ^ (r() & 0xff);
    const mask = len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0;
    list.push({ net: (base & mask) >>> 0, len });
    b.add(base >>> 0, len, i);
  }
  const t = b.build();
  for (let q = 0; q < 20000; q++) {
    const a = q % 2 ? r() : (list[r() % list.length]!.net | (r() & 0xf)) >>> 0;
    let best = -1, bestLen = -1;
    list.forEach((p, i) => {
      const mask = p.len === 0 ? 0 : (0xffffffff << (32 - p.len)) >>> 0;
      if (((a & mask) >>> 0) === p.net && p.len >= bestLen) { best = i; bestLen = p.len; }
    });
    assert.equal(t.lookup(a), best, `addr ${a}`);
  }
});

test('IPv4 edges: empty table, default route, /32 at the top, duplicates (last wins)', () => {
  assert.equal(new Ipv4PrefixTableBuilder().build().lookup(0x01020304), -1);
  const b = new Ipv4PrefixTableBuilder();
  b.add(0, 0, 0);
  b.add(0xffffffff, 32, 1);
  b.add(0x0a000000, 8, 2);
  b.add(0x0a000000, 8, 3);
  const t = b.build();
  assert.equal(t.lookup(0xffffffff), 1);
  assert.equal(t.lookup(0xfffffffe), 0);
  assert.equal(t.lookup(0x0a010203), 3);
  assert.equal(t.lookup(0x0b000000), 0);
});

test('IPv6 LPM: nested prefixes and bucket boundaries', () => {
  const b = new Ipv6PrefixTableBuilder();
  const addr = (words: number[]): Uint8Array => {
    const out = new Uint8Array(16);
    words.forEach((w, i) => { out[i * 2] = w >> 8; out[i * 2 + 1] = w & 0xff; });
    return out;
  };
  b.add(addr([0x2a03, 0x2880]), 0, 29, 0);
  b.add(addr([0x2a03, 0x2880, 0xf076]), 0, 48, 1);
  b.add(addr([0x2a03, 0x2880, 0xf076, 0xc3]), 0, 64, 2);
  b.add(addr([0x2001, 0xdb8, 0, 0, 0, 0, 0, 1]), 0, 128, 3);
  const t = b.build();
  assert.equal(t.lookup(addr([0x2a03, 0x2880, 0xf076, 0xc3, 0xface, 0xb00c, 0, 0x7214])), 2);
  assert.equal(t.lookup(addr([0x2a03, 0x2880, 0xf076, 0xca])), 1);
  assert.equal(t.lookup(addr([0x2a03, 0x2887, 0xff03])), 0);
  assert.equal(t.lookup(addr([0x2a03, 0x2888])), -1);
  assert.equal(t.lookup(addr([0x2001, 0xdb8, 0, 0, 0, 0, 0, 1])), 3);
  assert.equal(t.lookup(addr([0x2001, 0xdb8, 0, 0, 0, 0, 0, 2])), -1);
  assert.equal(t.lookup(addr([0x2a03])), -1);
});
