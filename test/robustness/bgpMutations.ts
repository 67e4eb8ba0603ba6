/**
 * Seeded mutations of valid UPDATE messages, each with what RFC 4271 and
 * RFC 7606 say the receiver must do with it:
 *
 * - session reset with a known NOTIFICATION: a broken marker (1/1), a
 *   message length below 19 or above 4096 (1/2), an unknown message type
 *   (1/3), Withdrawn Routes Length or Total Path Attribute Length past the
 *   end of the message (3/1), an NLRI prefix longer than 32 bits (3/10);
 * - no reset ('survives'): an invalid ORIGIN value or well-known attribute
 *   flags that make it optional (treat-as-withdraw, RFC 7606 §7.1, §3 c),
 *   an unknown optional transitive attribute (kept, RFC 4271 §5), an
 *   AGGREGATOR of the wrong length (attribute discard, RFC 7606 §7.7);
 * - either ('update-error-or-none'): random byte flips and truncations
 *   after the header — a flip inside a community is still a valid
 *   message — but if the session ends it must be with an UPDATE Message
 *   Error (code 3, subcodes 1-11).
 */
import { encodeUpdate, routeTarget, type UpdateSpec } from '../../src/decode/bgp/updateEncoder.ts';

export type Expected = [number, number] | 'survives' | 'update-error-or-none';

export interface Mutation {
  kind: string;
  bytes: Uint8Array;
  expect: Expected;
}

const SEEDS: UpdateSpec[] = [
  {
    origin: 0, asPath: [{ type: 2, asns: [65001, 4200000001] }, { type: 1, asns: [65010, 65011] }], nextHop: '192.0.2.1', med: 10, localPref: 100,
    atomicAggregate: true, aggregator: { as: 65001, address: '192.0.2.9' }, communities: [0xfde80064, 0xffffff01],
    extCommunities: [routeTarget(65000, 1)], largeCommunities: [[4200000001, 1, 2]],
    nlri: [{ prefix: '198.51.100.0/24' }, { prefix: '203.0.113.128/25' }],
  },
  { withdrawn: [{ prefix: '198.51.100.0/24' }, { prefix: '0.0.0.0/0' }] },
  { origin: 2, asPath: [65001], mpReach: { afi: 2, safi: 1, nextHop: '2001:db8::1', linkLocal: 'fe80::1', nlri: [{ prefix: '2001:db8:1::/48' }, { prefix: '2001:db8:2::/64' }] } },
  { mpUnreach: { afi: 2, safi: 1, nlri: [{ prefix: '2001:db8:1::/48' }] } },
  { origin: 1, asPath: [65001, 65002, 65003], nextHop: '192.0.2.2', localPref: 50, aggregator: { as: 65002, address: '192.0.2.8' }, nlri: Array.from({ length: 20 }, (_, i) => ({ prefix: `100.64.${i}.0/24` })) },
];

/** The seeds, encoded for a session with 4-octet ASNs and no ADD-PATH. */
export function seedMessages(): Uint8Array[] {
  return SEEDS.map((s) => encodeUpdate({ ...s, addPath: false }));
}

/** Where each path attribute of an encoded UPDATE starts (its flags octet), by type code. */
function attributeOffsets(m: Uint8Array): Map<number, number> {
  const withdrawn = (m[19]! << 8) | m[20]!;
  let p = 21 + withdrawn;
  const end = p + 2 + ((m[p]! << 8) | m[p + 1]!);
  p += 2;
  const offsets = new Map<number, number>();
  while (p < end) {
    offsets.set(m[p + 1]!, p);
    const extended = (m[p]! & 0x10) !== 0;
    p += extended ? 4 + ((m[p + 2]! << 8) | m[p + 3]!) : 3 + m[p + 2]!;
  }
  return offsets;
}

/** Weighted kinds: the session-ending ones are rarer, so that sessions carry many messages. */
const KINDS = [
  'marker', 'length below 19', 'length above 4096', 'message type', 'withdrawn routes length', 'path attribute length', 'NLRI prefix length',
  'flipped bytes', 'flipped bytes', 'flipped bytes', 'flipped bytes', 'truncated', 'truncated',
  'invalid ORIGIN', 'invalid ORIGIN', 'well-known flags', 'well-known flags', 'unknown attribute', 'unknown attribute', 'AGGREGATOR length', 'AGGREGATOR length',
] as const;

export function mutate(seed: Uint8Array, random: () => number): Mutation {
  const m = Uint8Array.from(seed);
  const int = (n: number): number => Math.floor(random() * n);
  const setLength = (b: Uint8Array, length: number): void => {
    b[16] = (length >>> 8) & 0xff;
    b[17] = length & 0xff;
  };
  const attrs = attributeOffsets(m);
  let kind: string = KINDS[int(KINDS.length)]!;
  // Attribute mutations need the attribute: a seed without it gets a byte flip instead.
  if ((kind === 'invalid ORIGIN' || kind === 'well-known flags') && !attrs.has(1)) kind = 'flipped bytes';
  if ((kind === 'unknown attribute' || kind === 'AGGREGATOR length') && !attrs.has(7)) kind = 'flipped bytes';
  switch (kind) {
    case 'marker':
      m[int(16)] ^= 1 + int(255);
      return { kind, bytes: m, expect: [1, 1] };
    case 'length below 19':
      setLength(m, int(19));
      return { kind, bytes: m, expect: [1, 2] };
    case 'length above 4096':
      setLength(m, 4097 + int(65535 - 4097));
      return { kind, bytes: m, expect: [1, 2] };
    case 'message type': {
      const types = [0, 6, 7, 42, 255];
      m[18] = types[int(types.length)]!;
      return { kind, bytes: m, expect: [1, 3] };
    }
    case 'withdrawn routes length': {
      const rest = m.length - 21;
      const bad = rest - 1 + 1 + int(65535 - rest);
      m[19] = bad >>> 8;
      m[20] = bad & 0xff;
      return { kind, bytes: m, expect: [3, 1] };
    }
    case 'path attribute length': {
      const at = 21 + ((m[19]! << 8) | m[20]!);
      const rest = m.length - at - 2;
      const bad = rest + 1 + int(65535 - rest - 1);
      m[at] = bad >>> 8;
      m[at + 1] = bad & 0xff;
      return { kind, bytes: m, expect: [3, 1] };
    }
    case 'NLRI prefix length': {
      // One more NLRI prefix, of 33 to 255 bits, and no bytes for it.
      const out = new Uint8Array(m.length + 1);
      out.set(m);
      out[m.length] = 33 + int(223);
      setLength(out, out.length);
      return { kind, bytes: out, expect: [3, 10] };
    }
    case 'invalid ORIGIN':
      m[attrs.get(1)! + 3] = 3 + int(253);
      return { kind, bytes: m, expect: 'survives' };
    case 'well-known flags':
      // ORIGIN marked optional (with or without the transitive bit).
      m[attrs.get(1)!] = int(2) === 0 ? 0x80 : 0xc0;
      return { kind, bytes: m, expect: 'survives' };
    case 'unknown attribute':
      // AGGREGATOR renumbered to an unassigned optional transitive type.
      m[attrs.get(7)!] = 0xc0;
      m[attrs.get(7)! + 1] = 200 + int(40);
      return { kind, bytes: m, expect: 'survives' };
    case 'AGGREGATOR length': {
      // AGGREGATOR cut to 1..7 octets (it has 8 with 4-octet ASNs), the message shortened to match.
      const at = attrs.get(7)!;
      const keep = 1 + int(7);
      const cut = 8 - keep;
      const out = new Uint8Array(m.length - cut);
      out.set(m.subarray(0, at + 3 + keep));
      out.set(m.subarray(at + 3 + 8), at + 3 + keep);
      out[at + 2] = keep;
      const attrLengthAt = 21 + ((m[19]! << 8) | m[20]!);
      const attrLength = ((m[attrLengthAt]! << 8) | m[attrLengthAt + 1]!) - cut;
      out[attrLengthAt] = attrLength >>> 8;
      out[attrLengthAt + 1] = attrLength & 0xff;
      setLength(out, out.length);
      return { kind, bytes: out, expect: 'survives' };
    }
    case 'flipped bytes': {
      const flips = 1 + int(4);
      for (let i = 0; i < flips; i++) m[19 + int(m.length - 19)] = int(256);
      return { kind, bytes: m, expect: 'update-error-or-none' };
    }
    default: {
      const cut = 23 + int(Math.max(1, m.length - 23));
      const out = m.slice(0, cut);
      setLength(out, cut);
      return { kind: 'truncated', bytes: out, expect: 'update-error-or-none' };
    }
  }
}
