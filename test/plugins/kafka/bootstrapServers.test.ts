/**
 * kafka_broker_host and kafka_broker_port as librdkafka's bootstrap.servers.
 * The expectations follow CONFIG-KEYS (pmacct 1.7.7) for kafka_broker_host:
 * a comma-separated list is used as written, a single broker gets
 * kafka_broker_port, an IPv6 address is wrapped in brackets, "ssl://" stays
 * in front; tsacct also keeps a single "host:port" as written.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bootstrapServers } from '../../../src/plugins/kafka/kafkaPlugin.ts';

test('bootstrap.servers from kafka_broker_host and kafka_broker_port', () => {
  assert.equal(bootstrapServers('127.0.0.1', 9092), '127.0.0.1:9092');
  assert.equal(bootstrapServers('kafka.example.net', 9093), 'kafka.example.net:9093');
  assert.equal(bootstrapServers('broker1:10000,broker2', 9092), 'broker1:10000,broker2');
  assert.equal(bootstrapServers('ssl://broker3:9000,ssl://broker2', 9092), 'ssl://broker3:9000,ssl://broker2');
  assert.equal(bootstrapServers('ssl://broker3', 9000), 'ssl://broker3:9000');
  assert.equal(bootstrapServers('2001:db8::1', 9092), '[2001:db8::1]:9092');
  assert.equal(bootstrapServers('::1', 9092), '[::1]:9092');
  assert.equal(bootstrapServers('[2001:db8::1]:9094', 9092), '[2001:db8::1]:9094');
  assert.equal(bootstrapServers('broker1:9094', 9092), 'broker1:9094');
});
