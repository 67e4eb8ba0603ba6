/**
 * nfacctd_renormalize as pmacct 1.7.7 applies it, checked with the binary on
 * crafted__v9-nat-sampling-uptime (references *.renormalize and
 * *.ext-sampling-rate in test/fixtures/netflow, compared in
 * test/decode/netflow/pmacctReference.test.ts); here the stage alone.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renormalizeSampling, samplingRenormalizeStage } from '../../src/enrich/samplingRenormalize.ts';
import { FlowRecord } from '../../src/model/flowRecord.ts';

function record(samplingRate: number, isEvent = false): FlowRecord {
  const rec = new FlowRecord();
  rec.samplingRate = samplingRate;
  rec.packets = 3;
  rec.bytes = 400;
  rec.flows = 2;
  rec.isEvent = isEvent;
  return rec;
}

describe('sampling renormalisation', () => {
  it('multiplies packets and bytes (not flows) by the rate and reports a rate of 1', () => {
    const rec = record(64);
    renormalizeSampling(rec, 0);
    assert.deepEqual([rec.packets, rec.bytes, rec.flows, rec.samplingRate], [192, 25600, 2, 1]);
  });

  it('leaves records of unknown rate alone, rate 0', () => {
    const rec = record(0);
    renormalizeSampling(rec, 0);
    assert.deepEqual([rec.packets, rec.bytes, rec.samplingRate], [3, 400, 0]);
  });

  it('with nfacctd_ext_sampling_rate, multiplies every record by it, events included', () => {
    const known = record(64);
    const unknown = record(0, true);
    const stage = samplingRenormalizeStage({ extSamplingRate: 10 });
    stage(known);
    stage(unknown);
    assert.deepEqual([known.packets, known.bytes, known.samplingRate], [30, 4000, 1]);
    assert.deepEqual([unknown.packets, unknown.bytes, unknown.samplingRate], [30, 4000, 0]);
  });
});
