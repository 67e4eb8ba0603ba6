/**
 * Re-creates registry.pmacct.txt, pmacct 1.7.7's cluster registry for the
 * case in clusterGolden.ts (nfacctd, plugins print[p] and memory[m],
 * cluster_name golden, cluster_id 7):
 *   node test/golden/cluster/regenerate.ts
 * Needs pmacct's nfacctd, Redis (127.0.0.1:6379 or TSACCT_REDIS_HOST) and redis-cli.
 *
 * An nfacctd built with --enable-redis (linked to libhiredis) is observed
 * directly: it runs while `redis-cli MONITOR` records its commands until
 * each key was written twice; the keys are then read with --scan, TYPE and
 * GET in every database (pmacct's source never SELECTs redis_db), the TTL is
 * the SETEX argument and the refresh interval the time between a key's two
 * SETEX.
 *
 * Debian's nfacctd 1.7.7 is built without Redis support. Then what the
 * binary can show is taken from the binary: each process's name/type from
 * its log lines (`INFO ( p/print ): ...`, `OK ( m/memory ): ...`,
 * `INFO ( default/core ): ...`) and the daemon's name from `nfacctd -V`. The
 * rest is pmacct's src/redis_common.c and .h, read at github.com/pmacct/pmacct:
 * every key is SETEX "%s+%d+%s" (cluster_name, cluster_id, resource) with
 * PM_REDIS_DEFAULT_EXP_TIME (60 in the header of the 1.7.x code, 3 in the
 * 2022+ header: docs/compat.md#cluster-registry); the core writes
 * resource "daemon_type" = the daemon's name and "process+<name>+<type>",
 * each plugin "process+<name>+<type>", with value TRUE printed by "%d" (1);
 * the thread sleeps EXP_TIME / 3 between refreshes; redis_db is stored but
 * p_redis_select_db() is never called, so pmacct writes database 0.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { freeUdpPort } from '../../robustness/udpTestKit.ts';
import {
  describeKeys, deleteKeys, formatGolden, GOLDEN_CLUSTER, GOLDEN_FILE, GOLDEN_PREFIX, goldenConfig, redisHost, scanKeys,
  type RegistryGolden,
} from './clusterGolden.ts';

const run = promisify(execFile);
/** Source constants (see above) used when the binary cannot be observed. */
const SOURCE_EXP_TIME = 60;
const SOURCE_DATABASE = 0;
/** What the test config asks for; pmacct's source ignores it. */
const ASKED_DB = 9;

const nfacctd = (await run('sh', ['-c', 'command -v nfacctd'])).stdout.trim();
const version = (await run(nfacctd, ['-V'])).stdout.split('\n')[0]!;
const daemonName = /\b(nfacctd)\b/.exec(version)?.[1];
if (daemonName === undefined) throw new Error(`unexpected nfacctd -V: ${version}`);
const withRedis = (await run('ldd', [nfacctd])).stdout.includes('hiredis');

const work = mkdtempSync(join(tmpdir(), 'pmacct-cluster-'));
try {
  const conf = join(work, 'nfacctd.conf');
  writeFileSync(conf, goldenConfig({ udpPort: await freeUdpPort(), redisDb: ASKED_DB, dir: work }));
  const golden = withRedis ? await observeWithRedis(conf) : await deriveFromLogs(conf);
  const how = withRedis
    ? [`observed from ${version} (built with Redis) by regenerate.ts: keys, TYPE, GET, database, SETEX TTL and refresh interval`]
    : [
      `${version} has no Redis support: the <name>+<type> of each process come from its log lines,`,
      'the daemon name from nfacctd -V, the key format, TTL, refresh and database from pmacct\'s src/redis_common.[ch]',
      '(the reasoning is in regenerate.ts and docs/compat.md#cluster-registry).',
    ];
  writeFileSync(GOLDEN_FILE, formatGolden(golden, [
    `pmacct's cluster registry for test/golden/cluster/clusterGolden.ts (cluster ${GOLDEN_CLUSTER.name}, id ${GOLDEN_CLUSTER.id}):`,
    ...how,
    'Lines: `database N`, `ttl N` (seconds), `refresh N` (seconds), then `<TYPE> <key> <GET value>` sorted by key.',
    'Re-create with: node test/golden/cluster/regenerate.ts',
  ]));
  process.stdout.write(`${GOLDEN_FILE}: ${golden.keys.length} keys (${withRedis ? 'observed' : 'derived from logs and source'})\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}

/** Runs nfacctd for two seconds and composes the keys from its processes' log tags. */
async function deriveFromLogs(conf: string): Promise<RegistryGolden> {
  const child = spawn(nfacctd, ['-f', conf], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let log = '';
  child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
  await sleep(2000);
  await stopGroup(child.pid!);
  const tags = new Set<string>();
  for (const m of log.matchAll(/^[A-Z]+ \( ([^/\s]+)\/([^ )]+) \):/gm)) tags.add(`${m[1]}+${m[2]}`);
  if (!tags.has('default+core') || tags.size < 3) throw new Error(`nfacctd did not log its core and both plugins:\n${log}`);
  const keys = [
    { type: 'string', key: `${GOLDEN_PREFIX}daemon_type`, value: daemonName! },
    ...[...tags].map((tag) => ({ type: 'string', key: `${GOLDEN_PREFIX}process+${tag}`, value: '1' })),
  ].sort((a, b) => (a.key < b.key ? -1 : 1));
  return { database: SOURCE_DATABASE, ttlSeconds: SOURCE_EXP_TIME, refreshSeconds: SOURCE_EXP_TIME / 3, keys };
}

/** Runs a Redis-enabled nfacctd under MONITOR until every key was written twice, then reads what it left. */
async function observeWithRedis(conf: string): Promise<RegistryGolden> {
  for (let db = 0; db < 16; db++) {
    if ((await scanKeys(db, `${GOLDEN_PREFIX}*`)).length > 0) throw new Error(`database ${db} already holds ${GOLDEN_PREFIX}* keys: delete them first`);
  }
  const redis = redisHost();
  const monitor = spawn('redis-cli', ['-h', redis.host, '-p', String(redis.port), 'MONITOR'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let monitored = '';
  monitor.stdout.on('data', (chunk: Buffer) => (monitored += chunk.toString()));
  await sleep(500);
  const daemon = spawn(nfacctd, ['-f', conf], { stdio: 'ignore', detached: true });
  try {
    const setex = (): { at: number; db: number; key: string; ttl: number }[] =>
      [...monitored.matchAll(/^(\d+\.\d+) \[(\d+) [^\]]+\] "SETEX" "([^"]+)" "(\d+)"/gim)]
        .filter((m) => m[3]!.startsWith(GOLDEN_PREFIX))
        .map((m) => ({ at: Number(m[1]), db: Number(m[2]), key: m[3]!, ttl: Number(m[4]) }));
    const deadline = Date.now() + 300_000;
    for (;;) {
      const writes = setex();
      const perKey = new Map<string, number>();
      for (const w of writes) perKey.set(w.key, (perKey.get(w.key) ?? 0) + 1);
      if (perKey.size >= 4 && [...perKey.values()].every((n) => n >= 2)) break;
      if (Date.now() > deadline) throw new Error(`no second refresh of every key within 300 s:\n${monitored}`);
      await sleep(500);
    }
    const writes = setex();
    const core = writes.filter((w) => w.key === `${GOLDEN_PREFIX}daemon_type`);
    const refreshSeconds = Math.round(core[1]!.at - core[0]!.at);
    const database = writes[0]!.db;
    const keys = (await describeKeys(database, await scanKeys(database, `${GOLDEN_PREFIX}*`))).map(({ type, key, value }) => ({ type, key, value }));
    return { database, ttlSeconds: writes[0]!.ttl, refreshSeconds, keys };
  } finally {
    await stopGroup(daemon.pid!);
    monitor.kill();
    for (let db = 0; db < 16; db++) await deleteKeys(db, `${GOLDEN_PREFIX}*`);
  }
}

/** nfacctd forks one process per plugin: SIGINT to the process group started here, SIGKILL if it lingers. */
async function stopGroup(pid: number): Promise<void> {
  const alive = (): boolean => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  process.kill(-pid, 'SIGINT');
  for (let i = 0; i < 50 && alive(); i++) await sleep(100);
  if (alive()) process.kill(-pid, 'SIGKILL');
}
