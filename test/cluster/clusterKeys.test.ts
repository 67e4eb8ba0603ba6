/**
 * The registry's keys, redis_host parsing and the startup checks, without
 * Redis. Expected keys are written out by hand from pmacct's
 * src/redis_common.c: SETEX "%s+%d+%s" of cluster_name, cluster_id and the
 * resource; the core's resources "daemon_type" (the daemon's name) and
 * "process+<name>+<type>", then "<that>+isis|bgp|bmp|telemetry" for the
 * threads of a flow daemon in that order; a plugin's "process+<name>+<type>";
 * integer values printed with "%d" (TRUE is 1).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfigText } from '../../src/config/index.ts';
import { clusterEntries } from '../../src/cluster/clusterKeys.ts';
import { clusterConfigProblems, clusterRegistryFor } from '../../src/cluster/clusterConfig.ts';
import { parseRedisEndpoint } from '../../src/cluster/redisEndpoint.ts';
import { memoryLogger } from '../../src/core/logger.ts';
import { PMACCT_REGISTRY_TIMING } from '../../src/cluster/registryTiming.ts';
import { readGolden } from '../golden/cluster/clusterGolden.ts';

describe('clusterEntries', () => {
  it('lists the core, then each plugin, as pmacct names them', () => {
    const entries = clusterEntries(
      { clusterName: 'pmacct', clusterId: 3 },
      { daemon: 'sfacctd', coreName: 'default', threads: [], plugins: [{ name: 'p', type: 'print' }, { name: 'db', type: 'pgsql' }] },
    );
    assert.deepEqual(entries, [
      { key: 'pmacct+3+daemon_type', value: 'sfacctd' },
      { key: 'pmacct+3+process+default+core', value: '1' },
      { key: 'pmacct+3+process+p+print', value: '1' },
      { key: 'pmacct+3+process+db+pgsql', value: '1' },
    ]);
  });

  it('adds the core threads in pmacct\'s order, whatever order they are given in', () => {
    const entries = clusterEntries(
      { clusterName: 'c', clusterId: 0 },
      { daemon: 'nfacctd', coreName: 'edge1', threads: ['telemetry', 'bgp', 'isis', 'bmp'], plugins: [] },
    );
    assert.deepEqual(entries.map((e) => e.key), [
      'c+0+daemon_type',
      'c+0+process+edge1+core',
      'c+0+process+edge1+core+isis',
      'c+0+process+edge1+core+bgp',
      'c+0+process+edge1+core+bmp',
      'c+0+process+edge1+core+telemetry',
    ]);
  });

  it('lists no threads for daemons pmacct does not list them for (pmbgpd)', () => {
    const entries = clusterEntries({ clusterName: 'c', clusterId: 1 }, { daemon: 'pmbgpd', coreName: 'default', threads: ['bgp'], plugins: [] });
    assert.deepEqual(entries.map((e) => e.key), ['c+1+daemon_type', 'c+1+process+default+core']);
  });
});

describe('parseRedisEndpoint', () => {
  it('reads host:port, [v6]:port and a host alone (port 6379)', () => {
    assert.deepEqual(parseRedisEndpoint('127.0.0.1:6380'), { host: '127.0.0.1', port: 6380 });
    assert.deepEqual(parseRedisEndpoint('[::1]:6381'), { host: '::1', port: 6381 });
    assert.deepEqual(parseRedisEndpoint('redis.example'), { host: 'redis.example', port: 6379 });
    assert.deepEqual(parseRedisEndpoint('::1'), { host: '::1', port: 6379 });
  });

  it('says what is wrong with a bad port or an empty host', () => {
    assert.match(parseRedisEndpoint('127.0.0.1:0') as string, /port must be a number from 1 to 65535/);
    assert.match(parseRedisEndpoint('127.0.0.1:x') as string, /port must be/);
    assert.match(parseRedisEndpoint(':6379') as string, /no host/);
    assert.match(parseRedisEndpoint('[::1') as string, /expected \[address\]:port/);
  });
});

describe('configuration', () => {
  const load = (lines: string[]) => loadConfigText('nfacctd', [...lines, ''].join('\n'), 'test.conf');

  it('refuses redis_host without cluster_name at startup, as pmacct exits', () => {
    const problems = clusterConfigProblems(load(['plugins: print[p]', 'redis_host: 127.0.0.1:6379']));
    assert.deepEqual(problems, ['test.conf:2: redis_host requires cluster_name to be specified']);
  });

  it('refuses a redis_host that is no endpoint, at its line', () => {
    const problems = clusterConfigProblems(load(['redis_host: 127.0.0.1:99999', 'cluster_name: c']));
    assert.deepEqual(problems, ["test.conf:1: redis_host '127.0.0.1:99999': the port must be a number from 1 to 65535"]);
  });

  it('leaves cluster_name and cluster_id without effect when redis_host is unset', () => {
    const config = load(['cluster_name: c', 'cluster_id: 4']);
    assert.deepEqual(clusterConfigProblems(config), []);
    assert.equal(clusterRegistryFor(config, memoryLogger()), null);
  });

  it('builds the registry from the daemon, its plugins, redis_db and cluster_id', () => {
    const config = load(['plugins: print[p], memory[m]', 'redis_host: 127.0.0.1:6379', 'redis_db: 9', 'cluster_name: c', 'cluster_id: 4']);
    const registry = clusterRegistryFor(config, memoryLogger());
    assert.ok(registry);
    const status = registry.status();
    assert.deepEqual(
      { name: status.clusterName, id: status.clusterId, redis: status.redis, db: status.database, keys: status.keys, registered: status.registered },
      { name: 'c', id: 4, redis: '127.0.0.1:6379', db: 9, keys: 4, registered: false },
    );
  });
});

describe('timing', () => {
  it('is pmacct\'s: the golden\'s TTL and refresh interval, reconnecting at most every EXP_TIME / 5', () => {
    const golden = readGolden();
    assert.equal(PMACCT_REGISTRY_TIMING.ttlSeconds, golden.ttlSeconds);
    assert.equal(PMACCT_REGISTRY_TIMING.refreshMs, golden.refreshSeconds * 1000);
    assert.equal(PMACCT_REGISTRY_TIMING.retryMaxMs, (golden.ttlSeconds / 5) * 1000);
  });
});
