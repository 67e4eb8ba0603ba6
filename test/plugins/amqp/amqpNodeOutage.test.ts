/**
 * The AMQP plugin across a real broker outage (issue 7, acceptance 3): a
 * RabbitMQ node of the test's own (test/net/scratchRabbitNode.ts, never the
 * machine's on 5672) receives what nfacctd's amqp plugin publishes while
 * NetFlow v9 arrives continuously over UDP; in the middle the broker
 * application is stopped (`rabbitmqctl stop_app`) for 15 s and started
 * again. Every flow generated has a 5-tuple of its own, so every aggregate
 * is one message of one flow: all of them must arrive, with the generator's
 * packet and byte totals. Messages are persistent in a durable queue (what
 * survives stop_app); flushes refused during the outage wait in the plugin
 * and are retried. A stop in the middle of a flush may publish a message
 * twice (at-least-once, docs/compat.md#broker-plugins): such copies must be
 * identical, and are counted.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { connect, type ChannelModel } from 'amqplib';
import { FlowGenerator } from '../../../bench/flowGenerator.ts';
import { drainQueue } from '../../golden/amqp/amqpGolden.ts';
import { ScratchRabbitNode, scratchRabbitSkip } from '../../net/scratchRabbitNode.ts';
import { freeUdpPort } from '../../robustness/udpTestKit.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const EXCHANGE = 'tsacct-node-outage';
const DATAGRAMS_PER_SECOND = 20;
const RECORDS_PER_DATAGRAM = 10;
const OUTAGE_MS = 15_000;

let node: ScratchRabbitNode | null = null;
let startError: string | null = scratchRabbitSkip();
const work = mkdtempSync(join(tmpdir(), 'tsacct-node-outage-'));

before(async () => {
  if (startError !== null) return;
  try {
    node = await ScratchRabbitNode.start();
  } catch (err) {
    startError = `a scratch RabbitMQ node did not start: ${(err as Error).message.split('\n')[0]}`;
  }
});

after(async () => {
  await node?.stop();
  rmSync(work, { recursive: true, force: true });
});

async function brokerAt(port: number): Promise<ChannelModel> {
  return connect({ protocol: 'amqp', hostname: '127.0.0.1', port, username: 'guest', password: 'guest' });
}

function waitForLog(child: ChildProcess, log: () => string, pattern: RegExp): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      if (pattern.test(log())) {
        clearInterval(timer);
        resolve();
      } else if (child.exitCode !== null) {
        clearInterval(timer);
        reject(new Error(`the daemon exited:\n${log()}`));
      }
    }, 50);
  });
}

interface Entry {
  ip_src: string;
  ip_dst: string;
  port_dst: number;
  ip_proto: string;
  packets: number;
  bytes: number;
}

test('amqp plugin: rabbitmqctl stop_app for 15 s under continuous traffic, then start_app: every flow arrives, packets and bytes add up', { timeout: 300_000 }, async (t) => {
  if (startError !== null || node === null) {
    t.skip(startError ?? 'no node');
    return;
  }
  const setup = await brokerAt(node.amqpPort);
  const ch = await setup.createChannel();
  // Durable, as amqp_persistent_msg declares the exchange: what is queued survives stop_app.
  await ch.assertExchange(EXCHANGE, 'direct', { durable: true });
  await ch.assertQueue(EXCHANGE, { durable: true });
  await ch.bindQueue(EXCHANGE, EXCHANGE, 'acct');
  await setup.close();

  const udpPort = await freeUdpPort();
  const conf = join(work, 'nfacctd.conf');
  writeFileSync(conf, [
    'nfacctd_ip: 127.0.0.1',
    `nfacctd_port: ${udpPort}`,
    'plugins: amqp[x]',
    'aggregate[x]: src_host, dst_host, dst_port, proto',
    `amqp_host[x]: 127.0.0.1:${node.amqpPort}`,
    `amqp_exchange[x]: ${EXCHANGE}`,
    'amqp_routing_key[x]: acct',
    'amqp_persistent_msg[x]: true',
    'amqp_refresh_time[x]: 1',
    '',
  ].join('\n'));
  const daemon = spawn(process.execPath, [join(ROOT, 'bin', 'tsacct.js'), 'nfacctd', '-f', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  daemon.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
  daemon.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const exited = new Promise<void>((resolve) => daemon.once('exit', () => resolve()));
  const sender = createSocket('udp4');
  try {
    await waitForLog(daemon, () => log, /waiting for NetFlow\/IPFIX data on/);

    // Flows with a 5-tuple each: distinct keys as many as flows could ever be sent.
    const generator = new FlowGenerator({ protocol: 'netflow-v9', flows: 1_000_000, distinctKeys: 1_000_000, recordsPerDatagram: RECORDS_PER_DATAGRAM, templateEvery: 20 });
    let sending = true;
    const traffic = (async () => {
      while (sending) {
        const d = generator.next();
        if (d === null) break;
        await new Promise<void>((resolve, reject) => sender.send(d.payload, udpPort, '127.0.0.1', (err) => (err ? reject(err) : resolve())));
        await sleep(1000 / DATAGRAMS_PER_SECOND);
      }
    })();

    await sleep(4000);
    await node.stopApp();
    const stoppedAt = Date.now();
    await sleep(OUTAGE_MS);
    await node.startApp();
    t.diagnostic(`broker application down for ${Date.now() - stoppedAt} ms`);
    await sleep(4000);
    sending = false;
    await traffic;
    const sent = { ...generator.totals };

    // The retries run every second (the refresh time); then SIGTERM flushes what is left.
    await sleep(5000);
    daemon.kill('SIGTERM');
    await exited;

    const reader = await brokerAt(node.amqpPort);
    const rch = await reader.createChannel();
    const messages = await drainQueue(rch, EXCHANGE);
    await reader.close();

    const byKey = new Map<string, string>();
    let duplicates = 0;
    let packets = 0;
    let bytes = 0;
    for (const m of messages) {
      const body = m.content.toString();
      const e = JSON.parse(body) as Entry;
      const key = `${e.ip_src} ${e.ip_dst} ${e.port_dst} ${e.ip_proto}`;
      const seen = byKey.get(key);
      if (seen !== undefined) {
        duplicates++;
        assert.equal(body, seen, 'a message published twice is the same message');
        continue;
      }
      byKey.set(key, body);
      packets += e.packets;
      bytes += e.bytes;
    }
    t.diagnostic(`sent ${sent.datagrams} datagrams, ${sent.flows} flows; received ${messages.length} messages, ${duplicates} duplicates`);
    assert.match(log, /write failed/, 'the outage refused at least one flush');
    assert.equal(byKey.size, sent.flows, 'every flow arrived');
    assert.equal(packets, sent.packets, 'packets add up');
    assert.equal(bytes, sent.bytes, 'bytes add up');
  } finally {
    sender.close();
    if (daemon.exitCode === null) {
      daemon.kill('SIGKILL');
      await exited;
    }
  }
});
