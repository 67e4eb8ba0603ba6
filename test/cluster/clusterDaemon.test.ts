/**
 * tsacct nfacctd with redis_host, against the machine's Redis (redis_db 9;
 * only this run's keys are touched: cluster golden-<pid>, id 7, whose names
 * are normalised to the golden's golden+7+ prefix before comparing): the
 * keys it writes are pmacct's (test/golden/cluster/registry.pmacct.txt), read with redis-cli and
 * watched with redis-cli MONITOR; /metrics reports the registration; on
 * SIGTERM the keys are left to expire, as pmacct leaves them. Then a TCP
 * proxy between tsacct and Redis is cut: flows are still collected, the
 * loss shows in /metrics, and the keys (deleted meanwhile, as if they had
 * expired) come back once the proxy is open again.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { boundSender, DaemonUnderTest, freeUdpPort } from '../robustness/udpTestKit.ts';
import { tsacctBin, v5Datagram } from '../web/webTestKit.ts';
import {
  deleteKeys, describeKeys, GOLDEN_CLUSTER, GOLDEN_PREFIX, goldenConfig, readGolden, redisHost, scanKeys,
} from '../golden/cluster/clusterGolden.ts';
import { CuttableTcpProxy } from '../net/cuttableTcpProxy.ts';

const DB = 9;
const CLUSTER_NAME = `${GOLDEN_CLUSTER.name}-${process.pid}`;
const PREFIX = `${CLUSTER_NAME}+${GOLDEN_CLUSTER.id}+`;
const PATTERN = `${PREFIX}*`;
/** This run's key under the golden's name. */
const normalised = (key: string): string => (key.startsWith(PREFIX) ? GOLDEN_PREFIX + key.slice(PREFIX.length) : key);
const runKey = (goldenKey: string): string => PREFIX + goldenKey.slice(GOLDEN_PREFIX.length);
const golden = readGolden();
let dir = '';

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tsacct-cluster-'));
  await deleteKeys(DB, PATTERN);
});

after(async () => {
  await deleteKeys(DB, PATTERN);
  rmSync(dir, { recursive: true, force: true });
});

async function waitFor(what: string, condition: () => Promise<boolean>, daemon: DaemonUnderTest, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    daemon.assertAlive();
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}:\n${daemon.log}`);
    await sleep(100);
  }
}

async function startDaemon(redis?: { host: string; port: number }): Promise<{ daemon: DaemonUnderTest; udpPort: number; webPort: number }> {
  const udpPort = await freeUdpPort();
  const conf = join(dir, `nfacctd-${udpPort}.conf`);
  writeFileSync(conf, goldenConfig({ udpPort, redisDb: DB, dir, clusterName: CLUSTER_NAME, redis, extra: ['web_port: 0'] }));
  const daemon = new DaemonUnderTest([tsacctBin, 'nfacctd', '-f', conf]);
  await daemon.waitForLog(/waiting for NetFlow\/IPFIX data on/);
  const webPort = Number(/HTTP API listening on http:\/\/[^\s]*:(\d+)/.exec(daemon.log)?.[1]);
  return { daemon, udpPort, webPort };
}

/** Ends a daemon a failed assertion left running. */
async function stopQuietly(daemon: DaemonUnderTest): Promise<void> {
  try {
    await daemon.terminate();
  } catch {
    // already gone
  }
}

/** The value of a cluster metric for this run's cluster, or null when the series is absent. */
async function clusterMetric(webPort: number, name: string): Promise<number | null> {
  const text = await (await fetch(`http://127.0.0.1:${webPort}/metrics`)).text();
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    if (!line.includes(`cluster_name="${CLUSTER_NAME}"`) || !line.includes(`cluster_id="${GOLDEN_CLUSTER.id}"`)) continue;
    return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return null;
}

/** `redis-cli MONITOR`: every command the server runs, as it prints them. */
function monitor(): { child: ChildProcess; lines: () => string[] } {
  const redis = redisHost();
  const child = spawn('redis-cli', ['-h', redis.host, '-p', String(redis.port), 'MONITOR'], { stdio: ['ignore', 'pipe', 'ignore'] });
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return { child, lines: () => out.split('\n').filter((l) => l.includes(PREFIX)) };
}

test('nfacctd with redis_host writes pmacct\'s keys, values and TTL, reports them in /metrics, and leaves them to expire on SIGTERM', async () => {
  const watch = monitor();
  await sleep(300); // MONITOR is listening before the daemon starts
  let started: Awaited<ReturnType<typeof startDaemon>> | null = null;
  try {
    started = await startDaemon();
    const { daemon, webPort } = started;
    await waitFor('the registration', async () => (await scanKeys(DB, PATTERN)).length >= golden.keys.length, daemon);
    const keys = await describeKeys(DB, await scanKeys(DB, PATTERN));
    assert.deepEqual(keys.map(({ type, key, value }) => ({ type, key: normalised(key), value })), golden.keys);
    for (const k of keys) assert.ok(k.ttl > golden.ttlSeconds - 5 && k.ttl <= golden.ttlSeconds, `${k.key}: TTL ${k.ttl}`);
    // pmacct's keys land in database 0 whatever redis_db says (docs/compat.md#cluster-registry); tsacct's in redis_db.
    assert.equal(golden.database, 0);
    assert.deepEqual(await scanKeys(0, PATTERN), []);

    // Each key by one SETEX <key> <ttl> <value>, in redis_db, as pmacct's p_redis_set_string/int.
    const setex = watch.lines().filter((l) => l.includes('"SETEX"'));
    for (const k of golden.keys) {
      const line = setex.find((l) => l.includes(`"SETEX" "${runKey(k.key)}" "${golden.ttlSeconds}" "${k.value}"`));
      assert.ok(line, `no SETEX of ${k.key}:\n${watch.lines().join('\n')}`);
      assert.match(line, new RegExp(`\\[${DB} `), 'written in redis_db');
    }

    assert.equal(await clusterMetric(webPort, 'tsacct_cluster_registered'), 1);
    assert.equal(await clusterMetric(webPort, 'tsacct_cluster_registered_keys'), golden.keys.length);
    assert.equal(await clusterMetric(webPort, 'tsacct_cluster_errors_total'), 0);
    assert.ok(((await clusterMetric(webPort, 'tsacct_cluster_refreshes_total')) ?? 0) >= 1);

    const exit = await daemon.terminate();
    assert.equal(exit.code, 0, daemon.log);
    assert.match(daemon.log, new RegExp(`cluster registry ${CLUSTER_NAME}\\+7 \\(Redis [^)]+, db 9\\): registered, refreshes \\d+, errors 0`));
    const left = await describeKeys(DB, await scanKeys(DB, PATTERN));
    assert.equal(left.length, golden.keys.length, 'nothing deleted at shutdown');
    for (const k of left) assert.ok(k.ttl > 0, `${k.key} still expires`);
    assert.deepEqual(watch.lines().filter((l) => /"(DEL|UNLINK|EXPIRE)"/i.test(l)), []);
  } finally {
    watch.child.kill();
    if (started) await stopQuietly(started.daemon);
    await deleteKeys(DB, PATTERN);
  }
});

test('Redis cut off: flows are still collected, /metrics shows the loss, the keys come back with Redis', async () => {
  const proxy = new CuttableTcpProxy(redisHost());
  await proxy.open();
  let started: Awaited<ReturnType<typeof startDaemon>> | null = null;
  try {
    started = await startDaemon({ host: '127.0.0.1', port: proxy.port });
    const { daemon, udpPort, webPort } = started;
    await waitFor('the registration', async () => (await clusterMetric(webPort, 'tsacct_cluster_registered')) === 1, daemon);

    await proxy.cut();
    await waitFor('the loss in /metrics', async () => (await clusterMetric(webPort, 'tsacct_cluster_registered')) === 0, daemon);
    await deleteKeys(DB, PATTERN); // as if they had expired, or Redis had restarted empty

    const sender = await boundSender('127.0.0.1');
    for (let i = 0; i < 3; i++) sender.send(v5Datagram(i * 10, 10, 1 + i * 10), udpPort, '127.0.0.1');
    const table = async (): Promise<number> =>
      ((await (await fetch(`http://127.0.0.1:${webPort}/api/v1/tables/m`)).json()) as { total: number }).total;
    await waitFor('the flows in the memory table', async () => (await table()) === 30, daemon);
    sender.close();
    assert.ok(((await clusterMetric(webPort, 'tsacct_cluster_errors_total')) ?? 0) >= 1);
    assert.deepEqual(await scanKeys(DB, PATTERN), []);

    await proxy.open();
    await waitFor('the keys again', async () => (await scanKeys(DB, PATTERN)).length === golden.keys.length, daemon);
    await waitFor('the registration in /metrics', async () => (await clusterMetric(webPort, 'tsacct_cluster_registered')) === 1, daemon);
    assert.match(daemon.log, new RegExp(`WARN \\( default/core \\): cluster registry ${CLUSTER_NAME}\\+7 .*retrying in`));
    assert.match(daemon.log, new RegExp(`INFO \\( default/core \\): cluster registry ${CLUSTER_NAME}\\+7 .*registered again after \\d+ failed attempts`));
  } finally {
    await proxy.cut();
    if (started) await stopQuietly(started.daemon);
  }
});
