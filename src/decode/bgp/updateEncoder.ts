/**
 * Builds UPDATE messages from a plain description. tsacct never sends
 * UPDATEs to its peers; this is for the test peer, the robustness
 * mutations and the benchmark feed, which need exact control over every
 * byte (including, with `rawAttributes`, bytes no valid speaker sends).
 */
import { parseIp } from '../../model/ipText.ts';
import { AF_INET } from '../../model/flowRecord.ts';
import {
  ATTR_AGGREGATOR,
  ATTR_AS4_PATH,
  ATTR_AS_PATH,
  ATTR_ATOMIC_AGGREGATE,
  ATTR_COMMUNITIES,
  ATTR_EXTENDED_COMMUNITIES,
  ATTR_FLAG_EXTENDED_LENGTH,
  ATTR_FLAG_OPTIONAL,
  ATTR_FLAG_TRANSITIVE,
  ATTR_LARGE_COMMUNITIES,
  ATTR_LOCAL_PREF,
  ATTR_MP_REACH_NLRI,
  ATTR_MP_UNREACH_NLRI,
  ATTR_MULTI_EXIT_DISC,
  ATTR_NEXT_HOP,
  ATTR_ORIGIN,
  AS_SEQUENCE,
  BGP_HEADER_LENGTH,
  MSG_UPDATE,
  SAFI_MPLS_VPN,
} from './bgpConstants.ts';
import { writeHeader } from './bgpMessageReader.ts';

export interface PrefixSpec {
  /** "192.0.2.0/24" or "2001:db8::/32". */
  prefix: string;
  pathId?: number;
  /** MPLS labels, the last one gets the bottom-of-stack bit. */
  labels?: number[];
  /** 8 raw bytes of route distinguisher. */
  rd?: Uint8Array;
}

export interface AsSegmentSpec {
  type: number;
  asns: number[];
}

export interface UpdateSpec {
  withdrawn?: PrefixSpec[];
  nlri?: PrefixSpec[];
  /** ADD-PATH: every prefix of every region carries its pathId (0 when unset). */
  addPath?: boolean;
  /** 4-octet ASNs in AS_PATH and AGGREGATOR (default true). */
  fourOctetAs?: boolean;
  origin?: number;
  asPath?: AsSegmentSpec[] | number[];
  as4Path?: AsSegmentSpec[];
  nextHop?: string;
  med?: number;
  localPref?: number;
  atomicAggregate?: boolean;
  aggregator?: { as: number; address: string };
  communities?: number[];
  /** 8 bytes each. */
  extCommunities?: Uint8Array[];
  largeCommunities?: [number, number, number][];
  mpReach?: { afi: number; safi: number; nextHop: string; nlri: PrefixSpec[]; linkLocal?: string };
  mpUnreach?: { afi: number; safi: number; nlri: PrefixSpec[] };
  /** Attributes appended as given (flags, type, length and value included). */
  rawAttributes?: Uint8Array[];
}

class ByteWriter {
  bytes = new Uint8Array(256);
  length = 0;

  private ensure(n: number): void {
    if (this.length + n <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.length + n));
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }

  u8(v: number): void {
    this.ensure(1);
    this.bytes[this.length++] = v & 0xff;
  }

  u16(v: number): void {
    this.u8(v >>> 8);
    this.u8(v);
  }

  u32(v: number): void {
    this.u16((v >>> 16) & 0xffff);
    this.u16(v & 0xffff);
  }

  put(b: Uint8Array): void {
    this.ensure(b.length);
    this.bytes.set(b, this.length);
    this.length += b.length;
  }

  result(): Uint8Array {
    return this.bytes.slice(0, this.length);
  }
}

const scratch = new Uint8Array(16);

function addressBytes(text: string): Uint8Array {
  const family = parseIp(text, scratch);
  if (family === 0) throw new Error(`bad address ${text}`);
  return scratch.slice(0, family === AF_INET ? 4 : 16);
}

function writePrefix(w: ByteWriter, p: PrefixSpec, addPath: boolean): void {
  const slash = p.prefix.indexOf('/');
  const addr = addressBytes(p.prefix.slice(0, slash));
  const bits = Number(p.prefix.slice(slash + 1));
  if (addPath) w.u32(p.pathId ?? 0);
  const labels = p.labels ?? [];
  const extra = labels.length * 24 + (p.rd ? 64 : 0);
  w.u8(bits + extra);
  labels.forEach((label, i) => {
    const bottom = i === labels.length - 1 ? 1 : 0;
    w.u8(label >>> 12);
    w.u8(label >>> 4);
    w.u8(((label & 0xf) << 4) | bottom);
  });
  if (p.rd) w.put(p.rd);
  w.put(addr.subarray(0, (bits + 7) >>> 3));
}

function attribute(w: ByteWriter, flags: number, type: number, value: Uint8Array): void {
  const extended = value.length > 255;
  w.u8(flags | (extended ? ATTR_FLAG_EXTENDED_LENGTH : 0));
  w.u8(type);
  if (extended) w.u16(value.length);
  else w.u8(value.length);
  w.put(value);
}

function asPathValue(segments: AsSegmentSpec[] | number[], asnSize: number): Uint8Array {
  const w = new ByteWriter();
  const list: AsSegmentSpec[] = segments.length > 0 && typeof segments[0] === 'number'
    ? [{ type: AS_SEQUENCE, asns: segments as number[] }]
    : (segments as AsSegmentSpec[]);
  for (const s of list) {
    w.u8(s.type);
    w.u8(s.asns.length);
    for (const asn of s.asns) {
      if (asnSize === 4) w.u32(asn);
      else w.u16(asn);
    }
  }
  return w.result();
}

export function encodeUpdate(spec: UpdateSpec): Uint8Array {
  const addPath = spec.addPath ?? false;
  const asnSize = spec.fourOctetAs === false ? 2 : 4;
  const withdrawn = new ByteWriter();
  for (const p of spec.withdrawn ?? []) writePrefix(withdrawn, p, addPath);
  const attrs = new ByteWriter();
  const WK = ATTR_FLAG_TRANSITIVE;
  const OPT = ATTR_FLAG_OPTIONAL;
  const OPT_T = ATTR_FLAG_OPTIONAL | ATTR_FLAG_TRANSITIVE;
  if (spec.origin !== undefined) attribute(attrs, WK, ATTR_ORIGIN, Uint8Array.of(spec.origin));
  if (spec.asPath !== undefined) attribute(attrs, WK, ATTR_AS_PATH, asPathValue(spec.asPath, asnSize));
  if (spec.nextHop !== undefined) attribute(attrs, WK, ATTR_NEXT_HOP, addressBytes(spec.nextHop));
  if (spec.med !== undefined) {
    const v = new ByteWriter();
    v.u32(spec.med);
    attribute(attrs, OPT, ATTR_MULTI_EXIT_DISC, v.result());
  }
  if (spec.localPref !== undefined) {
    const v = new ByteWriter();
    v.u32(spec.localPref);
    attribute(attrs, WK, ATTR_LOCAL_PREF, v.result());
  }
  if (spec.atomicAggregate) attribute(attrs, WK, ATTR_ATOMIC_AGGREGATE, new Uint8Array(0));
  if (spec.aggregator) {
    const v = new ByteWriter();
    if (asnSize === 4) v.u32(spec.aggregator.as);
    else v.u16(spec.aggregator.as);
    v.put(addressBytes(spec.aggregator.address));
    attribute(attrs, OPT_T, ATTR_AGGREGATOR, v.result());
  }
  if (spec.communities) {
    const v = new ByteWriter();
    for (const c of spec.communities) v.u32(c);
    attribute(attrs, OPT_T, ATTR_COMMUNITIES, v.result());
  }
  if (spec.mpReach) {
    const v = new ByteWriter();
    const m = spec.mpReach;
    v.u16(m.afi);
    v.u8(m.safi);
    let nh = addressBytes(m.nextHop);
    if (m.linkLocal) {
      const both = new Uint8Array(32);
      both.set(nh);
      both.set(addressBytes(m.linkLocal), 16);
      nh = both;
    }
    const rd = m.safi === SAFI_MPLS_VPN ? 8 : 0;
    v.u8(nh.length + rd);
    if (rd) v.put(new Uint8Array(8));
    v.put(nh);
    v.u8(0);
    for (const p of m.nlri) writePrefix(v, p, addPath);
    attribute(attrs, OPT, ATTR_MP_REACH_NLRI, v.result());
  }
  if (spec.mpUnreach) {
    const v = new ByteWriter();
    v.u16(spec.mpUnreach.afi);
    v.u8(spec.mpUnreach.safi);
    for (const p of spec.mpUnreach.nlri) writePrefix(v, p, addPath);
    attribute(attrs, OPT, ATTR_MP_UNREACH_NLRI, v.result());
  }
  if (spec.extCommunities) {
    const v = new ByteWriter();
    for (const c of spec.extCommunities) v.put(c);
    attribute(attrs, OPT_T, ATTR_EXTENDED_COMMUNITIES, v.result());
  }
  if (spec.as4Path) attribute(attrs, OPT_T, ATTR_AS4_PATH, asPathValue(spec.as4Path, 4));
  if (spec.largeCommunities) {
    const v = new ByteWriter();
    for (const [a, b, c] of spec.largeCommunities) {
      v.u32(a);
      v.u32(b);
      v.u32(c);
    }
    attribute(attrs, OPT_T, ATTR_LARGE_COMMUNITIES, v.result());
  }
  for (const raw of spec.rawAttributes ?? []) attrs.put(raw);
  const nlri = new ByteWriter();
  for (const p of spec.nlri ?? []) writePrefix(nlri, p, addPath);

  const length = BGP_HEADER_LENGTH + 2 + withdrawn.length + 2 + attrs.length + nlri.length;
  const m = new ByteWriter();
  m.put(new Uint8Array(BGP_HEADER_LENGTH));
  m.u16(withdrawn.length);
  m.put(withdrawn.result());
  m.u16(attrs.length);
  m.put(attrs.result());
  m.put(nlri.result());
  const out = m.result();
  writeHeader(out, 0, length, MSG_UPDATE);
  return out;
}

/** An 8-byte route target extended community (transitive 2-octet AS type). */
export function routeTarget(as: number, value: number): Uint8Array {
  return Uint8Array.of(0x00, 0x02, as >>> 8, as & 0xff, (value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff);
}

/** A route distinguisher of type 0 (2-octet AS : 4-octet number). */
export function rdAs2(as: number, value: number): Uint8Array {
  return Uint8Array.of(0, 0, as >>> 8, as & 0xff, (value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff);
}
