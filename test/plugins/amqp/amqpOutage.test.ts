/**
 * The AMQP plugin while the broker is unreachable: the writer reaches the
 * shared RabbitMQ through a TCP proxy the test owns, and the test cuts the
 * proxy (closing its listener and every relayed connection) instead of
 * stopping RabbitMQ. Flushes during the cut fail, wait in the aggregating
 * consumer and are retried with backoff; once the proxy is back every entry
 * arrives. A cut between flushes loses nothing and duplicates nothing; a
 * cut in the middle of a flush may duplicate messages whose confirm was
 * lost on the way (at-least-once, docs/compat.md#broker-plugins): counted.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Channel, ChannelModel } from 'amqplib';
import type { AggregatingConsumer } from '../../../src/core/aggregatingConsumer.ts';
import { memoryLogger } from '../../../src/core/logger.ts';
import { AmqpWriter } from '../../../src/plugins/amqp/amqpWriter.ts';
import { amqpHost, brokerConnection, drainQueue } from '../../golden/amqp/amqpGolden.ts';
import { CuttableTcpProxy } from '../../net/cuttableTcpProxy.ts';
import { acceptPorts as accept, duplicates, PORT_LAYOUT, portPlugin, UTC_TIMESTAMPS } from '../broker/brokerOutageKit.ts';

/** The broker the proxy relays to: amqpHost() as host:port (5672 when no port is given). */
function amqpTarget(): { host: string; port: number } {
  const [host, port] = amqpHost().split(':');
  return { host: host!, port: Number(port ?? 5672) };
}

const name = `tsacct-outage-${process.pid}`;
let broker: ChannelModel;
let ch: Channel;

before(async () => {
  broker = await brokerConnection();
  ch = await broker.createChannel();
  await ch.assertExchange(name, 'direct', { durable: false });
  await ch.assertQueue(name, { durable: false });
  await ch.bindQueue(name, name, 'acct');
});

after(async () => {
  await ch.deleteQueue(name);
  await ch.deleteExchange(name);
  await broker.close();
});

function plugin(proxy: CuttableTcpProxy, logger = memoryLogger()): AggregatingConsumer {
  const writer = new AmqpWriter(
    {
      name: 'x', host: `127.0.0.1:${proxy.port}`, vhost: '/', user: 'guest', passwd: 'guest', exchange: name, exchangeType: 'direct',
      routingKey: 'acct', persistent: false, frameMax: 131072, heartbeatSeconds: 0, multiValues: 0, markers: false, labelAsMap: false,
      history: false, timestamps: UTC_TIMESTAMPS, confirmTimeoutMs: 3000,
    },
    PORT_LAYOUT,
    logger,
  );
  return portPlugin('amqp', writer, logger);
}

/** dst_port of every message now in the queue, waiting until `expected` arrived (or 30 s). */
async function received(expected: number): Promise<number[]> {
  const ports: number[] = [];
  const deadline = Date.now() + 30_000;
  while (ports.length < expected && Date.now() < deadline) {
    for (const m of await drainQueue(ch, name)) ports.push((JSON.parse(m.content.toString()) as { port_dst: number }).port_dst);
    if (ports.length < expected) await sleep(100);
  }
  await sleep(200);
  for (const m of await drainQueue(ch, name)) ports.push((JSON.parse(m.content.toString()) as { port_dst: number }).port_dst);
  return ports;
}

test('amqp outage between flushes: flushes wait, are retried, and every entry arrives exactly once', async () => {
  const proxy = new CuttableTcpProxy(amqpTarget());
  await proxy.open();
  const logger = memoryLogger();
  const consumer = plugin(proxy, logger);
  consumer.start();
  accept(consumer, 1, 1001);
  await consumer.flush('refresh');
  await proxy.cut();
  accept(consumer, 1001, 2001);
  void consumer.flush('refresh');
  accept(consumer, 2001, 3001);
  void consumer.flush('refresh');
  await sleep(3000);
  const during = consumer.statistics();
  assert.ok(during.writeErrors >= 1, 'the flushes during the cut failed');
  assert.equal(during.pendingEntries, 2000);
  await proxy.open();
  const ports = await received(3000);
  await consumer.stop();
  assert.equal(consumer.statistics().pendingEntries, 0);
  assert.equal(consumer.statistics().dropped, 0);
  assert.equal(new Set(ports).size, 3000, 'every entry arrived');
  assert.equal(duplicates(ports), 0, 'none twice');
  assert.ok(logger.lines.some((l) => /write failed/.test(l)));
  await proxy.cut();
});

test('amqp outage during a flush: every entry arrives, duplicates only of unconfirmed messages', async (t) => {
  const proxy = new CuttableTcpProxy(amqpTarget());
  await proxy.open();
  const consumer = plugin(proxy);
  consumer.start();
  accept(consumer, 1, 30001);
  const flushing = consumer.flush('refresh');
  // Cut while the 30,000 messages are on their way.
  await sleep(40);
  await proxy.cut();
  await flushing;
  assert.ok(consumer.statistics().writeErrors >= 1, 'the cut broke the flush');
  await sleep(2000);
  await proxy.open();
  const ports = await received(30000);
  await consumer.stop();
  assert.equal(new Set(ports).size, 30000, 'every entry arrived');
  const twice = duplicates(ports);
  // The writer resumes after the messages the broker confirmed: only those in flight at the cut can come twice.
  assert.ok(twice < 30000, `duplicates: ${twice}`);
  t.diagnostic(`mid-flush cut: ${ports.length} messages for 30000 entries, ${twice} duplicates`);
  await proxy.cut();
});
