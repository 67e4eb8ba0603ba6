/**
 * The path attributes of one UPDATE, decoded into reused storage (no
 * allocation per message unless a list outgrows its array): ORIGIN,
 * AS_PATH and AS4_PATH, NEXT_HOP, MULTI_EXIT_DISC, LOCAL_PREF,
 * ATOMIC_AGGREGATE, AGGREGATOR, COMMUNITIES, EXTENDED_COMMUNITIES,
 * LARGE_COMMUNITIES, AIGP (RFC 7311) and the Label-Index of Prefix-SID
 * (RFC 8669), the two "extra" fields pmacct prints. Other attributes are
 * skipped; MP_REACH_NLRI and MP_UNREACH_NLRI are located by the UPDATE
 * decoder, which owns the message layout.
 */
import { AsPath } from './asPath.ts';

export class PathAttributes {
  /** 0 IGP, 1 EGP, 2 INCOMPLETE; -1 when absent. */
  origin = -1;
  readonly asPath = new AsPath();
  hasAsPath = false;
  readonly as4Path = new AsPath();
  hasAs4Path = false;
  readonly nextHop = new Uint8Array(4);
  hasNextHop = false;
  med = 0;
  hasMed = false;
  localPref = 0;
  hasLocalPref = false;
  atomicAggregate = false;
  aggregatorAs = 0;
  readonly aggregatorAddress = new Uint8Array(4);
  hasAggregator = false;
  communities = new Uint32Array(16);
  communityCount = 0;
  hasCommunities = false;
  extCommunities = new Uint8Array(16 * 8);
  extCommunityCount = 0;
  hasExtCommunities = false;
  largeCommunities = new Uint8Array(16 * 12);
  largeCommunityCount = 0;
  hasLargeCommunities = false;
  /** AIGP metric (may exceed 2^53 in theory; kept as a double like every counter here). */
  aigp = 0;
  hasAigp = false;
  prefixSidLabelIndex = 0;
  /** Attribute type codes seen in this message (duplicates are discarded, RFC 7606 §3 g). */
  private readonly seen = new Uint32Array(8);
  /** Scratch for the AS4_PATH merge. */
  readonly mergeScratch = new AsPath();

  clear(): void {
    this.origin = -1;
    this.hasAsPath = false;
    this.asPath.clear();
    this.hasAs4Path = false;
    this.as4Path.clear();
    this.hasNextHop = false;
    this.hasMed = false;
    this.hasLocalPref = false;
    this.atomicAggregate = false;
    this.hasAggregator = false;
    this.communityCount = 0;
    this.hasCommunities = false;
    this.extCommunityCount = 0;
    this.hasExtCommunities = false;
    this.largeCommunityCount = 0;
    this.hasLargeCommunities = false;
    this.hasAigp = false;
    this.aigp = 0;
    this.prefixSidLabelIndex = 0;
    this.seen.fill(0);
  }

  /** Marks `type` seen; false when it already was (a duplicate). */
  markSeen(type: number): boolean {
    const word = type >>> 5;
    const bit = 1 << (type & 31);
    if ((this.seen[word]! & bit) !== 0) return false;
    this.seen[word]! |= bit;
    return true;
  }

  setCommunities(bytes: Uint8Array, start: number, length: number): void {
    const count = length >>> 2;
    if (count > this.communities.length) this.communities = new Uint32Array(count);
    for (let i = 0, p = start; i < count; i++, p += 4) {
      this.communities[i] = ((bytes[p]! << 24) | (bytes[p + 1]! << 16) | (bytes[p + 2]! << 8) | bytes[p + 3]!) >>> 0;
    }
    this.communityCount = count;
    this.hasCommunities = true;
  }

  setExtCommunities(bytes: Uint8Array, start: number, length: number): void {
    if (length > this.extCommunities.length) this.extCommunities = new Uint8Array(length);
    this.extCommunities.set(bytes.subarray(start, start + length));
    this.extCommunityCount = length >>> 3;
    this.hasExtCommunities = true;
  }

  setLargeCommunities(bytes: Uint8Array, start: number, length: number): void {
    if (length > this.largeCommunities.length) this.largeCommunities = new Uint8Array(length);
    this.largeCommunities.set(bytes.subarray(start, start + length));
    this.largeCommunityCount = length / 12;
    this.hasLargeCommunities = true;
  }
}
