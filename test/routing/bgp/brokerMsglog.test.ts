// The pieces between the BGP message log and a broker client, with a
// scripted Kafka producer (kafkaProducer.ts's interface): the message form
// pmbgpd 1.7.7 publishes (writer_id last, no newline; golden in
// test/golden/bgp/amqp-msglog.pmacct.txt), round-robin destinations
// (CONFIG-KEYS amqp_routing_key_rr: message #1 -> _0, #2 -> _1, …), and what
// is kept (in order) or lost around the broker's connection and a full
// client queue.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { memoryLogger } from '../../../src/core/logger.ts';
import { RoundRobinDestination } from '../../../src/output/linePublisher.ts';
import { KafkaLinePublisher } from '../../../src/plugins/kafka/kafkaLinePublisher.ts';
import type { FailureListener, KafkaProducer, ProduceOutcome } from '../../../src/plugins/kafka/kafkaProducer.ts';
import { BrokerMsglog, withWriterId } from '../../../src/routing/bgp/brokerMsglog.ts';

class ScriptedProducer implements KafkaProducer {
  produced: { topic: string; partition: number; value: string; key: string | null }[] = [];
  failure: FailureListener = () => undefined;
  connectResult: Promise<void>;
  full = false;
  closed = false;

  constructor(connectResult: Promise<void>) {
    this.connectResult = connectResult;
  }

  connect(): Promise<void> {
    return this.connectResult;
  }

  produce(topic: string, partition: number, value: Buffer, key: string | null): ProduceOutcome {
    if (this.full) return 'queue-full';
    this.produced.push({ topic, partition, value: value.toString(), key });
    return 'queued';
  }

  onFailure(listener: FailureListener): void {
    this.failure = listener;
  }

  onError(): void {}

  async flush(): Promise<boolean> {
    return true;
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

const options = { label: 'BGP msglog', brokers: '127.0.0.1:9092', partition: -1, key: null, roundRobin: 0, retrySeconds: 0.05, properties: { global: {}, topic: {} } };

describe('broker messages of the BGP message log', () => {
  it('are the file line with "writer_id" last and no newline', () => {
    assert.equal(withWriterId('{"seq": 0, "event_type": "log_init"}\n', 'default/42'), '{"seq": 0, "event_type": "log_init", "writer_id": "default/42"}');
  });

  it('rotate over <name>_0 … <name>_<n-1>, one message after the other', () => {
    const rr = new RoundRobinDestination(3);
    assert.deepEqual(['k', 'k', 'k', 'k'].map((d) => rr.of(d)), ['k_0', 'k_1', 'k_2', 'k_0']);
    assert.equal(new RoundRobinDestination(0).of('k'), 'k');
  });

  it('go to the topic and key resolved for the peer, kept until the first connection', async () => {
    let connected!: () => void;
    const producer = new ScriptedProducer(new Promise<void>((resolve) => (connected = resolve)));
    const publisher = new KafkaLinePublisher(options, () => producer, memoryLogger());
    const log = new BrokerMsglog('bgp.$peer_src_ip', 'k-$peer_src_ip-$peer_tcp_port', publisher, 'default/7', 'Kafka');
    const target = log.open({ address: '192.0.2.1', port: 179 });
    log.append(target, '{"seq": 0}\n');
    assert.equal(producer.produced.length, 0);
    connected();
    await new Promise((r) => setImmediate(r));
    log.append(target, '{"seq": 1}\n');
    assert.deepEqual(producer.produced, [
      { topic: 'bgp.192_0_2_1', partition: -1, value: '{"seq": 0, "writer_id": "default/7"}', key: 'k-192_0_2_1-179' },
      { topic: 'bgp.192_0_2_1', partition: -1, value: '{"seq": 1, "writer_id": "default/7"}', key: 'k-192_0_2_1-179' },
    ]);
    producer.failure(Buffer.from('x'), 'Local: Message timed out');
    assert.equal(log.statisticsLine(), 'BGP msglog (Kafka): messages 2, lost 1, errors 1');
    // librdkafka's queue full: messages wait, in order, and go when there is room.
    producer.full = true;
    log.append(target, '{"seq": 2}\n');
    log.append(target, '{"seq": 3}\n');
    producer.full = false;
    while (producer.produced.length < 4) await new Promise((r) => setTimeout(r, 5));
    assert.deepEqual(producer.produced.slice(2).map((m) => m.value), ['{"seq": 2, "writer_id": "default/7"}', '{"seq": 3, "writer_id": "default/7"}']);
    // Still waiting when the client closes (log.close() first waits up to 5 s for them): lost, and counted.
    producer.full = true;
    log.append(target, '{"seq": 4}\n');
    await publisher.close();
    assert.equal(producer.closed, true);
    assert.equal(log.statisticsLine(), 'BGP msglog (Kafka): messages 4, lost 2, errors 1');
  });

  it('are lost, and counted, while the broker cannot be reached; the publisher tries again', async () => {
    const producers: ScriptedProducer[] = [];
    const logger = memoryLogger();
    const publisher = new KafkaLinePublisher({ ...options, retrySeconds: 0.2 }, () => {
      const p = new ScriptedProducer(producers.length === 0 ? Promise.reject(new Error('Local: Broker transport failure')) : Promise.resolve());
      producers.push(p);
      return p;
    }, logger);
    publisher.start();
    publisher.publish('t', 'a');
    // The failed connection is handled a turn of the event loop later; the retry comes 0.2 s after.
    await new Promise((r) => setImmediate(r));
    publisher.publish('t', 'b');
    assert.deepEqual(publisher.counters, { published: 0, lost: 2, errors: 1 });
    assert.match(logger.lines.join('\n'), /BGP msglog: cannot connect to Kafka \(127\.0\.0\.1:9092\): Local: Broker transport failure; retrying in 0\.2s/);
    while (producers.length < 2) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setImmediate(r));
    publisher.publish('t', 'c');
    assert.equal(producers.length, 2);
    assert.deepEqual(producers[1]!.produced.map((m) => m.value), ['c']);
    await publisher.close();
  });
});
