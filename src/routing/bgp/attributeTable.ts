/**
 * Interned BGP path attribute sets, one per distinct set, shared by every
 * route of every peer that carries it and reference-counted: a route holds
 * one reference, the set goes when its last route does.
 *
 * A set is what pmacct logs and correlates of a route's attributes: ORIGIN,
 * AS path text, BGP next hop text, MED, LOCAL_PREF, the three community
 * texts, AIGP, the Prefix-SID label index, and (for the coming flow
 * correlation) the first and last AS of the path. Texts are ids into a
 * StringPool; the numbers are columns of typed arrays indexed by set id,
 * so a set costs about 60 bytes and no JavaScript object.
 */
import { communitiesText, extendedCommunitiesText, largeCommunitiesText } from '../../decode/bgp/communityText.ts';
import type { PathAttributes } from '../../decode/bgp/pathAttributes.ts';
import { StringPool } from './stringPool.ts';

const HAS_MED = 1;
const HAS_LOCAL_PREF = 2;
const HAS_AIGP = 4;
const NONE = -1;

export class AttributeTable {
  readonly strings = new StringPool();
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

  /** Bytes of the typed columns (the pooled strings come on top). */
  get memoryBytes(): number {
    // Per set: 2 one-byte columns, 13 four-byte ones, 1 eight-byte one.
    return this.capacity * (2 + 13 * 4 + 8) + this.buckets.byteLength;
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
    let buckets = 16;
    while (buckets < capacity) buckets *= 2;
    this.buckets = new Int32Array(buckets).fill(NONE);
    this.bucketMask = buckets - 1;
    for (let id = 0; id < this.highWater; id++) {
      if (this.refs[id]! <= 0) continue;
      const b = this.hashes[id]! & this.bucketMask;
      this.links[id] = this.buckets[b]!;
      this.buckets[b] = id;
    }
  }

  /** IPv4 next hop (as a number) to its text's pool id: next hops are few, and this spares a text per UPDATE. */
  private readonly ipv4NextHops = new Map<number, number>();

  /**
   * The id of the set `attrs` describes with `nextHopText` as its next hop
   * (the NEXT_HOP or the MP_REACH_NLRI one, whichever applies), holding
   * one more reference for the caller. `nextHopText` is called only for a
   * next hop not seen before when `ipv4NextHop` (the address as an
   * unsigned number, -1 for IPv6) is given.
   */
  intern(attrs: PathAttributes, nextHopText: () => string, ipv4NextHop = -1): number {
    const pool = this.strings;
    const asPath = pool.intern(attrs.hasAsPath ? attrs.asPath.text() : '');
    let nextHop: number;
    const known = ipv4NextHop >= 0 ? this.ipv4NextHops.get(ipv4NextHop) : undefined;
    if (known !== undefined) {
      nextHop = known;
      pool.retain(known);
    } else {
      nextHop = pool.intern(nextHopText());
      // The map holds a reference of its own, so the id stays valid while it is listed.
      if (ipv4NextHop >= 0) {
        // Bounded: a peer cycling through next hops cannot grow the map without end.
        if (this.ipv4NextHops.size >= 65536) {
          for (const id of this.ipv4NextHops.values()) pool.release(id);
          this.ipv4NextHops.clear();
        }
        pool.retain(nextHop);
        this.ipv4NextHops.set(ipv4NextHop, nextHop);
      }
    }
    const comms = attrs.hasCommunities ? pool.intern(communitiesText(attrs.communities, attrs.communityCount)) : NONE;
    const ecomms = attrs.hasExtCommunities ? pool.intern(extendedCommunitiesText(attrs.extCommunities, attrs.extCommunityCount)) : NONE;
    const lcomms = attrs.hasLargeCommunities ? pool.intern(largeCommunitiesText(attrs.largeCommunities, attrs.largeCommunityCount)) : NONE;
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
        // The set holds its own references to these texts already.
        pool.release(asPath);
        pool.release(nextHop);
        if (comms !== NONE) pool.release(comms);
        if (ecomms !== NONE) pool.release(ecomms);
        if (lcomms !== NONE) pool.release(lcomms);
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
    const pool = this.strings;
    pool.release(this.asPath[id]!);
    pool.release(this.nextHop[id]!);
    if (this.comms[id] !== NONE) pool.release(this.comms[id]!);
    if (this.ecomms[id] !== NONE) pool.release(this.ecomms[id]!);
    if (this.lcomms[id] !== NONE) pool.release(this.lcomms[id]!);
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
    return this.strings.text(this.asPath[id]!);
  }

  nextHopText(id: number): string {
    return this.strings.text(this.nextHop[id]!);
  }

  /** The COMMUNITIES text, or null when the route has none. */
  communitiesText(id: number): string | null {
    const s = this.comms[id]!;
    return s === NONE ? null : this.strings.text(s);
  }

  extCommunitiesText(id: number): string | null {
    const s = this.ecomms[id]!;
    return s === NONE ? null : this.strings.text(s);
  }

  largeCommunitiesText(id: number): string | null {
    const s = this.lcomms[id]!;
    return s === NONE ? null : this.strings.text(s);
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
