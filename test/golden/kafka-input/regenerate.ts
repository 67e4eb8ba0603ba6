/**
 * Re-creates the pmacct 1.7.7 outputs of the Kafka-input cases:
 *   node test/golden/kafka-input/regenerate.ts [case ...]
 * (needs Debian's pmacct, built with --enable-kafka, and what the mock
 * broker needs: librdkafka-dev, a C compiler). For each case nfacctd or
 * sfacctd reads a fresh topic on the mock broker; pmacct logs nothing when
 * its consumer is placed at the end of partition 0, so the capture is
 * produced after a 5 s wait, and the daemon is stopped (SIGINT: the print
 * plugin writes its cache) 5 s after the last message is delivered.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MockBroker } from '../../kafka/mockBroker.ts';
import { kafkaInputConfig, producePackets, rawIpPackets, sortedCsv, startDaemon } from '../../kafka/kafkaInputHarness.ts';
import { KAFKA_INPUT_CASES, capturePath, expectedPath } from './kafkaInputCases.ts';

const only = process.argv.slice(2);
const work = mkdtempSync(join(tmpdir(), 'pmacct-kafka-input-'));
try {
  for (const c of KAFKA_INPUT_CASES) {
    if (only.length > 0 && !only.includes(c.name)) continue;
    const broker = await MockBroker.start([c.name], 1);
    try {
      const out = join(work, `${c.name}.csv`);
      const conf = join(work, `${c.name}.conf`);
      writeFileSync(conf, kafkaInputConfig(c.daemon, broker.bootstrap, c.name, out, c.aggregate));
      const packets = rawIpPackets(capturePath(c));
      const run = startDaemon([c.daemon], conf, null);
      await run.ready;
      await producePackets(broker.bootstrap, c.name, packets);
      await run.consumed(packets.length);
      await run.stop();
      writeFileSync(expectedPath(c), sortedCsv(out));
      process.stdout.write(`${c.name}: ${packets.length} messages\n`);
    } finally {
      await broker.stop();
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
