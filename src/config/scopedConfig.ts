// The settings one scope (the core process or one plugin) sees, with typed
// accessors that fall back to the registry defaults.
import { fieldOf, type ConfigKey, type ConfigValueType } from './configKey.ts';
import { findConfigKey } from './configKeys.ts';
import { isStringList, type ConfigValue } from './configValue.ts';
import { parseDuration } from './durations.ts';
import type { ScopedConfig, SourceLocation } from './loadedConfig.ts';

// One accepted `key: value` line, typed.
export interface Setting {
  readonly key: ConfigKey;
  readonly plugin: string | undefined;
  // As written, trimmed.
  readonly text: string;
  readonly value: ConfigValue;
  readonly location: SourceLocation;
}

const INT_TYPES: readonly ConfigValueType[] = ['int', 'seconds', 'octal', 'uid', 'gid'];
const STRING_TYPES: readonly ConfigValueType[] = [
  'string', 'path', 'ip', 'enum', 'duration', 'roundoff', 'octal', 'uid', 'gid',
];
const SECONDS_TYPES: readonly ConfigValueType[] = ['seconds', 'duration'];

export class SettingsScope implements ScopedConfig {
  readonly scope: string;
  // The setting in effect for each pmacct field: the last one written, since
  // pmacct applies lines in order and each overwrites the field.
  readonly #inEffect = new Map<string, Setting>();

  // `settings` in the order pmacct applies them: file lines, then switches.
  constructor(scope: string, settings: readonly Setting[]) {
    this.scope = scope;
    for (const setting of settings) this.#inEffect.set(fieldOf(setting.key), setting);
  }

  has(name: string): boolean {
    return this.#lookup(name).setting !== undefined;
  }

  where(name: string): SourceLocation | undefined {
    return this.#lookup(name).setting?.location;
  }

  /** "<file>:<line>: " of the setting, to begin a message about it; '' when it is not from a file. */
  placeOf(name: string): string {
    const at = this.where(name);
    return at ? `${at.file}:${at.line}: ` : '';
  }

  bool(name: string): boolean {
    const { key, setting } = this.#typed(name, ['bool'], 'bool');
    const value = setting ? setting.value : key.default;
    if (typeof value !== 'boolean') throw noDefault(key);
    return value;
  }

  int(name: string): number {
    const { key, setting } = this.#typed(name, INT_TYPES, 'int');
    if (setting) return numberOf(setting.value, key);
    if (typeof key.default === 'number') return key.default;
    if (key.type === 'octal' && typeof key.default === 'string') return parseInt(key.default, 8);
    throw noDefault(key);
  }

  str(name: string): string | undefined {
    const { key, setting } = this.#typed(name, STRING_TYPES, 'str');
    if (setting) return typeof setting.value === 'string' ? setting.value : setting.text;
    return typeof key.default === 'string' ? key.default : undefined;
  }

  list(name: string): string[] {
    const { key, setting } = this.#typed(name, ['list'], 'list');
    const value = setting ? setting.value : key.default;
    return isStringList(value) ? [...value] : [];
  }

  seconds(name: string): number {
    const { key, setting } = this.#typed(name, SECONDS_TYPES, 'seconds');
    if (key.type === 'seconds') {
      if (setting) return numberOf(setting.value, key);
      if (typeof key.default === 'number') return key.default;
      throw noDefault(key);
    }
    const text = setting?.text ?? (typeof key.default === 'string' ? key.default : undefined);
    if (text === undefined) throw noDefault(key);
    const duration = parseDuration(text);
    if (typeof duration === 'string') throw new Error(`'${key.name}' holds '${text}', which ${duration}`);
    if (duration.kind === 'months') {
      throw new Error(`'${key.name}' is '${text}': calendar months have no fixed length; read it with parseDuration`);
    }
    return duration.seconds;
  }

  #lookup(name: string): { key: ConfigKey; setting: Setting | undefined } {
    const key = findConfigKey(name);
    if (!key) throw new Error(`'${name}' is not a pmacct configuration key`);
    return { key, setting: this.#inEffect.get(fieldOf(key)) };
  }

  #typed(name: string, types: readonly ConfigValueType[], accessor: string): { key: ConfigKey; setting: Setting | undefined } {
    const found = this.#lookup(name);
    if (!types.includes(found.key.type)) {
      throw new Error(`config.${accessor}('${name}'): '${name}' is a ${found.key.type} key`);
    }
    return found;
  }
}

function numberOf(value: ConfigValue, key: ConfigKey): number {
  if (typeof value !== 'number') throw new Error(`'${key.name}' holds a ${typeof value}, not a number`);
  return value;
}

function noDefault(key: ConfigKey): Error {
  return new Error(`'${key.name}' is not set and has no default${key.defaultNote ? ` (${key.defaultNote})` : ''}; check has() first`);
}
