/**
 * The packet an exporter copies into a record (dataLinkFrameSection 315 or
 * layer2packetSection 104): nfacctd 1.7.7 runs its pmacctd link and
 * network handlers on it and takes from the packet every primitive the
 * record's own fields do not give. Only what those handlers read is parsed:
 * Ethernet with up to two VLAN tags, an MPLS label stack, IPv4 / IPv6 (with
 * the common extension headers), TCP / UDP ports and TCP flags.
 *
 * Offsets are into the datagram; -1 means absent. One instance is reused.
 * `layers` records where each layer starts, for packet_ptr custom
 * primitives (aggregate_primitives).
 */
import { PacketLayer, PacketLayers, recordTransport } from '../packet/packetLayers.ts';
import { readU16, readU32 } from './wireReaders.ts';

const ETHERNET_HEADER_LENGTH = 14;
const ETHERTYPE_IPV4 = 0x800;
const ETHERTYPE_IPV6 = 0x86dd;
const ETHERTYPE_VLAN = 0x8100;
const ETHERTYPE_QINQ = 0x88a8;
const ETHERTYPE_QINQ_OLD = 0x9100;
const ETHERTYPE_MPLS = 0x8847;
const ETHERTYPE_MPLS_MULTICAST = 0x8848;
const MAX_VLAN_TAGS = 2;
/** pmacct reads at most 10 label stack entries. */
const MAX_MPLS_LABELS = 10;
const PROTO_TCP = 6;
const PROTO_UDP = 17;
const IPV6_HOP_BY_HOP = 0;
const IPV6_ROUTING = 43;
const IPV6_FRAGMENT = 44;
const IPV6_DESTINATION_OPTIONS = 60;

export class FrameSection {
  /** Offset of the Ethernet header (destination MAC, then source MAC). */
  mac = -1;
  /** First 802.1Q tag control information, -1 when untagged. */
  vlanTci = -1;
  mplsTop = 0;
  mplsBottom = 0;
  mplsDepth = 0;
  /** 0x800, 0x86dd, or 0 when the frame does not carry IP (pmacct's l3_proto, printed as etype). */
  l3 = 0;
  srcAddress = -1;
  dstAddress = -1;
  tos = 0;
  proto = 0;
  /** IPv4 total length, or IPv6 payload length + 40: pmacct's byte count for the packet. */
  ipBytes = 0;
  srcPort = 0;
  dstPort = 0;
  tcpFlags = 0;
  /** Layer offsets of the last parsed frame, for packet_ptr primitives. */
  readonly layers = new PacketLayers();

  /** Parses the Ethernet frame in b[start, end). */
  parse(b: Uint8Array, start: number, end: number): void {
    this.clear();
    const layers = this.layers;
    layers.begin(b, start, end);
    if (end - start < ETHERNET_HEADER_LENGTH) return;
    this.mac = start;
    layers.at[PacketLayer.mac] = start;
    let etype = readU16(b, start + 12);
    let p = start + ETHERNET_HEADER_LENGTH;
    for (let tags = 0; tags < MAX_VLAN_TAGS && (etype === ETHERTYPE_VLAN || etype === ETHERTYPE_QINQ || etype === ETHERTYPE_QINQ_OLD); tags++) {
      if (end - p < 4) return;
      if (this.vlanTci < 0) {
        this.vlanTci = readU16(b, p);
        layers.at[PacketLayer.vlan] = p;
      }
      etype = readU16(b, p + 2);
      p += 4;
    }
    if (etype === ETHERTYPE_MPLS || etype === ETHERTYPE_MPLS_MULTICAST) {
      etype = 0;
      if (end - p >= 4) layers.at[PacketLayer.mpls] = p;
      for (let k = 0; k < MAX_MPLS_LABELS && end - p >= 4; k++) {
        const entry = readU32(b, p);
        p += 4;
        const label = entry >>> 12;
        if (k === 0) this.mplsTop = label;
        this.mplsDepth = k + 1;
        if (entry & 0x100) {
          this.mplsBottom = label;
          // After the stack pmacct guesses the payload from the IP version nibble.
          if (end > p) {
            const version = b[p] >> 4;
            etype = version === 4 ? ETHERTYPE_IPV4 : version === 6 ? ETHERTYPE_IPV6 : 0;
          }
          break;
        }
      }
    }
    if (etype === ETHERTYPE_IPV4) this.parseIpv4(b, p, end);
    else if (etype === ETHERTYPE_IPV6) this.parseIpv6(b, p, end);
  }

  clear(): void {
    this.layers.clear();
    this.mac = -1;
    this.vlanTci = -1;
    this.mplsTop = 0;
    this.mplsBottom = 0;
    this.mplsDepth = 0;
    this.l3 = 0;
    this.srcAddress = -1;
    this.dstAddress = -1;
    this.tos = 0;
    this.proto = 0;
    this.ipBytes = 0;
    this.srcPort = 0;
    this.dstPort = 0;
    this.tcpFlags = 0;
  }

  private parseIpv4(b: Uint8Array, p: number, end: number): void {
    this.layers.setL3(p, ETHERTYPE_IPV4);
    if (end - p < 20) return;
    const headerLength = (b[p] & 0x0f) * 4;
    if (headerLength < 20 || end - p < headerLength) return;
    this.l3 = ETHERTYPE_IPV4;
    this.tos = b[p + 1];
    this.ipBytes = readU16(b, p + 2);
    this.proto = b[p + 9];
    this.srcAddress = p + 12;
    this.dstAddress = p + 16;
    const fragmentOffset = readU16(b, p + 6) & 0x1fff;
    if (fragmentOffset !== 0) return;
    recordTransport(this.layers, b, p + headerLength, end, this.proto);
    this.parseTransport(b, p + headerLength, end);
  }

  private parseIpv6(b: Uint8Array, p: number, end: number): void {
    this.layers.setL3(p, ETHERTYPE_IPV6);
    if (end - p < 40) return;
    this.l3 = ETHERTYPE_IPV6;
    this.tos = ((readU16(b, p) >>> 4) & 0xff);
    this.ipBytes = readU16(b, p + 4) + 40;
    this.srcAddress = p + 8;
    this.dstAddress = p + 24;
    let next = b[p + 6];
    let q = p + 40;
    // Extension headers cut off leave the L4 header unknown (no packet_ptr l4/payload).
    let complete = true;
    for (;;) {
      if (next === IPV6_HOP_BY_HOP || next === IPV6_ROUTING || next === IPV6_DESTINATION_OPTIONS) {
        if (end - q < 8) {
          complete = false;
          break;
        }
        next = b[q];
        q += (b[q + 1] + 1) * 8;
      } else if (next === IPV6_FRAGMENT) {
        if (end - q < 8) {
          complete = false;
          break;
        }
        const laterFragment = (readU16(b, q + 2) & 0xfff8) !== 0;
        next = b[q];
        q += 8;
        if (laterFragment) {
          this.proto = next;
          return;
        }
      } else break;
    }
    this.proto = next;
    if (complete) recordTransport(this.layers, b, q, end, next);
    this.parseTransport(b, q, end);
  }

  private parseTransport(b: Uint8Array, p: number, end: number): void {
    if (this.proto === PROTO_TCP && end - p >= 14) {
      this.srcPort = readU16(b, p);
      this.dstPort = readU16(b, p + 2);
      this.tcpFlags = b[p + 13];
    } else if (this.proto === PROTO_UDP && end - p >= 4) {
      this.srcPort = readU16(b, p);
      this.dstPort = readU16(b, p + 2);
    }
  }
}
