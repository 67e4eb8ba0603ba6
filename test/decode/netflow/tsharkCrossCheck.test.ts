/**
 * Cross-checks decoded records, field by field and in wire order, with what
 * tshark 4.0.17 reports for the same captures (fixtures made by
 * tsharkExpectations.ts, which holds the exact tshark command). tshark shows
 * raw fields; where several fields could give a value, the expectation
 * follows pmacct 1.7.7's choice (noted inline), so this also checks that the
 * decoder reads the field pmacct reads.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, it } from 'node:test';
import { NetflowDecoder } from '../../../src/decode/netflow/netflowDecoder.ts';
import { sysUptimeToSeconds } from '../../../src/decode/netflow/recordFiller.ts';
import { exporterRefFor } from '../../../src/model/exporterRef.ts';
import { AF_INET6, type FlowRecord } from '../../../src/model/flowRecord.ts';
import { ipText } from '../../../src/model/ipText.ts';
import { NETFLOW_FIXTURES } from './fixturePaths.ts';
import { TSHARK_CAPTURES, type TsharkDatagram, type TsharkRecord } from './tsharkExpectations.ts';
import { readUdpDatagrams } from './udpCapture.ts';

/** The decoded values compared, as text. */
type Snapshot = Record<string, string>;

function snapshot(rec: FlowRecord): Snapshot {
  return {
    src: ipText(rec.srcHost.family, rec.srcHost.bytes),
    dst: ipText(rec.dstHost.family, rec.dstHost.bytes),
    srcPort: String(rec.srcPort),
    dstPort: String(rec.dstPort),
    proto: String(rec.proto),
    tos: String(rec.tos),
    tcpFlags: String(rec.tcpFlags),
    inIface: String(rec.inIface),
    outIface: String(rec.outIface),
    srcAs: String(rec.srcAs),
    dstAs: String(rec.dstAs),
    srcMask: String(rec.srcMask),
    dstMask: String(rec.dstMask),
    bytes: String(rec.bytes),
    packets: String(rec.packets),
    start: `${rec.timestampStart.sec}.${rec.timestampStart.usec}`,
    end: `${rec.timestampEnd.sec}.${rec.timestampEnd.usec}`,
    ipNextHop: ipText(rec.ipNextHop.family, rec.ipNextHop.bytes),
    bgpNextHop: ipText(rec.bgpNextHop.family, rec.bgpNextHop.bytes),
    srcMac: macText(rec.srcMac),
    dstMac: macText(rec.dstMac),
    mplsTop: String(rec.mplsLabelTop),
    mplsBottom: String(rec.mplsLabelBottom),
    mplsDepth: String(rec.mplsStackDepth),
    natEvent: String(rec.natEvent),
    postNatSrc: ipText(rec.postNatSrcHost.family, rec.postNatSrcHost.bytes),
    postNatDst: ipText(rec.postNatDstHost.family, rec.postNatDstHost.bytes),
    postNatSrcPort: String(rec.postNatSrcPort),
    postNatDstPort: String(rec.postNatDstPort),
    samplingDirection: String.fromCharCode(rec.samplingDirection),
    family: rec.srcHost.family === AF_INET6 || rec.dstHost.family === AF_INET6 ? '6' : '4',
  };
}

function macText(mac: Uint8Array): string {
  return [...mac].map((x) => x.toString(16).padStart(2, '0')).join(':');
}

/** "Nov 13, 2023 16:34:57.901000000 UTC" → "sec.usec". */
function absoluteTime(text: string): string {
  const m = /^(.*\d\d:\d\d:\d\d)\.(\d{9}) UTC$/.exec(text);
  assert.ok(m, `unexpected tshark time ${text}`);
  const sec = Date.parse(`${m[1]} UTC`) / 1000;
  return `${sec}.${Math.floor(Number(m[2]) / 1000)}`;
}

/** "2874324.123000000" (seconds) → whole milliseconds. */
function millis(text: string): number {
  const [s, frac = '0'] = text.split('.');
  return Number(s) * 1000 + Number(frac.padEnd(3, '0').slice(0, 3));
}

/** What the decoder must produce, as far as tshark shows the source fields. */
function expectedFrom(r: TsharkRecord, header: Record<string, string>, decoded: Snapshot, microsecondTimes: boolean): Snapshot {
  const f = r.fields;
  const e: Snapshot = {};
  const version = Number(header['cflow.version']);
  // IPv4 vs IPv6 as pmacct decides: ipVersion, else the address fields present
  // (both: IPv4 unless its source address starts with a zero byte).
  let v6 = f['cflow.srcaddrv6'] !== undefined || f['cflow.dstaddrv6'] !== undefined;
  const v4 = f['cflow.srcaddr'] !== undefined || f['cflow.dstaddr'] !== undefined;
  if (f['cflow.ip_version'] === '4' || f['cflow.ip_version'] === '6') v6 = f['cflow.ip_version'] === '6';
  else if (v4 && v6) v6 = (f['cflow.srcaddr'] ?? '0.').startsWith('0.');
  const isEvent = f['cflow.octets'] === undefined && f['cflow.permanent_octets'] === undefined && f['cflow.initiator_octets'] === undefined;
  if (!isEvent) e.family = v6 ? '6' : '4';
  const src = v6 ? f['cflow.srcaddrv6'] : f['cflow.srcaddr'];
  const dst = v6 ? f['cflow.dstaddrv6'] : f['cflow.dstaddr'];
  if (src !== undefined) e.src = src;
  if (dst !== undefined) e.dst = dst;
  if (f['cflow.srcport'] !== undefined) e.srcPort = f['cflow.srcport'];
  if (f['cflow.dstport'] !== undefined) e.dstPort = f['cflow.dstport'];
  if (version === 5) {
    // pmacct: ports only for TCP/UDP, the destination port also for ICMP; TCP flags only for TCP.
    const proto = Number(f['cflow.protocol']);
    if (proto !== 6 && proto !== 17) e.srcPort = '0';
    if (proto !== 6 && proto !== 17 && proto !== 1 && proto !== 58) e.dstPort = '0';
    if (proto !== 6) e.tcpFlags = '0';
    else e.tcpFlags = String(parseInt(f['cflow.tcpflags']!, 16));
  } else if (f['cflow.tcpflags'] !== undefined) e.tcpFlags = String(parseInt(f['cflow.tcpflags'], 16));
  if (f['cflow.protocol'] !== undefined) e.proto = f['cflow.protocol'];
  if (f['cflow.tos'] !== undefined) e.tos = String(parseInt(f['cflow.tos'], 16));
  // pmacct: ingressInterface, else ingressPhysicalInterface.
  const inIface = f['cflow.inputint'] ?? f['cflow.ingress_physical_interface'];
  const outIface = f['cflow.outputint'] ?? f['cflow.egress_physical_interface'];
  if (inIface !== undefined) e.inIface = inIface;
  if (outIface !== undefined) e.outIface = outIface;
  if (f['cflow.srcas'] !== undefined) e.srcAs = f['cflow.srcas'];
  if (f['cflow.dstas'] !== undefined) e.dstAs = f['cflow.dstas'];
  const srcMask = v6 && !isEvent ? f['cflow.srcmaskv6'] : f['cflow.srcmask'];
  const dstMask = v6 && !isEvent ? f['cflow.dstmaskv6'] : f['cflow.dstmask'];
  if (srcMask !== undefined) e.srcMask = srcMask;
  if (dstMask !== undefined) e.dstMask = dstMask;
  // pmacct: octetDeltaCount (tshark "octets"), else octetTotalCount ("permanent_octets").
  const bytes = f['cflow.octets'] ?? f['cflow.permanent_octets'];
  const packets = f['cflow.packets'] ?? f['cflow.permanent_packets'];
  if (bytes !== undefined) e.bytes = bytes;
  if (packets !== undefined) e.packets = packets;
  if (version === 5 || version === 9) {
    const unixSecs = Number(header['cflow.unix_secs']);
    const uptime = millis(header['cflow.sysuptime']!);
    if (f['cflow.timestart'] !== undefined) e.start = `${sysUptimeToSeconds(unixSecs, uptime, millis(f['cflow.timestart']))}.0`;
    if (f['cflow.timeend'] !== undefined) e.end = `${sysUptimeToSeconds(unixSecs, uptime, millis(f['cflow.timeend']))}.0`;
  } else if (microsecondTimes) {
    // flowStart/EndMicroseconds (154/155) in their standard 8-byte form: pmacct 1.7.7 reads
    // them only as a 16-byte pair, so it falls back to the export time and has no end time.
    e.start = `${header['cflow.exporttime']}.0`;
    e.end = '0.0';
  } else {
    if (f['cflow.abstimestart'] !== undefined) e.start = absoluteTime(f['cflow.abstimestart']);
    else if (f['cflow.observation_time_milliseconds'] !== undefined) e.start = absoluteTime(f['cflow.observation_time_milliseconds']);
    if (f['cflow.abstimeend'] !== undefined) e.end = absoluteTime(f['cflow.abstimeend']);
  }
  // pmacct: bgpNextHopIPv4 (18), else mplsTopLabelIPv4Address (47, tshark "toplabeladdr"); for IPv6
  // records those come first too, as IPv4-mapped addresses, before bgpNextHopIPv6 (63).
  const bgpV4 = f['cflow.bgpnexthop'] ?? f['cflow.toplabeladdr'];
  if (version === 5) e.ipNextHop = f['cflow.nexthop']!;
  else if (!v6 && bgpV4 !== undefined) e.bgpNextHop = bgpV4;
  else if (v6 && bgpV4 !== undefined) e.bgpNextHop = `::ffff:${bgpV4}`;
  else if (v6 && f['cflow.bgpnexthopv6'] !== undefined) e.bgpNextHop = f['cflow.bgpnexthopv6'];
  // pmacct: sourceMacAddress (56), else postSourceMacAddress (81); tshark names 56 "srcmac", 80 "dstmac".
  if (f['cflow.srcmac'] !== undefined) e.srcMac = f['cflow.srcmac'];
  if (f['cflow.dstmac'] !== undefined) e.dstMac = f['cflow.dstmac'];
  if (r.mpls.length > 0) {
    e.mplsTop = String(r.mpls[0]![0]);
    let depth = 0;
    let bottom = 0;
    let last = 0;
    for (const [label, , bos] of r.mpls.slice(0, 9)) {
      depth++;
      last = label;
      if (bos) {
        bottom = label;
        break;
      }
    }
    e.mplsBottom = String(bottom);
    e.mplsDepth = String(last !== 0 || bottom !== 0 ? depth : 0);
  }
  if (f['cflow.nat_event'] !== undefined) e.natEvent = f['cflow.nat_event'];
  if (f['cflow.post_natsource_ipv4_address'] !== undefined && !v6) e.postNatSrc = f['cflow.post_natsource_ipv4_address'];
  if (f['cflow.post_natdestination_ipv4_address'] !== undefined && !v6) e.postNatDst = f['cflow.post_natdestination_ipv4_address'];
  if (f['cflow.post_naptsource_transport_port'] !== undefined) e.postNatSrcPort = f['cflow.post_naptsource_transport_port'];
  if (f['cflow.post_naptdestination_transport_port'] !== undefined) e.postNatDstPort = f['cflow.post_naptdestination_transport_port'];
  if (f['cflow.direction'] !== undefined) e.samplingDirection = f['cflow.direction'] === '0' ? 'i' : f['cflow.direction'] === '1' ? 'e' : 'u';
  // Keep only what the decoder reports too (a key absent from the snapshot would be a test bug).
  for (const k of Object.keys(e)) assert.ok(k in decoded, `unknown key ${k}`);
  return e;
}

/** Captures whose times tshark shows from flowStart/EndMicroseconds (154/155), checked with tshark -V. */
const MICROSECOND_TIMES = new Set(['ipfix_test_netscaler.pcap']);

describe('decoded records match tshark field by field', () => {
  for (const [capture] of TSHARK_CAPTURES) {
    it(capture, () => {
      const expected = JSON.parse(readFileSync(join(NETFLOW_FIXTURES, 'tshark', `${basename(capture, '.pcap')}.json`), 'utf8')) as TsharkDatagram[];
      const datagrams = readUdpDatagrams(join(NETFLOW_FIXTURES, capture));
      assert.equal(datagrams.length, expected.length, 'datagram count');
      const decoder = new NetflowDecoder({ timeSecs: false, timeNew: false, disableChecks: true });
      let compared = 0;
      datagrams.forEach((d, n) => {
        const got: Snapshot[] = [];
        decoder.decode(d.payload, exporterRefFor(d.srcText), d.tsSec, d.tsUsec, (rec) => got.push(snapshot(rec)));
        const want = expected[n]!.records.filter((r) => !r.options);
        assert.equal(got.length, want.length, `datagram ${n + 1}: record count`);
        want.forEach((r, i) => {
          const exp = expectedFrom(r, expected[n]!.header, got[i]!, MICROSECOND_TIMES.has(capture));
          const actual = Object.fromEntries(Object.keys(exp).map((k) => [k, got[i]![k]]));
          assert.deepEqual(actual, exp, `datagram ${n + 1}, record ${i + 1}`);
          compared++;
        });
      });
      assert.ok(compared > 0, 'no record compared');
    });
  }
});
