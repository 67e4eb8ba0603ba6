/**
 * Longest-prefix match for IPv4 and IPv6, built once and then looked up
 * millions of times a second without allocating.
 *
 * The prefixes are flattened at build time into disjoint address ranges,
 * each carrying the value of the most specific prefix covering it (or -1);
 * a lookup is a binary search for the last range starting at or below the
 * address. A first-level index narrows the search to a handful of entries:
 * for IPv4 on the top 16 bits, for IPv6 on the 16–20 bits that follow the
 * leading bits all listed prefixes share (see Ipv6PrefixTable).
 *
 * Values are small non-negative integers (ids into the caller's side table);
 * -1 means no prefix covers the address. When the same prefix is added
 * twice, the later one wins.
 */

export const NO_MATCH = -1;

const BUCKETS = 65536;

/** Collects IPv4 prefixes; `build()` returns the immutable lookup table. */
export class Ipv4PrefixTableBuilder {
  private nets = new Uint32Array(1024);
  private lens = new Uint8Array(1024);
  private values = new Int32Array(1024);
  private count = 0;

  /** `network` is the host-order 32-bit address; bits past `length` are ignored. */
  add(network: number, length: number, value: number): void {
    if (length < 0 || length > 32 || !Number.isInteger(length)) throw new RangeError(`bad IPv4 prefix length ${length}`);
    if (this.count === this.nets.length) this.grow();
    const mask = length === 0 ? 0 : (0xffffffff << (32 - length)) >>> 0;
    this.nets[this.count] = (network & mask) >>> 0;
    this.lens[this.count] = length;
    this.values[this.count] = value;
    this.count++;
  }

  get size(): number {
    return this.count;
  }

  private grow(): void {
    const n = this.nets.length * 2;
    const nets = new Uint32Array(n);
    nets.set(this.nets);
    const lens = new Uint8Array(n);
    lens.set(this.lens);
    const values = new Int32Array(n);
    values.set(this.values);
    this.nets = nets;
    this.lens = lens;
    this.values = values;
  }

  build(): Ipv4PrefixTable {
    const n = this.count;
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    const nets = this.nets;
    const lens = this.lens;
    // By start, then shorter (enclosing) first, then file order (later wins).
    order.sort((a, b) => nets[a]! - nets[b]! || lens[a]! - lens[b]! || a - b);

    const values = this.values;
    const { starts, values: vals } = flattenPrefixes(
      order,
      (i) => nets[i]!,
      (i) => (lens[i] === 0 ? 0xffffffff : nets[i]! + 2 ** (32 - lens[i]!) - 1),
      (i) => values[i]!,
      0,
      0xffffffff,
      (end) => end + 1,
    );
    return new Ipv4PrefixTable(Uint32Array.from(starts), Int32Array.from(vals));
  }
}

/**
 * The build step both families share: prefixes in `order` (by start, the
 * enclosing one first, then file order) become the flat, ascending list of
 * ranges in which one value applies, the most specific prefix's (a later
 * duplicate wins), NO_MATCH where none does. Adjacent ranges with the same
 * value are merged. Addresses are numbers for IPv4, bigints for IPv6.
 */
function flattenPrefixes<T extends number | bigint>(
  order: ArrayLike<number>,
  startOf: (i: number) => T,
  endOf: (i: number) => T,
  valueOf: (i: number) => number,
  zero: T,
  max: T,
  after: (end: T) => T,
): { starts: T[]; values: number[] } {
  const starts: T[] = [];
  const values: number[] = [];
  const emit = (start: T, value: number): void => {
    const last = starts.length - 1;
    if (last >= 0 && starts[last] === start) {
      values[last] = value;
      if (last > 0 && values[last - 1] === value) {
        starts.pop();
        values.pop();
      }
      return;
    }
    if (last >= 0 && values[last] === value) return;
    starts.push(start);
    values.push(value);
  };
  emit(zero, NO_MATCH);
  const stackEnd: T[] = [];
  const stackVal: number[] = [];
  // Pops every open prefix that ends before `limit` (null: all of them).
  const close = (limit: T | null): void => {
    while (stackEnd.length > 0 && (limit === null || stackEnd[stackEnd.length - 1]! < limit)) {
      const end = stackEnd.pop()!;
      stackVal.pop();
      if (end < max) emit(after(end), stackVal.length > 0 ? stackVal[stackVal.length - 1]! : NO_MATCH);
    }
  };
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    const start = startOf(i);
    close(start);
    stackEnd.push(endOf(i));
    stackVal.push(valueOf(i));
    emit(start, valueOf(i));
  }
  close(null);
  return { starts, values };
}

export class Ipv4PrefixTable {
  /** Range starts, ascending; starts[0] is 0. */
  private readonly starts: Uint32Array;
  private readonly values: Int32Array;
  /** Per /16: index of the range holding its first address, and of the one holding its last. */
  private readonly lo: Uint32Array;
  private readonly hi: Uint32Array;

  constructor(starts: Uint32Array, values: Int32Array) {
    this.starts = starts;
    this.values = values;
    this.lo = new Uint32Array(BUCKETS);
    this.hi = new Uint32Array(BUCKETS);
    let r = 0;
    for (let b = 0; b < BUCKETS; b++) {
      const first = b * 65536;
      while (r + 1 < starts.length && starts[r + 1]! <= first) r++;
      this.lo[b] = r;
      let h = r;
      const last = first + 65535;
      while (h + 1 < starts.length && starts[h + 1]! <= last) h++;
      this.hi[b] = h;
    }
  }

  /** Number of flattened ranges (memory is about 8 bytes each plus 512 KiB of index). */
  get rangeCount(): number {
    return this.starts.length;
  }

  /** The value of the longest prefix covering `addr` (host-order uint32), or -1. */
  lookup(addr: number): number {
    const a = addr >>> 0;
    const b = a >>> 16;
    let lo = this.lo[b]!;
    let hi = this.hi[b]!;
    const starts = this.starts;
    // Last index in [lo, hi] with starts[i] <= a (starts[lo] <= a holds).
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (starts[mid]! <= a) lo = mid;
      else hi = mid - 1;
    }
    return this.values[lo]!;
  }

  /** Looks up 4 bytes in network order at `offset`. */
  lookupBytes(bytes: Uint8Array, offset = 0): number {
    return this.lookup(
      ((bytes[offset]! << 24) | (bytes[offset + 1]! << 16) | (bytes[offset + 2]! << 8) | bytes[offset + 3]!) >>> 0,
    );
  }
}

/** Collects IPv6 prefixes; `build()` returns the immutable lookup table. */
export class Ipv6PrefixTableBuilder {
  private words = new Uint32Array(4 * 1024);
  private lens = new Uint8Array(1024);
  private values = new Int32Array(1024);
  private count = 0;

  /** 16 bytes in network order at `offset`; bits past `length` are ignored. */
  add(bytes: Uint8Array, offset: number, length: number, value: number): void {
    if (length < 0 || length > 128 || !Number.isInteger(length)) throw new RangeError(`bad IPv6 prefix length ${length}`);
    if (this.count === this.lens.length) this.grow();
    const base = this.count * 4;
    for (let w = 0; w < 4; w++) {
      const o = offset + w * 4;
      const word = ((bytes[o]! << 24) | (bytes[o + 1]! << 16) | (bytes[o + 2]! << 8) | bytes[o + 3]!) >>> 0;
      const bits = length - w * 32;
      const mask = bits >= 32 ? 0xffffffff : bits <= 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
      this.words[base + w] = (word & mask) >>> 0;
    }
    this.lens[this.count] = length;
    this.values[this.count] = value;
    this.count++;
  }

  get size(): number {
    return this.count;
  }

  private grow(): void {
    const n = this.lens.length * 2;
    const words = new Uint32Array(n * 4);
    words.set(this.words);
    const lens = new Uint8Array(n);
    lens.set(this.lens);
    const values = new Int32Array(n);
    values.set(this.values);
    this.words = words;
    this.lens = lens;
    this.values = values;
  }

  build(): Ipv6PrefixTable {
    const n = this.count;
    const words = this.words;
    const lens = this.lens;
    const starts: bigint[] = new Array<bigint>(n);
    for (let i = 0; i < n; i++) {
      starts[i] =
        (BigInt(words[i * 4]!) << 96n) |
        (BigInt(words[i * 4 + 1]!) << 64n) |
        (BigInt(words[i * 4 + 2]!) << 32n) |
        BigInt(words[i * 4 + 3]!);
    }
    const order = Array.from({ length: n }, (_, i) => i);
    order.sort((a, b) => {
      const sa = starts[a]!;
      const sb = starts[b]!;
      if (sa !== sb) return sa < sb ? -1 : 1;
      return lens[a]! - lens[b]! || a - b;
    });
    const values = this.values;
    const { starts: outStarts, values: outVals } = flattenPrefixes(
      order,
      (i) => starts[i]!,
      (i) => starts[i]! + (1n << BigInt(128 - lens[i]!)) - 1n,
      (i) => values[i]!,
      0n,
      (1n << 128n) - 1n,
      (end) => end + 1n,
    );
    const m = outStarts.length;
    const flat = new Uint32Array(m * 4);
    for (let k = 0; k < m; k++) {
      const s = outStarts[k]!;
      flat[k * 4] = Number((s >> 96n) & 0xffffffffn);
      flat[k * 4 + 1] = Number((s >> 64n) & 0xffffffffn);
      flat[k * 4 + 2] = Number((s >> 32n) & 0xffffffffn);
      flat[k * 4 + 3] = Number(s & 0xffffffffn);
    }
    return new Ipv6PrefixTable(flat, Int32Array.from(outVals));
  }
}

export class Ipv6PrefixTable {
  /** Range starts as 4 big-endian-valued words each, ascending; the first is ::. */
  private readonly starts: Uint32Array;
  private readonly values: Int32Array;
  /**
   * Every range start but the first (::) lies in one region: the leading
   * bits all of them share (3 or 4 bits for tables of global unicast
   * space, 2000::/3). Addresses below the region fall in the first range,
   * those above it in the last; inside it, the index keys on the
   * `indexBits` bits that follow the shared ones, so a real table spreads
   * over all buckets instead of the few that a top-16-bit key gives 2xxx::.
   */
  private readonly regionMask: number;
  private readonly regionBase: number;
  /** Bit position (0..31) in the address where the bucket key starts. */
  private readonly keyShift: number;
  private readonly indexBits: number;
  /**
   * Per bucket: index of the range holding its first address; one more
   * entry (the last range) closes the final bucket. A lookup in bucket b
   * searches [index[b], index[b + 1]].
   */
  private readonly index: Uint32Array;

  constructor(starts: Uint32Array, values: Int32Array) {
    this.starts = starts;
    this.values = values;
    const n = values.length;
    // Shared leading bits of starts 1..n-1 (sorted: those of the smallest and the largest).
    let shared = 0;
    if (n > 1) {
      const a = 4;
      const z = (n - 1) * 4;
      shared = 128;
      for (let w = 0; w < 4; w++) {
        const x = (starts[a + w]! ^ starts[z + w]!) >>> 0;
        if (x !== 0) {
          shared = w * 32 + Math.clz32(x);
          break;
        }
      }
    }
    const regionBits = Math.min(shared, 32);
    this.regionMask = regionBits === 0 ? 0 : regionBits === 32 ? 0xffffffff : (0xffffffff << (32 - regionBits)) >>> 0;
    this.regionBase = n > 1 ? (starts[4]! & this.regionMask) >>> 0 : 0;
    // The key starts right after the shared bits (within the first 32 bits).
    this.keyShift = Math.min(shared, 31);
    // About four ranges per bucket, between 2^16 and 2^20 buckets.
    this.indexBits = Math.max(16, Math.min(20, Math.ceil(Math.log2(Math.max(n, 1))) - 2));
    const buckets = 2 ** this.indexBits;
    const index = new Uint32Array(buckets + 1);
    const ks = this.keyShift;
    const low = 32 - this.indexBits;
    let r = 0;
    for (let b = 0; b < buckets; b++) {
      // Advance over the ranges that start at or before bucket b's first address.
      while (r + 1 < n) {
        const p = (r + 1) * 4;
        const w0 = starts[p]!;
        const w1 = starts[p + 1]!;
        const key = ks === 0 ? w0 : ((w0 << ks) | (w1 >>> (32 - ks))) >>> 0;
        const kb = key >>> low;
        if (kb > b) break;
        if (kb === b) {
          const restOfW1 = ks === 0 ? w1 : (w1 << ks) >>> 0;
          const atBucketStart = (key & ((1 << low) - 1)) === 0 && restOfW1 === 0 && starts[p + 2] === 0 && starts[p + 3] === 0;
          if (!atBucketStart) break;
        }
        r++;
      }
      index[b] = r;
    }
    index[buckets] = n - 1;
    this.index = index;
  }

  get rangeCount(): number {
    return this.values.length;
  }

  /** The value of the longest prefix covering the 16 bytes at `offset`, or -1. */
  lookup(bytes: Uint8Array, offset = 0): number {
    const w0 = ((bytes[offset]! << 24) | (bytes[offset + 1]! << 16) | (bytes[offset + 2]! << 8) | bytes[offset + 3]!) >>> 0;
    const top = (w0 & this.regionMask) >>> 0;
    if (top !== this.regionBase) return top < this.regionBase ? this.values[0]! : this.values[this.values.length - 1]!;
    const w1 = ((bytes[offset + 4]! << 24) | (bytes[offset + 5]! << 16) | (bytes[offset + 6]! << 8) | bytes[offset + 7]!) >>> 0;
    const ks = this.keyShift;
    const key = ks === 0 ? w0 : ((w0 << ks) | (w1 >>> (32 - ks))) >>> 0;
    const b = key >>> (32 - this.indexBits);
    const index = this.index;
    let lo = index[b]!;
    let hi = index[b + 1]!;
    const s = this.starts;
    // Last index in [lo, hi] with starts[i] <= address (starts[lo] <= address holds).
    if (lo < hi) {
      const w2 = ((bytes[offset + 8]! << 24) | (bytes[offset + 9]! << 16) | (bytes[offset + 10]! << 8) | bytes[offset + 11]!) >>> 0;
      const w3 = ((bytes[offset + 12]! << 24) | (bytes[offset + 13]! << 16) | (bytes[offset + 14]! << 8) | bytes[offset + 15]!) >>> 0;
      while (lo < hi) {
        const mid = (lo + hi + 1) >>> 1;
        const p = mid * 4;
        const s0 = s[p]!;
        let le: boolean;
        if (s0 !== w0) le = s0 < w0;
        else {
          const s1 = s[p + 1]!;
          if (s1 !== w1) le = s1 < w1;
          else {
            const s2 = s[p + 2]!;
            if (s2 !== w2) le = s2 < w2;
            else le = s[p + 3]! <= w3;
          }
        }
        if (le) lo = mid;
        else hi = mid - 1;
      }
    }
    return this.values[lo]!;
  }
}
