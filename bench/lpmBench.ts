/**
 * `npm run bench -- lpm`: lookups per second of src/lookup/prefixTable on a
 * generated table of --prefixes (default 1M) random IPv4 and IPv6 prefixes
 * (lengths /8–/32 and /16–/64, a tenth nested inside others), with random
 * query addresses, half of them inside a listed prefix. Median of 5 runs.
 */
import { Ipv4PrefixTableBuilder, Ipv6PrefixTableBuilder } from '../src/lookup/prefixTable.ts';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0), s);
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

export function runLpmBench(opts: { prefixes: number; lookups: number; runs: number }): string {
  const { prefixes, lookups, runs } = opts;
  const r = rng(42);
  const rows: string[] = [];

  // IPv4
  let t0 = performance.now();
  const b4 = new Ipv4PrefixTableBuilder();
  const nets4 = new Uint32Array(prefixes);
  for (let i = 0; i < prefixes; i++) {
    const nested = i > 0 && i % 10 === 0;
    const len = nested ? 24 + (r() % 9) : 8 + (r() % 25);
    const base = nested ? nets4[r() % i]! | (r() & 0xff) : r();
    nets4[i] = base >>> 0;
    b4.add(base >>> 0, len, i);
  }
  const t4 = b4.build();
  const build4 = performance.now() - t0;
  const q4 = new Uint32Array(lookups);
  for (let i = 0; i < lookups; i++) q4[i] = i & 1 ? r() : (nets4[r() % prefixes]! | (r() & 0xff)) >>> 0;
  const rates4: number[] = [];
  let sink = 0;
  for (let k = 0; k < runs; k++) {
    t0 = performance.now();
    for (let i = 0; i < lookups; i++) sink += t4.lookup(q4[i]!);
    rates4.push(lookups / ((performance.now() - t0) / 1000));
  }
  rows.push(`| IPv4 | ${prefixes} | ${t4.rangeCount} | ${(build4 / 1000).toFixed(2)} | ${(median(rates4) / 1e6).toFixed(1)} |`);

  // IPv6
  t0 = performance.now();
  const b6 = new Ipv6PrefixTableBuilder();
  const nets6 = new Uint8Array(prefixes * 16);
  const one = new Uint8Array(16);
  for (let i = 0; i < prefixes; i++) {
    const nested = i > 0 && i % 10 === 0;
    if (nested) {
      const p = (r() % i) * 16;
      one.set(nets6.subarray(p, p + 16));
    }
    else for (let j = 0; j < 16; j += 4) new DataView(one.buffer).setUint32(j, r());
    one[0] = 0x20 | (one[0]! & 0x0f);
    if (nested) one[7] = r() & 0xff;
    const len = nested ? 48 + (r() % 17) : 16 + (r() % 49);
    nets6.set(one, i * 16);
    b6.add(one, 0, len, i);
  }
  const t6 = b6.build();
  const build6 = performance.now() - t0;
  const q6 = new Uint8Array(lookups * 16);
  const dv = new DataView(q6.buffer);
  for (let i = 0; i < lookups; i++) {
    if (i & 1) for (let j = 0; j < 16; j += 4) dv.setUint32(i * 16 + j, r());
    else {
      const p = (r() % prefixes) * 16;
      q6.set(nets6.subarray(p, p + 16), i * 16);
      dv.setUint32(i * 16 + 12, r());
    }
    q6[i * 16] = 0x20 | (q6[i * 16]! & 0x0f);
  }
  const rates6: number[] = [];
  for (let k = 0; k < runs; k++) {
    t0 = performance.now();
    for (let i = 0; i < lookups; i++) sink += t6.lookup(q6, i * 16);
    rates6.push(lookups / ((performance.now() - t0) / 1000));
  }
  rows.push(`| IPv6 | ${prefixes} | ${t6.rangeCount} | ${(build6 / 1000).toFixed(2)} | ${(median(rates6) / 1e6).toFixed(1)} |`);
  if (sink === 0.5) rows.push('');
  return [
    `LPM lookups (${lookups} random addresses per run, median of ${runs} runs, one thread)`,
    '',
    '| family | prefixes | ranges | build s | M lookups/s |',
    '|---|---:|---:|---:|---:|',
    ...rows,
    '',
  ].join('\n');
}
