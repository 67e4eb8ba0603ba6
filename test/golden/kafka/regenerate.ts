/**
 * Re-creates the pmacct 1.7.7 Kafka golden outputs:
 *   node test/golden/kafka/regenerate.ts [case ...]
 * (needs `apt-get install pmacct librdkafka-dev kcat`: Debian's nfacctd is
 * built with --enable-kafka). Starts the mock broker (test/kafka/), replays
 * each case through nfacctd, reads the case's topics back with kcat and
 * stores them, normalized, as <case>.pmacct.txt (see kafkaGolden.ts).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MockBroker } from '../../kafka/mockBroker.ts';
import { KAFKA_CASES, checkPacking, expectedPath, normalize, runCase } from './kafkaGolden.ts';

const only = process.argv.slice(2);
const work = mkdtempSync(join(tmpdir(), 'pmacct-kafka-'));
const broker = await MockBroker.start([]);
try {
  for (const c of KAFKA_CASES) {
    if (only.length > 0 && !only.includes(c.name)) continue;
    const messages = await runCase(c, ['nfacctd'], work, broker.bootstrap);
    const problems = checkPacking(c, messages);
    if (problems.length > 0) throw new Error(`pmacct's output of ${c.name} fails the packing checks: ${problems.join('; ')}`);
    writeFileSync(expectedPath(c), normalize(c, messages));
    process.stdout.write(`${c.name}: ${messages.length} messages\n`);
  }
} finally {
  await broker.stop();
  rmSync(work, { recursive: true, force: true });
}
