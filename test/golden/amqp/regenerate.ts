/**
 * Re-creates the pmacct 1.7.7 AMQP golden outputs:
 *   node test/golden/amqp/regenerate.ts [case ...]
 * (needs `apt-get install pmacct`: nfacctd built with the rabbitmq plugin,
 * and RabbitMQ on 127.0.0.1:5672 with guest/guest, see amqpGolden.ts). For
 * each case nfacctd replays the capture into the case's exchange (pmacct
 * always connects to port 5672) and the queue's messages are stored,
 * normalized, as <case>.pmacct.txt.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AMQP_CASES, checkPacking, expectedPath, normalize, runCase } from './amqpGolden.ts';

const only = process.argv.slice(2);
const work = mkdtempSync(join(tmpdir(), 'pmacct-amqp-'));
try {
  for (const c of AMQP_CASES) {
    if (only.length > 0 && !only.includes(c.name)) continue;
    const messages = await runCase(c, ['nfacctd'], join(work, `${c.name}.conf`), '127.0.0.1');
    const problems = checkPacking(c, messages);
    if (problems.length > 0) throw new Error(`pmacct's output of ${c.name} fails the packing checks: ${problems.join('; ')}`);
    writeFileSync(expectedPath(c), normalize(c, messages));
    process.stdout.write(`${c.name}: ${messages.length} messages\n`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
