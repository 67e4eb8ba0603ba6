/**
 * Packets carried in records (dataLinkFrameSection): what nfacctd 1.7.7
 * takes from them, checked against the binary on akvorado's datalink,
 * SRv6 and EoMPLS captures (pmacctReference.test.ts), plus the parser on
 * hand-made frames.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { FrameSection } from '../../../src/decode/netflow/frameSection.ts';
import { concat, ip4, ip6, mac, u16, u32, u8 } from './datagramBuilder.ts';
import { aggregateCapture } from './pmacctCsv.ts';
import { NETFLOW_FIXTURES } from './fixturePaths.ts';

const ethernet = (etype: number): Uint8Array => concat(mac('02:00:00:00:00:02'), mac('02:00:00:00:00:01'), u16(etype));
const ipv4 = (proto: number, totalLength: number, fragment = 0): Uint8Array =>
  concat(u8(0x45), u8(0x20), u16(totalLength), u16(1), u16(fragment), u8(64), u8(proto), u16(0), ip4('10.0.0.1'), ip4('10.0.0.2'));
const tcp = concat(u16(443), u16(50000), u32(0), u32(0), u8(0x50), u8(0x12), u16(0), u16(0), u16(0));

describe('FrameSection', () => {
  it('reads MACs, the first VLAN tag, IPv4 and TCP', () => {
    const f = new FrameSection();
    const frame = concat(ethernet(0x8100), u16((5 << 13) | 231), u16(0x8100), u16(42), u16(0x800), ipv4(6, 60), tcp);
    f.parse(frame, 0, frame.length);
    assert.equal(f.mac, 0);
    assert.deepEqual([f.vlanTci & 0xfff, f.vlanTci >>> 13], [231, 5]);
    assert.deepEqual([f.l3, f.proto, f.tos, f.ipBytes, f.srcPort, f.dstPort, f.tcpFlags], [0x800, 6, 0x20, 60, 443, 50000, 0x12]);
    assert.deepEqual([...frame.subarray(f.srcAddress, f.srcAddress + 4)], [10, 0, 0, 1]);
  });

  it('walks an MPLS stack entry by entry and guesses IP from the version nibble', () => {
    const f = new FrameSection();
    const entry = (label: number, bottom: boolean): Uint8Array => u32(((label << 12) | (bottom ? 0x100 : 0) | 64) >>> 0);
    const frame = concat(ethernet(0x8847), entry(300012, false), entry(17, false), entry(24, true), ipv4(17, 28), u16(53), u16(53));
    f.parse(frame, 0, frame.length);
    assert.deepEqual([f.mplsTop, f.mplsBottom, f.mplsDepth, f.l3, f.srcPort], [300012, 24, 3, 0x800, 53]);
    const eompls = concat(ethernet(0x8847), entry(300012, false), entry(17, true), u32(0), ethernet(0x800));
    f.parse(eompls, 0, eompls.length);
    assert.deepEqual([f.mplsBottom, f.mplsDepth, f.l3], [17, 2, 0], 'a pseudowire control word is not IP');
  });

  it('skips IPv6 extension headers and has no ports in later fragments', () => {
    const f = new FrameSection();
    const v6 = (next: number, payloadLength: number): Uint8Array => concat(u32(0x60000000), u16(payloadLength), u8(next), u8(64), ip6('2001:db8::1'), ip6('2001:db8::2'));
    const hopByHop = concat(u8(17), u8(0), new Uint8Array(6));
    const frame = concat(ethernet(0x86dd), v6(0, 16), hopByHop, u16(123), u16(456), u16(8), u16(0));
    f.parse(frame, 0, frame.length);
    assert.deepEqual([f.l3, f.proto, f.ipBytes, f.srcPort, f.dstPort], [0x86dd, 17, 56, 123, 456]);
    const later = concat(ethernet(0x800), ipv4(17, 28, 0x0010), u16(53), u16(53));
    f.parse(later, 0, later.length);
    assert.deepEqual([f.proto, f.srcPort], [17, 0]);
  });

  it('stops quietly on truncated frames', () => {
    const f = new FrameSection();
    const frame = concat(ethernet(0x800), ipv4(6, 60), tcp);
    for (let end = 0; end <= frame.length; end++) f.parse(frame, 0, end);
    f.parse(frame, 0, 20);
    assert.equal(f.l3, 0);
  });

  it('fills what the record lacks from its packet (akvorado datalink capture, as pmacct 1.7.7)', () => {
    const [row] = aggregateCapture(join(NETFLOW_FIXTURES, 'akvorado__datalink.pcap'), ['src_mac', 'dst_mac', 'vlan', 'src_host', 'dst_host', 'src_port', 'dst_port', 'proto', 'in_iface', 'etype']);
    assert.deepEqual(Object.fromEntries(row!), {
      SRC_MAC: 'b4:02:16:55:92:f4',
      DST_MAC: '18:2a:d3:6e:50:3f',
      // The frame has VLAN 231, but with flowDirection present pmacct only looks at the record's VLAN fields.
      VLAN: '0',
      SRC_IP: '51.51.51.51',
      DST_IP: '52.52.52.52',
      SRC_PORT: '55501',
      DST_PORT: '11777',
      PROTOCOL: 'udp',
      IN_IFACE: '582',
      ETYPE: '800',
      PACKETS: '1',
      FLOWS: '1',
      BYTES: '96',
    });
  });
});
