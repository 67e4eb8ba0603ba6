/**
 * Re-creates the sfacctd 1.7.7 counter log golden outputs:
 *   node test/golden/sflowCounterBrokers/regenerate.ts [case ...]
 * (needs `apt-get install pmacct librdkafka-dev kcat`: Debian's sfacctd is
 * built with --enable-kafka and --enable-rabbitmq, and RabbitMQ on
 * 127.0.0.1:5672 with guest/guest). Starts the Kafka mock broker
 * (test/kafka/), replays each case of counterBrokerGolden.ts through
 * sfacctd, and stores the messages, normalized, as
 * <broker>-<case>.pmacct.txt.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MockBroker } from '../../kafka/mockBroker.ts';
import { COUNTER_CASES, checkOrder, expectedPath, normalize, runCase } from './counterBrokerGolden.ts';

const only = process.argv.slice(2);
const work = mkdtempSync(join(tmpdir(), 'pmacct-sfcnt-'));
const broker = await MockBroker.start([]);
try {
  for (const c of COUNTER_CASES) {
    if (only.length > 0 && !only.includes(c.name)) continue;
    const messages = await runCase(c, ['sfacctd'], work, c.broker === 'kafka' ? broker.bootstrap : '127.0.0.1');
    const problems = checkOrder(messages);
    if (problems.length > 0) throw new Error(`sfacctd's output of ${c.name} is out of order: ${problems.join('; ')}`);
    writeFileSync(expectedPath(c), normalize(c, messages));
    process.stdout.write(`${c.broker}-${c.name}: ${messages.length} messages\n`);
  }
} finally {
  await broker.stop();
  rmSync(work, { recursive: true, force: true });
}
