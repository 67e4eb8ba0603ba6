/**
 * Every FlowRecord field and record-context value the decoder fills, on the
 * crafted captures whose pmacct 1.7.7 output is in fixtures (the CSV columns
 * are compared in pmacctReference.test.ts; this covers what CSV does not
 * show or shows differently).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NetflowDecoder, type NetflowDecoderOptions } from '../../../src/decode/netflow/netflowDecoder.ts';
import { RECORD_EVENT, RECORD_IPV4, RECORD_IPV6 } from '../../../src/decode/netflow/recordContext.ts';
import { exporterRefFor } from '../../../src/model/exporterRef.ts';
import { SAMPLING_DIRECTION_EGRESS, type FlowRecord } from '../../../src/model/flowRecord.ts';
import { ipText } from '../../../src/model/ipText.ts';
import { CRAFTED_CAPTURES, CRAFTED_EXPORT_TIME } from './craftedCaptures.ts';

interface Seen {
  rec: Record<string, unknown>;
  kind: number;
  peerSrcAs: number;
  peerDstAs: number;
  accountingTimeSec: number;
  engine: [number, number];
}

function decodeCrafted(name: string, options: Partial<NetflowDecoderOptions> = {}): Seen[] {
  const decoder = new NetflowDecoder({ timeSecs: false, timeNew: false, disableChecks: true, ...options });
  const seen: Seen[] = [];
  for (const d of CRAFTED_CAPTURES[name]!()) {
    decoder.decode(d.payload, exporterRefFor(d.src), d.tsSec + 5, 250000, (rec) => {
      const c = decoder.context;
      seen.push({ rec: copy(rec), kind: c.kind, peerSrcAs: rec.peerSrcAs, peerDstAs: rec.peerDstAs, accountingTimeSec: rec.accountingTimeSec, engine: [c.engineType, c.engineId] });
    });
  }
  return seen;
}

function copy(rec: FlowRecord): Record<string, unknown> {
  const ip = (f: FlowRecord['srcHost']): string => ipText(f.family, f.bytes);
  return {
    srcMac: [...rec.srcMac].map((x) => x.toString(16).padStart(2, '0')).join(':'),
    dstMac: [...rec.dstMac].map((x) => x.toString(16).padStart(2, '0')).join(':'),
    vlan: rec.vlan,
    cos: rec.cos,
    etype: rec.etype,
    src: ip(rec.srcHost),
    dst: ip(rec.dstHost),
    srcMask: rec.srcMask,
    dstMask: rec.dstMask,
    proto: rec.proto,
    tos: rec.tos,
    tcpFlags: rec.tcpFlags,
    srcPort: rec.srcPort,
    dstPort: rec.dstPort,
    srcAs: rec.srcAs,
    dstAs: rec.dstAs,
    inIface: rec.inIface,
    outIface: rec.outIface,
    peerSrcIp: ip(rec.peerSrcIp),
    bgpNextHop: ip(rec.bgpNextHop),
    ipNextHop: ip(rec.ipNextHop),
    samplingRate: rec.samplingRate,
    samplingDirection: rec.samplingDirection,
    mpls: [rec.mplsLabelTop, rec.mplsLabelBottom, rec.mplsStackDepth],
    rd: [...rec.mplsVpnRd].join('.'),
    pw: rec.mplsPwId,
    natEvent: rec.natEvent,
    fwEvent: rec.fwEvent,
    postNat: [ip(rec.postNatSrcHost), ip(rec.postNatDstHost), rec.postNatSrcPort, rec.postNatDstPort],
    vxlan: rec.vxlan,
    start: [rec.timestampStart.sec, rec.timestampStart.usec],
    end: [rec.timestampEnd.sec, rec.timestampEnd.usec],
    arrival: [rec.timestampArrival.sec, rec.timestampArrival.usec],
    export: [rec.timestampExport.sec, rec.timestampExport.usec],
    seqno: rec.exportProtoSeqno,
    version: rec.exportProtoVersion,
    sysid: rec.exportProtoSysid,
    packets: rec.packets,
    bytes: rec.bytes,
    flows: rec.flows,
    isEvent: rec.isEvent,
  };
}

const T = CRAFTED_EXPORT_TIME;

describe('record fields', () => {
  it('an IPFIX record with most fields (crafted__ipfix-fields)', () => {
    const [first] = decodeCrafted('crafted__ipfix-fields');
    assert.deepEqual(first!.rec, {
      srcMac: '00:11:22:33:44:55',
      dstMac: '66:77:88:99:aa:bb',
      // flowDirection 1 (egress): pmacct takes postVlanId (59) or postDot1qVlanId, absent here.
      vlan: 0,
      cos: 5,
      etype: 0x800,
      src: '10.0.0.1',
      dst: '192.168.1.2',
      srcMask: 24,
      dstMask: 16,
      proto: 6,
      tos: 184,
      // 2-byte tcpControlBits 0x0012: pmacct 1.7.7 prints 0.
      tcpFlags: 0x12,
      srcPort: 12345,
      dstPort: 80,
      srcAs: 65001,
      dstAs: 4200000001,
      inIface: 100,
      outIface: 200,
      peerSrcIp: '192.0.2.10',
      bgpNextHop: '10.8.8.8',
      ipNextHop: '',
      samplingRate: 0,
      samplingDirection: SAMPLING_DIRECTION_EGRESS,
      mpls: [1000, 3000, 3],
      rd: '0.0.253.232.0.0.0.100',
      pw: 77,
      natEvent: 0,
      fwEvent: 0,
      postNat: ['', '', 0, 0],
      // layer2SegmentId type 1 with VNI 5000: pmacct 1.7.7 reads one byte past the field and printed 1280175.
      vxlan: 5000,
      start: [T - 6, 877000],
      end: [T - 2, 544000],
      arrival: [T + 5, 250000],
      export: [T, 0],
      seqno: 1000,
      version: 10,
      sysid: 7,
      packets: 1,
      bytes: 1500,
      flows: 3,
      isEvent: false,
    });
    assert.equal(first!.kind, RECORD_IPV4);
    assert.equal(first!.accountingTimeSec, T - 6);
  });

  it('NetFlow v5 records: engine, ports by protocol, ICMP type/code in the destination port, next hop', () => {
    const seen = decodeCrafted('crafted__v5-v1-v7');
    assert.equal(seen.length, 3, 'v1 and v7 are not decoded');
    const [udp, icmp, tcp] = seen;
    assert.deepEqual(udp!.engine, [1, 9]);
    assert.equal(udp!.rec.sysid, 9);
    assert.equal(udp!.rec.samplingRate, 100);
    assert.equal(udp!.rec.ipNextHop, '10.5.0.254');
    assert.equal(udp!.rec.bgpNextHop, '');
    assert.deepEqual([udp!.rec.srcPort, udp!.rec.dstPort, udp!.rec.tcpFlags], [53, 1024, 0]);
    assert.deepEqual([icmp!.rec.srcPort, icmp!.rec.dstPort], [0, 0x0303]);
    assert.deepEqual([tcp!.rec.srcPort, tcp!.rec.tcpFlags], [80, 0x1b]);
    assert.deepEqual(udp!.rec.start, [T - 9, 0]);
    assert.deepEqual(udp!.rec.end, [T, 0]);
    // pmacct bins v5 flows by unix_secs - sysUptime/1000 + first/1000.
    assert.equal(udp!.accountingTimeSec, T - 100 + 90);
  });

  it('nfacctd_time_new and nfacctd_time_secs change the accounting time only', () => {
    const plain = decodeCrafted('crafted__v9-nat-sampling-uptime');
    const timeNew = decodeCrafted('crafted__v9-nat-sampling-uptime', { timeNew: true });
    const timeSecs = decodeCrafted('crafted__v9-nat-sampling-uptime', { timeSecs: true });
    assert.deepEqual(timeNew.map((s) => s.rec), plain.map((s) => s.rec));
    assert.deepEqual(timeSecs.map((s) => s.rec), plain.map((s) => s.rec));
    assert.ok(timeNew.every((s) => s.accountingTimeSec === 0));
    const uptimeRecord = (seen: Seen[]): Seen => seen.find((s) => s.rec.src === '10.43.0.1')!;
    assert.equal(uptimeRecord(plain).accountingTimeSec, T - 9);
    // Uptimes read as seconds: 100000 - 90500 seconds before the export time.
    assert.equal(uptimeRecord(timeSecs).accountingTimeSec, T - 9500);
  });

  it('NSEL and NEL events (crafted__v9-nat-sampling-uptime)', () => {
    const seen = decodeCrafted('crafted__v9-nat-sampling-uptime');
    const bySrc = new Map(seen.map((s) => [s.rec.src, s]));
    const nsel = bySrc.get('10.40.0.1')!;
    // natEvent from the ASA xlate event (40005); firewallEvent (233) kept as fw_event.
    assert.deepEqual([nsel.rec.natEvent, nsel.rec.fwEvent, nsel.rec.postNat], [3, 2, ['198.51.100.1', '198.51.100.2', 3333, 4444]]);
    assert.equal(nsel.rec.isEvent, false, 'initiator/responder octets make it a flow');
    const pureEvent = bySrc.get('10.41.0.1')!;
    assert.equal(pureEvent.rec.isEvent, true);
    assert.equal(pureEvent.kind, RECORD_EVENT);
    const nel6 = bySrc.get('2001:db8::42')!;
    assert.equal(nel6.rec.isEvent, true);
    assert.equal(nel6.rec.etype, 0x800, 'pmacct handles events as IPv4 flows');
    assert.deepEqual(nel6.rec.postNat, ['', '', 7, 8], 'pmacct 1.7.7 has no IPv6 post-NAT addresses');
  });

  it('peer AS numbers (129/128) and IPv6 next hops', () => {
    const seen = decodeCrafted('crafted__ipfix-times-ip-versions');
    const v6 = seen.find((s) => s.kind === RECORD_IPV6)!;
    assert.equal(v6.rec.src, '2001:db8::1');
    assert.equal(v6.rec.bgpNextHop, '2001:db8:ffff::1');
    assert.deepEqual([v6.rec.srcMask, v6.rec.dstMask, v6.rec.vlan], [48, 64, 10]);
    const next = decodeCrafted('crafted__ipfix-next-hops');
    assert.deepEqual(
      next.map((s) => [s.rec.src, s.rec.bgpNextHop, s.rec.ipNextHop]),
      [
        ['2001:db8::800', '::ffff:0.0.0.0', ''],
        ['2001:db8::8001', '::ffff:1.2.3.4', ''],
        ['10.0.8.1', '1.2.3.4', ''],
        ['2001:db8::802', '2001:db8::ff', ''],
        ['10.0.8.3', '', ''],
        ['2001:db8::804', '::ffff:1.2.3.4', ''],
        ['10.0.8.5', '', '5.6.7.8'],
        ['2001:db8::806', '', '::ffff:5.6.7.8'],
      ],
    );
  });

  it('VRF ids become "vrfid" route distinguishers before mplsVpnRouteDistinguisher', () => {
    const seen = decodeCrafted('crafted__ipfix-vrf-exporter-option');
    const rd = new Map(seen.map((s) => [s.rec.src, s.rec.rd]));
    assert.equal(rd.get('10.60.0.3'), '255.255.0.0.0.0.0.7');
    assert.equal(rd.get('10.60.0.5'), '255.255.0.0.0.0.0.9');
    assert.equal(rd.get('10.62.0.1'), '0.1.192.0.2.1.1.44');
    assert.ok(seen.every((s) => s.rec.peerSrcIp === '203.0.113.99'));
  });
});
