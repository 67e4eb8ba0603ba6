/**
 * A prefix table that changes all the time: a BGP peer's routes for one
 * address family, where every UPDATE inserts, replaces or removes
 * prefixes. The flattened ranges of prefixTable.ts answer lookups faster
 * but are built once; rebuilding them per UPDATE is out of the question,
 * so this table is the live store and the one a static snapshot can be
 * built from (Ipv4PrefixTableBuilder takes its prefixes) when lookups
 * outnumber changes by far.
 *
 * Layout, chosen for memory (a full table has a million prefixes per peer):
 * structure of arrays indexed by slot, with no object per route —
 * key words (an optional 2-word route distinguisher, then the address as
 * 1 or 4 big-endian words), prefix length, value (an id in the caller's
 * side table), chain link; the ADD-PATH path identifiers and the MPLS
 * labels get their arrays only when a route first has one. Slots hash on
 * key and length only, so every path of a prefix sits in one chain.
 * Longest-prefix match probes, from the longest length present down, the
 * one chain a masked address can be in; lengths no route has are skipped.
 *
 * Callers write the key into `key` (address bits beyond the length
 * cleared) and then call the operations, so nothing is allocated per
 * route. Slot numbers stay valid until the route is removed; while
 * `holdSlots()` is in force a removed slot is not reused, so that a slow
 * reader (a table dump) can walk a list of slots taken earlier.
 */
import { bucketCountFor } from '../core/bucketCount.ts';

const FREE = -2;

export class MutablePrefixTable {
  /** Words of route distinguisher before the address: 0, or 2 for VPN tables. */
  readonly rdWords: number;
  /** Words of address: 1 (IPv4) or 4 (IPv6). */
  readonly addressWords: number;
  readonly keyWords: number;
  readonly maxLength: number;
  /** Scratch key the operations read: RD words then address words. */
  readonly key: Uint32Array;

  private capacity = 0;
  private keys = new Uint32Array(0);
  private lengths = new Uint8Array(0);
  private values = new Int32Array(0);
  private links = new Int32Array(0);
  private pathIds: Uint32Array | null = null;
  private labels: Int32Array | null = null;
  private buckets = new Int32Array(0);
  private bucketMask = 0;
  private freeHead = -1;
  private highWater = 0;
  private live = 0;
  private holds = 0;
  private readonly lengthCounts: Int32Array;
  private readonly probe: Uint32Array;

  constructor(addressWords: 1 | 4, rdWords: 0 | 2 = 0, initialCapacity = 16) {
    this.addressWords = addressWords;
    this.rdWords = rdWords;
    this.keyWords = addressWords + rdWords;
    this.maxLength = addressWords * 32;
    this.key = new Uint32Array(this.keyWords);
    this.probe = new Uint32Array(this.keyWords);
    this.lengthCounts = new Int32Array(this.maxLength + 1);
    this.grow(Math.max(16, initialCapacity));
  }

  /** Number of routes. */
  get size(): number {
    return this.live;
  }

  /** Bytes held by the table's arrays. */
  get memoryBytes(): number {
    return this.keys.byteLength + this.lengths.byteLength + this.values.byteLength + this.links.byteLength +
      (this.pathIds?.byteLength ?? 0) + (this.labels?.byteLength ?? 0) + this.buckets.byteLength;
  }

  private grow(capacity: number): void {
    const kw = this.keyWords;
    const keys = new Uint32Array(capacity * kw);
    keys.set(this.keys);
    this.keys = keys;
    const lengths = new Uint8Array(capacity);
    lengths.set(this.lengths);
    this.lengths = lengths;
    const values = new Int32Array(capacity);
    values.set(this.values);
    this.values = values;
    const links = new Int32Array(capacity);
    links.set(this.links);
    this.links = links;
    if (this.pathIds) {
      const p = new Uint32Array(capacity);
      p.set(this.pathIds);
      this.pathIds = p;
    }
    if (this.labels) {
      const l = new Int32Array(capacity).fill(-1);
      l.set(this.labels);
      this.labels = l;
    }
    this.capacity = capacity;
    // One bucket per slot (rounded up to a power of two): chains stay short.
    const buckets = bucketCountFor(capacity);
    if (buckets !== this.buckets.length) {
      this.buckets = new Int32Array(buckets).fill(-1);
      this.bucketMask = buckets - 1;
      for (let slot = 0; slot < this.highWater; slot++) {
        if (this.values[slot] === FREE) continue;
        const b = this.hashSlot(slot);
        this.links[slot] = this.buckets[b]!;
        this.buckets[b] = slot;
      }
    }
  }

  private hashWords(words: Uint32Array, base: number, length: number): number {
    let h = Math.imul(length + 0x9e3779b9, 0x85ebca6b);
    for (let i = 0; i < this.keyWords; i++) {
      h = Math.imul(h ^ words[base + i]!, 0xcc9e2d51);
      h = (h << 15) | (h >>> 17);
    }
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    return h & this.bucketMask;
  }

  private hashSlot(slot: number): number {
    return this.hashWords(this.keys, slot * this.keyWords, this.lengths[slot]!);
  }

  private sameKey(slot: number, words: Uint32Array, length: number): boolean {
    if (this.lengths[slot] !== length) return false;
    const base = slot * this.keyWords;
    for (let i = 0; i < this.keyWords; i++) if (this.keys[base + i] !== words[i]) return false;
    return true;
  }

  private pathIdOf(slot: number): number {
    return this.pathIds ? this.pathIds[slot]! : 0;
  }

  /** The slot of (key, length, pathId), or -1. */
  find(length: number, pathId: number): number {
    const words = this.key;
    for (let s = this.buckets[this.hashWords(words, 0, length)]!; s >= 0; s = this.links[s]!) {
      if (this.sameKey(s, words, length) && this.pathIdOf(s) === pathId) return s;
    }
    return -1;
  }

  /**
   * Sets the value (and label, -1 for none) of (key, length, pathId).
   * Returns the value it replaces, or -1 when the route is new.
   */
  put(length: number, pathId: number, value: number, label = -1): number {
    const words = this.key;
    let b = this.hashWords(words, 0, length);
    for (let s = this.buckets[b]!; s >= 0; s = this.links[s]!) {
      if (!this.sameKey(s, words, length) || this.pathIdOf(s) !== pathId) continue;
      const previous = this.values[s]!;
      this.values[s] = value;
      this.setLabel(s, label);
      return previous;
    }
    if (this.freeHead < 0 || this.holds > 0) {
      if (this.highWater === this.capacity) {
        this.grow(this.capacity * 2);
        b = this.hashWords(words, 0, length);
      }
    }
    let slot: number;
    if (this.freeHead >= 0 && this.holds === 0) {
      slot = this.freeHead;
      this.freeHead = this.links[slot]!;
    } else {
      slot = this.highWater++;
    }
    const base = slot * this.keyWords;
    for (let i = 0; i < this.keyWords; i++) this.keys[base + i] = this.key[i]!;
    this.lengths[slot] = length;
    this.values[slot] = value;
    if (pathId !== 0 && !this.pathIds) this.pathIds = new Uint32Array(this.capacity);
    if (this.pathIds) this.pathIds[slot] = pathId;
    if (this.labels) this.labels[slot] = -1;
    this.setLabel(slot, label);
    this.links[slot] = this.buckets[b]!;
    this.buckets[b] = slot;
    this.lengthCounts[length]!++;
    this.live++;
    return -1;
  }

  private setLabel(slot: number, label: number): void {
    if (label >= 0 && !this.labels) this.labels = new Int32Array(this.capacity).fill(-1);
    if (this.labels) this.labels[slot] = label;
  }

  /** Removes (key, length, pathId); returns its slot (readable until the next put) or -1. */
  remove(length: number, pathId: number): number {
    const words = this.key;
    const b = this.hashWords(words, 0, length);
    let previous = -1;
    for (let s = this.buckets[b]!; s >= 0; previous = s, s = this.links[s]!) {
      if (!this.sameKey(s, words, length) || this.pathIdOf(s) !== pathId) continue;
      if (previous < 0) this.buckets[b] = this.links[s]!;
      else this.links[previous] = this.links[s]!;
      this.release(s);
      return s;
    }
    return -1;
  }

  private release(slot: number): void {
    this.lengthCounts[this.lengths[slot]!]!--;
    this.live--;
    this.removedValue = this.values[slot]!;
    this.values[slot] = FREE;
    this.links[slot] = this.freeHead;
    this.freeHead = slot;
  }

  /** The value the last remove() took out. */
  removedValue = -1;

  /** Value of a live slot; FREE (-2) once removed. */
  valueAt(slot: number): number {
    return this.values[slot]!;
  }

  isLive(slot: number): boolean {
    return slot < this.highWater && this.values[slot] !== FREE;
  }

  lengthAt(slot: number): number {
    return this.lengths[slot]!;
  }

  pathIdAt(slot: number): number {
    return this.pathIdOf(slot);
  }

  /** The slot's MPLS label, -1 when none. */
  labelAt(slot: number): number {
    return this.labels ? this.labels[slot]! : -1;
  }

  /** Copies the slot's key words into `out` (keyWords long). */
  keyAt(slot: number, out: Uint32Array): void {
    const base = slot * this.keyWords;
    for (let i = 0; i < this.keyWords; i++) out[i] = this.keys[base + i]!;
  }

  /** Whether any route has a non-zero path identifier (ADD-PATH). */
  get hasPathIds(): boolean {
    return this.pathIds !== null;
  }

  /** While held, removed slots are not reused; pair with release of the hold. */
  holdSlots(): () => void {
    this.holds++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holds--;
    };
  }

  /** The live slots in key order: RD, address, length (a prefix before its more specifics), path id. */
  sortedSlots(): Int32Array {
    const slots = new Int32Array(this.live);
    let n = 0;
    for (let s = 0; s < this.highWater; s++) if (this.values[s] !== FREE) slots[n++] = s;
    const kw = this.keyWords;
    const keys = this.keys;
    const lengths = this.lengths;
    return slots.sort((a, b) => {
      const ba = a * kw;
      const bb = b * kw;
      for (let i = 0; i < kw; i++) {
        const d = keys[ba + i]! - keys[bb + i]!;
        if (d !== 0) return d;
      }
      return lengths[a]! - lengths[b]! || this.pathIdOf(a) - this.pathIdOf(b);
    });
  }

  /**
   * The slot of the longest prefix covering the address in `key` (the RD
   * words, if any, must match exactly), or -1. With ADD-PATH any one of the
   * prefix's paths is returned; findPaths() lists them all. `fromLength`
   * starts the search at that length (a caller that rejected a match
   * looks again below it).
   */
  longestMatch(fromLength = this.maxLength): number {
    const probe = this.probe;
    const rd = this.rdWords;
    for (let i = 0; i < rd; i++) probe[i] = this.key[i]!;
    for (let length = fromLength; length >= 0; length--) {
      if (this.lengthCounts[length] === 0) continue;
      for (let w = 0; w < this.addressWords; w++) {
        const bits = length - w * 32;
        const mask = bits >= 32 ? 0xffffffff : bits <= 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
        probe[rd + w] = (this.key[rd + w]! & mask) >>> 0;
      }
      for (let s = this.buckets[this.hashWords(probe, 0, length)]!; s >= 0; s = this.links[s]!) {
        if (this.sameKey(s, probe, length)) return s;
      }
    }
    return -1;
  }

  /** Appends to `out` every slot holding the same prefix as `slot` (each ADD-PATH path). */
  findPaths(slot: number, out: number[]): void {
    const base = slot * this.keyWords;
    const length = this.lengths[slot]!;
    for (let i = 0; i < this.keyWords; i++) this.probe[i] = this.keys[base + i]!;
    for (let s = this.buckets[this.hashWords(this.probe, 0, length)]!; s >= 0; s = this.links[s]!) {
      if (this.sameKey(s, this.probe, length)) out.push(s);
    }
  }

  /** Removes every route. */
  clear(): void {
    this.buckets.fill(-1);
    this.lengthCounts.fill(0);
    this.values.fill(FREE, 0, this.highWater);
    this.freeHead = -1;
    this.highWater = 0;
    this.live = 0;
  }
}
