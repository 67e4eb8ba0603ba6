/**
 * kafka_config_file as pmacct 1.7.7 reads it. The expectations come from
 * nfacctd 1.7.7 run with `debug: true` on the same file (its librdkafka
 * config dump and its warnings): lines 1, 2 and 4 applied as written below,
 * "[…:3] Line malformed. Ignored." and "[…:6] Line malformed. Ignored.",
 * lines 5 and 7 ignored without a word.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseKafkaConfigText, readKafkaConfigFile } from '../../../src/plugins/kafka/kafkaConfigFile.ts';

const FILE = [
  'global, client.id, a,b,c',
  '  GLOBAL ,  socket.keepalive.enable ,  true   ',
  'global, only.key',
  'topic, compression.codec, gzip',
  '# comment, x, y',
  'global,,x',
  'globalx, a, b',
  'global, security.protocol, SASL_SSL\r',
  '',
].join('\n');

test('kafka_config_file lines: type, key and the rest of the line as the value, as pmacct 1.7.7', () => {
  const parsed = parseKafkaConfigText(FILE, 'k.csv');
  assert.deepEqual(parsed.properties, [
    { scope: 'global', key: 'client.id', value: 'a,b,c', line: 1 },
    { scope: 'global', key: 'socket.keepalive.enable', value: 'true', line: 2 },
    { scope: 'topic', key: 'compression.codec', value: 'gzip', line: 4 },
    // A CRLF file's carriage return is not part of the value.
    { scope: 'global', key: 'security.protocol', value: 'SASL_SSL', line: 8 },
  ]);
  assert.deepEqual(parsed.warnings, ['[k.csv:3] Line malformed. Ignored.', '[k.csv:6] Line malformed. Ignored.']);
});

test('kafka_config_file: a line longer than 256 bytes is read whole (pmacct splits it)', () => {
  const jaas = `org.apache.kafka.common.security.plain.PlainLoginModule required username="u" password="${'p'.repeat(300)}";`;
  assert.equal(parseKafkaConfigText(`global, sasl.jaas.config, ${jaas}\n`, 'k.csv').properties[0]!.value, jaas);
});

test('kafka_config_file: a missing file gives no properties and a warning', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tsacct-kafka-conf-'));
  try {
    const missing = readKafkaConfigFile(join(dir, 'none.csv'));
    assert.deepEqual(missing.properties, []);
    assert.match(missing.warnings[0]!, /none\.csv\] cannot be read .*librdkafka config not loaded/);
    writeFileSync(join(dir, 'k.csv'), FILE);
    assert.equal(readKafkaConfigFile(join(dir, 'k.csv')).properties.length, 4);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
