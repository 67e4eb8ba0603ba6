// The BGP message log and table dump to Kafka (bgp_daemon_msglog_kafka_*,
// bgp_table_dump_kafka_*), to librdkafka's mock broker (test/kafka/), read
// back with kcat: the same messages as pmbgpd 1.7.7 publishes over AMQP for
// the same scripted peer (pmacct composes one JSON object and hands it to
// either broker; golden in test/golden/bgp/amqp-*.pmacct.txt), keyed by
// the resolved *_kafka_partition_key, the dump in *_kafka_partition.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import { loadConfigText } from '../../../src/config/index.ts';
import { memoryLogger } from '../../../src/core/logger.ts';
import { startBgpDaemon } from '../../../src/daemons/bgpDaemon.ts';
import type { BgpCollector } from '../../../src/routing/bgp/bgpCollector.ts';
import { loadZeromq } from '../../../src/routing/bgp/lookingGlassZmq.ts';
import { kafkaClientSkip } from '../../kafka/kafkaClient.ts';
import { consumeTopic, kafkaTestSkip, MockBroker, type ConsumedMessage } from '../../kafka/mockBroker.ts';
import { brokerStoredPath, runBrokerScenario, storedMessages, type BrokerMessage } from '../../golden/bgp/bgpBrokerGolden.ts';
import { freePorts } from './bgpTestKit.ts';

const skip = kafkaTestSkip() ?? kafkaClientSkip() ?? (loadZeromq() instanceof Error ? 'the npm package zeromq is not installed' : false);
const TOPICS = ['msglog-127_0_0_9', 'dump-127_0_0_9'];

/** Reads the topics with kcat every quarter second, so the scenario can wait for messages. */
class KafkaTap {
  messages: BrokerMessage[] = [];
  consumed: ConsumedMessage[] = [];
  private running = true;
  private readonly loop: Promise<void>;

  constructor(bootstrap: string) {
    this.loop = (async () => {
      while (this.running) {
        const all = (await Promise.all(TOPICS.map((t) => consumeTopic(bootstrap, t)))).flat();
        this.consumed = all;
        this.messages = all.map((m) => ({ routingKey: m.topic, body: m.value, contentType: undefined, deliveryMode: undefined }));
        await new Promise((r) => setTimeout(r, 250));
      }
    })();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }
}

describe('BGP msglog and table dump to Kafka', { skip }, () => {
  let broker: MockBroker | null = null;
  let collector: BgpCollector | null = null;
  let tap: KafkaTap | null = null;

  after(async () => {
    await tap?.stop();
    await collector?.stop();
    await broker?.stop();
  });

  it('produces pmbgpd\'s messages, keyed per peer, the dump to its partition', async () => {
    broker = await MockBroker.start(TOPICS, 4);
    const [port, lgPort] = await freePorts(2);
    const config = [
      'bgp_daemon_ip: 127.0.0.1',
      `bgp_daemon_port: ${port}`,
      `bgp_daemon_msglog_kafka_broker_host: ${broker.bootstrap}`,
      'bgp_daemon_msglog_kafka_topic: msglog-$peer_src_ip',
      'bgp_daemon_msglog_kafka_partition_key: $peer_src_ip',
      `bgp_table_dump_kafka_broker_host: ${broker.bootstrap}`,
      'bgp_table_dump_kafka_topic: dump-$peer_src_ip',
      'bgp_table_dump_kafka_partition: 2',
      'bgp_table_dump_refresh_time: 60',
      'bgp_daemon_lg: true',
      `bgp_daemon_lg_port: ${lgPort}`,
    ].join('\n');
    collector = await startBgpDaemon(loadConfigText('pmbgpd', config, 'test.conf'), memoryLogger());
    tap = new KafkaTap(broker.bootstrap);
    const c = collector;
    const result = await runBrokerScenario(port, lgPort, tap, async () => {
      await c.dumpTables();
    });
    assert.equal(storedMessages(result.messages, 'msglog'), readFileSync(brokerStoredPath('amqp-msglog'), 'utf8'), 'message log');
    assert.equal(storedMessages(result.messages, 'dump'), readFileSync(brokerStoredPath('amqp-dump'), 'utf8'), 'table dump');
    const consumed = tap.consumed;
    const msglog = consumed.filter((m) => m.topic === 'msglog-127_0_0_9');
    const dump = consumed.filter((m) => m.topic === 'dump-127_0_0_9');
    assert.ok(msglog.length >= 16 && msglog.every((m) => m.key === '127_0_0_9'), 'every msglog message keyed by $peer_src_ip');
    // 8 messages a dump (a scheduled dump may add 8 when a minute starts during the run).
    assert.ok(dump.length % 8 === 0 && dump.every((m) => m.partition === 2 && m.key === null), 'the dump in bgp_table_dump_kafka_partition, without a key');
  });
});
