/**
 * The cluster-registry golden case shared by regenerate.ts (pmacct) and
 * test/cluster/clusterDaemon.test.ts (tsacct): one nfacctd with a print and
 * a memory plugin in cluster golden+7, and what a registry looks like from
 * outside, read with redis-cli (--scan, TYPE, GET, TTL).
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const GOLDEN_CLUSTER = { name: 'golden', id: 7 } as const;
export const GOLDEN_PREFIX = `${GOLDEN_CLUSTER.name}+${GOLDEN_CLUSTER.id}+`;
export const GOLDEN_FILE = join(import.meta.dirname, 'registry.pmacct.txt');

/** The Redis server the tests and regenerate.ts use (TSACCT_REDIS_HOST overrides). */
export function redisHost(): { host: string; port: number } {
  const [host, port] = (process.env.TSACCT_REDIS_HOST ?? '127.0.0.1:6379').split(':');
  return { host: host!, port: Number(port ?? 6379) };
}

/**
 * The configuration of the case, for pmacct's nfacctd and for tsacct's. A test
 * may give its own cluster name (golden-<pid>) so that runs at the same time
 * keep apart; its keys then compare equal once that prefix is normalised.
 */
export function goldenConfig(options: {
  udpPort: number;
  redisDb: number;
  dir: string;
  clusterName?: string;
  redis?: { host: string; port: number };
  extra?: string[];
}): string {
  const redis = options.redis ?? redisHost();
  return [
    'nfacctd_ip: 127.0.0.1',
    `nfacctd_port: ${options.udpPort}`,
    'plugins: print[p], memory[m]',
    'aggregate: src_host',
    `print_output_file[p]: ${join(options.dir, 'print.txt')}`,
    'print_refresh_time[p]: 60',
    `imt_path[m]: ${join(options.dir, 'memory.pipe')}`,
    `redis_host: ${redis.host}:${redis.port}`,
    `redis_db: ${options.redisDb}`,
    `cluster_name: ${options.clusterName ?? GOLDEN_CLUSTER.name}`,
    `cluster_id: ${GOLDEN_CLUSTER.id}`,
    ...(options.extra ?? []),
    '',
  ].join('\n');
}

export interface RegistryKey {
  type: string;
  key: string;
  value: string;
}

export interface RegistryGolden {
  /** The database pmacct writes into. */
  database: number;
  ttlSeconds: number;
  refreshSeconds: number;
  /** Sorted by key. */
  keys: RegistryKey[];
}

/** registry.pmacct.txt: `#` comments, `database N`, `ttl N`, `refresh N`, then `<type> <key> <value>` lines. */
export function readGolden(path = GOLDEN_FILE): RegistryGolden {
  const golden: RegistryGolden = { database: -1, ttlSeconds: -1, refreshSeconds: -1, keys: [] };
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const [first, second, third] = line.split(' ');
    if (first === 'database') golden.database = Number(second);
    else if (first === 'ttl') golden.ttlSeconds = Number(second);
    else if (first === 'refresh') golden.refreshSeconds = Number(second);
    else golden.keys.push({ type: first!, key: second!, value: third! });
  }
  return golden;
}

export function formatGolden(golden: RegistryGolden, comments: string[]): string {
  return [
    ...comments.map((c) => `# ${c}`),
    `database ${golden.database}`,
    `ttl ${golden.ttlSeconds}`,
    `refresh ${golden.refreshSeconds}`,
    ...golden.keys.map((k) => `${k.type} ${k.key} ${k.value}`),
    '',
  ].join('\n');
}

/** redis-cli against the test server, database `db`. */
export async function redisCli(db: number, args: string[]): Promise<string> {
  const redis = redisHost();
  try {
    const { stdout } = await run('redis-cli', ['-h', redis.host, '-p', String(redis.port), '-n', String(db), ...args], { timeout: 10_000 });
    return stdout;
  } catch (err) {
    throw new Error(`redis-cli -n ${db} ${args.join(' ')} failed (is Redis at ${redis.host}:${redis.port}? set TSACCT_REDIS_HOST): ${(err as Error).message}`, { cause: err });
  }
}

/** Keys matching `pattern` in `db` (redis-cli --scan), sorted. */
export async function scanKeys(db: number, pattern: string): Promise<string[]> {
  const out = await redisCli(db, ['--scan', '--pattern', pattern]);
  return out.split('\n').filter((k) => k !== '').sort();
}

/** Each key's TYPE, GET value and TTL, as redis-cli prints them. */
export async function describeKeys(db: number, keys: readonly string[]): Promise<(RegistryKey & { ttl: number })[]> {
  const described: (RegistryKey & { ttl: number })[] = [];
  for (const key of keys) {
    const type = (await redisCli(db, ['TYPE', key])).trim();
    const value = (await redisCli(db, ['GET', key])).replace(/\n$/, '');
    const ttl = Number((await redisCli(db, ['TTL', key])).trim());
    described.push({ type, key, value, ttl });
  }
  return described;
}

/** Deletes the keys matching `pattern` in `db`, and only those. */
export async function deleteKeys(db: number, pattern: string): Promise<void> {
  const keys = await scanKeys(db, pattern);
  if (keys.length > 0) await redisCli(db, ['DEL', ...keys]);
}
