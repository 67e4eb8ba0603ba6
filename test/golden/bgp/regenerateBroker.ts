/**
 * Re-creates the pmacct 1.7.7 goldens of the BGP message log and table
 * dump over AMQP and of the looking glass over ZeroMQ:
 *   node test/golden/bgp/regenerateBroker.ts
 * (needs pmacct, RabbitMQ on 127.0.0.1:5672 with guest/guest, and the npm
 * package zeromq; takes up to a minute and a half, as pmbgpd dumps at the
 * next whole minute). Runs the scenario of bgpBrokerGolden.ts against
 * pmbgpd and stores amqp-msglog, amqp-dump and lg .pmacct.txt beside this
 * script.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, removeDir, tempDir, waitFor } from '../../routing/bgp/bgpTestKit.ts';
import { AmqpTap, brokerCollectorConfig, brokerStoredPath, runBrokerScenario, storedLookingGlass, storedMessages } from './bgpBrokerGolden.ts';

const dir = tempDir('pmacct-bgp-broker-golden-');
const port = await freePort();
const lgPort = await freePort();
const exchange = `pmacct-bgp-golden-${process.pid}`;
writeFileSync(join(dir, 'pmbgpd.conf'), brokerCollectorConfig(port, lgPort, exchange));
const tap = await AmqpTap.open(exchange, ['msglog-127_0_0_9', 'dump-127_0_0_9']);
let pmacctOut = '';
const pmbgpd = spawn('pmbgpd', ['-f', join(dir, 'pmbgpd.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
pmbgpd.stdout.on('data', (d: Buffer) => (pmacctOut += d.toString()));
pmbgpd.stderr.on('data', (d: Buffer) => (pmacctOut += d.toString()));
const pmbgpdExited = new Promise<void>((resolve) => pmbgpd.once('exit', () => resolve()));
try {
  await waitFor('pmbgpd to listen', () => pmacctOut.includes('waiting for BGP data') && pmacctOut.includes('Looking Glass listening'), 10_000);
  process.stdout.write('waiting for pmbgpd\'s dump at the next whole minute...\n');
  const result = await runBrokerScenario(port, lgPort, tap, async () => undefined);
  writeFileSync(brokerStoredPath('amqp-msglog'), storedMessages(result.messages, 'msglog'));
  const dump = storedMessages(result.messages, 'dump');
  // A dump taken before the scenario's withdrawal (a minute starting in its first second) is not the one to keep.
  if (!dump.includes('"entries": 6,')) throw new Error('pmbgpd dumped before the scenario was complete: run again');
  writeFileSync(brokerStoredPath('amqp-dump'), dump);
  writeFileSync(brokerStoredPath('lg'), storedLookingGlass(result.lg));
  process.stdout.write(`${result.messages.length} messages, ${result.lg.length} looking-glass answers stored\n`);
} finally {
  // pmbgpd 1.7.7 ignores SIGTERM; SIGINT ends it.
  pmbgpd.kill('SIGINT');
  await pmbgpdExited;
  await tap.close(exchange);
  if (process.env.TSACCT_KEEP) process.stdout.write(`files kept in ${dir}\n${pmacctOut}`);
  else removeDir(dir);
}
