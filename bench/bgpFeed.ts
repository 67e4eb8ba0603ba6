/**
 * A synthetic full-table BGP feed for the benchmarks: `routes` distinct
 * IPv4 prefixes (mostly /24, some /22 and /20) spread over `sets` distinct
 * attribute sets, `perUpdate` prefixes per UPDATE sharing one set, as a
 * router's table dump arrives. Attribute sets look like the Internet's: AS
 * paths of 2 to 6 hops ending in a few thousand origin ASes (some 4-octet),
 * zero to three standard communities, a large community on a tenth of
 * them, MED on a third, one of 250 next hops. Deterministic (seeded).
 */
import { encodeUpdate, type UpdateSpec } from '../src/decode/bgp/updateEncoder.ts';
import { seededRandom } from '../src/plugins/seededRandom.ts';

export interface FeedOptions {
  routes: number;
  sets: number;
  perUpdate: number;
  seed?: number;
}

function prefixOf(i: number): string {
  // /24s from 16.0.0.0 up: every prefix its own network; one in ten is a /22, one in fifty a /20
  // (same start address, other length: a distinct route).
  const base = (16 << 24) + i * 256;
  const length = i % 50 === 0 ? 20 : i % 10 === 0 ? 22 : 24;
  return `${base >>> 24}.${(base >>> 16) & 0xff}.${(base >>> 8) & 0xff}.0/${length}`;
}

function attributeSet(k: number, random: () => number): UpdateSpec {
  const hops = 2 + Math.floor(random() * 5);
  const path: number[] = [64512 + (k % 200)];
  for (let h = 1; h < hops - 1; h++) path.push(1000 + Math.floor(random() * 60000));
  path.push(k % 7 === 0 ? 4200000000 + (k % 3000) : 10000 + (k % 3000));
  const communities: number[] = [];
  const n = Math.floor(random() * 4);
  for (let c = 0; c < n; c++) communities.push(((64512 + Math.floor(random() * 50)) * 65536 + Math.floor(random() * 1000)) >>> 0);
  return {
    origin: k % 3,
    asPath: path,
    nextHop: `192.0.2.${1 + (k % 250)}`,
    med: k % 3 === 0 ? k % 1000 : undefined,
    localPref: 100,
    communities: communities.length > 0 ? communities : undefined,
    largeCommunities: k % 10 === 0 ? [[4200000000 + (k % 50), k % 100, 1]] : undefined,
  };
}

/** The UPDATE messages of the feed, in sending order. */
export function buildFeed(o: FeedOptions): Uint8Array[] {
  const random = seededRandom(o.seed ?? 1);
  const sets = Array.from({ length: o.sets }, (_, k) => attributeSet(k, random));
  const messages: Uint8Array[] = [];
  for (let first = 0, u = 0; first < o.routes; first += o.perUpdate, u++) {
    const nlri = [];
    for (let i = first; i < Math.min(o.routes, first + o.perUpdate); i++) nlri.push({ prefix: prefixOf(i) });
    messages.push(encodeUpdate({ ...sets[u % o.sets]!, nlri }));
  }
  return messages;
}

/** All messages as one buffer (what a socket write takes best). */
export function concatFeed(messages: readonly Uint8Array[]): Buffer {
  return Buffer.concat(messages);
}
