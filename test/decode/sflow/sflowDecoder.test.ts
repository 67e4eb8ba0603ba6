/**
 * SflowDecoder behaviour beyond the golden files: datagram identity on the
 * record, extended gateway side values, per-agent sequence accounting and
 * hostile datagrams.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DECODE_PARTIAL, DECODE_REJECTED } from '../../../src/decode/sflow/sflowDecodeOutcome.ts';
import { SflowDecoder } from '../../../src/decode/sflow/sflowDecoder.ts';
import { exporterRefFor } from '../../../src/model/exporterRef.ts';
import type { FlowRecord } from '../../../src/model/flowRecord.ts';
import { ipText } from '../../../src/model/ipText.ts';
import { readSflowCapture, SFLOW_FIXTURES } from './sflowCapture.ts';

function words(...values: number[]): number[] {
  return values.flatMap((v) => [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff]);
}

/** A v5 datagram from agent 10.0.0.1 / sub-agent 7 with the given samples (already encoded). */
function datagram(sequence: number, samples: number[][]): Uint8Array {
  return Uint8Array.from([...words(5, 1), 10, 0, 0, 1, ...words(7, sequence, 123456, samples.length), ...samples.flat()]);
}

/** A compact flow sample holding a sampled IPv4 record (3) and an extended router record (1002). */
function ipv4FlowSample(): number[] {
  const ipv4 = words(1000, 6, 0xc0000201, 0xc6336402, 443, 50000, 0x12, 0x20);
  const router = words(1, 0x0a000002, 24, 16);
  const records = [...words(3, ipv4.length), ...ipv4, ...words(1002, router.length), ...router];
  const body = [...words(99, (0 << 24) | 5, 512, 1_000_000, 0, 0x80000003, 0x40000001, 2), ...records];
  return [...words(1, body.length), ...body];
}

describe('SflowDecoder', () => {
  it('fills datagram identity, sampled IPv4 and router fields; no start/end times (pmacct prints zeros)', () => {
    const decoder = new SflowDecoder();
    const seen: string[] = [];
    const outcome = decoder.decode(datagram(41, [ipv4FlowSample()]), exporterRefFor('192.0.2.99'), 1_700_000_000, 250, (rec: FlowRecord) => {
      assert.equal(ipText(rec.peerSrcIp.family, rec.peerSrcIp.bytes), '10.0.0.1');
      assert.equal(rec.exportProtoVersion, 5);
      assert.equal(rec.exportProtoSeqno, 41);
      assert.equal(rec.exportProtoSysid, 7);
      assert.equal(rec.samplingRate, 512);
      // Compact interface form: pmacct keeps the format bits.
      assert.equal(rec.inIface, 0x80000003);
      assert.equal(rec.outIface, 0x40000001);
      assert.equal(decoder.context.inputFormat, 2);
      assert.equal(decoder.context.inputValue, 3);
      assert.equal(rec.packets, 1);
      assert.equal(rec.bytes, 1000);
      assert.equal(rec.flows, 1, 'pmacct counts one flow per sample (FLOWS = PACKETS in its sfacctd output)');
      assert.equal(rec.srcPort, 443);
      assert.equal(rec.tcpFlags, 0, 'pmacct ignores the sampled IPv4 tcp_flags');
      assert.equal(rec.tos, 0x20);
      assert.equal(rec.srcMask, 24);
      assert.equal(rec.dstMask, 16);
      assert.equal(ipText(rec.ipNextHop.family, rec.ipNextHop.bytes), '10.0.0.2');
      assert.equal(rec.bgpNextHop.family, 0);
      assert.equal(rec.timestampStart.sec, 0);
      assert.equal(rec.timestampEnd.sec, 0);
      assert.equal(rec.accountingTimeSec, 1_700_000_000, 'filed under the arrival when no capture time is given');
      assert.deepEqual([rec.timestampArrival.sec, rec.timestampArrival.usec], [1_700_000_000, 250]);
      seen.push(ipText(rec.srcHost.family, rec.srcHost.bytes));
    });
    assert.deepEqual(seen, ['192.0.2.1']);
    assert.equal(outcome.records, 1);
    assert.deepEqual([...decoder.stats.keys()], ['10.0.0.1/7']);
  });

  it('counts sequence gaps, reordering and restarts per agent', () => {
    const decoder = new SflowDecoder();
    const exporter = exporterRefFor('192.0.2.99');
    const none = (): void => {};
    for (const seq of [10, 11, 14, 13, 15, 900_000_000]) decoder.decode(datagram(seq, []), exporter, 0, 0, none);
    const st = decoder.stats.get('10.0.0.1/7');
    assert.ok(st);
    assert.equal(st.datagrams, 6);
    assert.equal(st.sequenceGaps, 1);
    assert.equal(st.sequenceLost, 2);
    assert.equal(st.sequenceReordered, 1);
    assert.equal(st.sequenceResets, 1);
    assert.match(decoder.statisticsLines()[0] ?? '', /sequence gaps 1 \(lost 2\), reordered 1, resets 1/);
  });

  it('extended gateway: AS fields, path, communities and local pref on the record', () => {
    const decoder = new SflowDecoder();
    const gateways: string[] = [];
    for (const d of readSflowCapture(join(SFLOW_FIXTURES, 'akvorado__data-1140.pcap'))) {
      decoder.decode(d.payload, d.exporter, 0, 0, (rec) => {
        const c = decoder.context;
        if (c.hasGateway) {
          gateways.push(
            `${ipText(rec.bgpNextHop.family, rec.bgpNextHop.bytes)} src ${rec.srcAs} peer ${rec.peerSrcAs} dst ${rec.dstAs} ` +
              `peerdst ${rec.peerDstAs} path [${rec.asPath}] comms [${rec.stdComm}] pref ${rec.localPref}`,
          );
        }
      });
    }
    // Values as tshark shows them for the two gateway records of the capture.
    assert.deepEqual(gateways.sort(), [
      '0.0.0.0 src 13335 peer 203698 dst 0 peerdst 0 path [] comms [] pref 0',
      '31.14.69.110 src 0 peer 0 dst 26615 peerdst 203698 path [203698 6762 26615] comms [39421:1000 39421:1001 65000:40000 65000:40001 65000:60001] pref 100',
    ]);
  });

  it('hostile datagrams are counted, never thrown', () => {
    const decoder = new SflowDecoder();
    const exporter = exporterRefFor('192.0.2.99');
    const none = (): void => {};
    assert.equal(decoder.decode(new Uint8Array(3), exporter, 0, 0, none).status, DECODE_REJECTED);
    assert.equal(decoder.decode(Uint8Array.from(words(3, 1, 0, 0, 0, 0, 0)), exporter, 0, 0, none).malformed, 'unsupportedVersion');
    assert.equal(decoder.decode(Uint8Array.from(words(5, 9, 0, 0, 0, 0, 0, 0)), exporter, 0, 0, none).malformed, 'agentAddressInvalid');
    // A sample whose length runs past the datagram.
    const long = datagram(1, [[...words(1, 0xfffffff0)]]);
    assert.equal(decoder.decode(long, exporter, 0, 0, none).malformed, 'sampleTruncated');
    // More samples announced than present.
    const short = datagram(2, [ipv4FlowSample()]);
    short[27] = 3;
    const outcome = decoder.decode(short, exporter, 0, 0, none);
    assert.equal(outcome.status, DECODE_PARTIAL);
    assert.equal(outcome.records, 1);
    assert.equal(outcome.malformed, 'sampleCountMismatch');
    // A known record with the wrong length drops its sample, as pmacct does.
    const bad = ipv4FlowSample();
    bad[47] = 28; // sampled IPv4 record length 32 -> 28
    const dropped = decoder.decode(datagram(3, [bad]), exporter, 0, 0, none);
    assert.equal(dropped.records, 0);
    assert.equal(dropped.droppedSamples, 1);
    assert.equal([...decoder.unattributed.values()][0], 3);
  });
});
