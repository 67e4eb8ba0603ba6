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

export const IMPLEMENTED_PLUGIN_TYPES = ['print'] as const;

/**
 * The plugin behind its record filters (aggregate_filter, pre_tag_filter,
 * …), its networks_file resolution and its ports_file, which pmacct does
 * per plugin.
 */
export function createPlugin(instance: PluginInstance, daemon: FlowDaemon, logger: Logger): FlowConsumer {
  const plugin = withNetworks(withPortsFile(createPluginOfType(instance, daemon, logger), instance.config, logger), instance.config, daemon, logger);
  return withRecordFilters(plugin, instance.config);
}

function createPluginOfType(instance: PluginInstance, daemon: FlowDaemon, logger: Logger): FlowConsumer {
  switch (instance.type) {
    case 'print':
      return createPrintPlugin(instance, daemon, logger);
    default:
      throw new Error(`plugin type '${instance.type}' (plugin '${instance.name}') is not implemented in tsacct yet`);
  }
}
