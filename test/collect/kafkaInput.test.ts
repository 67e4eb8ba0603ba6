/**
 * nfacctd/sfacctd reading datagrams from Kafka (nfacctd_kafka_* /
 * sfacctd_kafka_*). Each case of test/golden/kafka-input produces a
 * capture's datagrams, as raw IP packets, to partition 0 of a topic on the
 * mock broker; tsacct's print output must equal pmacct 1.7.7's reading the
 * same topic (<case>.pmacct.csv, regenerate.ts) and tsacct's own replay of
 * the capture with pcap_savefile. Then what a restart reads (pmacct's
 * semantics: from the end of partition 0, nothing committed), pmacct's
 * startup refusals, and the source's handling of odd messages.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { MockBroker, kafkaTestSkip } from '../kafka/mockBroker.ts';
import { kafkaClientSkip } from '../kafka/kafkaClient.ts';
import { kafkaInputConfig, producePackets, rawIpPackets, sortedCsv, startDaemon } from '../kafka/kafkaInputHarness.ts';
import { KAFKA_INPUT_CASES, capturePath, expectedPath } from '../golden/kafka-input/kafkaInputCases.ts';
import { runKafkaInputCase } from '../golden/kafka-input/kafkaInputRun.ts';
import { KafkaDatagramSource } from '../../src/collect/kafkaDatagramSource.ts';
import type { ConsumedKafkaMessage, KafkaPartitionReader } from '../../src/collect/kafkaConsumerClient.ts';
import { writeUdpFrame } from '../../src/collect/pcapUdpFrame.ts';
import { LinkType } from '../../src/decode/packet/linkType.ts';
import { kafkaInputBrokers } from '../../src/daemons/kafkaInput.ts';
import { memoryLogger } from '../../src/core/logger.ts';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
const TSACCT = [process.execPath, join(ROOT, 'bin', 'tsacct.js')];
const READY = /reading topic \S+ partition 0 from offset \d+/;
const skip = kafkaTestSkip() ?? kafkaClientSkip();
const work = mkdtempSync(join(tmpdir(), 'tsacct-kafka-input-'));
after(() => rmSync(work, { recursive: true, force: true }));

for (const c of KAFKA_INPUT_CASES) {
  test(`${c.daemon} from Kafka: ${c.name} equals pmacct 1.7.7 and the pcap_savefile replay`, { skip: skip ?? (!existsSync(expectedPath(c)) && 'no reference output stored'), timeout: 120_000 }, async () => {
    const { csv: fromKafka } = await runKafkaInputCase(c, work, [...TSACCT, c.daemon], READY);
    assert.equal(fromKafka, readFileSync(expectedPath(c), 'utf8'));

    const replayOut = join(work, `${c.name}-replay.csv`);
    const replayConf = join(work, `${c.name}-replay.conf`);
    writeFileSync(replayConf, [
      `pcap_savefile: ${capturePath(c)}`,
      'plugins: print[p]',
      `aggregate[p]: ${c.aggregate}`,
      'print_output[p]: csv',
      `print_output_file[p]: ${replayOut}`,
      'print_refresh_time[p]: 3600',
      '',
    ].join('\n'));
    await run(TSACCT[0]!, [TSACCT[1]!, c.daemon, '-f', replayConf], { timeout: 60_000 });
    assert.equal(fromKafka, sortedCsv(replayOut));
  });
}

test('a restart reads from the end of partition 0: messages produced while down are not read, nothing is read twice', { skip: skip ?? false, timeout: 120_000 }, async () => {
  const topic = 'restart';
  const broker = await MockBroker.start([topic], 1);
  try {
    const [packet] = rawIpPackets(capturePath(KAFKA_INPUT_CASES[0]!));
    const out = join(work, 'restart.csv');
    const conf = join(work, 'restart.conf');
    writeFileSync(conf, kafkaInputConfig('nfacctd', broker.bootstrap, topic, out, 'peer_src_ip, proto'));
    const firstRun = startDaemon([...TSACCT, 'nfacctd'], conf, READY);
    try {
      await firstRun.ready;
      await producePackets(broker.bootstrap, topic, [packet!]);
      await firstRun.consumed(1);
    } finally {
      await firstRun.stop();
    }
    const first = sortedCsv(out);
    assert.match(firstRun.log(), /from offset 0\b/);

    // Two messages while nothing reads the topic: lost to the next start, as with pmacct.
    await producePackets(broker.bootstrap, topic, [packet!, packet!]);
    const secondRun = startDaemon([...TSACCT, 'nfacctd'], conf, READY);
    try {
      await secondRun.ready;
      assert.match(secondRun.log(), /from offset 3\b/);
      await producePackets(broker.bootstrap, topic, [packet!]);
      await secondRun.consumed(1);
    } finally {
      await secondRun.stop();
    }
    // The second run counted exactly one datagram's flows: the same table as the first.
    assert.equal(sortedCsv(out), first);
    assert.match(secondRun.log(), /kafka topic restart partition 0: 1 messages, 1 UDP datagrams, next offset 4/);
  } finally {
    await broker.stop();
  }
});

test('a broker down at startup does not stop the daemon: it reads once the broker answers (pmacct waits too)', { skip: skip ?? false, timeout: 120_000 }, async () => {
  const topic = 'late';
  const broker = await MockBroker.start([topic], 1);
  try {
    await broker.down();
    const [packet] = rawIpPackets(capturePath(KAFKA_INPUT_CASES[0]!));
    const out = join(work, 'late.csv');
    const conf = join(work, 'late.conf');
    writeFileSync(conf, kafkaInputConfig('nfacctd', broker.bootstrap, topic, out, 'peer_src_ip, proto'));
    const daemon = startDaemon([...TSACCT, 'nfacctd'], conf, READY);
    try {
      const deadline = Date.now() + 60_000;
      while (!/cannot start reading/.test(daemon.log())) {
        assert.ok(Date.now() < deadline, `no failed attempt logged:\n${daemon.log()}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await broker.up();
      await daemon.ready;
      await producePackets(broker.bootstrap, topic, [packet!]);
      await daemon.consumed(1);
    } finally {
      await daemon.stop();
    }
    assert.match(sortedCsv(out), /^PEER_SRC_IP,PROTOCOL,PACKETS,BYTES\n10\.19\.144\.41,/);
  } finally {
    await broker.stop();
  }
});

async function startupError(daemon: 'nfacctd' | 'sfacctd', lines: readonly string[]): Promise<string> {
  const conf = join(work, 'refused.conf');
  writeFileSync(conf, [...lines, 'plugins: print[p]', 'aggregate[p]: proto', ''].join('\n'));
  try {
    await run(TSACCT[0]!, [TSACCT[1]!, daemon, '-f', conf], { timeout: 30_000 });
  } catch (err) {
    return (err as { stderr: string }).stderr;
  }
  throw new Error('the daemon started');
}

test('Kafka input: the combinations pmacct 1.7.7 refuses are refused at startup', async () => {
  assert.match(
    await startupError('nfacctd', ['nfacctd_kafka_broker_host: 127.0.0.1', 'nfacctd_kafka_topic: t', 'nfacctd_port: 2100']),
    /pcap_savefile, nfacctd_ip, nfacctd_kafka_\* and nfacctd_zmq_\* are mutual exclusive/,
  );
  assert.match(
    await startupError('sfacctd', ['sfacctd_kafka_broker_host: 127.0.0.1', 'sfacctd_kafka_topic: t', 'pcap_savefile: /nonexistent.pcap']),
    /pcap_savefile, sfacctd_ip, sfacctd_kafka_\* and sfacctd_zmq_\* are mutual exclusive/,
  );
  assert.match(
    await startupError('nfacctd', ['nfacctd_kafka_broker_host: 127.0.0.1']),
    /Kafka collection requires both nfacctd_kafka_broker_host and nfacctd_kafka_topic to be specified/,
  );
});

test('broker list as pmacct builds it: one host gets the port, a comma-separated list is taken as written', () => {
  assert.equal(kafkaInputBrokers('10.0.0.1', 9092), '10.0.0.1:9092');
  assert.equal(kafkaInputBrokers('a:9093,b:9094', 9092), 'a:9093,b:9094');
});

/** A reader that hands out one prepared batch, then nothing. */
class OneBatchReader implements KafkaPartitionReader {
  private batch: ConsumedKafkaMessage[] | null;
  constructor(batch: ConsumedKafkaMessage[]) {
    this.batch = batch;
  }
  async connect(): Promise<void> {}
  async endOffset(): Promise<number> {
    return 10;
  }
  assign(): void {}
  async next(): Promise<ConsumedKafkaMessage[]> {
    const batch = this.batch;
    this.batch = null;
    if (batch) return batch;
    await new Promise((resolve) => setTimeout(resolve, 5));
    return [];
  }
  onError(): void {}
  async disconnect(): Promise<void> {}
}

function rawIp(source: number[], payload: Buffer): Buffer {
  const endpoints = {
    sourceAddress: Uint8Array.from(source),
    sourcePort: 1234,
    destinationAddress: new Uint8Array(source.length),
    destinationPort: 2100,
  };
  const out = Buffer.alloc(80 + payload.length);
  return out.subarray(0, writeUdpFrame(LinkType.raw, endpoints, payload, out, 0));
}

test('source: the exporter is the IP source (IPv4-mapped IPv6 as IPv4); empty, non-IP and non-UDP messages are skipped and counted', async () => {
  const mapped = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 0, 2, 7];
  const v6 = [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
  const tcp = rawIp([192, 0, 2, 9], Buffer.from('x'));
  tcp[9] = 6;
  const messages = [
    rawIp([192, 0, 2, 1], Buffer.from('one')),
    rawIp(mapped, Buffer.from('two')),
    rawIp(v6, Buffer.from('three')),
    Buffer.alloc(0),
    Buffer.from([0x10, 1, 2, 3]),
    tcp,
  ].map((value, i): ConsumedKafkaMessage => ({ value, offset: 10 + i, partition: 0 }));
  const source = new KafkaDatagramSource(new OneBatchReader(messages), () => new OneBatchReader([]), { topic: 't' });
  const seen: string[] = [];
  source.start((payload, exporter) => seen.push(`${exporter.key} ${payload.toString()}`), memoryLogger());
  while (source.statistics.offset < 16) await new Promise((resolve) => setTimeout(resolve, 5));
  await source.stop();
  assert.deepEqual(seen, ['192.0.2.1 one', '192.0.2.7 two', '2001:db8::1 three']);
  assert.equal(source.statistics.messages, 6);
  assert.equal(source.statistics.datagrams, 3);
  assert.equal(source.statistics.empty, 1);
  assert.match(source.statisticsLine(), /6 messages, 3 UDP datagrams, next offset 16, skipped: .+ 1, .+ 1, empty 1/);
});
