/**
 * Kafka golden tests: tsacct's `plugins: kafka[x]` replays each case of
 * kafkaGolden.ts into the librdkafka mock broker, kcat reads the topics
 * back, and the normalized messages must equal what pmacct 1.7.7 produced
 * (<case>.pmacct.txt, made by regenerate.ts); the multi-values packing and
 * the markers' places are checked on the raw stream. Where tsacct differs
 * from pmacct on purpose (docs/compat.md#kafka-plugin), the case masks it
 * and a test here checks tsacct's behaviour.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kafkaTestSkip, MockBroker } from '../../kafka/mockBroker.ts';
import { kafkaClientSkip } from '../../kafka/kafkaClient.ts';
import { refusedStartup } from '../brokerGolden.ts';
import { KAFKA_CASES, checkPacking, expectedPath, kafkaDir, normalize, runCase } from './kafkaGolden.ts';

const skip = kafkaTestSkip() ?? kafkaClientSkip();
const tsacct = [process.execPath, join(kafkaDir, '..', '..', '..', 'bin', 'tsacct.js'), 'nfacctd'];
const work = mkdtempSync(join(tmpdir(), 'tsacct-kafka-'));
let broker: MockBroker | null = null;

before(async () => {
  if (!skip) broker = await MockBroker.start([]);
});

after(async () => {
  await broker?.stop();
  rmSync(work, { recursive: true, force: true });
});

test('docs/compat.md describes the Kafka plugin', () => {
  const compat = readFileSync(join(kafkaDir, '..', '..', '..', 'docs', 'compat.md'), 'utf8');
  assert.match(compat, /\{#kafka-plugin\}/);
});

for (const c of KAFKA_CASES) {
  const stored = existsSync(expectedPath(c));
  test(`kafka golden ${c.name}`, { skip: skip ?? (!stored && 'no reference output stored') }, async () => {
    const messages = await runCase(c, tsacct, work, broker!.bootstrap);
    assert.deepEqual(checkPacking(c, messages), []);
    let expected = readFileSync(expectedPath(c), 'utf8');
    if (c.deviation) {
      assert.ok(expected.includes(c.deviation.pmacct), 'the stored pmacct output shows the deviation');
      expected = expected.replaceAll(c.deviation.pmacct, c.deviation.tsacct);
    }
    assert.equal(normalize(c, messages), expected);
    if (c.name === 'partition-fixed') {
      // pmacct 1.7.7 ignores kafka_partition; tsacct writes every message to it.
      assert.deepEqual([...new Set(messages.map((m) => m.partition))], [2]);
    }
  });
}

test('kafka: a topic property on a global line of kafka_config_file applies to the topics (pmacct 1.7.7 ignores it)', { skip: skip ?? false }, async () => {
  // pmacct 1.7.7 partitions the config-file case's keys with murmur2 from "topic, partitioner, murmur2"
  // only; tsacct does the same from "global, partitioner, murmur2".
  const stored = KAFKA_CASES.find((c) => c.name === 'config-file')!;
  const c = { ...stored, name: 'config-file-global', configFile: stored.configFile!.replace('topic, partitioner', 'global, partitioner') };
  const messages = await runCase(c, tsacct, work, broker!.bootstrap);
  assert.equal(normalize(c, messages), readFileSync(expectedPath(stored), 'utf8'));
});

function startupError(lines: readonly string[]): Promise<string> {
  const conf = join(work, 'refused.conf');
  writeFileSync(conf, ['daemonize: false', 'plugins: kafka[x]', 'aggregate[x]: proto', ...lines, ''].join('\n'));
  return refusedStartup(tsacct, conf);
}

test('kafka: what pmacct refuses at its first purge, and what is not implemented, is refused at startup (the Avro refusals: kafkaAvro.test.ts)', { skip: kafkaClientSkip() ?? false }, async () => {
  assert.match(await startupError(['kafka_preprocess[x]: minb=1k']), /kafka_preprocess 'minb' needs a non-negative integer value/);
  assert.match(
    await startupError(['kafka_topic[x]: acct.$peer_src_ip', 'kafka_multi_values[x]: 1000']),
    /dynamic 'kafka_topic' is not compatible with 'kafka_multi_values'/,
  );
  assert.match(await startupError(['kafka_topic[x]: acct.$tag', 'kafka_topic_rr[x]: 2']), /dynamic 'kafka_topic' is not compatible with 'kafka_topic_rr'/);
  assert.match(await startupError(['kafka_partition_dynamic[x]: true']), /kafka_partition_dynamic needs a kafka_partition_key to operate/);
  assert.match(
    await startupError(['kafka_partition_dynamic[x]: true', 'kafka_partition_key[x]: k', 'kafka_partition[x]: 0']),
    /kafka_partition_dynamic and kafka_partition are mutually exclusive/,
  );
});
