/**
 * Builds packets byte by byte for crafted test captures (sampled headers in
 * sFlow records, frames for the packet decoder): Ethernet with or without an
 * 802.1Q tag, IPv4, IPv6, TCP, UDP, ICMP and VXLAN, laid out from their RFCs
 * rather than by tsacct's own code. Checksums are left 0: no decoder here
 * reads them.
 */
import { concat, ip4, ip6, mac, u16, u32, u8, type Bytes } from '../netflow/datagramBuilder.ts';

export function ethernet(dst: string, src: string, etype: number, payload: Bytes): Bytes {
  return concat(mac(dst), mac(src), u16(etype), payload);
}

export function dot1q(dst: string, src: string, vlan: number, priority: number, etype: number, payload: Bytes): Bytes {
  return concat(mac(dst), mac(src), u16(0x8100), u16((priority << 13) | vlan), u16(etype), payload);
}

export function ipv4(src: string, dst: string, proto: number, tos: number, l4: Bytes): Bytes {
  return concat(
    u8(0x45), u8(tos), u16(20 + l4.length), u16(0x1234), u16(0x4000), u8(64), u8(proto), u16(0),
    ip4(src), ip4(dst), l4,
  );
}

export function ipv6(src: string, dst: string, next: number, trafficClass: number, l4: Bytes): Bytes {
  return concat(
    u32((6 << 28) | (trafficClass << 20)), u16(l4.length), u8(next), u8(64),
    ip6(src), ip6(dst), l4,
  );
}

export function tcp(sport: number, dport: number, flags: number): Bytes {
  return concat(u16(sport), u16(dport), u32(1000), u32(2000), u8(5 << 4), u8(flags), u16(65535), u16(0), u16(0));
}

export function udp(sport: number, dport: number, payload: Bytes): Bytes {
  return concat(u16(sport), u16(dport), u16(8 + payload.length), u16(0), payload);
}

export function icmp(type: number, code: number): Bytes {
  return concat(u8(type), u8(code), u16(0), u32(0x00010001));
}

/** RFC 7348 header; `flags` 0x08 is the I flag (VNI valid). */
export function vxlan(vni: number, inner: Bytes, flags = 0x08): Bytes {
  return concat(u8(flags), u8(0), u16(0), u32(vni << 8), inner);
}
