// The registry of every configuration key pmacct 1.7.7 accepts: the names in
// CONFIG-KEYS plus the few more its parser knows (marked `undocumented`), and
// tsacct's own keys (marked `extension`).
// Split by topic into configKeys*.ts; this module joins them and answers lookups.
import { fieldOf, type ConfigKey } from './configKey.ts';
import { BMP_KEYS } from './configKeysBmp.ts';
import { BROKER_KEYS } from './configKeysBrokers.ts';
import { CLICKHOUSE_KEYS } from './configKeysClickhouse.ts';
import { COLLECTION_KEYS } from './configKeysCollection.ts';
import { CORE_KEYS } from './configKeysCore.ts';
import { PRINT_KEYS } from './configKeysPrint.ts';
import { PROBE_KEYS } from './configKeysProbes.ts';
import { BGP_KEYS } from './configKeysBgp.ts';
import { RPKI_IGP_KEYS } from './configKeysRpkiIgp.ts';
import { STORAGE_KEYS } from './configKeysStorage.ts';
import { TELEMETRY_KEYS } from './configKeysTelemetry.ts';
import { TSACCT_KEYS } from './configKeysTsacct.ts';
import type { DaemonName } from './daemonName.ts';

export const CONFIG_KEYS: readonly ConfigKey[] = [
  ...CORE_KEYS,
  ...COLLECTION_KEYS,
  ...PRINT_KEYS,
  ...STORAGE_KEYS,
  ...BROKER_KEYS,
  ...PROBE_KEYS,
  ...BGP_KEYS,
  ...BMP_KEYS,
  ...RPKI_IGP_KEYS,
  ...TELEMETRY_KEYS,
  ...TSACCT_KEYS,
  ...CLICKHOUSE_KEYS,
];

const KEYS_BY_NAME: ReadonlyMap<string, ConfigKey> = indexByName(CONFIG_KEYS);

function indexByName(keys: readonly ConfigKey[]): Map<string, ConfigKey> {
  const byName = new Map<string, ConfigKey>();
  for (const key of keys) {
    if (byName.has(key.name)) throw new Error(`configuration key '${key.name}' is registered twice`);
    byName.set(key.name, key);
  }
  return byName;
}

export function findConfigKey(name: string): ConfigKey | undefined {
  return KEYS_BY_NAME.get(name);
}

export function appliesTo(key: ConfigKey, daemon: DaemonName): boolean {
  return key.daemons.includes(daemon);
}

// The names that write the same pmacct field as `key` and apply to `daemon`, other
// than `key` itself: what to suggest when a user picks another daemon's spelling.
export function sameFieldNamesFor(key: ConfigKey, daemon: DaemonName): string[] {
  const field = fieldOf(key);
  return CONFIG_KEYS
    .filter((other) => other !== key && fieldOf(other) === field && appliesTo(other, daemon))
    .map((other) => other.name);
}
