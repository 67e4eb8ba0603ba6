/**
 * Reference-counted interning of the lists BGP attribute sets share, kept
 * as the numbers they decode to rather than as text: AS paths (segment
 * headers and ASNs), community lists, next hops. Every UPDATE of a full
 * table carries such lists; hashing and comparing a few 32-bit words costs
 * far less than printing each list to text and looking the text up in a
 * Map, and leaves no garbage behind.
 *
 * The text pmacct prints for a list is made only when someone asks for it
 * (message log, table dump, a flow's BGP primitives) and then kept with the
 * list, so that a daemon that never prints a path never pays for its text.
 *
 * Storage: the words of every list in one arena (compacted when more than
 * half of it is garbage), and per list id one record of five 32-bit words
 * (hash, kind and length, start, reference count, chain link), so that a
 * lookup touches one cache line per list it looks at; no object per list.
 */
import { bucketCountFor } from '../../core/bucketCount.ts';

const NONE = -1;
/** Record layout: words of one list's record. */
const HASH = 0;
const KIND_LENGTH = 1;
const START = 2;
const REFS = 3;
const LINK = 4;
const STRIDE = 5;
/** KIND_LENGTH holds the kind in its top 8 bits and the word count below. */
const LENGTH_BITS = 24;
const LENGTH_MASK = (1 << LENGTH_BITS) - 1;

export class WordListPool {
  private arena = new Uint32Array(1 << 16);
  private arenaUsed = 0;
  private arenaGarbage = 0;
  private capacity = 0;
  private records = new Int32Array(0);
  private buckets = new Int32Array(0);
  private bucketMask = 0;
  private freeHead = NONE;
  private highWater = 0;
  private live = 0;
  /** Texts made on demand, by id; undefined until asked for. */
  private texts: Array<string | undefined> = [];

  constructor(initialCapacity = 1024) {
    this.grow(initialCapacity);
  }

  /** Distinct lists held. */
  get size(): number {
    return this.live;
  }

  /** Bytes of the arena and the per-list columns (texts made on demand come on top). */
  get memoryBytes(): number {
    return this.arena.byteLength + this.records.byteLength + this.buckets.byteLength;
  }

  private grow(capacity: number): void {
    const records = new Int32Array(capacity * STRIDE);
    records.set(this.records);
    this.records = records;
    this.capacity = capacity;
    const buckets = bucketCountFor(capacity);
    this.buckets = new Int32Array(buckets).fill(NONE);
    this.bucketMask = buckets - 1;
    for (let id = 0; id < this.highWater; id++) {
      const r = id * STRIDE;
      if (records[r + REFS]! <= 0) continue;
      const b = records[r + HASH]! & this.bucketMask;
      records[r + LINK] = this.buckets[b]!;
      this.buckets[b] = id;
    }
  }

  /** The id of the list `words[0, count)` of `kind` (0-255, count < 2^24), with one more reference. */
  intern(kind: number, words: Uint32Array, count: number): number {
    let h = Math.imul(kind + 1, 0x9e3779b1) ^ count;
    for (let i = 0; i < count; i++) {
      h = Math.imul(h ^ words[i]!, 0xcc9e2d51);
      h = (h << 15) | (h >>> 17);
    }
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    const arena = this.arena;
    const records = this.records;
    const kindLength = (kind << LENGTH_BITS) | count;
    for (let id = this.buckets[h & this.bucketMask]!; id !== NONE;) {
      const r = id * STRIDE;
      if (records[r + HASH] === h && records[r + KIND_LENGTH] === kindLength) {
        const start = records[r + START]!;
        let same = true;
        for (let i = 0; i < count; i++) {
          if (arena[start + i] !== words[i]) {
            same = false;
            break;
          }
        }
        if (same) {
          records[r + REFS]!++;
          return id;
        }
      }
      id = records[r + LINK]!;
    }
    if (this.freeHead === NONE && this.highWater === this.capacity) this.grow(this.capacity * 2);
    let id: number;
    if (this.freeHead !== NONE) {
      id = this.freeHead;
      this.freeHead = this.records[id * STRIDE + LINK]!;
    } else {
      id = this.highWater++;
    }
    const start = this.reserve(count);
    this.arena.set(count === words.length ? words : words.subarray(0, count), start);
    const r = id * STRIDE;
    const rec = this.records;
    rec[r + HASH] = h;
    rec[r + KIND_LENGTH] = kindLength;
    rec[r + START] = start;
    rec[r + REFS] = 1;
    const b = h & this.bucketMask;
    rec[r + LINK] = this.buckets[b]!;
    this.buckets[b] = id;
    this.live++;
    return id;
  }

  /** Room for `count` words at the arena's end: compacted first when garbage is most of it, else grown. */
  private reserve(count: number): number {
    if (this.arenaUsed + count > this.arena.length) {
      if (this.arenaGarbage > this.arenaUsed / 2) this.compact();
      if (this.arenaUsed + count > this.arena.length) {
        const grown = new Uint32Array(Math.max(this.arena.length * 2, this.arenaUsed + count));
        grown.set(this.arena.subarray(0, this.arenaUsed));
        this.arena = grown;
      }
    }
    const start = this.arenaUsed;
    this.arenaUsed += count;
    return start;
  }

  /** Moves the live lists to the front of the arena, in id order. */
  private compact(): void {
    const next = new Uint32Array(this.arena.length);
    let used = 0;
    const records = this.records;
    for (let id = 0; id < this.highWater; id++) {
      const r = id * STRIDE;
      if (records[r + REFS]! <= 0) continue;
      const start = records[r + START]!;
      const count = records[r + KIND_LENGTH]! & LENGTH_MASK;
      next.set(this.arena.subarray(start, start + count), used);
      records[r + START] = used;
      used += count;
    }
    this.arena = next;
    this.arenaUsed = used;
    this.arenaGarbage = 0;
  }

  /** One more reference to a list already held. */
  retain(id: number): void {
    this.records[id * STRIDE + REFS]!++;
  }

  /** Drops one reference; the list (and its text) goes with the last one. */
  release(id: number): void {
    const records = this.records;
    const r = id * STRIDE;
    if (--records[r + REFS]! > 0) return;
    const b = records[r + HASH]! & this.bucketMask;
    let previous = NONE;
    for (let s = this.buckets[b]!; s !== NONE; previous = s, s = records[s * STRIDE + LINK]!) {
      if (s !== id) continue;
      if (previous === NONE) this.buckets[b] = records[r + LINK]!;
      else records[previous * STRIDE + LINK] = records[r + LINK]!;
      break;
    }
    this.arenaGarbage += records[r + KIND_LENGTH]! & LENGTH_MASK;
    if (this.texts[id] !== undefined) this.texts[id] = undefined;
    records[r + REFS] = 0;
    records[r + LINK] = this.freeHead;
    this.freeHead = id;
    this.live--;
  }

  kindOf(id: number): number {
    return this.records[id * STRIDE + KIND_LENGTH]! >>> LENGTH_BITS;
  }

  lengthOf(id: number): number {
    return this.records[id * STRIDE + KIND_LENGTH]! & LENGTH_MASK;
  }

  /** The list's words, a view valid until the next intern(). */
  wordsOf(id: number): Uint32Array {
    const start = this.records[id * STRIDE + START]!;
    return this.arena.subarray(start, start + this.lengthOf(id));
  }

  /** The list's text, made by `render` the first time it is asked for. */
  text(id: number, render: (pool: WordListPool, id: number) => string): string {
    const known = this.texts[id];
    if (known !== undefined) return known;
    const made = render(this, id);
    while (this.texts.length < id) this.texts.push(undefined);
    this.texts[id] = made;
    return made;
  }
}
