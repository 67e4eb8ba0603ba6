/**
 * The packet pmacct builds from a flow so that a libpcap filter can run on
 * it (nfacctd: process_v9_packet / process_v5_packet in nfacctd.c; sfacctd:
 * finalizeSample in sfacctd.c, pmacct 1.7.7), rebuilt here from a
 * FlowRecord into one reused buffer:
 *
 * - Ethernet: destination and source MAC of the flow, then the EtherType.
 * - An 802.1Q tag when the flow has a VLAN. nfacctd's test is the first
 *   byte of the (2-byte) VLAN field being non-zero (NF_evaluate_flow_type),
 *   so VLANs 1..255 get no tag; sfacctd's is the VLAN being non-zero. The
 *   tag is the bare VLAN id (no priority bits).
 * - MPLS (EtherType 0x8847) when the flow has a label stack: one 4-byte
 *   entry per label, TTL 0, bottom-of-stack bit on the last.
 * - IPv4: version/IHL 0x45, TOS, protocol, addresses; length, id, offset,
 *   TTL and checksum all 0. IPv6: version 6, payload length 100, hop limit
 *   64, next header = protocol, addresses (no traffic class).
 * - Then 4 bytes of ports (for every protocol: ICMP type/code as the
 *   exporter put them in the port fields) and the TCP flags at offset 13.
 *
 * The captured length is pmacct's fixed one for each shape (55 bytes for
 * Ethernet + IPv4, 59 with a VLAN, 77 for IPv6, ...) and the wire length is
 * 100 (128 for MPLS over IPv6), so `greater`/`less` compare with those.
 */
import { AF_INET6, type FlowRecord } from '../model/flowRecord.ts';

const ETHERTYPE_IP = 0x0800;
const ETHERTYPE_IPV6 = 0x86dd;
const ETHERTYPE_8021Q = 0x8100;
const ETHERTYPE_MPLS = 0x8847;

/** pmacct's dummy packets: caplen and len by shape (nfacctd.c / sfacctd.c). */
const CAPLEN_V4 = 55;
const CAPLEN_VLAN4 = 59;
const CAPLEN_MPLS4 = 95;
const CAPLEN_VLAN_MPLS4 = 99;
const CAPLEN_V6 = 77;
const CAPLEN_VLAN6 = 81;
const CAPLEN_MPLS6 = 117;
const CAPLEN_VLAN_MPLS6 = 121;

/** Room for Ethernet, a tag, 11 labels, an IPv6 header and the transport bytes. */
const BUFFER_BYTES = 192;

/** pmacct copies at most 10 labels (NF9_MPLS_LABEL_1..10; sfacctd's idx < 10). */
const MAX_LABELS = 10;

export class FlowPacketBuilder {
  readonly packet = new Uint8Array(BUFFER_BYTES);
  /** Set by build(). */
  caplen = 0;
  wirelen = 0;

  /** Writes the packet for `rec` into `packet`, sets caplen and wirelen. */
  build(rec: FlowRecord): void {
    const p = this.packet;
    p.fill(0);
    const v6 = rec.srcHost.family === AF_INET6 || rec.dstHost.family === AF_INET6;
    // sFlow and NetFlow v5 records: export protocol version other than 9/10
    // (NetFlow v5 carries no VLAN, so either test gives the same result).
    const netflowV9 = rec.exportProtoVersion === 9 || rec.exportProtoVersion === 10;
    const vlan = rec.vlan & 0xffff;
    const tagged = netflowV9 ? vlan >>> 8 !== 0 : vlan !== 0;
    const labels = rec.mplsStackDepth > 0 ? Math.min(rec.mplsStackDepth, MAX_LABELS) : 0;

    p.set(rec.dstMac, 0);
    p.set(rec.srcMac, 6);
    let off = 12;
    if (tagged) {
      put16(p, off, ETHERTYPE_8021Q);
      put16(p, off + 2, vlan);
      off += 4;
    }
    if (labels > 0) {
      put16(p, off, ETHERTYPE_MPLS);
      off += 2;
      for (let i = 0; i < labels; i++) {
        const label = i === 0 ? rec.mplsLabelTop : i === labels - 1 ? rec.mplsLabelBottom : 0;
        // label (20 bits), EXP 0, S, TTL 0
        put32(p, off, ((label & 0xfffff) << 12) >>> 0);
        off += 4;
      }
      p[off - 2]! |= 0x01; // stick_bosbit
    } else {
      put16(p, off, v6 ? ETHERTYPE_IPV6 : ETHERTYPE_IP);
      off += 2;
    }

    let tl: number;
    if (v6) {
      p[off] = 0x60;
      put16(p, off + 4, 100);
      p[off + 6] = rec.proto;
      p[off + 7] = 64;
      p.set(rec.srcHost.bytes, off + 8);
      p.set(rec.dstHost.bytes, off + 24);
      tl = off + 40;
    } else {
      p[off] = 0x45;
      p[off + 1] = rec.tos;
      p[off + 9] = rec.proto;
      const s = rec.srcHost.bytes;
      const d = rec.dstHost.bytes;
      p[off + 12] = s[0]!; p[off + 13] = s[1]!; p[off + 14] = s[2]!; p[off + 15] = s[3]!;
      p[off + 16] = d[0]!; p[off + 17] = d[1]!; p[off + 18] = d[2]!; p[off + 19] = d[3]!;
      tl = off + 20;
    }
    put16(p, tl, rec.srcPort);
    put16(p, tl + 2, rec.dstPort);
    p[tl + 13] = rec.tcpFlags;

    if (labels > 0) this.caplen = v6 ? (tagged ? CAPLEN_VLAN_MPLS6 : CAPLEN_MPLS6) : tagged ? CAPLEN_VLAN_MPLS4 : CAPLEN_MPLS4;
    else this.caplen = v6 ? (tagged ? CAPLEN_VLAN6 : CAPLEN_V6) : tagged ? CAPLEN_VLAN4 : CAPLEN_V4;
    this.wirelen = v6 && labels > 0 ? 128 : 100;
  }
}

function put16(p: Uint8Array, off: number, v: number): void {
  p[off] = (v >>> 8) & 0xff;
  p[off + 1] = v & 0xff;
}

function put32(p: Uint8Array, off: number, v: number): void {
  p[off] = v >>> 24;
  p[off + 1] = (v >>> 16) & 0xff;
  p[off + 2] = (v >>> 8) & 0xff;
  p[off + 3] = v & 0xff;
}
