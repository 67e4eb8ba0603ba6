/**
 * ClusterRegistry against the machine's Redis (database 9; only this
 * file's keys are touched), with a 2-second TTL so that expiry can be
 * watched: refreshes keep keys alive past their TTL, stop() leaves them to
 * expire (pmacct deletes nothing either), and a Redis that is cut off
 * (a TCP proxy the test owns), absent or hung is counted and retried while
 * start() and stop() never wait for it. Keys and TTLs are read with redis-cli.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { clusterEntries } from '../../src/cluster/clusterKeys.ts';
import { ClusterRegistry } from '../../src/cluster/clusterRegistry.ts';
import type { RegistryTiming } from '../../src/cluster/registryTiming.ts';
import { memoryLogger } from '../../src/core/logger.ts';
import { deleteKeys, describeKeys, redisHost, scanKeys } from '../golden/cluster/clusterGolden.ts';
import { CuttableTcpProxy } from '../net/cuttableTcpProxy.ts';

const DB = 9;
const CLUSTER = `tsacct-registry-${process.pid}`;
const PATTERN = `${CLUSTER}+*`;
const TIMING: RegistryTiming = { ttlSeconds: 2, refreshMs: 500, retryMinMs: 200, retryMaxMs: 800, operationTimeoutMs: 1000 };
const identity = { clusterName: CLUSTER, clusterId: 1 };
const entries = clusterEntries(identity, { daemon: 'nfacctd', coreName: 'default', threads: [], plugins: [{ name: 'p', type: 'print' }] });

after(async () => {
  await deleteKeys(DB, PATTERN);
});

async function waitFor(what: string, condition: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

test('refreshes keep the keys past their TTL; stop() leaves them to expire', async () => {
  const logger = memoryLogger();
  const registry = new ClusterRegistry({ identity, endpoint: redisHost(), database: DB, entries, timing: TIMING }, logger);
  registry.start();
  await waitFor('the first refresh', () => registry.status().refreshes >= 1);
  assert.deepEqual(await scanKeys(DB, PATTERN), entries.map((e) => e.key).sort());

  await sleep(3000); // longer than the 2 s TTL: only refreshes keep the keys
  const alive = await describeKeys(DB, await scanKeys(DB, PATTERN));
  assert.equal(alive.length, 3, 'every key outlived its TTL');
  for (const k of alive) {
    assert.equal(k.type, 'string');
    assert.ok(k.ttl >= 1 && k.ttl <= 2, `${k.key} TTL ${k.ttl}`);
  }
  assert.ok(registry.status().refreshes >= 4, `refreshes: ${registry.status().refreshes}`);
  assert.equal(registry.status().registered, true);

  await registry.stop();
  assert.equal((await scanKeys(DB, PATTERN)).length, 3, 'stop() deletes nothing');
  await waitFor('the keys to expire', async () => (await scanKeys(DB, PATTERN)).length === 0, 5000);
  assert.equal(registry.status().errors, 0);
});

test('Redis cut off: counted and retried, the keys expire, and come back when Redis does', async () => {
  const proxy = new CuttableTcpProxy(redisHost());
  await proxy.open();
  const logger = memoryLogger();
  const registry = new ClusterRegistry(
    { identity, endpoint: { host: '127.0.0.1', port: proxy.port }, database: DB, entries, timing: TIMING },
    logger,
  );
  registry.start();
  await waitFor('registration', () => registry.status().registered);

  await proxy.cut();
  await waitFor('the loss to be noticed', () => !registry.status().registered);
  await sleep(2500); // past the TTL: nobody can refresh the keys
  assert.deepEqual(await scanKeys(DB, PATTERN), [], 'the keys expired during the outage');
  const during = registry.status();
  assert.equal(during.registered, false);
  assert.ok(during.errors >= 2, `errors during the outage: ${during.errors}`);
  assert.ok(logger.lines.some((l) => /^WARN: cluster registry .*retrying in/.test(l)), logger.lines.join('\n'));

  await proxy.open();
  await waitFor('registration after the outage', () => registry.status().registered);
  assert.deepEqual(await scanKeys(DB, PATTERN), entries.map((e) => e.key).sort());
  assert.ok(logger.lines.some((l) => /^INFO: cluster registry .*registered again after \d+ failed attempts/.test(l)), logger.lines.join('\n'));
  await registry.stop();
  await proxy.cut();
  await deleteKeys(DB, PATTERN);
});

test('no Redis at all: start() does not throw, failures are counted, stop() resolves', async () => {
  // A port nobody listens on: bind one, note it, close it.
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as { port: number }).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));

  const registry = new ClusterRegistry({ identity, endpoint: { host: '127.0.0.1', port }, database: DB, entries, timing: TIMING }, memoryLogger());
  registry.start();
  await waitFor('two failed attempts', () => registry.status().errors >= 2);
  assert.equal(registry.status().registered, false);
  await registry.stop();
});

test('a Redis that accepts and never answers: the attempt fails after the operation timeout', async () => {
  const held = new Set<Socket>();
  const silent = createServer((s) => {
    held.add(s);
    s.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const port = (silent.address() as { port: number }).port;
  const logger = memoryLogger();
  const registry = new ClusterRegistry({ identity, endpoint: { host: '127.0.0.1', port }, database: DB, entries, timing: TIMING }, logger);
  registry.start();
  await waitFor('a timed-out attempt', () => registry.status().errors >= 1);
  assert.ok(logger.lines.some((l) => /took longer than 1 s/.test(l)), logger.lines.join('\n'));
  await registry.stop();
  for (const s of held) s.destroy();
  await new Promise<void>((resolve) => silent.close(() => resolve()));
});
