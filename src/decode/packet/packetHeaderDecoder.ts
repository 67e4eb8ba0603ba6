/**
 * Fills a FlowRecord from a sampled packet header, as sFlow's "raw packet
 * header" record carries it: the first bytes of a frame (often cut short),
 * starting at Ethernet, IPv4 or IPv6.
 *
 * It reads what pmacct 1.7.7's sfacctd reads (decodeLinkLayer, decodeIPV4,
 * decodeIPV6, decodeIPLayer4 in sflow.c) and stores it the way sfacctd's
 * primitive handlers print it:
 * - one 802.1Q (0x8100) tag: its VLAN id and PCP give vlan and cos; the
 *   EtherType behind it is the etype. pmacct stops there, so a frame with a
 *   second tag, or a 802.1ad (0x88a8) outer tag, yields no IP fields. With
 *   `followStackedTags` the walk goes on through further tags (still taking
 *   the outer VLAN id) to reach the IP header;
 * - an MPLS label stack: top and bottom label, depth, then IP by version
 *   nibble; also as the first header (sFlow header_protocol 13) and inside
 *   PPP (7), where pmacct 1.7.7 reads from the wrong place
 *   (docs/compat.md#sflow-header-mpls);
 * - IPv4: addresses, tos, protocol; a later fragment has no ports;
 * - IPv6: addresses, protocol after the extension headers; tos is the top
 *   4 bits of the traffic class (pmacct reads the low nibble of the first
 *   byte, not the whole class);
 * - TCP/UDP ports and TCP flags. ICMP type/code are not ports in sfacctd
 *   (its port handlers keep TCP and UDP only), so they stay 0;
 * - VXLAN (UDP destination port 4789, I flag): the VNI, and the packet
 *   inside decoded the same way (one level, as pmacct) into the record's
 *   tunnel_* fields: inner MACs, addresses, protocol, tos, TCP/UDP ports.
 *   An inner IP header announced but cut off leaves the inner addresses as
 *   zeros of that family (pmacct prints 0.0.0.0), a VXLAN header whose
 *   inner frame is too short for Ethernet leaves them unset;
 *
 * Deliberate difference: pmacct's IPv6 extension-header walk advances
 * 2 bytes short of each header (and sizes AH in 8-byte units), so it reads
 * ports from the wrong place behind hop-by-hop or fragment headers; this
 * walks RFC 8200 lengths, and takes no ports from a later fragment.
 *
 * It also records where each layer starts (result.layers: packet, mac,
 * first VLAN tag, MPLS stack, L3, L4, payload) for the packet_ptr custom
 * primitives, from the same walk, so those need no second parse.
 *
 * Never throws and never reads past `end`: a truncated header fills what it
 * holds. Allocates nothing; the result object is reused.
 */
import { AF_NONE, FlowRecord, type IpField } from '../../model/flowRecord.ts';
import { EtherType, etherTypeOfPppProtocol } from './etherType.ts';
import { PacketLayer, PacketLayers, recordTransport } from './packetLayers.ts';

/** sFlow header_protocol values this decoder starts from. */
export const HeaderProtocol = {
  ethernet: 1,
  ppp: 7,
  ipv4: 11,
  ipv6: 12,
  mpls: 13,
} as const;

const ETHERNET_HEADER_LENGTH = 14;
const MAX_8023_LENGTH = 1500;
const IPV4_MIN_HEADER = 20;
const IPV6_HEADER = 40;
/** pmacct reads a transport header only when 8 bytes of it are there. */
const L4_MIN = 8;
const TCP_FLAGS_OFFSET = 13;
const VXLAN_PORT = 4789;
const VXLAN_FLAG_I = 0x08;
const MAX_MPLS_LABELS = 16;
/** pmacct's PPP_HDRLEN: shorter PPP headers are not decoded. */
const PPP_MIN_HEADER = 4;
const PPP_ADDRESS = 0xff;
const PPP_CONTROL = 0x03;
const MAX_IPV6_EXTENSIONS = 16;

const PROTO_TCP = 6;
const PROTO_UDP = 17;

/** What the last decode() found beyond the record fields. */
export class PacketHeaderResult {
  /** The IP version whose header was read (4 or 6), 0 when none was. */
  ipVersion = 0;
  /**
   * The IP version the lower layers announced (EtherType, MPLS payload
   * nibble, header protocol), even if its header was cut off: pmacct's
   * gotIPV4/gotIPV6, which decides whether sfacctd accounts the sample.
   */
  ipAnnounced = 0;
  /** An 802.1Q tag was read: vlanId / vlanPriority hold it (also set on the record). */
  hasVlanTag = false;
  vlanId = 0;
  vlanPriority = 0;
  /** The header stopped before the part it announced (a field could not be read). */
  truncated = false;
  /** Offset of the frame inside a VXLAN header (I flag set), -1 when there is none. */
  tunnelAt = -1;
  /** Where each layer of the (outer) packet starts, for packet_ptr primitives. */
  readonly layers = new PacketLayers();

  reset(): void {
    this.tunnelAt = -1;
    this.ipVersion = 0;
    this.ipAnnounced = 0;
    this.hasVlanTag = false;
    this.vlanId = 0;
    this.vlanPriority = 0;
    this.truncated = false;
  }
}

export interface PacketHeaderDecoderOptions {
  /** Walk past a second VLAN tag (and 802.1ad / 0x9100 tags) to the IP header; pmacct does not. Default false. */
  followStackedTags?: boolean;
}

export class PacketHeaderDecoder {
  readonly result = new PacketHeaderResult();
  private readonly followStackedTags: boolean;
  /** Scratch record and result for the packet inside a tunnel, copied into the tunnel_* fields. */
  private readonly inner = new FlowRecord();
  private readonly innerResult = new PacketHeaderResult();

  constructor(options: PacketHeaderDecoderOptions = {}) {
    this.followStackedTags = options.followStackedTags ?? false;
  }

  /**
   * Decodes `bytes[start, end)`, a header of `protocol` (HeaderProtocol),
   * into `rec` (fields it does not find are left as they are). Returns the
   * reused result.
   */
  decode(protocol: number, bytes: Uint8Array, start: number, end: number, rec: FlowRecord): PacketHeaderResult {
    const r = this.result;
    r.reset();
    if (end > bytes.length) end = bytes.length;
    r.layers.begin(bytes, start, end);
    if (protocol === HeaderProtocol.ethernet) this.decodeEthernet(bytes, start, end, rec, r);
    else if (protocol === HeaderProtocol.ipv4) decodeIpv4(bytes, start, end, rec, r);
    else if (protocol === HeaderProtocol.ipv6) decodeIpv6(bytes, start, end, rec, r);
    else if (protocol === HeaderProtocol.mpls) decodeMpls(bytes, start, end, rec, r);
    else if (protocol === HeaderProtocol.ppp) decodePpp(bytes, start, end, rec, r);
    if (r.tunnelAt >= 0) this.decodeTunnel(bytes, r.tunnelAt, end, rec);
    return r;
  }

  /** The Ethernet frame inside a VXLAN header, into the record's tunnel_* fields. */
  private decodeTunnel(bytes: Uint8Array, start: number, end: number, rec: FlowRecord): void {
    if (start + ETHERNET_HEADER_LENGTH > end) return;
    const inner = this.inner;
    const ir = this.innerResult;
    inner.reset();
    ir.reset();
    this.decodeEthernet(bytes, start, end, inner, ir);
    copyMac(inner.srcMac, 0, rec.tunnelSrcMac);
    copyMac(inner.dstMac, 0, rec.tunnelDstMac);
    if (ir.ipAnnounced === 0) return;
    tunnelAddress(inner.srcHost, ir.ipAnnounced, rec.tunnelSrcHost);
    tunnelAddress(inner.dstHost, ir.ipAnnounced, rec.tunnelDstHost);
    rec.tunnelProto = inner.proto;
    rec.tunnelTos = inner.tos;
    rec.tunnelSrcPort = inner.srcPort;
    rec.tunnelDstPort = inner.dstPort;
  }

  private decodeEthernet(bytes: Uint8Array, start: number, end: number, rec: FlowRecord, r: PacketHeaderResult): void {
    if (start + ETHERNET_HEADER_LENGTH > end) {
      r.truncated = true;
      return;
    }
    copyMac(bytes, start, rec.dstMac);
    copyMac(bytes, start + 6, rec.srcMac);
    r.layers.at[PacketLayer.mac] = start;
    let type = u16(bytes, start + 12);
    let at = start + ETHERNET_HEADER_LENGTH;
    let tags = 0;
    for (;;) {
      const isTag =
        type === EtherType.vlan ||
        (this.followStackedTags && (type === EtherType.qinq || type === EtherType.qinqLegacy));
      if (!isTag || (tags > 0 && !this.followStackedTags) || tags >= 8) break;
      if (at + 4 > end) {
        r.truncated = true;
        rec.etype = type;
        return;
      }
      const tci = u16(bytes, at);
      if (tags === 0) {
        r.layers.at[PacketLayer.vlan] = at;
        r.hasVlanTag = true;
        r.vlanId = tci & 0x0fff;
        r.vlanPriority = tci >>> 13;
        rec.vlan = r.vlanId;
        rec.cos = r.vlanPriority;
      }
      type = u16(bytes, at + 2);
      at += 4;
      tags++;
    }
    if (type <= MAX_8023_LENGTH) {
      // 802.3 length: SNAP with OUI 0 carries an EtherType; 0x06 SAPs carry IPv4 (RFC 948).
      if (at + 8 > end) {
        r.truncated = true;
        return;
      }
      if (bytes[at] === 0xaa && bytes[at + 1] === 0xaa && bytes[at + 2] === 0x03) {
        if (bytes[at + 3] !== 0 || bytes[at + 4] !== 0 || bytes[at + 5] !== 0) return;
        type = u16(bytes, at + 6);
        at += 8;
      } else if (bytes[at] === 0x06 && bytes[at + 1] === 0x06 && (bytes[at + 2]! & 0x01) !== 0) {
        type = EtherType.ipv4;
        at += 3;
      } else {
        return;
      }
    }
    rec.etype = type;
    if (type === EtherType.mplsUnicast || type === EtherType.mplsMulticast) {
      decodeMpls(bytes, at, end, rec, r);
      return;
    }
    if (type === EtherType.ipv4) decodeIpv4(bytes, at, end, rec, r);
    else if (type === EtherType.ipv6) decodeIpv6(bytes, at, end, rec, r);
  }
}

const ZERO_ADDRESS = new Uint8Array(16);

/** The inner address, or zeros of the announced family when its header was cut off (as pmacct prints them). */
function tunnelAddress(from: IpField, announced: number, to: IpField): void {
  if (from.family !== AF_NONE) to.copyFrom(from);
  else if (announced === 4) to.setV4(ZERO_ADDRESS, 0);
  else to.setV6(ZERO_ADDRESS, 0);
}

/**
 * PPP (RFC 1661/1662) as pmacct's ppp_handler reads it: optional
 * address/control bytes, a 1- or 2-byte protocol, then IPv4, IPv6 or (as
 * later pmacct releases, not 1.7.7) an MPLS label stack.
 */
function decodePpp(bytes: Uint8Array, start: number, end: number, rec: FlowRecord, r: PacketHeaderResult): void {
  let at = start;
  if (at + PPP_MIN_HEADER > end) {
    r.truncated = true;
    return;
  }
  if (bytes[at] === PPP_ADDRESS && bytes[at + 1] === PPP_CONTROL) at += 2;
  let protocol: number;
  // Protocol-field compression (RFC 1661 §6.5): an odd first byte is the whole field.
  if ((bytes[at]! & 0x01) !== 0) {
    protocol = bytes[at]!;
    at += 1;
  } else {
    protocol = u16(bytes, at);
    at += 2;
  }
  const type = etherTypeOfPppProtocol(protocol);
  if (type === EtherType.mplsUnicast || type === EtherType.mplsMulticast) {
    decodeMpls(bytes, at, end, rec, r);
    return;
  }
  if (type === EtherType.ipv4) {
    rec.etype = type;
    decodeIpv4(bytes, at, end, rec, r);
  } else if (type === EtherType.ipv6) {
    rec.etype = type;
    decodeIpv6(bytes, at, end, rec, r);
  }
}

/** The label stack, then the IP packet below it told by its version nibble (pmacct's mpls_handler). */
function decodeMpls(bytes: Uint8Array, start: number, end: number, rec: FlowRecord, r: PacketHeaderResult): void {
  let at = start;
  let depth = 0;
  if (start + 4 <= end) r.layers.at[PacketLayer.mpls] = start;
  for (;;) {
    if (at + 4 > end || depth >= MAX_MPLS_LABELS) {
      r.truncated = at + 4 > end;
      return;
    }
    const label = (bytes[at]! << 12) | (bytes[at + 1]! << 4) | (bytes[at + 2]! >>> 4);
    const bottom = (bytes[at + 2]! & 0x01) !== 0;
    if (depth === 0) rec.mplsLabelTop = label;
    rec.mplsLabelBottom = label;
    depth++;
    rec.mplsStackDepth = depth;
    at += 4;
    if (bottom) break;
  }
  if (at >= end) {
    r.truncated = true;
    return;
  }
  const version = bytes[at]! >>> 4;
  if (version === 4) {
    rec.etype = EtherType.ipv4;
    decodeIpv4(bytes, at, end, rec, r);
  } else if (version === 6) {
    rec.etype = EtherType.ipv6;
    decodeIpv6(bytes, at, end, rec, r);
  }
}

function decodeIpv4(bytes: Uint8Array, start: number, end: number, rec: FlowRecord, r: PacketHeaderResult): void {
  r.ipAnnounced = 4;
  r.layers.setL3(start, EtherType.ipv4);
  if (start + IPV4_MIN_HEADER > end) {
    r.truncated = true;
    return;
  }
  r.ipVersion = 4;
  rec.tos = bytes[start + 1]!;
  const protocol = bytes[start + 9]!;
  rec.proto = protocol;
  rec.srcHost.setV4(bytes, start + 12);
  rec.dstHost.setV4(bytes, start + 16);
  const fragmentOffset = u16(bytes, start + 6) & 0x1fff;
  // A later fragment holds the middle of the transport payload, not its header.
  if (fragmentOffset !== 0) return;
  const l4 = start + ((bytes[start]! & 0x0f) << 2);
  recordTransport(r.layers, bytes, l4, end, protocol);
  decodeTransport(bytes, l4, end, protocol, rec, r);
}

function decodeIpv6(bytes: Uint8Array, start: number, end: number, rec: FlowRecord, r: PacketHeaderResult): void {
  r.ipAnnounced = 6;
  r.layers.setL3(start, EtherType.ipv6);
  if (start + IPV6_HEADER > end) {
    r.truncated = true;
    return;
  }
  if (bytes[start]! >>> 4 !== 6) return;
  r.ipVersion = 6;
  rec.tos = bytes[start]! & 0x0f;
  rec.srcHost.setV6(bytes, start + 8);
  rec.dstHost.setV6(bytes, start + 24);
  let next = bytes[start + 6]!;
  let at = start + IPV6_HEADER;
  for (let steps = 0; steps < MAX_IPV6_EXTENSIONS; steps++) {
    if (next === 0 || next === 43 || next === 60 || next === 135) {
      if (at + 2 > end) return truncatedExtensions(r);
      const length = (bytes[at + 1]! + 1) << 3;
      next = bytes[at]!;
      at += length;
    } else if (next === 51) {
      if (at + 2 > end) return truncatedExtensions(r);
      const length = (bytes[at + 1]! + 2) << 2;
      next = bytes[at]!;
      at += length;
    } else if (next === 44) {
      if (at + 8 > end) return truncatedExtensions(r);
      const fragmentOffset = u16(bytes, at + 2) >>> 3;
      next = bytes[at]!;
      at += 8;
      if (fragmentOffset !== 0) {
        rec.proto = next;
        return;
      }
    } else {
      rec.proto = next;
      recordTransport(r.layers, bytes, at, end, next);
      decodeTransport(bytes, at, end, next, rec, r);
      return;
    }
  }
}

/** pmacct leaves the protocol unset when the extension headers run off the captured bytes. */
function truncatedExtensions(r: PacketHeaderResult): void {
  r.truncated = true;
}

function decodeTransport(bytes: Uint8Array, at: number, end: number, protocol: number, rec: FlowRecord, r: PacketHeaderResult): void {
  if (protocol !== PROTO_TCP && protocol !== PROTO_UDP) return;
  if (at + L4_MIN > end) {
    r.truncated = true;
    return;
  }
  rec.srcPort = u16(bytes, at);
  const dstPort = u16(bytes, at + 2);
  rec.dstPort = dstPort;
  if (protocol === PROTO_TCP) {
    if (at + TCP_FLAGS_OFFSET < end) rec.tcpFlags = bytes[at + TCP_FLAGS_OFFSET]!;
    else r.truncated = true;
  } else if (dstPort === VXLAN_PORT) {
    const vxlan = at + L4_MIN;
    if (vxlan + 8 <= end && (bytes[vxlan]! & VXLAN_FLAG_I) !== 0) {
      rec.vxlan = (bytes[vxlan + 4]! << 16) | (bytes[vxlan + 5]! << 8) | bytes[vxlan + 6]!;
      r.tunnelAt = vxlan + 8;
    }
  }
}

/** Six byte stores: a subarray view per sample would be garbage on the hot path. */
export function copyMac(src: Uint8Array, offset: number, dst: Uint8Array): void {
  for (let i = 0; i < 6; i++) dst[i] = src[offset + i]!;
}

function u16(b: Uint8Array, o: number): number {
  return (b[o]! << 8) | b[o + 1]!;
}
