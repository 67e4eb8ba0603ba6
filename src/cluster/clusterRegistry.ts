/**
 * Keeps this daemon's cluster registration alive in Redis (redis_host,
 * redis_db, cluster_name, cluster_id): writes every key of clusterEntries()
 * with SETEX, pipelined, and again every refresh interval, as pmacct's Redis
 * threads do for the core and each plugin (one connection here, since the
 * plugins are not separate processes).
 *
 * Redis never holds collection up: everything runs on timers, a connection
 * attempt or a refresh that fails or hangs is counted, logged (rate-limited)
 * and retried with a doubling delay, and the registration comes back by
 * itself once Redis answers again. pmacct exits when it cannot connect at
 * startup; tsacct keeps collecting and keeps retrying.
 *
 * On stop nothing is deleted: the keys expire after their TTL, as they do
 * when a pmacct process ends.
 */
import { createClient, type RedisClientType } from 'redis';
import type { Logger } from '../core/logger.ts';
import type { ClusterEntry, ClusterIdentity } from './clusterKeys.ts';
import { endpointText, type RedisEndpoint } from './redisEndpoint.ts';
import type { RegistryTiming } from './registryTiming.ts';

export interface ClusterRegistrySettings {
  identity: ClusterIdentity;
  endpoint: RedisEndpoint;
  /** redis_db: the database SELECTed on every connection. */
  database: number;
  entries: readonly ClusterEntry[];
  timing: RegistryTiming;
}

/** What the registry reports to statistics and /metrics. */
export interface ClusterRegistryStatus {
  clusterName: string;
  clusterId: number;
  /** host:port of the Redis server. */
  redis: string;
  database: number;
  /** True while the last refresh succeeded. */
  registered: boolean;
  /** Keys each refresh writes. */
  keys: number;
  /** Refreshes Redis accepted. */
  refreshes: number;
  /** Failed connection attempts and refreshes. */
  errors: number;
  /** Unix time (s) of the last accepted refresh, null before the first. */
  lastRefreshSec: number | null;
}

export class ClusterRegistry {
  private readonly settings: ClusterRegistrySettings;
  private readonly logger: Logger;
  private readonly where: string;
  private client: RedisClientType | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  private failuresInRow = 0;
  private registered = false;
  private refreshes = 0;
  private errors = 0;
  private lastRefreshSec: number | null = null;

  constructor(settings: ClusterRegistrySettings, logger: Logger) {
    this.settings = settings;
    this.logger = logger;
    const { identity } = settings;
    this.where = `cluster registry ${identity.clusterName}+${identity.clusterId} (Redis ${endpointText(settings.endpoint)}, db ${settings.database})`;
  }

  /** Registers now and keeps refreshing until stop(); never throws. */
  start(): void {
    if (this.timer !== null || this.running !== null || this.stopped) return;
    this.logger.info(`${this.where}: registering ${this.settings.entries.length} keys, TTL ${this.settings.timing.ttlSeconds} s`);
    this.schedule(0);
  }

  /** Stops refreshing and closes the connection; the keys expire by themselves. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    // A refresh under way is cut short rather than waited for: Redis may hang,
    // and the keys it would renew expire by themselves anyway.
    if (this.running !== null) this.dropConnection();
    await this.running;
    const client = this.client;
    this.client = null;
    if (client !== null) {
      try {
        await withTimeout(client.close(), this.settings.timing.operationTimeoutMs, 'closing the connection');
      } catch {
        client.destroy();
      }
    }
  }

  status(): ClusterRegistryStatus {
    const { identity } = this.settings;
    return {
      clusterName: identity.clusterName,
      clusterId: identity.clusterId,
      redis: endpointText(this.settings.endpoint),
      database: this.settings.database,
      registered: this.registered,
      keys: this.settings.entries.length,
      refreshes: this.refreshes,
      errors: this.errors,
      lastRefreshSec: this.lastRefreshSec,
    };
  }

  /** The statistics line (SIGUSR1 and exit). */
  statisticsLine(): string {
    const s = this.status();
    return `${this.where}: ${s.registered ? 'registered' : 'not registered'}, refreshes ${s.refreshes}, errors ${s.errors}`;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer !== null) clearTimeout(this.timer);
    // unref: a pending refresh never keeps a stopping daemon alive.
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.refresh().finally(() => {
        this.running = null;
      });
    }, delayMs);
    this.timer.unref();
  }

  private async refresh(): Promise<void> {
    const { timing } = this.settings;
    try {
      const client = await this.connection();
      if (this.stopped) return;
      const batch = client.multi();
      for (const entry of this.settings.entries) batch.setEx(entry.key, timing.ttlSeconds, entry.value);
      await withTimeout(batch.execAsPipeline(), timing.operationTimeoutMs, 'the refresh');
      if (this.failuresInRow > 0) this.logger.info(`${this.where}: registered again after ${this.failuresInRow} failed attempts`);
      this.failuresInRow = 0;
      this.registered = true;
      this.refreshes++;
      this.lastRefreshSec = Math.floor(Date.now() / 1000);
      this.schedule(timing.refreshMs);
    } catch (err) {
      if (!this.stopped) this.failed(err as Error);
    }
  }

  /** Counts and logs a failure, and tries again after the next backoff delay. */
  private failed(err: Error): void {
    const { timing } = this.settings;
    this.errors++;
    this.failuresInRow++;
    this.registered = false;
    this.dropConnection();
    const delay = Math.min(timing.retryMinMs * 2 ** (this.failuresInRow - 1), timing.retryMaxMs);
    this.logger.limited(
      'cluster-registry',
      'WARN',
      `${this.where}: ${err.message}; retrying in ${delay / 1000} s (the keys expire ${timing.ttlSeconds} s after the last refresh)`,
      60_000,
    );
    this.schedule(delay);
  }

  /**
   * The connection closed between two refreshes (Redis restarted or the link
   * broke). pmacct notices at its next refresh; tsacct reconnects now, so a
   * Redis that restarted empty gets the keys back within seconds and
   * /metrics shows the loss at once.
   */
  private connectionLost(client: RedisClientType): void {
    if (this.stopped || this.client !== client) return;
    this.client = null;
    // A refresh under way fails on its own and schedules the retry.
    if (this.running === null) this.failed(new Error('connection to Redis lost'));
  }

  /** The open connection, or a new one (SELECT redis_db included). */
  private async connection(): Promise<RedisClientType> {
    if (this.client !== null && this.client.isReady) return this.client;
    this.dropConnection();
    const { endpoint, timing, database } = this.settings;
    const client: RedisClientType = createClient({
      socket: { host: endpoint.host, port: endpoint.port, connectTimeout: timing.operationTimeoutMs, reconnectStrategy: false },
      database,
      // A command issued while disconnected fails at once instead of waiting in a queue.
      disableOfflineQueue: true,
      // Only the registry's own commands reach the server (no CLIENT SETINFO).
      disableClientInfo: true,
    });
    let connected = false;
    // Without reconnectStrategy a broken connection shows as an 'error' event
    // and a closed client. Errors while connecting or during a refresh also
    // fail that operation, which is what counts them.
    client.on('error', () => {
      if (connected && !client.isOpen) this.connectionLost(client);
    });
    this.client = client;
    try {
      await withTimeout(client.connect(), timing.operationTimeoutMs, 'connecting');
    } catch (err) {
      this.dropConnection();
      throw err;
    }
    connected = true;
    return client;
  }

  private dropConnection(): void {
    const client = this.client;
    this.client = null;
    if (client === null || !client.isOpen) return;
    try {
      client.destroy();
    } catch {
      // already closing: nothing left to release
    }
  }
}

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms / 1000} s`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
