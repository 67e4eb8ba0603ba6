/**
 * Interop: sFlow v2 and v4 datagrams (the crafted captures of
 * craftedV2V4Captures.ts) decoded by SflowDecoder, against what tshark 4.0
 * decodes from the same bytes: every flow sample (identity, sampling,
 * interfaces, the raw header's Ethernet/802.1Q/IP/TCP/UDP fields, the
 * extended switch, router and gateway) and every counter sample (source,
 * generic and VLAN counters), in wire order. The expectations are stored
 * (<capture>.tshark.json, written by tsharkV2V4Expectations.ts) so the test
 * holds without tshark; a live check compares them with tshark when it is
 * installed.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { SflowCounterSample } from '../../../src/decode/sflow/sflowCounterSample.ts';
import { SflowDecoder } from '../../../src/decode/sflow/sflowDecoder.ts';
import type { FlowRecord } from '../../../src/model/flowRecord.ts';
import { ipText } from '../../../src/model/ipText.ts';
import { readSflowCapture, SFLOW_FIXTURES } from './sflowCapture.ts';
import {
  tsharkV2V4Samples,
  type V2V4CountersExpectation,
  type V2V4Expectation,
  type V2V4FlowExpectation,
} from './tsharkV2V4Expectations.ts';

const HAVE_TSHARK = spawnSync('tshark', ['-v'], { stdio: 'ignore' }).status === 0;
const CAPTURES = ['crafted__sflow-v2', 'crafted__sflow-v4'];

function mac(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(':');
}

/**
 * sfacctd's vlan and cos from an extended switch record: the ingress value,
 * or the egress one when the ingress one is 0.
 */
function settled(e: V2V4Expectation): V2V4Expectation {
  if (e.kind !== 'flow' || e.switch === undefined) return e;
  const [inVlan = 0, inPriority = 0, outVlan = 0, outPriority = 0] = e.switch;
  return { ...e, switch: [inVlan || outVlan, inPriority || outPriority, outVlan, outPriority] };
}

function load(name: string): V2V4Expectation[] {
  return JSON.parse(readFileSync(join(SFLOW_FIXTURES, `${name}.tshark.json`), 'utf8')) as V2V4Expectation[];
}

describe('sFlow v2/v4 decoder against tshark', () => {
  for (const name of CAPTURES) {
    it(name, () => {
      const expected = load(name).map(settled);
      const decoder = new SflowDecoder();
      const actual: V2V4Expectation[] = [];
      let frame = 0;
      let version = 0;
      const flow = (rec: FlowRecord): void => {
        const ctx = decoder.context;
        const want = expected[actual.length];
        const s: V2V4FlowExpectation = {
          kind: 'flow',
          frame,
          version,
          agent: ipText(rec.peerSrcIp.family, rec.peerSrcIp.bytes),
          datagramSequence: rec.exportProtoSeqno,
          sampleSequence: ctx.sampleSequence,
          sourceIdIndex: ctx.sourceIdIndex,
          samplingRate: rec.samplingRate,
          samplePool: ctx.samplePool,
          input: rec.inIface,
          output: rec.outIface,
          headerProtocol: ctx.headerProtocol,
          frameLength: rec.bytes,
        };
        if (want?.kind !== 'flow') {
          actual.push(s);
          return;
        }
        if (want.srcMac !== undefined) {
          s.srcMac = mac(rec.srcMac);
          s.dstMac = mac(rec.dstMac);
        }
        // With no switch record the header's tag is the record's vlan/cos.
        if (want.headerVlan !== undefined) {
          s.headerVlan = ctx.hasSwitch ? want.headerVlan : rec.vlan;
          s.headerPriority = ctx.hasSwitch ? want.headerPriority : rec.cos;
        }
        if (want.srcHost !== undefined) {
          s.srcHost = ipText(rec.srcHost.family, rec.srcHost.bytes);
          s.dstHost = ipText(rec.dstHost.family, rec.dstHost.bytes);
          s.proto = rec.proto;
        }
        if (want.srcPort !== undefined) {
          s.srcPort = rec.srcPort;
          s.dstPort = rec.dstPort;
        }
        if (want.tcpFlags !== undefined) s.tcpFlags = rec.tcpFlags;
        // The record has pmacct's settled vlan/cos (see settled()); the egress values are on the context.
        if (ctx.hasSwitch) s.switch = [rec.vlan, rec.cos, ctx.outVlan, ctx.outPriority];
        if (rec.ipNextHop.family !== 0) {
          s.nextHop = ipText(rec.ipNextHop.family, rec.ipNextHop.bytes);
          s.srcMask = rec.srcMask;
          s.dstMask = rec.dstMask;
        }
        if (ctx.hasGateway) {
          s.srcAs = rec.srcAs;
          s.peerSrcAs = rec.peerSrcAs;
          if (version === 4) {
            s.asPath = rec.asPath === '' ? [] : rec.asPath.split(' ').map(Number);
            s.communities = want.communities;
            s.localPref = rec.localPref;
          }
        }
        actual.push(s);
      };
      const counters = (c: SflowCounterSample): void => {
        const want = expected[actual.length];
        const s: V2V4CountersExpectation = {
          kind: 'counters',
          frame,
          sequence: c.sequence,
          sourceIdIndex: c.sourceIdIndex,
          countersVersion: want?.kind === 'counters' ? want.countersVersion : -1,
        };
        if (c.hasGeneric) {
          s.ifIndex = c.generic.ifIndex;
          s.ifInOctets = c.generic.ifInOctets;
          s.ifOutOctets = c.generic.ifOutOctets;
          s.ifInUcastPkts = c.generic.ifInUcastPkts;
        }
        if (c.hasVlan) {
          s.vlanId = c.vlan.vlanId;
          s.vlanOctets = c.vlan.octets;
        }
        actual.push(s);
      };
      for (const d of readSflowCapture(join(SFLOW_FIXTURES, `${name}.pcap`))) {
        frame++;
        version = new DataView(d.payload.buffer, d.payload.byteOffset).getUint32(0);
        const outcome = decoder.decode(d.payload, d.exporter, d.sec, d.usec, flow, counters);
        assert.equal(outcome.malformed, null, `frame ${frame}`);
      }
      assert.ok(expected.length >= 8);
      assert.deepEqual(actual, expected);
    });
  }

  it('v4 communities as pmacct writes them', () => {
    const decoder = new SflowDecoder();
    const texts: string[] = [];
    for (const d of readSflowCapture(join(SFLOW_FIXTURES, 'crafted__sflow-v4.pcap'))) {
      decoder.decode(d.payload, d.exporter, d.sec, d.usec, (rec) => {
        if (decoder.context.hasGateway) texts.push(`${rec.asPath}|${rec.stdComm}|${rec.localPref}`);
      });
    }
    assert.deepEqual(texts, ['64510 64511 64520 64521|65000:100 no-export|200']);
  });

  it('stored expectations are what tshark decodes now (live)', { skip: HAVE_TSHARK ? false : 'tshark not installed' }, () => {
    for (const name of CAPTURES) assert.deepEqual(tsharkV2V4Samples(join(SFLOW_FIXTURES, `${name}.pcap`)), load(name), name);
  });
});
