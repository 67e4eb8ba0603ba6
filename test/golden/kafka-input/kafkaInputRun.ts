/**
 * One Kafka-input case end to end, the same for pmacct 1.7.7
 * (regenerate.ts) and tsacct (test/collect/kafkaInput.test.ts): a mock
 * broker with the case's topic, the daemon reading it, the capture's
 * packets produced once the daemon is ready, the daemon stopped once it
 * has consumed them all (also when a step fails), the broker stopped.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MockBroker } from '../../kafka/mockBroker.ts';
import { kafkaInputConfig, producePackets, rawIpPackets, sortedCsv, startDaemon } from '../../kafka/kafkaInputHarness.ts';
import { capturePath, type KafkaInputCase } from './kafkaInputCases.ts';

/**
 * `command`: the daemon's command line before `-f <conf>`; `readyPattern`:
 * the log line saying the daemon reads the topic (null: wait a fixed delay,
 * pmacct logs none). Returns the print plugin's CSV, sorted, and how many
 * messages were produced.
 */
export async function runKafkaInputCase(c: KafkaInputCase, work: string, command: readonly string[], readyPattern: RegExp | null): Promise<{ csv: string; messages: number }> {
  const broker = await MockBroker.start([c.name], 1);
  try {
    const out = join(work, `${c.name}.csv`);
    const conf = join(work, `${c.name}.conf`);
    writeFileSync(conf, kafkaInputConfig(c.daemon, broker.bootstrap, c.name, out, c.aggregate));
    const packets = rawIpPackets(capturePath(c));
    const daemon = startDaemon(command, conf, readyPattern);
    try {
      await daemon.ready;
      await producePackets(broker.bootstrap, c.name, packets);
      await daemon.consumed(packets.length);
    } finally {
      await daemon.stop();
    }
    return { csv: sortedCsv(out), messages: packets.length };
  } finally {
    await broker.stop();
  }
}
