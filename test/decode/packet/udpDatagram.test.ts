import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { PcapFileReader } from '../../../src/collect/pcapFileReader.ts';
import { LinkType } from '../../../src/decode/packet/linkType.ts';
import { PacketRejection } from '../../../src/decode/packet/packetRejection.ts';
import { extractUdpDatagram, UdpDatagram } from '../../../src/decode/packet/udpDatagram.ts';
import {
  bytes,
  ethernet,
  ipv4Header,
  ipv6Extension,
  ipv6Fragment,
  ipv6Header,
  SAMPLE_PAYLOAD,
  u16,
  u32,
  udp,
  udpHeader,
  vlanTag,
} from './frames.ts';

const fixture = (path: string): string => fileURLToPath(new URL(`../../fixtures/${path}`, import.meta.url));

const UDP_V4 = bytes(ipv4Header(16), udp(2055, 9995, SAMPLE_PAYLOAD));

function extract(linkType: number, frame: Buffer): UdpDatagram | null {
  return extractUdpDatagram(linkType, frame, new UdpDatagram());
}

function assertSampleDatagram(d: UdpDatagram | null): void {
  assert.ok(d, 'expected a datagram');
  assert.equal(d.ipVersion, 4);
  assert.equal(d.sourceText(), '192.0.2.1');
  assert.equal(d.destinationText(), '198.51.100.2');
  assert.equal(d.sourcePort, 2055);
  assert.equal(d.destinationPort, 9995);
  assert.deepEqual([...d.payload()], SAMPLE_PAYLOAD);
  assert.equal(d.payloadTruncated, false);
}

describe('extractUdpDatagram: link layers', () => {
  it('Ethernet II', () => assertSampleDatagram(extract(LinkType.ethernet, bytes(ethernet(0x0800), UDP_V4))));

  it('802.1Q VLAN tag', () => {
    assertSampleDatagram(extract(LinkType.ethernet, bytes(ethernet(0x8100), vlanTag(100, 0x0800), UDP_V4)));
  });

  it('QinQ: 802.1ad outer tag, 802.1Q inner tag', () => {
    assertSampleDatagram(extract(LinkType.ethernet, bytes(ethernet(0x88a8), vlanTag(10, 0x8100), vlanTag(20, 0x0800), UDP_V4)));
  });

  it('QinQ with two 0x8100 tags and with the pre-standard 0x9100 outer tag', () => {
    assertSampleDatagram(extract(LinkType.ethernet, bytes(ethernet(0x8100), vlanTag(1062, 0x8100), vlanTag(1493, 0x0800), UDP_V4)));
    assertSampleDatagram(extract(LinkType.ethernet, bytes(ethernet(0x9100), vlanTag(1, 0x8100), vlanTag(2, 0x0800), UDP_V4)));
  });

  it('IEEE 802.3 length field with LLC/SNAP (RFC 1042)', () => {
    const llcSnap = [0xaa, 0xaa, 0x03, 0x00, 0x00, 0x00, ...u16(0x0800)];
    const frame = bytes(ethernet(llcSnap.length + UDP_V4.length), llcSnap, UDP_V4);
    assertSampleDatagram(extract(LinkType.ethernet, frame));
  });

  it('PPPoE session (RFC 2516) carrying IPv4', () => {
    const pppoe = [0x11, 0x00, ...u16(0x0001), ...u16(UDP_V4.length + 2), ...u16(0x0021)];
    assertSampleDatagram(extract(LinkType.ethernet, bytes(ethernet(0x8864), pppoe, UDP_V4)));
  });

  it('MPLS label stack (RFC 3032): IP found below the bottom-of-stack label', () => {
    const labels = [...u32((1000 << 12) | (0 << 9) | (0 << 8) | 64), ...u32((2000 << 12) | (1 << 8) | 64)];
    assertSampleDatagram(extract(LinkType.ethernet, bytes(ethernet(0x8847), labels, UDP_V4)));
    // An MPLS stack that never ends is not IP.
    assert.equal(extract(LinkType.ethernet, bytes(ethernet(0x8847), u32(1000 << 12))), null);
  });

  it('Linux cooked capture v1 (SLL, 16-byte header, protocol last)', () => {
    const sll = [...u16(0), ...u16(1), ...u16(6), 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0, 0, ...u16(0x0800)];
    assertSampleDatagram(extract(LinkType.linuxSll, bytes(sll, UDP_V4)));
  });

  it('Linux cooked capture v1 with a VLAN tag kept in the payload', () => {
    const sll = [...u16(0), ...u16(1), ...u16(6), 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0, 0, ...u16(0x8100)];
    assertSampleDatagram(extract(LinkType.linuxSll, bytes(sll, vlanTag(7, 0x0800), UDP_V4)));
  });

  it('Linux cooked capture v2 (SLL2, 20-byte header, protocol first)', () => {
    const sll2 = [...u16(0x0800), 0, 0, ...u32(3), ...u16(1), 0, 6, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0, 0];
    assertSampleDatagram(extract(LinkType.linuxSll2, bytes(sll2, UDP_V4)));
  });

  it('raw IP under LINKTYPE 101, 12, 14 and LINKTYPE_IPV4', () => {
    for (const linkType of [LinkType.raw, LinkType.rawLegacy12, LinkType.rawLegacy14, LinkType.ipv4]) {
      assertSampleDatagram(extract(linkType, UDP_V4));
    }
  });

  it('BSD loopback (NULL): AF_INET in either byte order; LOOP: big-endian', () => {
    assertSampleDatagram(extract(LinkType.null, bytes([2, 0, 0, 0], UDP_V4)));
    assertSampleDatagram(extract(LinkType.null, bytes([0, 0, 0, 2], UDP_V4)));
    assertSampleDatagram(extract(LinkType.loop, bytes([0, 0, 0, 2], UDP_V4)));
    // AF_INET6 differs per OS: 24 (NetBSD/OpenBSD), 28 (FreeBSD), 30 (Darwin).
    const v6 = bytes(ipv6Header(16, 17), udp(1, 2, SAMPLE_PAYLOAD));
    for (const family of [24, 28, 30]) assert.equal(extract(LinkType.null, bytes([family, 0, 0, 0], v6))?.ipVersion, 6);
  });

  it('PPP with and without address/control bytes, and Cisco HDLC', () => {
    assertSampleDatagram(extract(LinkType.ppp, bytes([0xff, 0x03, ...u16(0x0021)], UDP_V4)));
    assertSampleDatagram(extract(LinkType.ppp, bytes([0x21], UDP_V4)));
    assertSampleDatagram(extract(LinkType.ciscoHdlc, bytes([0x0f, 0x00, ...u16(0x0800)], UDP_V4)));
  });
});

describe('extractUdpDatagram: IPv4', () => {
  it('skips IPv4 options', () => {
    const options = [0x94, 0x04, 0x00, 0x00, 0x01, 0x01, 0x01, 0x00]; // router alert + NOPs + EOL
    const frame = bytes(ethernet(0x0800), ipv4Header(16, { options }), udp(2055, 9995, SAMPLE_PAYLOAD));
    assertSampleDatagram(extract(LinkType.ethernet, frame));
  });

  it('ignores Ethernet padding after a short packet (the IP and UDP lengths rule)', () => {
    const short = bytes(ipv4Header(10), udp(2055, 9995, [1, 2]));
    const frame = bytes(ethernet(0x0800), short, new Array<number>(60 - 14 - short.length).fill(0));
    const d = extract(LinkType.ethernet, frame);
    assert.deepEqual([...d!.payload()], [1, 2]);
  });

  it('accepts a total length of 0 (captured before segmentation offload)', () => {
    const d = extract(LinkType.raw, bytes(ipv4Header(16, { totalLength: 0 }), udp(2055, 9995, SAMPLE_PAYLOAD)));
    assertSampleDatagram(d);
  });

  it('flags a payload cut by the snaplen', () => {
    const whole = bytes(ethernet(0x0800), UDP_V4);
    const d = extract(LinkType.ethernet, whole.subarray(0, whole.length - 3));
    assert.ok(d);
    assert.equal(d.payloadTruncated, true);
    assert.equal(d.payloadLength, SAMPLE_PAYLOAD.length - 3);
  });

  it('fragments: a later fragment or an incomplete first fragment is unusable', () => {
    const moreFragments = 0x2000;
    const first = bytes(ipv4Header(16, { flagsAndOffset: moreFragments }), udpHeader(2055, 9995, 100), SAMPLE_PAYLOAD);
    const later = bytes(ipv4Header(16, { flagsAndOffset: 3 }), SAMPLE_PAYLOAD, SAMPLE_PAYLOAD);
    const out = new UdpDatagram();
    assert.equal(extractUdpDatagram(LinkType.raw, first, out), null);
    assert.equal(out.rejection, PacketRejection.fragment);
    assert.equal(extractUdpDatagram(LinkType.raw, later, out), null);
    assert.equal(out.rejection, PacketRejection.fragment);
  });

  it('fragments: a first fragment holding the whole UDP payload is used (pmacct 1.7.7 accounts it too)', () => {
    const first = bytes(ipv4Header(16, { flagsAndOffset: 0x2000 }), udp(2055, 9995, SAMPLE_PAYLOAD));
    assertSampleDatagram(extract(LinkType.raw, first));
  });

  it('rejects without throwing: not IP, not UDP, truncated, malformed, unknown link type', () => {
    const out = new UdpDatagram();
    const cases: Array<[number, Buffer, number]> = [
      [LinkType.ethernet, bytes(ethernet(0x0806), new Array<number>(28).fill(0)), PacketRejection.notIp],
      [LinkType.raw, bytes(ipv4Header(20, { protocol: 6 }), new Array<number>(20).fill(0)), PacketRejection.notUdp],
      [LinkType.raw, UDP_V4.subarray(0, 25), PacketRejection.truncated],
      [LinkType.raw, UDP_V4.subarray(0, 10), PacketRejection.truncated],
      [LinkType.raw, bytes([0x44], UDP_V4.subarray(1)), PacketRejection.malformed],
      [LinkType.raw, bytes(ipv4Header(16, { totalLength: 12 }), udp(1, 2, SAMPLE_PAYLOAD)), PacketRejection.malformed],
      [LinkType.raw, bytes(ipv4Header(16), udpHeader(1, 2, 0, 4), SAMPLE_PAYLOAD), PacketRejection.malformed],
      [147, UDP_V4, PacketRejection.unsupportedLinkType],
      [LinkType.ethernet, Buffer.alloc(0), PacketRejection.notIp],
    ];
    for (const [linkType, frame, rejection] of cases) {
      assert.equal(extractUdpDatagram(linkType, frame, out), null);
      assert.equal(out.rejection, rejection);
    }
  });
});

describe('extractUdpDatagram: IPv6', () => {
  const source = [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];

  it('plain IPv6 over Ethernet', () => {
    const d = extract(LinkType.ethernet, bytes(ethernet(0x86dd), ipv6Header(16, 17, source), udp(4739, 4739, SAMPLE_PAYLOAD)));
    assert.ok(d);
    assert.equal(d.ipVersion, 6);
    assert.equal(d.sourceText(), '2001:db8::1');
    assert.equal(d.destinationText(), '2001:db8::2');
    assert.deepEqual([...d.payload()], SAMPLE_PAYLOAD);
  });

  it('walks hop-by-hop, routing, destination-options and atomic fragment headers', () => {
    const extensions = [...ipv6Extension(43), ...ipv6Extension(60), ...ipv6Extension(44), ...ipv6Fragment(17, 0, false)];
    const datagram = udp(4739, 4739, SAMPLE_PAYLOAD);
    const frame = bytes(ipv6Header(extensions.length + datagram.length, 0), extensions, datagram);
    const d = extract(LinkType.ipv6, frame);
    assert.ok(d);
    assert.equal(d.sourcePort, 4739);
    assert.deepEqual([...d.payload()], SAMPLE_PAYLOAD);
  });

  it('IPv6 fragments: later fragments and incomplete first fragments are unusable', () => {
    const out = new UdpDatagram();
    const firstHeader = ipv6Fragment(17, 0, true);
    const incomplete = bytes(ipv6Header(8 + 8 + 8, 44), firstHeader, udpHeader(1, 2, 500), SAMPLE_PAYLOAD);
    assert.equal(extractUdpDatagram(LinkType.ipv6, incomplete, out), null);
    assert.equal(out.rejection, PacketRejection.fragment);
    const later = bytes(ipv6Header(8 + 8, 44), ipv6Fragment(17, 2, false), SAMPLE_PAYLOAD);
    assert.equal(extractUdpDatagram(LinkType.ipv6, later, out), null);
    assert.equal(out.rejection, PacketRejection.fragment);
    const whole = bytes(ipv6Header(8 + 16, 44), firstHeader, udp(1, 2, SAMPLE_PAYLOAD));
    assert.deepEqual([...extractUdpDatagram(LinkType.ipv6, whole, out)!.payload()], SAMPLE_PAYLOAD);
  });

  it('ESP is not UDP; a truncated extension header is truncated', () => {
    const out = new UdpDatagram();
    assert.equal(extractUdpDatagram(LinkType.ipv6, bytes(ipv6Header(8, 50), new Array<number>(8).fill(0)), out), null);
    assert.equal(out.rejection, PacketRejection.notUdp);
    assert.equal(extractUdpDatagram(LinkType.ipv6, bytes(ipv6Header(8, 0), [17]), out), null);
    assert.equal(out.rejection, PacketRejection.truncated);
  });
});

describe('extractUdpDatagram on real captures (expected values from tshark)', () => {
  function datagramsOf(path: string): string[] {
    const reader = PcapFileReader.open(fixture(path));
    const out = new UdpDatagram();
    const lines: string[] = [];
    for (const p of reader) {
      const d = extractUdpDatagram(p.linkType, p.bytes, out, p.offset, p.end);
      lines.push(d ? `${d.sourceText()} ${d.sourcePort} ${d.destinationText()} ${d.destinationPort} ${d.payloadLength}` : `- ${out.rejection}`);
    }
    return lines;
  }

  it('IPv6 in Linux cooked capture: pmacct-tests/112 traffic-00.pcap', () => {
    // tshark -r F -T fields -e ipv6.src -e udp.srcport -e ipv6.dst -e udp.dstport -e udp.length  (payload = udp.length - 8)
    const payloads = [36, 32, 48, 904, 56, 672, 44, 1364, 1196, 164, 920, 36, 32, 48, 904, 56, 672, 44, 1364, 1196, 1336];
    const ports = [...new Array<number>(10).fill(61853), ...new Array<number>(11).fill(65156)];
    const destinations = [...new Array<string>(10).fill('2a02:a90:4007::2:20'), ...new Array<string>(11).fill('2a02:a90:4007::2:2')];
    const expected = payloads.map((n, i) => `2001:db8:90::1 ${ports[i]} ${destinations[i]} 9991 ${n}`);
    assert.deepEqual(datagramsOf('pmacct-tests/112-IPFIXv10-CISCO-options-map-reassignment/traffic-00.pcap'), expected);
  });

  it('IPv6 over Ethernet: pmacct-tests/111 traffic-01.pcap', () => {
    // tshark -r F -T fields -e ipv6.src -e udp.srcport -e ipv6.dst -e udp.dstport -e udp.length
    const udpLengths = [144, 588, 304, 164, 164, 444, 304, 164, 164, 164, 164];
    const expected = udpLengths.map((n) => `2001:4d98:a100:303:0:931:f:1 52925 2a02:a90:4007::2:2 9991 ${n - 8}`);
    assert.deepEqual(datagramsOf('pmacct-tests/111-IPFIXv10-NFv9-IPv6-IPv4-mix_sources/traffic-01.pcap'), expected);
  });

  it('IPv4 over Ethernet: netflow-v9/ndpi__netflowv9.pcap', () => {
    // tshark -r F -T fields -e ip.src -e udp.srcport -e ip.dst -e udp.dstport -e udp.length
    const udpLengths = [1384, 1332, 1384, 1332, 1328, 1348, 1376, 1328, 1356, 1380];
    const expected = udpLengths.map((n) => `192.168.2.134 48629 192.168.2.222 2057 ${n - 8}`);
    assert.deepEqual(datagramsOf('netflow-v9/ndpi__netflowv9.pcap'), expected);
  });

  it('finds the IP layer of TCP captures on other links (rejected as not UDP)', () => {
    // tshark -r F -T fields -e frame.protocols: raw:ip:tcp, chdlc(:mpls):ip:tcp, ppp:chdlc:ip:tcp, sll:ipv6:tcp
    const notUdp = `- ${PacketRejection.notUdp}`;
    assert.deepEqual(datagramsOf('bgp/tcpdump__bgp-addpath.pcap'), [notUdp]);
    assert.deepEqual(datagramsOf('bgp/ndpi__BGP_redist.pcap'), [notUdp, notUdp]);
    assert.deepEqual(datagramsOf('bgp/ndpi__BGP_Cisco_hdlc_slarp.pcap'), new Array<string>(14).fill(notUdp));
    assert.deepEqual(datagramsOf('bgp/tcpdump__bgp-enhanced-route-refresh-subtype.pcapng'), [notUdp, notUdp, notUdp]);
  });
});
