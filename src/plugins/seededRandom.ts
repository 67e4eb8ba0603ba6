/**
 * A small, fast, seedable pseudo-random generator (mulberry32): uniform
 * numbers in [0, 1) with 32 bits of resolution. Math.random cannot be
 * seeded, and a seed is what makes a sampling run reproducible in a test.
 */
import { randomBytes } from 'node:crypto';

export type RandomSource = () => number;

export function seededRandom(seed: number): RandomSource {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seed that differs from run to run, as pmacct seeds random() from the clock. */
export function freshSeed(): number {
  return randomBytes(4).readUInt32LE(0);
}
