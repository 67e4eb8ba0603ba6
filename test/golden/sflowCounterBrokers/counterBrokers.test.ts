/**
 * The sFlow counter log to Kafka and AMQP: `tsacct sfacctd` replays each
 * case of counterBrokerGolden.ts into the librdkafka mock broker or
 * RabbitMQ, and the normalized messages must equal what sfacctd 1.7.7
 * published (<broker>-<case>.pmacct.txt, made by regenerate.ts); each
 * stream's order is checked on the raw messages.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kafkaTestSkip, MockBroker } from '../../kafka/mockBroker.ts';
import { kafkaClientSkip } from '../../kafka/kafkaClient.ts';
import { amqpHost } from '../amqp/amqpGolden.ts';
import { refusedStartup } from '../brokerGolden.ts';
import { COUNTER_CASES, checkOrder, expectedPath, goldenDir, normalize, runCase } from './counterBrokerGolden.ts';

const kafkaSkip = kafkaTestSkip() ?? kafkaClientSkip();
const tsacct = [process.execPath, join(goldenDir, '..', '..', '..', 'bin', 'tsacct.js'), 'sfacctd'];
const work = mkdtempSync(join(tmpdir(), 'tsacct-sfcnt-'));
let kafka: MockBroker | null = null;

before(async () => {
  if (!kafkaSkip && COUNTER_CASES.some((c) => c.broker === 'kafka')) kafka = await MockBroker.start([]);
});

after(async () => {
  await kafka?.stop();
  rmSync(work, { recursive: true, force: true });
});

test('docs/compat.md describes the counter log to brokers', () => {
  const compat = readFileSync(join(goldenDir, '..', '..', '..', 'docs', 'compat.md'), 'utf8');
  assert.match(compat, /\{#sflow-counter-brokers\}/);
});

for (const c of COUNTER_CASES) {
  const stored = existsSync(expectedPath(c));
  const skip = (c.broker === 'kafka' ? kafkaSkip : null) ?? (!stored && 'no reference output stored');
  test(`sfacctd counter log ${c.broker} golden ${c.name}`, { skip }, async () => {
    const messages = await runCase(c, tsacct, work, c.broker === 'kafka' ? kafka!.bootstrap : amqpHost());
    assert.deepEqual(checkOrder(messages), []);
    assert.equal(normalize(c, messages), readFileSync(expectedPath(c), 'utf8'));
  });
}

test('sfacctd: counter log file, Kafka and AMQP outputs are refused together, as sfacctd 1.7.7 refuses them', async () => {
  const conf = join(work, 'refused.conf');
  const outputs = ['sfacctd_counter_file: /nonexistent/c.json', 'sfacctd_counter_kafka_topic: t', 'sfacctd_counter_amqp_routing_key: r'];
  for (const pair of [[0, 1], [0, 2], [1, 2]] as const) {
    writeFileSync(conf, ['daemonize: false', outputs[pair[0]], outputs[pair[1]], 'plugins: print[ref]', 'aggregate[ref]: src_host', ''].join('\n'));
    assert.match(
      await refusedStartup(tsacct, conf),
      /sfacctd_counter_file, sfacctd_counter_amqp_routing_key and sfacctd_counter_kafka_topic are mutually exclusive/,
      pair.join(','),
    );
  }
});
