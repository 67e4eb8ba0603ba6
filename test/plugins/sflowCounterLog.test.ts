/**
 * The sFlow counter log's own logic, whatever its destination: the names
 * of an agent's file / topic / routing key, the targets agents share, the
 * one sequence across agents; and the broker framing of its lines. The
 * captures' end-to-end outputs are golden-tested against sfacctd 1.7.7 in
 * test/golden/sfacctdCounters.test.ts and test/golden/sflowCounterBrokers/.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { COUNTER_BLOCK_PROCESSOR, SflowCounterSample } from '../../src/decode/sflow/sflowCounterSample.ts';
import type { LinePublisher } from '../../src/output/linePublisher.ts';
import { CounterBrokerDestination } from '../../src/plugins/sflowCounterBroker.ts';
import { counterLogName, SflowCounterLog, type CounterLogDestination } from '../../src/plugins/sflowCounterLog.ts';

const TIMESTAMPS = { utc: true, rfc3339: false, sinceEpoch: false };

describe('counterLogName', () => {
  it('expands the first $peer_src_ip and $peer_tcp_port (0) only, as sfacctd 1.7.7 names its files', () => {
    // sfacctd 1.7.7 on crafted__sflow-v4.pcap with this sfacctd_counter_file wrote
    // c-%Y-$tag-0-192_0_2_41-$peer_src_ip.json (and the same for 32_1_13_184).
    assert.equal(counterLogName('c-%Y-$tag-$peer_tcp_port-$peer_src_ip-$peer_src_ip.json', '192.0.2.41'), 'c-%Y-$tag-0-192_0_2_41-$peer_src_ip.json');
    assert.equal(counterLogName('counters.$peer_src_ip', '2001:db8::1'), 'counters.2001_db8__1');
    assert.equal(counterLogName('all-agents', '192.0.2.41'), 'all-agents');
  });
});

/** A destination that records what each target receives. */
function recordingDestination(): { destination: CounterLogDestination; received: Map<string, string[]> } {
  const received = new Map<string, string[]>();
  const destination: CounterLogDestination = {
    open(name) {
      const lines: string[] = [];
      received.set(name, lines);
      return { logInit: (line) => lines.push(`init ${line}`), log: (line) => lines.push(`log ${line}`) };
    },
    stop: () => Promise.resolve(),
    statisticsLine: (agents, lines) => `${agents} agents, ${lines} lines`,
  };
  return { destination, received };
}

function processorSample(): SflowCounterSample {
  const s = new SflowCounterSample();
  s.blockCount = 1;
  s.blockTags[0] = COUNTER_BLOCK_PROCESSOR;
  return s;
}

describe('SflowCounterLog', () => {
  it('opens a target per name, a log_init per agent and sub-agent, one seq across all', () => {
    const { destination, received } = recordingDestination();
    const log = new SflowCounterLog({ pattern: 'cnt', destination, timestamps: TIMESTAMPS, nowUs: () => 1_700_000_000_000_001 });
    log.beginDatagram({ address: '192.0.2.1', subAgentId: 0 });
    log.emit(processorSample());
    log.beginDatagram({ address: '192.0.2.2', subAgentId: 0 });
    log.beginDatagram({ address: '192.0.2.1', subAgentId: 1 });
    log.emit(processorSample());
    log.beginDatagram(null);
    log.emit(processorSample());
    const lines = received.get('cnt')!;
    assert.deepEqual([...received.keys()], ['cnt']);
    assert.deepEqual(lines.map((l) => l.slice(0, l.indexOf(','))), ['init {"seq": 0', 'log {"seq": 1', 'init {"seq": 2', 'init {"seq": 3', 'log {"seq": 4']);
    assert.ok(lines[0]!.includes('"timestamp": "2023-11-14 22:13:20.000001"'));
    assert.equal(log.statisticsLine(), '3 agents, 5 lines');
  });
});

describe('CounterBrokerDestination', () => {
  it('publishes lines without their newline, writer_id on log_init only', () => {
    const published: [string, string | Buffer, string | null | undefined][] = [];
    const publisher: LinePublisher = {
      counters: { published: 0, lost: 0, errors: 0 },
      start: () => undefined,
      publish: (destination, message, key) => published.push([destination, message, key]),
      drain: () => Promise.resolve(),
      flush: () => Promise.resolve(true),
      close: () => Promise.resolve(),
    };
    const target = new CounterBrokerDestination(publisher, 'sfc/42', 'Kafka').open('cnt.192_0_2_1');
    target.logInit('{"seq": 0, "event_type": "log_init"}\n');
    target.log('{"seq": 1, "event_type": "log"}\n');
    assert.deepEqual(published, [
      ['cnt.192_0_2_1', '{"seq": 0, "event_type": "log_init", "writer_id": "sfc/42"}', undefined],
      ['cnt.192_0_2_1', '{"seq": 1, "event_type": "log"}', undefined],
    ]);
  });
});
