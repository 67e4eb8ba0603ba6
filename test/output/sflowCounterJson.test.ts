/**
 * The counter log lines the capture golden test cannot reach: no capture
 * here carries VLAN counter blocks. Key order follows pmacct 1.7.7's
 * readCounters_vlan (the counters, then "vlan" last); any block pmacct does
 * not decode (processor included) keeps only the leading fields, as the
 * golden capture's 2000-2006 blocks show.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  COUNTER_BLOCK_PROCESSOR,
  COUNTER_BLOCK_UNPARSED,
  COUNTER_BLOCK_VLAN,
  SflowCounterSample,
} from '../../src/decode/sflow/sflowCounterSample.ts';
import { counterLogInitLine, counterLogLine } from '../../src/output/sflowCounterJson.ts';

function sample(): SflowCounterSample {
  const s = new SflowCounterSample();
  s.sourceIdIndex = 7;
  s.datagramSequence = 100;
  s.sequence = 42;
  s.vlan.vlanId = 10;
  s.vlan.octets = 2 ** 40;
  s.vlan.ucastPkts = 1;
  s.vlan.multicastPkts = 2;
  s.vlan.broadcastPkts = 3;
  s.vlan.discards = 4;
  return s;
}

const HEAD = '{"seq": 5, "timestamp": "T", "peer_ip_src": "192.0.2.1", "event_type": "log", "source_id_index": 7, "sflow_seq": 100, "sflow_cnt_seq": 42';

describe('sFlow counter log lines', () => {
  it('log_init names the agent peer_src_ip', () => {
    assert.equal(counterLogInitLine(0, 'T', '192.0.2.1'), '{"seq": 0, "timestamp": "T", "peer_src_ip": "192.0.2.1", "event_type": "log_init"}\n');
  });

  it('VLAN block: counters then vlan', () => {
    assert.equal(
      counterLogLine(5, 'T', '192.0.2.1', sample(), COUNTER_BLOCK_VLAN),
      `${HEAD}, "sf_cnt_type": "sflow_cnt_vlan", "octets": 1099511627776, "ucastPkts": 1, "multicastPkts": 2, "broadcastPkts": 3, "discards": 4, "vlan": 10}\n`,
    );
  });

  it('processor and unparsed blocks: the leading fields only', () => {
    assert.equal(counterLogLine(5, 'T', '192.0.2.1', sample(), COUNTER_BLOCK_PROCESSOR), `${HEAD}}\n`);
    assert.equal(counterLogLine(5, 'T', '192.0.2.1', sample(), COUNTER_BLOCK_UNPARSED), `${HEAD}}\n`);
  });

  it('blocks are listed in wire order, short known blocks as unparsed', () => {
    const s = new SflowCounterSample();
    s.resetBlocks();
    const bytes = new Uint8Array(88);
    s.readBlock(COUNTER_BLOCK_VLAN, bytes, 0, 28);
    s.readBlock(2000, bytes, 0, 8);
    s.readBlock(1, bytes, 0, 40);
    assert.deepEqual(s.blockTags.slice(0, s.blockCount), [COUNTER_BLOCK_VLAN, COUNTER_BLOCK_UNPARSED, COUNTER_BLOCK_UNPARSED]);
  });
});
