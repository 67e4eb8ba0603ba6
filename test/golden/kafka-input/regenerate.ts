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
import { KAFKA_INPUT_CASES, expectedPath } from './kafkaInputCases.ts';
import { runKafkaInputCase } from './kafkaInputRun.ts';

const only = process.argv.slice(2);
const work = mkdtempSync(join(tmpdir(), 'pmacct-kafka-input-'));
try {
  for (const c of KAFKA_INPUT_CASES) {
    if (only.length > 0 && !only.includes(c.name)) continue;
    const { csv, messages } = await runKafkaInputCase(c, work, [c.daemon], null);
    writeFileSync(expectedPath(c), csv);
    process.stdout.write(`${c.name}: ${messages} messages\n`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
