/**
 * The native addons scripts/buildNative.ts compiles into build/ (the UDP
 * receive thread, libpcap's filter compiler, TCP MD5 keys, IP TOS, TCP
 * receive buffers). Each is optional at load time: a missing one is
 * reported by the feature that needs it, with what to do, rather than
 * failing every import.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';

const loaded = new Map<string, unknown>();

/** build/<file> loaded once, or null where it was not built (or does not load here). */
export function loadBuiltAddon<T>(file: string): T | null {
  if (!loaded.has(file)) {
    let addon: unknown = null;
    try {
      addon = createRequire(import.meta.url)(join(import.meta.dirname, '..', '..', 'build', file));
    } catch {
      addon = null;
    }
    loaded.set(file, addon);
  }
  return loaded.get(file) as T | null;
}
