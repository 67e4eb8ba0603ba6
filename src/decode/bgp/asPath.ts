/**
 * AS_PATH and AS4_PATH (RFC 4271 §4.3, RFC 5065 confederation segments,
 * RFC 6793 4-octet ASNs): segments decoded into reusable arrays, the
 * AS4_PATH merge of a 2-octet session, and the text pmacct prints.
 *
 * pmacct's text (checked against pmbgpd 1.7.7): segments joined by one
 * space; an AS_SEQUENCE as its ASNs separated by spaces, runs of adjacent
 * sequences merged into one; an AS_SET as "{a,b}" and an AS_CONFED_SET as
 * "[a,b]", both sorted ascending without duplicates; an AS_CONFED_SEQUENCE
 * as "(a b)"; an empty path as "".
 *
 * A malformed path (a segment of unknown type or of zero ASNs, or one that
 * overruns the attribute) is reported to the caller, which applies RFC
 * 7606 (treat-as-withdraw for AS_PATH, attribute-discard for AS4_PATH).
 */
import { AS_CONFED_SEQUENCE, AS_CONFED_SET, AS_SEQUENCE, AS_SET } from './bgpConstants.ts';

export class AsPath {
  segmentCount = 0;
  asnCount = 0;
  types = new Uint8Array(16);
  lengths = new Uint16Array(16);
  asns = new Uint32Array(64);

  clear(): void {
    this.segmentCount = 0;
    this.asnCount = 0;
  }

  /** Reads segments of `asnSize`-octet ASNs from bytes [start, end); false when malformed (the path is then cleared). */
  decode(bytes: Uint8Array, start: number, end: number, asnSize: 2 | 4): boolean {
    this.clear();
    let p = start;
    while (p < end) {
      if (p + 2 > end) return this.fail();
      const type = bytes[p]!;
      const count = bytes[p + 1]!;
      p += 2;
      if (type < AS_SET || type > AS_CONFED_SET || count === 0 || p + count * asnSize > end) return this.fail();
      this.beginSegment(type);
      for (let i = 0; i < count; i++) {
        const asn = asnSize === 4
          ? ((bytes[p]! << 24) | (bytes[p + 1]! << 16) | (bytes[p + 2]! << 8) | bytes[p + 3]!) >>> 0
          : (bytes[p]! << 8) | bytes[p + 1]!;
        this.push(asn);
        p += asnSize;
      }
    }
    return true;
  }

  private fail(): boolean {
    this.clear();
    return false;
  }

  beginSegment(type: number): void {
    if (this.segmentCount === this.types.length) {
      const types = new Uint8Array(this.types.length * 2);
      types.set(this.types);
      this.types = types;
      const lengths = new Uint16Array(this.lengths.length * 2);
      lengths.set(this.lengths);
      this.lengths = lengths;
    }
    this.types[this.segmentCount] = type;
    this.lengths[this.segmentCount] = 0;
    this.segmentCount++;
  }

  push(asn: number): void {
    if (this.asnCount === this.asns.length) {
      const asns = new Uint32Array(this.asns.length * 2);
      asns.set(this.asns);
      this.asns = asns;
    }
    this.asns[this.asnCount++] = asn;
    this.lengths[this.segmentCount - 1]!++;
  }

  copyFrom(other: AsPath): void {
    this.clear();
    let a = 0;
    for (let s = 0; s < other.segmentCount; s++) {
      this.beginSegment(other.types[s]!);
      for (let i = 0; i < other.lengths[s]!; i++) this.push(other.asns[a++]!);
    }
  }

  /** RFC 6793 §4.2.3 path length: each sequence ASN counts, a set counts once, confederation segments not at all. */
  hopCount(): number {
    let hops = 0;
    for (let s = 0; s < this.segmentCount; s++) {
      const t = this.types[s]!;
      if (t === AS_SEQUENCE) hops += this.lengths[s]!;
      else if (t === AS_SET) hops++;
    }
    return hops;
  }

  /**
   * RFC 6793 §4.2.3: rebuilds the path of a 2-octet session from AS_PATH
   * (this) and AS4_PATH: the leading hops AS_PATH has beyond AS4_PATH,
   * then AS4_PATH. When AS_PATH is the shorter, AS4_PATH is ignored.
   */
  mergeAs4(as4: AsPath, scratch: AsPath): void {
    const extra = this.hopCount() - as4.hopCount();
    if (extra < 0) return;
    scratch.clear();
    let remaining = extra;
    let a = 0;
    for (let s = 0; s < this.segmentCount; s++) {
      const t = this.types[s]!;
      const len = this.lengths[s]!;
      if (t === AS_CONFED_SEQUENCE || t === AS_CONFED_SET) {
        scratch.beginSegment(t);
        for (let i = 0; i < len; i++) scratch.push(this.asns[a + i]!);
      } else if (remaining > 0) {
        scratch.beginSegment(t);
        const take = t === AS_SET ? len : Math.min(len, remaining);
        for (let i = 0; i < take; i++) scratch.push(this.asns[a + i]!);
        remaining -= t === AS_SET ? 1 : take;
      }
      a += len;
    }
    let b = 0;
    for (let s = 0; s < as4.segmentCount; s++) {
      scratch.beginSegment(as4.types[s]!);
      for (let i = 0; i < as4.lengths[s]!; i++) scratch.push(as4.asns[b++]!);
    }
    this.copyFrom(scratch);
  }

  /** The AS the path starts with (the neighbour's: pmacct's peer_dst_as), 0 when none. */
  firstAs(): number {
    for (let s = 0, a = 0; s < this.segmentCount; a += this.lengths[s]!, s++) {
      if (this.types[s] === AS_SEQUENCE) return this.asns[a]!;
      if (this.types[s] === AS_SET) return 0;
    }
    return 0;
  }

  /** The last AS pmacct prints (its origin AS: src_as/dst_as), 0 for an empty path. */
  lastAs(): number {
    if (this.segmentCount === 0) return 0;
    const s = this.segmentCount - 1;
    const len = this.lengths[s]!;
    const start = this.asnCount - len;
    const t = this.types[s]!;
    if (t === AS_SET || t === AS_CONFED_SET) {
      let max = 0;
      for (let i = 0; i < len; i++) max = Math.max(max, this.asns[start + i]!);
      return max;
    }
    return this.asns[this.asnCount - 1]!;
  }

  /** pmacct's text of the path (see the file comment). */
  text(): string {
    if (this.segmentCount === 0) return '';
    let out = '';
    let a = 0;
    for (let s = 0; s < this.segmentCount; s++) {
      const t = this.types[s]!;
      const len = this.lengths[s]!;
      if (t === AS_SEQUENCE) {
        // Adjacent sequences read as one: only a space separates them either way.
        if (s > 0) out += ' ';
        for (let i = 0; i < len; i++) out += i === 0 ? String(this.asns[a + i]) : ` ${this.asns[a + i]}`;
      } else if (t === AS_CONFED_SEQUENCE) {
        if (s > 0) out += ' ';
        out += '(';
        for (let i = 0; i < len; i++) out += i === 0 ? String(this.asns[a + i]) : ` ${this.asns[a + i]}`;
        out += ')';
      } else {
        if (s > 0) out += ' ';
        const members = Array.from(this.asns.subarray(a, a + len)).sort((x, y) => x - y);
        let body = '';
        let last = -1;
        for (const m of members) {
          if (m === last) continue;
          body += last === -1 ? String(m) : `,${m}`;
          last = m;
        }
        out += t === AS_SET ? `{${body}}` : `[${body}]`;
      }
      a += len;
    }
    return out;
  }
}
