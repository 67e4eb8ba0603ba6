/**
 * The aggregation cache: fixed-width keys (words of a Uint32Array) mapped to
 * packet/byte/flow counters, in an open-addressing hash table over flat typed
 * arrays. A lookup of a key already present allocates nothing; a new key is
 * copied once into the key arena. Millions of entries cost ~(4·words + 40)
 * bytes each, with no per-entry objects for the garbage collector to trace.
 */
import { bucketCountFor } from './bucketCount.ts';

/** One cache entry as a flush reads it; `off` indexes `keys`. */
export interface CacheEntryView {
  keys: Uint32Array;
  off: number;
  packets: number;
  bytes: number;
  flows: number;
  isEvent: boolean;
}

/** A cache's entries as columns: what a spool file holds. */
export interface CacheColumns {
  keyWords: number;
  orWord: number;
  keys: Uint32Array;
  packets: Float64Array;
  bytes: Float64Array;
  flows: Float64Array;
  events: Uint8Array;
  ors: Uint32Array;
}

const EMPTY = 0;
const MAX_LOAD = 0.6;

export class AggregationCache {
  /** Scratch key: the caller writes the key here, then calls add(). */
  readonly key: Uint32Array;
  readonly keyWords: number;

  private slots: Int32Array; // pairs: entry index + 1 (or EMPTY), hash
  private mask: number;
  private keys: Uint32Array;
  private hashes: Uint32Array;
  private packetsCol: Float64Array;
  private bytesCol: Float64Array;
  private flowsCol: Float64Array;
  private eventCol: Uint8Array;
  /**
   * Values ORed across an entry instead of being part of its key (pmacct
   * ORs tcpflags this way); written back into their key word at flush.
   */
  private orCol: Uint32Array;
  private readonly orWord: number;
  private count = 0;
  private capacity: number;

  /** `orWord`: index of the key word that holds an ORed value (-1 for none); writers leave it 0. */
  constructor(keyWords: number, initialEntries = 1024, orWord = -1) {
    this.keyWords = keyWords;
    this.orWord = orWord;
    this.key = new Uint32Array(Math.max(keyWords, 1));
    this.capacity = Math.max(16, initialEntries);
    const slotCount = bucketCountFor(Math.ceil(this.capacity / MAX_LOAD));
    this.slots = new Int32Array(slotCount * 2);
    this.mask = slotCount - 1;
    this.keys = new Uint32Array(this.capacity * keyWords);
    this.hashes = new Uint32Array(this.capacity);
    this.packetsCol = new Float64Array(this.capacity);
    this.bytesCol = new Float64Array(this.capacity);
    this.flowsCol = new Float64Array(this.capacity);
    this.eventCol = new Uint8Array(this.capacity);
    this.orCol = new Uint32Array(orWord >= 0 ? this.capacity : 0);
  }

  get size(): number {
    return this.count;
  }

  /** Adds the counters to the entry of the scratch key, creating it if new. */
  add(packets: number, bytes: number, flows: number, isEvent: boolean, orValue = 0): void {
    const key = this.key;
    const words = this.keyWords;
    const hash = hashWords(key, words);
    const keys = this.keys;
    const slots = this.slots;
    // Slots hold (entry + 1, hash) pairs: a probe reads one cache line and
    // touches the key arena only when the hash matches.
    const hashTag = hash | 0;
    let slot = hash & this.mask;
    for (;;) {
      const entry = slots[slot * 2]!;
      if (entry === EMPTY) break;
      const index = entry - 1;
      if (slots[slot * 2 + 1] === hashTag && sameKey(keys, index * words, key, words)) {
        this.packetsCol[index]! += packets;
        this.bytesCol[index]! += bytes;
        this.flowsCol[index]! += flows;
        if (this.orWord >= 0) this.orCol[index]! |= orValue;
        return;
      }
      slot = (slot + 1) & this.mask;
    }
    if (this.count === this.capacity) {
      this.grow();
      this.add(packets, bytes, flows, isEvent, orValue);
      return;
    }
    const index = this.count++;
    slots[slot * 2] = index + 1;
    slots[slot * 2 + 1] = hashTag;
    this.hashes[index] = hash;
    const base = index * words;
    for (let i = 0; i < words; i++) keys[base + i] = key[i]!;
    this.packetsCol[index] = packets;
    this.bytesCol[index] = bytes;
    this.flowsCol[index] = flows;
    this.eventCol[index] = isEvent ? 1 : 0;
    if (this.orWord >= 0) this.orCol[index] = orValue;
  }

  /** Fills `view` with entry `index` (0 ≤ index < size), for flushes that await between entries. */
  readEntry(index: number, view: CacheEntryView): void {
    const words = this.keyWords;
    const off = index * words;
    if (this.orWord >= 0) this.keys[off + this.orWord] = this.orCol[index]!;
    view.keys = this.keys;
    view.off = off;
    view.packets = this.packetsCol[index]!;
    view.bytes = this.bytesCol[index]!;
    view.flows = this.flowsCol[index]!;
    view.isEvent = this.eventCol[index] === 1;
  }

  /** The hash of entry `index`'s key (the memory table's bucket listing). */
  entryHash(index: number): number {
    return this.hashes[index]!;
  }

  /** Zeroes the counters of entry `index` and keeps its key (the memory client's -r). */
  resetCounters(index: number): void {
    this.packetsCol[index] = 0;
    this.bytesCol[index] = 0;
    this.flowsCol[index] = 0;
  }

  /**
   * Takes back the entry added last (a table refusing a new key when full).
   * Safe with linear probing: no entry was placed after it, so none probed
   * past its slot.
   */
  removeNewest(): void {
    if (this.count === 0) return;
    const index = this.count - 1;
    let slot = this.hashes[index]! & this.mask;
    while (this.slots[slot * 2] !== index + 1) slot = (slot + 1) & this.mask;
    this.slots[slot * 2] = EMPTY;
    this.slots[slot * 2 + 1] = 0;
    this.count = index;
  }

  /** Visits entries in insertion order; `off` indexes `keys` (with ORed values in their key word). */
  forEach(visit: (keys: Uint32Array, off: number, packets: number, bytes: number, flows: number, isEvent: boolean) => void): void {
    const words = this.keyWords;
    for (let i = 0; i < this.count; i++) {
      if (this.orWord >= 0) this.keys[i * words + this.orWord] = this.orCol[i]!;
      visit(this.keys, i * words, this.packetsCol[i]!, this.bytesCol[i]!, this.flowsCol[i]!, this.eventCol[i] === 1);
    }
  }

  /** The entries' columns, trimmed to the size (a spool writes them out as they are). */
  exportEntries(): CacheColumns {
    const n = this.count;
    return {
      keyWords: this.keyWords,
      orWord: this.orWord,
      keys: this.keys.subarray(0, n * this.keyWords),
      packets: this.packetsCol.subarray(0, n),
      bytes: this.bytesCol.subarray(0, n),
      flows: this.flowsCol.subarray(0, n),
      events: this.eventCol.subarray(0, n),
      ors: this.orWord >= 0 ? this.orCol.subarray(0, n) : new Uint32Array(0),
    };
  }

  /** A cache holding exactly the exported entries, in the same order. */
  static fromEntries(c: CacheColumns): AggregationCache {
    const cache = new AggregationCache(c.keyWords, c.packets.length, c.orWord);
    const words = c.keyWords;
    for (let i = 0; i < c.packets.length; i++) {
      for (let w = 0; w < words; w++) cache.key[w] = c.keys[i * words + w]!;
      cache.add(c.packets[i]!, c.bytes[i]!, c.flows[i]!, c.events[i] === 1, c.orWord >= 0 ? c.ors[i]! : 0);
    }
    return cache;
  }

  /** Sum of the counters over all entries (statistics, loss checks). */
  totals(): { packets: number; bytes: number; flows: number } {
    let packets = 0;
    let bytes = 0;
    let flows = 0;
    for (let i = 0; i < this.count; i++) {
      packets += this.packetsCol[i]!;
      bytes += this.bytesCol[i]!;
      flows += this.flowsCol[i]!;
    }
    return { packets, bytes, flows };
  }

  private grow(): void {
    const words = this.keyWords;
    const newCapacity = this.capacity * 2;
    const slotCount = bucketCountFor(Math.ceil(newCapacity / MAX_LOAD));
    const slots = new Int32Array(slotCount * 2);
    const mask = slotCount - 1;
    for (let i = 0; i < this.count; i++) {
      const hash = this.hashes[i]!;
      let slot = hash & mask;
      while (slots[slot * 2] !== EMPTY) slot = (slot + 1) & mask;
      slots[slot * 2] = i + 1;
      slots[slot * 2 + 1] = hash | 0;
    }
    this.slots = slots;
    this.mask = mask;
    this.keys = growArray(this.keys, newCapacity * words);
    this.hashes = growArray(this.hashes, newCapacity);
    this.packetsCol = growArray(this.packetsCol, newCapacity);
    this.bytesCol = growArray(this.bytesCol, newCapacity);
    this.flowsCol = growArray(this.flowsCol, newCapacity);
    this.eventCol = growArray(this.eventCol, newCapacity);
    if (this.orWord >= 0) this.orCol = growArray(this.orCol, newCapacity);
    this.capacity = newCapacity;
  }
}

type TypedArray = Uint32Array | Float64Array | Uint8Array;

function growArray<T extends TypedArray>(old: T, length: number): T {
  const next = new (old.constructor as new (n: number) => T)(length);
  next.set(old);
  return next;
}

function sameKey(keys: Uint32Array, off: number, key: Uint32Array, words: number): boolean {
  for (let i = 0; i < words; i++) if (keys[off + i] !== key[i]) return false;
  return true;
}

/**
 * A multiplicative word hash with MurmurHash3's finaliser: three operations
 * per word, and the finaliser spreads the bits well enough for linear
 * probing (see the distribution test in test/core/aggregationCache.test.ts).
 */
export function hashWords(key: Uint32Array, words: number): number {
  let h = 0x9747b28c ^ words;
  for (let i = 0; i < words; i++) {
    h = Math.imul(h ^ key[i]!, 0x9e3779b1);
    h ^= h >>> 15;
  }
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
