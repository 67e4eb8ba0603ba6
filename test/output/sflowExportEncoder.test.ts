/**
 * The sFlow encoder behind the benchmark generator: its datagrams must
 * decode with tsacct's own SflowDecoder to the generator's totals (what the
 * sfacctd benchmark checks the print output against) and to the flow keys
 * the generator meant, with the datagram identity a real agent sends.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FlowGenerator } from '../../bench/flowGenerator.ts';
import { FlowKey, FlowKeySpace } from '../../bench/flowKeys.ts';
import { SflowDecoder } from '../../src/decode/sflow/sflowDecoder.ts';
import { exporterRefFor } from '../../src/model/exporterRef.ts';
import type { FlowRecord } from '../../src/model/flowRecord.ts';
import { ipText } from '../../src/model/ipText.ts';

function hostText(address: number): string {
  return [address >>> 24, (address >>> 16) & 0xff, (address >>> 8) & 0xff, address & 0xff].join('.');
}

describe('sFlow export encoder', () => {
  it('decodes with SflowDecoder to the sidecar totals and the generated keys', () => {
    // 1003 samples: the last datagram is short (1003 = 143 × 7 + 2).
    const generator = new FlowGenerator({ protocol: 'sflow', flows: 1003, distinctKeys: 300, exporters: 2 });
    const keys = new FlowKeySpace(300, 1);
    const expected = new FlowKey();
    const decoder = new SflowDecoder();
    const exporter = exporterRefFor('127.0.0.1');
    let samples = 0;
    let packets = 0;
    let bytes = 0;
    let datagrams = 0;
    for (let d = generator.next(); d !== null; d = generator.next()) {
      datagrams++;
      const outcome = decoder.decode(d.payload, exporter, d.tsSec, d.tsUsec, (rec: FlowRecord) => {
        keys.keyOf(samples, expected);
        assert.equal(ipText(rec.srcHost.family, rec.srcHost.bytes), hostText(expected.srcAddress));
        assert.equal(ipText(rec.dstHost.family, rec.dstHost.bytes), hostText(expected.dstAddress));
        assert.equal(rec.srcPort, expected.srcPort);
        assert.equal(rec.dstPort, expected.dstPort);
        assert.equal(rec.proto, expected.protocol);
        assert.equal(rec.inIface, expected.inputInterface);
        assert.equal(rec.outIface, expected.outputInterface);
        assert.equal(rec.samplingRate, 1000);
        assert.equal(rec.exportProtoVersion, 5);
        samples++;
        packets += rec.packets;
        bytes += rec.bytes;
      });
      assert.equal(outcome.records, d.flows);
      assert.equal(outcome.droppedSamples, 0);
    }
    const totals = generator.totals;
    assert.equal(datagrams, 144);
    assert.deepEqual({ samples, packets, bytes }, { samples: totals.flows, packets: totals.packets, bytes: totals.bytes });
    assert.equal(totals.packets, 1003);
    // Per agent: each datagram's sequence follows the last (from 1), nothing malformed.
    for (const agent of ['127.0.0.1/0', '127.0.0.2/0']) {
      const stats = decoder.stats.get(agent);
      assert.ok(stats !== undefined, agent);
      assert.equal(stats.datagrams, 72);
      assert.equal(stats.sequenceGaps, 0);
      assert.equal(stats.malformedTotal, 0);
    }
  });
});
