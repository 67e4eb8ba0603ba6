/**
 * One BGP peer's Adj-RIB-In: a MutablePrefixTable per address family the
 * peer announced (IPv4/IPv6 × unicast, labeled unicast, MPLS VPN), whose
 * values are ids of the shared AttributeTable. ADD-PATH paths are separate
 * routes of one prefix (their path identifiers tell them apart); VPN
 * routes key on route distinguisher and prefix; labels ride along.
 *
 * The families are walked in pmacct's table order (AFI, then SAFI,
 * ascending), which is the order of its dumps and of its delete records.
 */
import { ipv4Text, ipv6Text } from '../../model/ipText.ts';
import { AFI_IPV4 } from '../../decode/bgp/bgpConstants.ts';
import type { NlriEntry } from '../../decode/bgp/nlriReader.ts';
import { rdText } from '../../decode/bgp/routeDistinguisher.ts';
import { MutablePrefixTable } from '../../lookup/mutablePrefixTable.ts';

export interface RibFamily {
  afi: number;
  safi: number;
  table: MutablePrefixTable;
}

const familyKey = (afi: number, safi: number): number => (afi << 8) | safi;

export class PeerRib {
  private readonly tables = new Map<number, RibFamily>();
  private ordered: RibFamily[] = [];
  private readonly bytes = new Uint8Array(16);
  private readonly words = new Uint32Array(6);

  /** The family's table, created on first use. */
  table(afi: number, safi: number): MutablePrefixTable {
    const key = familyKey(afi, safi);
    const known = this.tables.get(key);
    if (known) return known.table;
    const vpn = safi === 128;
    const table = new MutablePrefixTable(afi === AFI_IPV4 ? 1 : 4, vpn ? 2 : 0);
    const family = { afi, safi, table };
    this.tables.set(key, family);
    this.ordered = [...this.tables.values()].sort((a, b) => a.afi - b.afi || a.safi - b.safi);
    return table;
  }

  existing(afi: number, safi: number): MutablePrefixTable | undefined {
    return this.tables.get(familyKey(afi, safi))?.table;
  }

  /** Families in pmacct's table order. */
  families(): readonly RibFamily[] {
    return this.ordered;
  }

  get routeCount(): number {
    let n = 0;
    for (const f of this.ordered) n += f.table.size;
    return n;
  }

  get memoryBytes(): number {
    let n = 0;
    for (const f of this.ordered) n += f.table.memoryBytes;
    return n;
  }

  /** Writes the key of `entry` (route distinguisher, then address words) into `table.key`. */
  static writeKey(table: MutablePrefixTable, entry: NlriEntry): void {
    const key = table.key;
    let k = 0;
    if (table.rdWords === 2) {
      const rd = entry.rd;
      key[k++] = ((rd[0]! << 24) | (rd[1]! << 16) | (rd[2]! << 8) | rd[3]!) >>> 0;
      key[k++] = ((rd[4]! << 24) | (rd[5]! << 16) | (rd[6]! << 8) | rd[7]!) >>> 0;
    }
    const a = entry.address;
    for (let w = 0; w < table.addressWords; w++) {
      const o = w * 4;
      key[k++] = ((a[o]! << 24) | (a[o + 1]! << 16) | (a[o + 2]! << 8) | a[o + 3]!) >>> 0;
    }
  }

  /** "prefix/length" of a slot. */
  prefixText(table: MutablePrefixTable, slot: number): string {
    table.keyAt(slot, this.words);
    const b = this.bytes;
    const rd = table.rdWords;
    for (let w = 0; w < table.addressWords; w++) {
      const v = this.words[rd + w]!;
      b[w * 4] = v >>> 24;
      b[w * 4 + 1] = (v >>> 16) & 0xff;
      b[w * 4 + 2] = (v >>> 8) & 0xff;
      b[w * 4 + 3] = v & 0xff;
    }
    const address = table.addressWords === 1 ? ipv4Text(b) : ipv6Text(b);
    return `${address}/${table.lengthAt(slot)}`;
  }

  /** The route distinguisher text of a VPN slot. */
  rdText(table: MutablePrefixTable, slot: number): string {
    table.keyAt(slot, this.words);
    const b = this.bytes;
    for (let w = 0; w < 2; w++) {
      const v = this.words[w]!;
      b[w * 4] = v >>> 24;
      b[w * 4 + 1] = (v >>> 16) & 0xff;
      b[w * 4 + 2] = (v >>> 8) & 0xff;
      b[w * 4 + 3] = v & 0xff;
    }
    return rdText(b, 0);
  }
}
