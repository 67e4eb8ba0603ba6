// BGP message decoding on hand-built messages: every byte below is written
// out from the RFC layouts, and each expected value is worked out in the
// comment beside it (never taken from the decoder's own output).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BgpMessageReader, checkHeader, newFramedMessage } from '../../../src/decode/bgp/bgpMessageReader.ts';
import { decodeOpen, encodeOpen, multiprotocolCapability, peerAsOf, fourOctetAsCapability } from '../../../src/decode/bgp/bgpOpen.ts';
import { decodeNotification, encodeNotification } from '../../../src/decode/bgp/bgpNotification.ts';
import { BgpProtocolError } from '../../../src/decode/bgp/bgpProtocolError.ts';
import { decodeUpdate, UpdateMessage, type UpdateDecodeOptions } from '../../../src/decode/bgp/updateMessage.ts';
import { NlriEntry, NlriReader } from '../../../src/decode/bgp/nlriReader.ts';
import { communitiesText, extendedCommunitiesText, largeCommunitiesText } from '../../../src/decode/bgp/communityText.ts';
import { rdText } from '../../../src/decode/bgp/routeDistinguisher.ts';
import { decodeRouteRefresh } from '../../../src/decode/bgp/bgpRouteRefresh.ts';
import { encodeUpdate } from '../../../src/decode/bgp/updateEncoder.ts';
import { ipv4Text, ipv6Text } from '../../../src/model/ipText.ts';

const MARKER = Array(16).fill(0xff) as number[];

function message(type: number, body: number[]): Uint8Array {
  const length = 19 + body.length;
  return Uint8Array.from([...MARKER, length >> 8, length & 0xff, type, ...body]);
}

const PLAIN: UpdateDecodeOptions = { fourOctetAs: true, addPath: () => false };
const TWO_OCTET: UpdateDecodeOptions = { fourOctetAs: false, addPath: () => false };

function decode(bytes: Uint8Array, options: UpdateDecodeOptions = PLAIN): { update: UpdateMessage; error: BgpProtocolError | null } {
  const update = new UpdateMessage();
  const error = decodeUpdate(bytes, 0, bytes.length, options, update, new NlriReader(), new NlriEntry());
  return { update, error };
}

function prefixes(u: UpdateMessage, start: number, end: number, afi: number, safi: number, addPath: boolean, withdraw: boolean): string[] {
  const reader = new NlriReader();
  const entry = new NlriEntry();
  reader.reset(u.bytes, start, end, afi, safi, addPath, withdraw, 10);
  const out: string[] = [];
  for (;;) {
    const r = reader.next(entry);
    if (r === 0) break;
    assert.equal(typeof r, 'number');
    const text = `${afi === 1 ? ipv4Text(entry.address) : ipv6Text(entry.address)}/${entry.length}`;
    out.push(`${addPath ? `${entry.pathId} ` : ''}${text}${entry.label >= 0 ? ` label ${entry.label}` : ''}${entry.hasRd ? ` rd ${rdText(entry.rd)}` : ''}`);
  }
  return out;
}

describe('message framing (RFC 4271 §4.1, §6.1)', () => {
  it('cuts a stream split at arbitrary points into whole messages', () => {
    const keepalive = message(4, []);
    const refresh = message(5, [0, 1, 0, 1]); // AFI 1, reserved, SAFI 1
    const stream = Uint8Array.from([...keepalive, ...refresh, ...keepalive]);
    const reader = new BgpMessageReader();
    const out = newFramedMessage();
    const types: number[] = [];
    for (let i = 0; i < stream.length; i += 7) {
      reader.push(stream.subarray(i, Math.min(i + 7, stream.length)));
      for (let r = reader.next(out); r === true; r = reader.next(out)) {
        types.push(out.type);
        if (out.type === 5) assert.deepEqual(decodeRouteRefresh(out.bytes, out.offset), { afi: 1, subtype: 0, safi: 1 });
      }
    }
    assert.deepEqual(types, [4, 5, 4]);
    assert.equal(reader.pending, 0);
  });

  it('names the header errors: marker 1/1, length 1/2 with the length as data, type 1/3 with the type as data', () => {
    const badMarker = message(4, []);
    badMarker[3] = 0;
    let e = checkHeader(badMarker, 0)!;
    assert.deepEqual([e.code, e.subcode], [1, 1]);
    const short = message(4, []);
    short[17] = 18; // length 18 < 19
    e = checkHeader(short, 0)!;
    assert.deepEqual([e.code, e.subcode, [...e.data]], [1, 2, [0, 18]]);
    // A KEEPALIVE must be exactly 19 bytes: 20 is a bad length.
    e = checkHeader(message(4, [0]), 0)!;
    assert.deepEqual([e.code, e.subcode, [...e.data]], [1, 2, [0, 20]]);
    // 4097 bytes: 0x1001.
    const long = message(2, []);
    long[16] = 0x10;
    long[17] = 0x01;
    e = checkHeader(long, 0)!;
    assert.deepEqual([e.code, e.subcode, [...e.data]], [1, 2, [0x10, 0x01]]);
    e = checkHeader(message(6, []), 0)!;
    assert.deepEqual([e.code, e.subcode, [...e.data]], [1, 3, [6]]);
    // An OPEN needs 29 bytes: 19 + 4 = 23 is a bad length.
    e = checkHeader(message(1, [4, 0, 1, 0]), 0)!;
    assert.deepEqual([e.code, e.subcode], [1, 2]);
  });

  it('keeps failing after a header error (the stream cannot be re-synchronised)', () => {
    const reader = new BgpMessageReader();
    const bad = message(9, []);
    reader.push(bad);
    reader.push(message(4, []));
    const out = newFramedMessage();
    assert.ok(reader.next(out) instanceof BgpProtocolError);
    assert.ok(reader.next(out) instanceof BgpProtocolError);
  });
});

describe('OPEN (RFC 4271 §4.2, RFC 5492, 6793, 7911)', () => {
  // Version 4, My AS 23456 (AS_TRANS, 0x5ba0), hold time 90 (0x005a),
  // identifier 10.0.0.2, then one Capabilities parameter (type 2) of 28
  // bytes (optional parameters length 30): MP IPv4 unicast (1,4: 0001 00 01),
  // MP IPv6 unicast, 4-octet AS 4200000001 (0xfa56ea01), ADD-PATH IPv4
  // unicast send (1,4: 0001 01 02), graceful restart (64) of 2 bytes;
  // 3 × 6 + 6 + 4 = 28.
  const open = message(1, [
    4, 0x5b, 0xa0, 0x00, 0x5a, 10, 0, 0, 2, 30,
    2, 28,
    1, 4, 0, 1, 0, 1,
    1, 4, 0, 2, 0, 1,
    65, 4, 0xfa, 0x56, 0xea, 0x01,
    69, 4, 0, 1, 1, 2,
    64, 2, 0x00, 0x78,
  ]);

  it('decodes AS, hold time, identifier and capabilities, keeping all of them raw', () => {
    const o = decodeOpen(open, 0, open.length);
    assert.ok(!(o instanceof BgpProtocolError));
    assert.equal(o.myAs, 23456);
    assert.equal(peerAsOf(o), 4200000001);
    assert.equal(o.holdTime, 90);
    assert.equal(o.bgpId, (10 << 24 | 2) >>> 0);
    assert.deepEqual(o.multiprotocol, [{ afi: 1, safi: 1 }, { afi: 2, safi: 1 }]);
    assert.deepEqual(o.addPath, [{ afi: 1, safi: 1, sendReceive: 2 }]);
    assert.equal(o.gracefulRestart, true);
    assert.deepEqual(o.capabilities.map((c) => c.code), [1, 1, 65, 69, 64]);
  });

  it('refuses version 3 (2/1, data 4), hold time 2 (2/6), identifier 0 (2/3), AS_TRANS without the capability (2/2)', () => {
    const v3 = Uint8Array.from(open);
    v3[19] = 3;
    let e = decodeOpen(v3, 0, v3.length) as BgpProtocolError;
    assert.deepEqual([e.code, e.subcode, [...e.data]], [2, 1, [0, 4]]);
    const hold = Uint8Array.from(open);
    hold[23] = 2;
    e = decodeOpen(hold, 0, hold.length) as BgpProtocolError;
    assert.deepEqual([e.code, e.subcode], [2, 6]);
    const id0 = Uint8Array.from(open);
    id0.fill(0, 24, 28);
    e = decodeOpen(id0, 0, id0.length) as BgpProtocolError;
    assert.deepEqual([e.code, e.subcode], [2, 3]);
    const bare = message(1, [4, 0x5b, 0xa0, 0, 90, 10, 0, 0, 2, 0]);
    e = decodeOpen(bare, 0, bare.length) as BgpProtocolError;
    assert.deepEqual([e.code, e.subcode], [2, 2]);
  });

  it('refuses an optional parameter other than capabilities (2/4) and parameters that overrun (2/0)', () => {
    const param1 = message(1, [4, 0xfd, 0xe8, 0, 90, 10, 0, 0, 2, 4, 1, 2, 0, 0]);
    let e = decodeOpen(param1, 0, param1.length) as BgpProtocolError;
    assert.deepEqual([e.code, e.subcode], [2, 4]);
    const overrun = message(1, [4, 0xfd, 0xe8, 0, 90, 10, 0, 0, 2, 4, 2, 9, 0, 0]);
    e = decodeOpen(overrun, 0, overrun.length) as BgpProtocolError;
    assert.deepEqual([e.code, e.subcode], [2, 0]);
  });

  it('encodes a 4-octet AS as AS_TRANS plus the capability', () => {
    const m = encodeOpen({ myAs: 4200000001, holdTime: 9, bgpId: 0x01020304, capabilities: [multiprotocolCapability(1, 128), fourOctetAsCapability(4200000001)] });
    // 19 + 10 + parameter header 2 + MP 6 + AS4 6 = 43 bytes.
    assert.equal(m.length, 43);
    assert.deepEqual([...m.subarray(19, 29)], [4, 0x5b, 0xa0, 0, 9, 1, 2, 3, 4, 14]);
    assert.deepEqual([...m.subarray(29)], [2, 12, 1, 4, 0, 1, 0, 128, 65, 4, 0xfa, 0x56, 0xea, 0x01]);
  });
});

describe('NOTIFICATION (RFC 4271 §4.5, RFC 8203)', () => {
  it('reads the Shutdown Communication of a Cease/Administrative Shutdown', () => {
    // Cease (6), subcode 2, length 5, "maint".
    const m = message(3, [6, 2, 5, 0x6d, 0x61, 0x69, 0x6e, 0x74]);
    const n = decodeNotification(m, 0, m.length);
    assert.deepEqual([n.code, n.subcode, n.shutdownCommunication], [6, 2, 'maint']);
    // A length beyond the data: no communication, no failure.
    const bad = message(3, [6, 2, 9, 0x6d]);
    assert.equal(decodeNotification(bad, 0, bad.length).shutdownCommunication, null);
  });

  it('encodes code, subcode and data', () => {
    const m = encodeNotification(3, 1, Uint8Array.of(0xab));
    assert.deepEqual([...m.subarray(16)], [0, 22, 3, 3, 1, 0xab]);
    const s = encodeNotification(6, 2, undefined, 'bye');
    assert.deepEqual([...s.subarray(19)], [6, 2, 3, 0x62, 0x79, 0x65]);
  });
});

describe('UPDATE (RFC 4271 §4.3, RFC 4760, 7911, 7606)', () => {
  // Withdrawn 10.1.0.0/16 (3 bytes: 16, 10, 1); attributes:
  //   ORIGIN IGP             40 01 01 00
  //   AS_PATH 4-octet seq of 2: 40 02 0a 02 02 00 00 fd ea 00 00 fd f4   (65002, 65012)
  //   NEXT_HOP 192.0.2.1     40 03 04 c0 00 02 01
  //   MED 50                 80 04 04 00 00 00 32
  //   LOCAL_PREF 200         40 05 04 00 00 00 c8
  //   COMMUNITIES 65000:100 and 65000:20 (fde8 0064, fde8 0014): c0 08 08 ...
  // NLRI 203.0.113.0/24 (24, 203, 0, 113) and 0.0.0.0/0 (0).
  const attrs = [
    0x40, 1, 1, 0,
    0x40, 2, 10, 2, 2, 0, 0, 0xfd, 0xea, 0, 0, 0xfd, 0xf4,
    0x40, 3, 4, 192, 0, 2, 1,
    0x80, 4, 4, 0, 0, 0, 50,
    0x40, 5, 4, 0, 0, 0, 200,
    0xc0, 8, 8, 0xfd, 0xe8, 0, 100, 0xfd, 0xe8, 0, 20,
  ];
  const update = message(2, [0, 3, 16, 10, 1, 0, attrs.length, ...attrs, 24, 203, 0, 113, 0]);

  it('locates the fields and decodes the attributes', () => {
    const { update: u, error } = decode(update);
    assert.equal(error, null);
    assert.equal(u.treatAsWithdraw, null);
    assert.deepEqual(prefixes(u, u.withdrawnStart, u.withdrawnEnd, 1, 1, false, true), ['10.1.0.0/16']);
    assert.deepEqual(prefixes(u, u.nlriStart, u.nlriEnd, 1, 1, false, false), ['203.0.113.0/24', '0.0.0.0/0']);
    const a = u.attributes;
    assert.equal(a.origin, 0);
    assert.equal(a.asPath.text(), '65002 65012');
    assert.equal(ipv4Text(a.nextHop), '192.0.2.1');
    assert.deepEqual([a.med, a.localPref], [50, 200]);
    // Sorted: 65000:20 before 65000:100.
    assert.equal(communitiesText(a.communities, a.communityCount), '65000:20 65000:100');
  });

  it('reads a 2-octet AS_PATH with AS4_PATH on a session without 4-octet ASNs (RFC 6793 §4.2.3)', () => {
    // AS_PATH (2-octet): seq 23456 65001 (5ba0 fde9); AS4_PATH: seq 4200000001 (fa56ea01).
    // Two hops in AS_PATH, one in AS4_PATH: keep AS_PATH's first hop, then AS4_PATH.
    const body = [0x40, 1, 1, 0, 0x40, 2, 6, 2, 2, 0x5b, 0xa0, 0xfd, 0xe9, 0x40, 3, 4, 192, 0, 2, 1, 0xc0, 17, 6, 2, 1, 0xfa, 0x56, 0xea, 0x01];
    const m = message(2, [0, 0, 0, body.length, ...body, 8, 10]);
    const { update: u, error } = decode(m, TWO_OCTET);
    assert.equal(error, null);
    assert.equal(u.attributes.asPath.text(), '23456 4200000001');
  });

  it('prints sets and confederation segments as pmacct does', () => {
    // seq 65001, set {65003,65002,65003} (duplicate dropped, sorted), confed seq (1 2), confed set [5,4].
    const path = [2, 1, 0, 0, 0xfd, 0xe9, 1, 3, 0, 0, 0xfd, 0xeb, 0, 0, 0xfd, 0xea, 0, 0, 0xfd, 0xeb, 3, 2, 0, 0, 0, 1, 0, 0, 0, 2, 4, 2, 0, 0, 0, 5, 0, 0, 0, 4];
    const body = [0x40, 1, 1, 2, 0x40, 2, path.length, ...path, 0x40, 3, 4, 192, 0, 2, 1];
    const { update: u } = decode(message(2, [0, 0, 0, body.length, ...body, 8, 10]));
    assert.equal(u.attributes.asPath.text(), '65001 {65002,65003} (1 2) [4,5]');
    assert.equal(u.attributes.asPath.lastAs(), 5);
  });

  it('decodes MP_REACH_NLRI with ADD-PATH, labels and route distinguishers', () => {
    // VPNv4 (1, 128), next hop RD 0 + 192.0.2.9 (12 bytes), then one prefix:
    // path id 7, length 24 (label) + 64 (RD) + 16 = 104 bits; label 200 = 0x0000c8 -> bytes 00 0c 81 (bottom of stack);
    // RD type 0, AS 65000 (fde8), value 1; prefix 10.20/16.
    const reach = [0, 1, 128, 12, 0, 0, 0, 0, 0, 0, 0, 0, 192, 0, 2, 9, 0, 0, 0, 0, 7, 104, 0x00, 0x0c, 0x81, 0, 0, 0xfd, 0xe8, 0, 0, 0, 1, 10, 20];
    const body = [0x40, 1, 1, 0, 0x40, 2, 0, 0x80, 14, reach.length, ...reach];
    const m = message(2, [0, 0, 0, body.length, ...body]);
    const options: UpdateDecodeOptions = { fourOctetAs: true, addPath: (afi, safi) => afi === 1 && safi === 128 };
    const { update: u, error } = decode(m, options);
    assert.equal(error, null);
    assert.deepEqual([u.reachAfi, u.reachSafi, u.reachNextHopFamily, ipv4Text(u.reachNextHop)], [1, 128, 4, '192.0.2.9']);
    assert.deepEqual(prefixes(u, u.reachStart, u.reachEnd, 1, 128, true, false), ['7 10.20.0.0/16 label 200 rd 0:65000:1']);
  });

  it('takes the bottom-of-stack label of a labeled prefix, and exactly one label field in a withdrawal', () => {
    // Labels 16 (00 01 00) and 17 (00 01 11, bottom): 48 + 24 bits for 192.0.2.0/24.
    const reach = [0, 1, 4, 4, 192, 0, 2, 1, 0, 72, 0x00, 0x01, 0x00, 0x00, 0x01, 0x11, 192, 0, 2];
    const unreach = [0, 1, 4, 48, 0x80, 0x00, 0x00, 198, 51, 100];
    const body = [0x40, 1, 1, 0, 0x40, 2, 0, 0x80, 14, reach.length, ...reach, 0x80, 15, unreach.length, ...unreach];
    const { update: u, error } = decode(message(2, [0, 0, 0, body.length, ...body]));
    assert.equal(error, null);
    assert.deepEqual(prefixes(u, u.reachStart, u.reachEnd, 1, 4, false, false), ['192.0.2.0/24 label 17']);
    // 0x800000: label 0x80000 = 524288 (RFC 8277's withdrawal label), 24 bits of prefix left.
    assert.deepEqual(prefixes(u, u.unreachStart, u.unreachEnd, 1, 4, false, true), ['198.51.100.0/24 label 524288']);
  });

  it('keeps the global IPv6 next hop when a link-local one follows (RFC 2545)', () => {
    const m = encodeUpdate({ origin: 0, asPath: [], mpReach: { afi: 2, safi: 1, nextHop: '2001:db8::1', linkLocal: 'fe80::1', nlri: [{ prefix: '2001:db8:100::/48' }] } });
    const { update: u, error } = decode(m);
    assert.equal(error, null);
    assert.deepEqual([u.reachNextHopFamily, ipv6Text(u.reachNextHop)], [6, '2001:db8::1']);
  });

  it('resets the session on lengths that do not add up (3/1) and on NLRI that cannot be parsed (3/10)', () => {
    // Withdrawn routes length 200 in a 23-byte UPDATE.
    let r = decode(message(2, [0, 200, 0, 0]));
    assert.deepEqual([r.error?.code, r.error?.subcode, r.error?.action], [3, 1, 'session-reset']);
    // Prefix length 33 in the NLRI field.
    r = decode(message(2, [0, 0, 0, 4, 0x40, 1, 1, 0, 33, 1, 2, 3, 4, 5]));
    assert.deepEqual([r.error?.code, r.error?.subcode], [3, 10]);
    // An attribute whose length runs past the attribute section.
    r = decode(message(2, [0, 0, 0, 4, 0x40, 1, 9, 0]));
    assert.deepEqual([r.error?.code, r.error?.subcode], [3, 1]);
    // Two MP_UNREACH_NLRI attributes (RFC 7606 §3 g).
    r = decode(message(2, [0, 0, 0, 10, 0x80, 15, 3, 0, 1, 1, 0x80, 15, 3, 0, 1, 1]));
    assert.deepEqual([r.error?.code, r.error?.subcode], [3, 1]);
  });

  it('treats as withdraw a bad ORIGIN, a malformed AS_PATH, a missing NEXT_HOP or odd community lengths (RFC 7606)', () => {
    const cases: [number[], number][] = [
      [[0x40, 1, 1, 3, 0x40, 2, 0, 0x40, 3, 4, 1, 2, 3, 4], 6], // ORIGIN 3: invalid origin
      [[0x40, 1, 1, 0, 0x40, 2, 2, 2, 0, 0x40, 3, 4, 1, 2, 3, 4], 11], // segment of 0 ASNs
      [[0x40, 1, 1, 0, 0x40, 2, 0], 3], // no NEXT_HOP with IPv4 NLRI
      [[0x40, 1, 1, 0, 0x40, 2, 0, 0x40, 3, 4, 1, 2, 3, 4, 0xc0, 8, 3, 0, 0, 0], 5], // COMMUNITIES of 3 bytes
      [[0x40, 1, 1, 0, 0x40, 2, 0, 0x40, 3, 4, 1, 2, 3, 4, 0xc0, 32, 8, 0, 0, 0, 1, 0, 0, 0, 2], 5], // LARGE of 8 bytes
    ];
    for (const [body, subcode] of cases) {
      const { update: u, error } = decode(message(2, [0, 0, 0, body.length, ...body, 8, 10]));
      assert.equal(error, null, `subcode ${subcode}`);
      assert.deepEqual([u.treatAsWithdraw?.code, u.treatAsWithdraw?.subcode, u.treatAsWithdraw?.action], [3, subcode, 'treat-as-withdraw']);
    }
    // The missing attribute's type code is the data of 3/3.
    const { update: u } = decode(message(2, [0, 0, 0, 7, 0x40, 1, 1, 0, 0x40, 2, 0, 8, 10]));
    assert.deepEqual([...u.treatAsWithdraw!.data], [3]);
  });

  it('discards a malformed AGGREGATOR and repeated attributes, keeping the rest (RFC 7606 attribute-discard)', () => {
    const body = [0x40, 1, 1, 0, 0x40, 1, 1, 2, 0x40, 2, 0, 0x40, 3, 4, 1, 2, 3, 4, 0xc0, 7, 3, 0, 0, 0];
    const { update: u, error } = decode(message(2, [0, 0, 0, body.length, ...body, 8, 10]));
    assert.equal(error, null);
    assert.equal(u.treatAsWithdraw, null);
    assert.equal(u.discarded, 2);
    assert.equal(u.attributes.origin, 0); // the first ORIGIN counts
  });
});

describe('community texts (pmbgpd 1.7.7 formats)', () => {
  it('names the well-known communities and sorts the rest', () => {
    // 0xffffff01 no-export; 0xfde80064 = 65000:100; 0 = internet.
    assert.equal(communitiesText(Uint32Array.of(0xffffff01, 0xfde80064, 0, 0xfde80064), 4), 'internet 65000:100 no-export');
  });

  it('prints route targets and origins, "?" for other types', () => {
    const ec = Uint8Array.of(
      0x00, 0x02, 0xfd, 0xe8, 0, 0, 1, 0x2c, // RT:65000:300
      0x01, 0x03, 192, 0, 2, 1, 0, 7, // SoO:192.0.2.1:7
      0x02, 0x02, 0xfa, 0x56, 0xea, 0x01, 0, 9, // RT:4200000001:9 (printed unsigned)
      0x80, 0x06, 0, 0, 0, 0, 0, 0, // a traffic rate: "?"
    );
    assert.equal(extendedCommunitiesText(ec, 4), 'RT:65000:300 SoO:192.0.2.1:7 RT:4200000001:9 ?');
  });

  it('prints large communities as global:local1:local2', () => {
    const lc = Uint8Array.of(0xfa, 0x56, 0xea, 0x01, 0, 0, 0, 1, 0, 0, 0, 2);
    assert.equal(largeCommunitiesText(lc, 1), '4200000001:1:2');
  });

  it('prints route distinguishers of the three types', () => {
    assert.equal(rdText(Uint8Array.of(0, 1, 192, 0, 2, 1, 0, 5)), '1:192.0.2.1:5');
    assert.equal(rdText(Uint8Array.of(0, 2, 0xfa, 0x56, 0xea, 0x01, 0, 7)), '2:4200000001:7');
  });
});
