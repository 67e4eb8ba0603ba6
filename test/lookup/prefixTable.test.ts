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

/** Brute-force IPv6 LPM over `list`; `a` and the nets are 16-byte arrays. */
function bruteForce6(list: { net: Uint8Array; len: number }[], a: Uint8Array): number {
  let best = -1, bestLen = -1;
  list.forEach((p, i) => {
    for (let bit = 0; bit < p.len; bit++) {
      const m = 0x80 >> (bit & 7);
      if ((a[bit >> 3]! & m) !== (p.net[bit >> 3]! & m)) return;
    }
    if (p.len >= bestLen) { best = i; bestLen = p.len; }
  });
  return best;
}

for (const [name, fixed] of [
  ['whole address space', 0],
  ['global unicast only (2000::/3, shared leading bits)', 3],
  ['all inside one /40 (shared bits past the first word)', 40],
] as const) {
  test(`IPv6 LPM matches a brute-force scan: ${name}`, () => {
    const r = rng(11 + fixed);
    const b = new Ipv6PrefixTableBuilder();
    const list: { net: Uint8Array; len: number }[] = [];
    const base = new Uint8Array([0x2a, 0x03, 0x28, 0x80, 0xf0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    const withFixed = (x: Uint8Array): Uint8Array => {
      for (let bit = 0; bit < fixed; bit++) {
        const m = 0x80 >> (bit & 7);
        x[bit >> 3] = (x[bit >> 3]! & ~m) | (base[bit >> 3]! & m);
      }
      return x;
    };
    const randomBytes = (): Uint8Array => {
      const x = new Uint8Array(16);
      for (let j = 0; j < 16; j++) x[j] = r() >>> 24;
      return withFixed(x);
    };
    for (let i = 0; i < 1500; i++) {
      const len = fixed + (r() % (129 - fixed));
      const raw = i % 3 === 0 || list.length === 0 ? randomBytes() : list[r() % list.length]!.net.slice();
      if (i % 3 !== 0) raw[Math.min(15, (len >> 3))] ^= r() & 0xff;
      withFixed(raw);
      const net = raw.slice();
      for (let bit = len; bit < 128; bit++) net[bit >> 3] = net[bit >> 3]! & ~(0x80 >> (bit & 7));
      list.push({ net, len });
      b.add(raw, 0, len, i);
    }
    const t = b.build();
    for (let q = 0; q < 6000; q++) {
      let a: Uint8Array;
      if (q % 3 === 0) {
        a = new Uint8Array(16);
        for (let j = 0; j < 16; j++) a[j] = r() >>> 24; // often outside the shared region
      } else {
        a = list[r() % list.length]!.net.slice();
        a[15] = r() & 0xff;
        if (q % 3 === 2) a[r() % 16] ^= 1 << (r() % 8);
      }
      assert.equal(t.lookup(a, 0), bruteForce6(list, a), `addr ${Buffer.from(a).toString('hex')}`);
    }
  });
}

test('IPv6 edges: empty table, default route only, one prefix, ::/128 and all-ones', () => {
  const z = new Uint8Array(16);
  const ones = new Uint8Array(16).fill(0xff);
  assert.equal(new Ipv6PrefixTableBuilder().build().lookup(ones), -1);
  let b = new Ipv6PrefixTableBuilder();
  b.add(z, 0, 0, 7);
  assert.equal(b.build().lookup(ones), 7);
  b = new Ipv6PrefixTableBuilder();
  const p = new Uint8Array(16);
  p[0] = 0x20; p[1] = 0x01; p[2] = 0x0d; p[3] = 0xb8;
  b.add(p, 0, 32, 1);
  b.add(z, 0, 128, 2);
  b.add(ones, 0, 128, 3);
  const t = b.build();
  assert.equal(t.lookup(z), 2);
  assert.equal(t.lookup(ones), 3);
  const in1 = p.slice(); in1[15] = 9;
  assert.equal(t.lookup(in1), 1);
  const out1 = p.slice(); out1[3] = 0xb9;
  assert.equal(t.lookup(out1), -1);
});
