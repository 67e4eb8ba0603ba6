/**
 * `plugins: memory[name]` as the daemon runs it: the memory table, reachable
 * by the pmacct client on imt_path from start() until stop(), and registered
 * by name so the HTTP API can read the same table.
 */
import type { PluginInstance } from '../../config/index.ts';
import type { FlowConsumer, PluginStatistics } from '../../core/flowConsumer.ts';
import type { Logger } from '../../core/logger.ts';
import type { FlowRecord } from '../../model/flowRecord.ts';
import type { FlowDaemon } from '../../model/primitive.ts';
import { ImtServer } from './imtServer.ts';
import { createMemoryTable, type MemoryTable } from './memoryTable.ts';

/** The memory tables of a daemon by plugin name (the HTTP API's tables). */
export type MemoryTables = Map<string, MemoryTable>;

class MemoryPlugin implements FlowConsumer {
  readonly name: string;
  readonly type = 'memory';
  private readonly consumer: FlowConsumer;
  private readonly server: ImtServer;
  private readonly logger: Logger;

  constructor(consumer: FlowConsumer, server: ImtServer, logger: Logger) {
    this.name = consumer.name;
    this.consumer = consumer;
    this.server = server;
    this.logger = logger;
  }

  accept(rec: FlowRecord): void {
    this.consumer.accept(rec);
  }

  start(): void {
    this.consumer.start();
    this.server.listen().catch((err: Error) => {
      this.logger.error(`${this.name}/memory: cannot listen for queries: ${err.message}`);
    });
  }

  async stop(): Promise<void> {
    await this.server.close();
    await this.consumer.stop();
  }

  statistics(): PluginStatistics {
    return this.consumer.statistics();
  }
}

export function createMemoryPlugin(instance: PluginInstance, daemon: FlowDaemon, logger: Logger, tables: MemoryTables): FlowConsumer {
  const cfg = instance.config;
  const { consumer, table } = createMemoryTable(instance, daemon, logger);
  tables.set(instance.name, table);
  const server = new ImtServer(
    table,
    {
      path: cfg.str('imt_path') ?? '/tmp/collect.pipe',
      umask: cfg.int('files_umask'),
      uid: cfg.has('files_uid') ? cfg.int('files_uid') : undefined,
      gid: cfg.has('files_gid') ? cfg.int('files_gid') : undefined,
    },
    logger,
  );
  return new MemoryPlugin(consumer, server, logger);
}
