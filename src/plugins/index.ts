/**
 * The plugin types a daemon can run, by pmacct's `plugins:` names. Types
 * pmacct has but tsacct does not implement yet are refused by the config
 * validation before this is reached.
 */
import type { PluginInstance } from '../config/index.ts';
import type { FlowConsumer } from '../core/flowConsumer.ts';
import type { Logger } from '../core/logger.ts';
import type { FlowDaemon } from '../model/primitive.ts';
import { withNetworks } from '../enrich/networksFileStage.ts';
import { withPortsFile } from '../maps/portsFile.ts';
import { withRecordFilters } from './pluginRecordFilters.ts';
import { createPrintPlugin } from './print/printPlugin.ts';
import { createMemoryPlugin, type MemoryTables } from './memory/memoryPlugin.ts';
import { createSqlPlugin } from './sql/sqlPlugin.ts';
import { createAmqpPlugin } from './amqp/amqpPlugin.ts';
import { createClickhousePlugin } from './clickhouse/clickhousePlugin.ts';
import { createKafkaPlugin } from './kafka/kafkaPlugin.ts';

/** What plugins share with the rest of the daemon (the HTTP API reads the memory tables). */
export interface PluginServices {
  memoryTables: MemoryTables;
}

export function newPluginServices(): PluginServices {
  return { memoryTables: new Map() };
}

/**
 * The plugin behind its record filters (aggregate_filter, pre_tag_filter,
 * …), its networks_file resolution and its ports_file, which pmacct does
 * per plugin.
 */
export function createPlugin(instance: PluginInstance, daemon: FlowDaemon, logger: Logger, services: PluginServices): FlowConsumer {
  const plugin = withNetworks(withPortsFile(createPluginOfType(instance, daemon, logger, services), instance.config, logger), instance.config, daemon, logger);
  return withRecordFilters(plugin, instance.config);
}

function createPluginOfType(instance: PluginInstance, daemon: FlowDaemon, logger: Logger, services: PluginServices): FlowConsumer {
  switch (instance.type) {
    case 'print':
      return createPrintPlugin(instance, daemon, logger);
    case 'memory':
      return createMemoryPlugin(instance, daemon, logger, services.memoryTables);
    case 'sqlite3':
      return createSqlPlugin(instance, daemon, logger, 'sqlite3');
    case 'mysql':
      return createSqlPlugin(instance, daemon, logger, 'mysql');
    case 'pgsql':
      return createSqlPlugin(instance, daemon, logger, 'pgsql');
    case 'amqp':
      return createAmqpPlugin(instance, daemon, logger);
    case 'clickhouse':
      return createClickhousePlugin(instance, daemon, logger);
    case 'kafka':
      return createKafkaPlugin(instance, daemon, logger);
    default:
      throw new Error(`plugin type '${instance.type}' (plugin '${instance.name}') is not implemented in tsacct yet`);
  }
}
