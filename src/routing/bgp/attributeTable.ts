/**
 * Interned BGP path attribute sets, one per distinct set, shared by every
 * route of every peer that carries it and reference-counted: a route holds
 * one reference, the set goes when its last route does.
 *
 * A set is what pmacct logs and correlates of a route's attributes: ORIGIN,
 * AS path, BGP next hop, MED, LOCAL_PREF, the three community lists, AIGP,
 * the Prefix-SID label index, and (for the flow correlation) the first and
 * last AS of the path. The lists are ids into a WordListPool, interned by
 * their decoded numbers (no text is made while UPDATEs are applied; the
 * text pmacct prints is made when first asked for and kept); the numbers
 * are columns of typed arrays indexed by set id, so a set costs about 60
 * bytes and no JavaScript object.
 */
import { communitiesText, extendedCommunitiesText, largeCommunitiesText } from '../../decode/bgp/communityText.ts';
import { AsPath } from '../../decode/bgp/asPath.ts';
import type { PathAttributes } from '../../decode/bgp/pathAttributes.ts';
import { AF_INET, AF_INET6 } from '../../model/flowRecord.ts';
import { ipv4Text, ipv6Text, parseIp } from '../../model/ipText.ts';
import { StringPool } from './stringPool.ts';
import { WordListPool } from './wordListPool.ts';
import { bucketCountFor } from '../../core/bucketCount.ts';

/** Kinds of list in the pool: the same words mean different things under each. */
const LIST_AS_PATH = 1;
const LIST_COMMUNITIES = 2;
const LIST_EXT_COMMUNITIES = 3;
const LIST_LARGE_COMMUNITIES = 4;
const LIST_NEXT_HOP_V4 = 5;
const LIST_NEXT_HOP_V6 = 6;

const HAS_MED = 1;
const HAS_LOCAL_PREF = 2;
const HAS_AIGP = 4;
const NONE = -1;

export class AttributeTable {
  /**
   * No longer holds the attribute texts (they live in `lists`, made on
   * demand); kept so that code written against the earlier table still
   * compiles.
   * @deprecated
   */
  readonly strings = new StringPool();
  /** AS paths, community lists and next hops of the held sets, by their numbers. */
  readonly lists = new WordListPool();
  /** Scratch words of the list being interned. */
  private scratch = new Uint32Array(64);
  /** Scratch address of intern()'s next hop. */
  private readonly nextHopBytes = new Uint8Array(16);
  private capacity = 0;
  private origin = new Uint8Array(0);
  private flags = new Uint8Array(0);
  private asPath = new Int32Array(0);
  private nextHop = new Int32Array(0);
  private comms = new Int32Array(0);
  private ecomms = new Int32Array(0);
  private lcomms = new Int32Array(0);
  private med = new Uint32Array(0);
  private localPref = new Uint32Array(0);
  private aigp = new Float64Array(0);
  private psidLi = new Uint32Array(0);
  private firstAs = new Uint32Array(0);
  private lastAs = new Uint32Array(0);
  private refs = new Int32Array(0);
  private hashes = new Int32Array(0);
  private links = new Int32Array(0);
  private buckets = new Int32Array(0);
  private bucketMask = 0;
  private freeHead = -1;
  private highWater = 0;
  private live = 0;

  constructor(initialCapacity = 1024) {
    this.grow(initialCapacity);
  }

  /** Distinct attribute sets held. */
  get size(): number {
    return this.live;
  }

  /** Bytes of the typed columns and of the pooled lists (texts made on demand come on top). */
  get memoryBytes(): number {
    // Per set: 2 one-byte columns, 13 four-byte ones, 1 eight-byte one; then the pooled lists.
    return this.capacity * (2 + 13 * 4 + 8) + this.buckets.byteLength + this.lists.memoryBytes;
  }

  private grow(capacity: number): void {
    const copy = <T extends { set(source: ArrayLike<number>): void }>(old: ArrayLike<number>, make: (n: number) => T): T => {
      const next = make(capacity);
      next.set(old);
      return next;
    };
    this.origin = copy(this.origin, (n) => new Uint8Array(n));
    this.flags = copy(this.flags, (n) => new Uint8Array(n));
    this.asPath = copy(this.asPath, (n) => new Int32Array(n));
    this.nextHop = copy(this.nextHop, (n) => new Int32Array(n));
    this.comms = copy(this.comms, (n) => new Int32Array(n));
    this.ecomms = copy(this.ecomms, (n) => new Int32Array(n));
    this.lcomms = copy(this.lcomms, (n) => new Int32Array(n));
    this.med = copy(this.med, (n) => new Uint32Array(n));
    this.localPref = copy(this.localPref, (n) => new Uint32Array(n));
    this.aigp = copy(this.aigp, (n) => new Float64Array(n));
    this.psidLi = copy(this.psidLi, (n) => new Uint32Array(n));
    this.firstAs = copy(this.firstAs, (n) => new Uint32Array(n));
    this.lastAs = copy(this.lastAs, (n) => new Uint32Array(n));
    this.refs = copy(this.refs, (n) => new Int32Array(n));
    this.hashes = copy(this.hashes, (n) => new Int32Array(n));
    this.links = copy(this.links, (n) => new Int32Array(n));
    this.capacity = capacity;
    const buckets = bucketCountFor(capacity);
    this.buckets = new Int32Array(buckets).fill(NONE);
    this.bucketMask = buckets - 1;
    for (let id = 0; id < this.highWater; id++) {
      if (this.refs[id]! <= 0) continue;
      const b = this.hashes[id]! & this.bucketMask;
      this.links[id] = this.buckets[b]!;
      this.buckets[b] = id;
    }
  }

  /**
   * The id of the set `attrs` describes with `nextHopText` as its next hop
   * (the NEXT_HOP or the MP_REACH_NLRI one, whichever applies), holding
   * one more reference for the caller. `ipv4NextHop` (the address as an
   * unsigned number) spares parsing the text; -1 when it is not IPv4.
   * internWithNextHop() takes the address as bytes and is what UPDATEs use.
   */
  intern(attrs: PathAttributes, nextHopText: () => string, ipv4NextHop = -1): number {
    const bytes = this.nextHopBytes;
    if (ipv4NextHop >= 0) {
      bytes[0] = ipv4NextHop >>> 24;
      bytes[1] = (ipv4NextHop >>> 16) & 0xff;
      bytes[2] = (ipv4NextHop >>> 8) & 0xff;
      bytes[3] = ipv4NextHop & 0xff;
      return this.internWithNextHop(attrs, 4, bytes);
    }
    const family = parseIp(nextHopText(), bytes);
    return this.internWithNextHop(attrs, family === AF_INET6 ? 6 : 4, family === AF_INET || family === AF_INET6 ? bytes : ZERO_ADDRESS);
  }

  /** The words of the AS path (per segment: type << 16 | length, then its ASNs) into the scratch; their count. */
  private asPathWords(path: AsPath): number {
    const need = path.segmentCount + path.asnCount;
    if (need > this.scratch.length) this.scratch = new Uint32Array(need * 2);
    const w = this.scratch;
    let n = 0;
    for (let s = 0, a = 0; s < path.segmentCount; s++) {
      const len = path.lengths[s]!;
      w[n++] = (path.types[s]! << 16) | len;
      for (let i = 0; i < len; i++) w[n++] = path.asns[a++]!;
    }
    return n;
  }

  /** `count` bytes into scratch words, big-endian (count a multiple of 4); the word count. */
  private byteWords(bytes: Uint8Array, count: number): number {
    const n = count >>> 2;
    if (n > this.scratch.length) this.scratch = new Uint32Array(n * 2);
    const w = this.scratch;
    for (let i = 0, p = 0; i < n; i++, p += 4) w[i] = ((bytes[p]! << 24) | (bytes[p + 1]! << 16) | (bytes[p + 2]! << 8) | bytes[p + 3]!) >>> 0;
    return n;
  }

  /**
   * The id of the set `attrs` describes with the next hop `nextHopAddress` of
   * `family` (4: its first 4 bytes; 6: 16 bytes), holding one more
   * reference for the caller.
   */
  internWithNextHop(attrs: PathAttributes, family: 4 | 6, nextHopAddress: Uint8Array): number {
    const lists = this.lists;
    const asPath = attrs.hasAsPath ? lists.intern(LIST_AS_PATH, this.scratch, this.asPathWords(attrs.asPath)) : lists.intern(LIST_AS_PATH, this.scratch, 0);
    const nextHop = family === 4
      ? lists.intern(LIST_NEXT_HOP_V4, this.scratch, this.byteWords(nextHopAddress, 4))
      : lists.intern(LIST_NEXT_HOP_V6, this.scratch, this.byteWords(nextHopAddress, 16));
    const comms = attrs.hasCommunities ? lists.intern(LIST_COMMUNITIES, attrs.communities, attrs.communityCount) : NONE;
    const ecomms = attrs.hasExtCommunities ? lists.intern(LIST_EXT_COMMUNITIES, this.scratch, this.byteWords(attrs.extCommunities, attrs.extCommunityCount * 8)) : NONE;
    const lcomms = attrs.hasLargeCommunities ? lists.intern(LIST_LARGE_COMMUNITIES, this.scratch, this.byteWords(attrs.largeCommunities, attrs.largeCommunityCount * 12)) : NONE;
    const origin = attrs.origin < 0 ? 0 : attrs.origin;
    const flags = (attrs.hasMed ? HAS_MED : 0) | (attrs.hasLocalPref ? HAS_LOCAL_PREF : 0) | (attrs.hasAigp ? HAS_AIGP : 0);
    const med = attrs.hasMed ? attrs.med : 0;
    const localPref = attrs.hasLocalPref ? attrs.localPref : 0;
    const aigp = attrs.hasAigp ? attrs.aigp : 0;
    const psidLi = attrs.prefixSidLabelIndex;

    let h = Math.imul(origin + 1, 0x9e3779b1) ^ flags;
    h = Math.imul(h ^ asPath, 0x85ebca6b);
    h = Math.imul(h ^ nextHop, 0xc2b2ae35);
    h = Math.imul(h ^ comms, 0x27d4eb2f);
    h = Math.imul(h ^ ecomms, 0x165667b1);
    h = Math.imul(h ^ lcomms, 0x9e3779b1);
    h = Math.imul(h ^ med, 0x85ebca6b);
    h = Math.imul(h ^ localPref, 0xc2b2ae35);
    h = Math.imul(h ^ psidLi, 0x27d4eb2f) ^ (aigp | 0);
    h ^= h >>> 15;

    for (let id = this.buckets[h & this.bucketMask]!; id !== NONE; id = this.links[id]!) {
      if (this.hashes[id] === h && this.asPath[id] === asPath && this.nextHop[id] === nextHop && this.comms[id] === comms &&
        this.ecomms[id] === ecomms && this.lcomms[id] === lcomms && this.origin[id] === origin && this.flags[id] === flags &&
        this.med[id] === med && this.localPref[id] === localPref && this.aigp[id] === aigp && this.psidLi[id] === psidLi) {
        // The set holds its own references to these lists already.
        lists.release(asPath);
        lists.release(nextHop);
        if (comms !== NONE) lists.release(comms);
        if (ecomms !== NONE) lists.release(ecomms);
        if (lcomms !== NONE) lists.release(lcomms);
        this.refs[id]!++;
        return id;
      }
    }

    if (this.freeHead === NONE && this.highWater === this.capacity) this.grow(this.capacity * 2);
    let id: number;
    if (this.freeHead !== NONE) {
      id = this.freeHead;
      this.freeHead = this.links[id]!;
    } else {
      id = this.highWater++;
    }
    this.origin[id] = origin;
    this.flags[id] = flags;
    this.asPath[id] = asPath;
    this.nextHop[id] = nextHop;
    this.comms[id] = comms;
    this.ecomms[id] = ecomms;
    this.lcomms[id] = lcomms;
    this.med[id] = med;
    this.localPref[id] = localPref;
    this.aigp[id] = aigp;
    this.psidLi[id] = psidLi;
    this.firstAs[id] = attrs.hasAsPath ? attrs.asPath.firstAs() : 0;
    this.lastAs[id] = attrs.hasAsPath ? attrs.asPath.lastAs() : 0;
    this.refs[id] = 1;
    this.hashes[id] = h;
    const b = h & this.bucketMask;
    this.links[id] = this.buckets[b]!;
    this.buckets[b] = id;
    this.live++;
    return id;
  }

  /** One more reference to a set already held (a route copied, a log line pending). */
  retain(id: number): void {
    this.refs[id]!++;
  }

  /** Drops one reference; the set and its texts go with the last one. */
  release(id: number): void {
    if (--this.refs[id]! > 0) return;
    const b = this.hashes[id]! & this.bucketMask;
    let previous = NONE;
    for (let s = this.buckets[b]!; s !== NONE; previous = s, s = this.links[s]!) {
      if (s !== id) continue;
      if (previous === NONE) this.buckets[b] = this.links[s]!;
      else this.links[previous] = this.links[s]!;
      break;
    }
    const lists = this.lists;
    lists.release(this.asPath[id]!);
    lists.release(this.nextHop[id]!);
    if (this.comms[id] !== NONE) lists.release(this.comms[id]!);
    if (this.ecomms[id] !== NONE) lists.release(this.ecomms[id]!);
    if (this.lcomms[id] !== NONE) lists.release(this.lcomms[id]!);
    this.refs[id] = 0;
    this.links[id] = this.freeHead;
    this.freeHead = id;
    this.live--;
  }

  references(id: number): number {
    return this.refs[id]!;
  }

  /** ORIGIN code: 0 IGP, 1 EGP, 2 INCOMPLETE. */
  originOf(id: number): number {
    return this.origin[id]!;
  }

  asPathText(id: number): string {
    return this.lists.text(this.asPath[id]!, renderList);
  }

  nextHopText(id: number): string {
    return this.lists.text(this.nextHop[id]!, renderList);
  }

  /** The COMMUNITIES text, or null when the route has none. */
  communitiesText(id: number): string | null {
    const s = this.comms[id]!;
    return s === NONE ? null : this.lists.text(s, renderList);
  }

  extCommunitiesText(id: number): string | null {
    const s = this.ecomms[id]!;
    return s === NONE ? null : this.lists.text(s, renderList);
  }

  largeCommunitiesText(id: number): string | null {
    const s = this.lcomms[id]!;
    return s === NONE ? null : this.lists.text(s, renderList);
  }

  hasMed(id: number): boolean {
    return (this.flags[id]! & HAS_MED) !== 0;
  }

  medOf(id: number): number {
    return this.med[id]!;
  }

  hasLocalPref(id: number): boolean {
    return (this.flags[id]! & HAS_LOCAL_PREF) !== 0;
  }

  localPrefOf(id: number): number {
    return this.localPref[id]!;
  }

  hasAigp(id: number): boolean {
    return (this.flags[id]! & HAS_AIGP) !== 0;
  }

  aigpOf(id: number): number {
    return this.aigp[id]!;
  }

  /** Prefix-SID label index, 0 when none (pmacct prints it only when non-zero). */
  prefixSidLabelIndexOf(id: number): number {
    return this.psidLi[id]!;
  }

  /** First AS of the path (the neighbour AS), 0 when none. */
  firstAsOf(id: number): number {
    return this.firstAs[id]!;
  }

  /** Last AS of the path (the origin AS), 0 when none. */
  lastAsOf(id: number): number {
    return this.lastAs[id]!;
  }
}

const ZERO_ADDRESS = new Uint8Array(16);
const renderPath = new AsPath();
const renderBytes = new Uint8Array(16);
let renderList8 = new Uint8Array(64);

/** The words of a list back to big-endian bytes (a scratch buffer). */
function listBytes(words: Uint32Array): Uint8Array {
  const n = words.length * 4;
  if (n > renderList8.length) renderList8 = new Uint8Array(n * 2);
  const b = renderList8;
  for (let i = 0; i < words.length; i++) {
    const v = words[i]!;
    b[i * 4] = v >>> 24;
    b[i * 4 + 1] = (v >>> 16) & 0xff;
    b[i * 4 + 2] = (v >>> 8) & 0xff;
    b[i * 4 + 3] = v & 0xff;
  }
  return b;
}

/** pmacct's text of a pooled list, by its kind. */
function renderList(pool: WordListPool, id: number): string {
  const words = pool.wordsOf(id);
  switch (pool.kindOf(id)) {
    case LIST_AS_PATH: {
      const path = renderPath;
      path.clear();
      for (let i = 0; i < words.length;) {
        const header = words[i++]!;
        path.beginSegment(header >>> 16);
        for (let n = header & 0xffff; n > 0; n--) path.push(words[i++]!);
      }
      return path.text();
    }
    case LIST_COMMUNITIES:
      return communitiesText(words, words.length);
    case LIST_EXT_COMMUNITIES:
      return extendedCommunitiesText(listBytes(words), words.length >>> 1);
    case LIST_LARGE_COMMUNITIES:
      return largeCommunitiesText(listBytes(words), words.length / 3);
    case LIST_NEXT_HOP_V4:
      renderBytes.set(listBytes(words).subarray(0, 4));
      return ipv4Text(renderBytes);
    default:
      renderBytes.set(listBytes(words).subarray(0, 16));
      return ipv6Text(renderBytes);
  }
}
