import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AggregationCache } from '../../src/core/aggregationCache.ts';

// The oracle here is a plain Map keyed by the joined words: independent of the hash table.
test('sums counters per key like a Map would, across growth', () => {
  const cache = new AggregationCache(3, 16);
  const expected = new Map<string, { packets: number; bytes: number; flows: number }>();
  let seed = 12345;
  const rand = (): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed;
  };
  for (let i = 0; i < 50_000; i++) {
    const a = rand() % 1000;
    const b = rand() % 7;
    const c = 0xffffffff - (a % 13);
    cache.key[0] = a;
    cache.key[1] = b;
    cache.key[2] = c;
    const packets = (rand() % 10) + 1;
    const bytes = packets * 100;
    cache.add(packets, bytes, 1, false);
    const k = `${a},${b},${c}`;
    const e = expected.get(k) ?? { packets: 0, bytes: 0, flows: 0 };
    e.packets += packets;
    e.bytes += bytes;
    e.flows += 1;
    expected.set(k, e);
  }
  assert.equal(cache.size, expected.size);
  const seen = new Map<string, { packets: number; bytes: number; flows: number }>();
  cache.forEach((keys, off, packets, bytes, flows) => {
    seen.set(`${keys[off]},${keys[off + 1]},${keys[off + 2]}`, { packets, bytes, flows });
  });
  assert.deepEqual(seen, expected);
});

test('keeps the event flag of the first record of an entry', () => {
  const cache = new AggregationCache(1);
  cache.key[0] = 7;
  cache.add(0, 0, 1, true);
  cache.add(0, 0, 1, true);
  const flags: boolean[] = [];
  cache.forEach((_k, _o, _p, _b, flows, isEvent) => {
    flags.push(isEvent);
    assert.equal(flows, 2);
  });
  assert.deepEqual(flags, [true]);
});

test('a zero-word key aggregates everything into one entry (aggregate: none)', () => {
  const cache = new AggregationCache(0);
  cache.add(1, 10, 1, false);
  cache.add(2, 20, 1, false);
  assert.equal(cache.size, 1);
  assert.deepEqual(cache.totals(), { packets: 3, bytes: 30, flows: 2 });
});

test('the word hash spreads sequential and sparse keys evenly over buckets', async () => {
  const { hashWords } = await import('../../src/core/aggregationCache.ts');
  // Keys like real aggregates: IPv4 addresses in one /16, small ports, a protocol.
  const buckets = new Uint32Array(1024);
  const key = new Uint32Array(5);
  let n = 0;
  for (let host = 0; host < 256; host++) {
    for (let port = 0; port < 200; port++) {
      key[0] = 4;
      key[1] = (10 << 24) | (1 << 16) | host;
      key[2] = 1024 + port;
      key[3] = 443;
      key[4] = 6;
      buckets[hashWords(key, 5) & 1023]!++;
      n++;
    }
  }
  // Chi-square against uniform with 1023 degrees of freedom: the 99.9th percentile is about 1167.
  const expected = n / buckets.length;
  let chi = 0;
  for (const b of buckets) chi += ((b - expected) ** 2) / expected;
  assert.ok(chi < 1167, `chi-square ${chi.toFixed(0)}`);
});
