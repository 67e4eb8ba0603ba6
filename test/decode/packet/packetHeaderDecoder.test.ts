/**
 * PacketHeaderDecoder on hand-built sampled headers: the L2-L4 fields pmacct's
 * sfacctd takes from an sFlow raw packet header, and truncation at every
 * length (fill what is there, never throw).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HeaderProtocol, PacketHeaderDecoder } from '../../../src/decode/packet/packetHeaderDecoder.ts';
import { AF_INET6, AF_NONE, FlowRecord } from '../../../src/model/flowRecord.ts';
import { ipText } from '../../../src/model/ipText.ts';
import { bytes, ethernet, ipv4Header, ipv6Extension, ipv6Fragment, ipv6Header, u16, u32, udp } from './frames.ts';

function tcp(src: number, dst: number, flags: number): number[] {
  return [...u16(src), ...u16(dst), ...u32(1), ...u32(2), 0x50, flags, ...u16(1024), 0, 0, 0, 0];
}

function decode(frame: Uint8Array, protocol: number = HeaderProtocol.ethernet, follow = false): { rec: FlowRecord; dec: PacketHeaderDecoder } {
  const dec = new PacketHeaderDecoder({ followStackedTags: follow });
  const rec = new FlowRecord();
  dec.decode(protocol, frame, 0, frame.length, rec);
  return { rec, dec };
}

describe('PacketHeaderDecoder', () => {
  it('802.1Q tag: vlan, cos (PCP), inner etype, MACs, IPv4 TCP ports and flags', () => {
    const frame = bytes(ethernet(0x8100), [...u16((5 << 13) | 100), ...u16(0x0800)], ipv4Header(20, { protocol: 6 }), tcp(443, 51000, 0x18));
    const { rec, dec } = decode(frame);
    assert.equal(rec.vlan, 100);
    assert.equal(rec.cos, 5);
    assert.equal(rec.etype, 0x0800);
    assert.deepEqual([...rec.dstMac], [0x00, 0x11, 0x22, 0x33, 0x44, 0x55]);
    assert.deepEqual([...rec.srcMac], [0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb]);
    assert.equal(ipText(rec.srcHost.family, rec.srcHost.bytes), '192.0.2.1');
    assert.equal(ipText(rec.dstHost.family, rec.dstHost.bytes), '198.51.100.2');
    assert.equal(rec.proto, 6);
    assert.equal(rec.srcPort, 443);
    assert.equal(rec.dstPort, 51000);
    assert.equal(rec.tcpFlags, 0x18);
    assert.equal(dec.result.ipVersion, 4);
    assert.equal(dec.result.truncated, false);
  });

  it('stacked tags: pmacct reads one 0x8100 tag only; followStackedTags walks on, keeping the outer id', () => {
    const frame = bytes(ethernet(0x8100), [...u16(10), ...u16(0x8100)], [...u16(20), ...u16(0x0800)], ipv4Header(8), udp(1, 2, []));
    const strict = decode(frame);
    assert.equal(strict.rec.vlan, 10);
    assert.equal(strict.rec.etype, 0x8100);
    assert.equal(strict.dec.result.ipAnnounced, 0);
    assert.equal(strict.rec.srcHost.family, AF_NONE);
    const follow = decode(frame, HeaderProtocol.ethernet, true);
    assert.equal(follow.rec.vlan, 10);
    assert.equal(follow.rec.etype, 0x0800);
    assert.equal(follow.rec.dstPort, 2);
    const adOuter = bytes(ethernet(0x88a8), [...u16(30), ...u16(0x8100)], [...u16(40), ...u16(0x0800)], ipv4Header(8), udp(1, 2, []));
    assert.equal(decode(adOuter).rec.vlan, 0);
    assert.equal(decode(adOuter, HeaderProtocol.ethernet, true).rec.vlan, 30);
  });

  it('MPLS: top and bottom label, depth, IPv4 below by version nibble', () => {
    const labels = [...u32((16001 << 12) | 0x40), ...u32((24002 << 12) | 0x100 | 0x40)];
    const frame = bytes(ethernet(0x8847), labels, ipv4Header(8, { protocol: 17 }), udp(53, 5353, []));
    const { rec } = decode(frame);
    assert.equal(rec.mplsLabelTop, 16001);
    assert.equal(rec.mplsLabelBottom, 24002);
    assert.equal(rec.mplsStackDepth, 2);
    assert.equal(rec.etype, 0x0800);
    assert.equal(rec.srcPort, 53);
  });

  it('IPv6: extension headers walked to TCP; tos is the top nibble of the traffic class, as pmacct', () => {
    const ip = ipv6Header(48, 0);
    ip[0] = 0x6b; // traffic class 0xb8: pmacct reports 0xb
    ip[1] = 0x80;
    const frame = bytes(ethernet(0x86dd), ip, ipv6Extension(44), ipv6Fragment(6, 0, true), tcp(22, 40000, 0x02));
    const { rec } = decode(frame);
    assert.equal(rec.srcHost.family, AF_INET6);
    assert.equal(rec.tos, 0x0b);
    assert.equal(rec.proto, 6);
    assert.equal(rec.srcPort, 22);
    assert.equal(rec.dstPort, 40000);
    assert.equal(rec.tcpFlags, 0x02);
  });

  it('later fragments (IPv4 and IPv6) carry no ports', () => {
    const v4 = decode(bytes(ethernet(0x0800), ipv4Header(8, { protocol: 17, flagsAndOffset: 0x0010 }), udp(1, 2, [])));
    assert.equal(v4.rec.proto, 17);
    assert.equal(v4.rec.srcPort, 0);
    const v6 = decode(bytes(ipv6Header(16, 44), ipv6Fragment(17, 3, false), udp(1, 2, [])), HeaderProtocol.ipv6);
    assert.equal(v6.rec.proto, 17);
    assert.equal(v6.rec.srcPort, 0);
  });

  it('ICMP type/code are not ports (sfacctd reports ports for TCP/UDP only)', () => {
    const { rec } = decode(bytes(ipv4Header(8, { protocol: 1 }), [8, 0, 0, 0, 0, 1, 0, 1]), HeaderProtocol.ipv4);
    assert.equal(rec.proto, 1);
    assert.equal(rec.srcPort, 0);
    assert.equal(rec.dstPort, 0);
    assert.equal(rec.etype, 0);
  });

  it('VXLAN: the VNI of a UDP 4789 datagram with the I flag', () => {
    const frame = bytes(ipv4Header(16), udp(40000, 4789, [0x08, 0, 0, 0, 0x12, 0x34, 0x56, 0]));
    assert.equal(decode(frame, HeaderProtocol.ipv4).rec.vxlan, 0x123456);
  });

  it('truncated at every length: never throws, never reads beyond, fills a prefix of the fields', () => {
    const frame = bytes(ethernet(0x8100), [...u16(7), ...u16(0x86dd)], ipv6Header(28, 0), ipv6Extension(6), tcp(80, 8080, 0x11));
    const dec = new PacketHeaderDecoder();
    const rec = new FlowRecord();
    for (let n = 0; n <= frame.length; n++) {
      rec.reset();
      // A larger buffer: the decoder must respect `end`, not the array length.
      const padded = bytes(frame.subarray(0, n), new Array<number>(64).fill(0xee));
      const r = dec.decode(HeaderProtocol.ethernet, padded, 0, n, rec);
      if (n < 14) assert.equal(rec.etype, 0);
      // Everything the decoder reads ends with the TCP flags byte: 18 + 40 + 8 + 14 bytes.
      assert.equal(r.truncated, n < 80, `length ${n}`);
      if (rec.srcPort !== 0) assert.equal(rec.srcPort, 80);
      if (rec.tcpFlags !== 0) assert.equal(rec.tcpFlags, 0x11);
    }
    assert.equal(rec.dstPort, 8080);
    assert.equal(rec.tcpFlags, 0x11);
  });

  it('unknown header protocols leave the record alone', () => {
    const { rec, dec } = decode(new Uint8Array(64), 7);
    assert.equal(rec.etype, 0);
    assert.equal(dec.result.ipAnnounced, 0);
  });
});
