/**
 * Test-only access to UDP payloads in classic pcap files (Ethernet, 802.1Q,
 * IPv4/IPv6, UDP), and the reverse for crafted captures. Enough for the
 * decoder tests to run on real captures until src/collect has its reader.
 */
import { readFileSync, writeFileSync } from 'node:fs';

export interface UdpDatagram {
  /** Source address bytes (4 or 16) and their text form. */
  readonly srcAddress: Uint8Array;
  readonly srcText: string;
  readonly srcPort: number;
  readonly dstPort: number;
  readonly tsSec: number;
  readonly tsUsec: number;
  readonly payload: Uint8Array;
}

const LINKTYPE_ETHERNET = 1;
const LINKTYPE_RAW = 101;
const LINKTYPE_LINUX_SLL = 113;

export function readUdpDatagrams(path: string): UdpDatagram[] {
  const file = readFileSync(path);
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const magic = view.getUint32(0, false);
  let little: boolean;
  let nanos = false;
  if (magic === 0xa1b2c3d4) little = false;
  else if (magic === 0xd4c3b2a1) little = true;
  else if (magic === 0xa1b23c4d) (little = false), (nanos = true);
  else if (magic === 0x4d3cb2a1) (little = true), (nanos = true);
  else throw new Error(`${path}: not a classic pcap file`);
  const linkType = view.getUint32(20, little) & 0x0fffffff;
  const out: UdpDatagram[] = [];
  for (let off = 24; off + 16 <= file.length; ) {
    const tsSec = view.getUint32(off, little);
    const tsFrac = view.getUint32(off + 4, little);
    const capLen = view.getUint32(off + 8, little);
    const frame = file.subarray(off + 16, off + 16 + capLen);
    off += 16 + capLen;
    const d = parseFrame(frame, linkType, tsSec, nanos ? Math.floor(tsFrac / 1000) : tsFrac);
    if (d) out.push(d);
  }
  return out;
}

function parseFrame(frame: Uint8Array, linkType: number, tsSec: number, tsUsec: number): UdpDatagram | null {
  let off: number;
  let etherType: number;
  if (linkType === LINKTYPE_ETHERNET) {
    off = 12;
    etherType = (frame[off]! << 8) | frame[off + 1]!;
    off += 2;
    while (etherType === 0x8100 || etherType === 0x88a8) {
      etherType = (frame[off + 2]! << 8) | frame[off + 3]!;
      off += 4;
    }
  } else if (linkType === LINKTYPE_LINUX_SLL) {
    etherType = (frame[14]! << 8) | frame[15]!;
    off = 16;
  } else if (linkType === LINKTYPE_RAW) {
    etherType = frame[0]! >> 4 === 6 ? 0x86dd : 0x800;
    off = 0;
  } else return null;

  let src: Uint8Array;
  let proto: number;
  let l4: number;
  if (etherType === 0x800) {
    const ihl = (frame[off]! & 0x0f) * 4;
    proto = frame[off + 9]!;
    src = frame.slice(off + 12, off + 16);
    l4 = off + ihl;
  } else if (etherType === 0x86dd) {
    proto = frame[off + 6]!;
    src = frame.slice(off + 8, off + 24);
    l4 = off + 40;
  } else return null;
  if (proto !== 17 || l4 + 8 > frame.length) return null;
  const srcPort = (frame[l4]! << 8) | frame[l4 + 1]!;
  const dstPort = (frame[l4 + 2]! << 8) | frame[l4 + 3]!;
  const udpLen = (frame[l4 + 4]! << 8) | frame[l4 + 5]!;
  const end = Math.min(frame.length, l4 + Math.max(udpLen, 8));
  return {
    srcAddress: src,
    srcText: src.length === 4 ? src.join('.') : ipv6Hex(src),
    srcPort,
    dstPort,
    tsSec,
    tsUsec,
    payload: frame.slice(l4 + 8, end),
  };
}

function ipv6Hex(b: Uint8Array): string {
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((b[i]! << 8) | b[i + 1]!).toString(16));
  return groups.join(':');
}

export interface CraftedDatagram {
  /** Dotted-quad exporter address. */
  src: string;
  payload: Uint8Array;
  tsSec: number;
  dstPort?: number;
}

/** Writes Ethernet/IPv4/UDP frames around the payloads (checksums left at zero). */
export function writeUdpPcap(path: string, datagrams: CraftedDatagram[]): void {
  const chunks: Uint8Array[] = [];
  const header = new Uint8Array(24);
  const hv = new DataView(header.buffer);
  hv.setUint32(0, 0xa1b2c3d4, true);
  hv.setUint16(4, 2, true);
  hv.setUint16(6, 4, true);
  hv.setUint32(16, 65535, true);
  hv.setUint32(20, LINKTYPE_ETHERNET, true);
  chunks.push(header);
  for (const d of datagrams) {
    const frameLen = 14 + 20 + 8 + d.payload.length;
    const rec = new Uint8Array(16 + frameLen);
    const rv = new DataView(rec.buffer);
    rv.setUint32(0, d.tsSec, true);
    rv.setUint32(4, 0, true);
    rv.setUint32(8, frameLen, true);
    rv.setUint32(12, frameLen, true);
    const f = 16;
    rec.set([0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 1], f);
    rv.setUint16(f + 12, 0x800);
    rec[f + 14] = 0x45;
    rv.setUint16(f + 16, 20 + 8 + d.payload.length);
    rec[f + 22] = 64;
    rec[f + 23] = 17;
    rec.set(d.src.split('.').map(Number), f + 26);
    rec.set([127, 0, 0, 1], f + 30);
    rv.setUint16(f + 34, 40000);
    rv.setUint16(f + 36, d.dstPort ?? 2055);
    rv.setUint16(f + 38, 8 + d.payload.length);
    rec.set(d.payload, f + 42);
    chunks.push(rec);
  }
  writeFileSync(path, Buffer.concat(chunks));
}
