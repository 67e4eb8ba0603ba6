/**
 * The maps a running daemon reloads on SIGUSR2, as pmacct 1.7.7 does
 * (src/signals.c reload_maps, the reload_map flag checked by the core
 * loop and by each plugin):
 * - maps_refresh (default true) gates everything: when false, SIGUSR2 is
 *   discarded silently. pmacct has no timer and no mtime polling: a map is
 *   only re-read on the signal (the mtime it records at load only tells an
 *   earlier table exists to roll back to).
 * - the core reloads pre_tag_map, each plugin its networks_file (and
 *   ports_file). pmacct does it lazily: the core when its loop next turns
 *   (nfacctd 1.7.7 tagged one or two datagrams after the signal with the old
 *   map in a live run), the print plugin at its next cache purge. tsacct
 *   reloads both at once, on the event loop between two datagrams, so every
 *   record decoded after the signal gets the new values. Aggregates already
 *   in the caches are left as they are.
 * - a reload is atomic: the new file is read and parsed completely first,
 *   then swapped in. Bad lines are dropped with pmacct's warnings, as at
 *   startup (pmacct does the same); a file that cannot be used at all
 *   (missing, unreadable, a key tsacct cannot evaluate) keeps the old map in
 *   force, logging each problem as `file:line: message` and pmacct's
 *   "[file] Rolling back old map.".
 *
 * Maps register here when they are built; the entry is held weakly, so a
 * pipeline that is dropped (the JIT warm-up's) leaves with its maps.
 */
import { ConfigError } from '../config/configError.ts';
import type { Logger } from '../core/logger.ts';

export interface ReloadableMap {
  /** The map file, for the log lines. */
  readonly file: string;
  /** maps_refresh for this map's daemon (false: SIGUSR2 leaves it alone). */
  readonly refresh: boolean;
  readonly logger: Logger;
  /** Line prefix for the log lines, e.g. "[file]" (pre_tag_map) or "INFO ( name/type ): [file]". */
  readonly label?: string;
  /**
   * Reads and parses the file completely, then swaps it in. Throws (leaving
   * the old map in force) when the file cannot be used.
   */
  reload(): void;
}

export class MapReloader {
  private entries: WeakRef<ReloadableMap>[] = [];

  /** Adds a map; it stays registered while `map` is reachable. */
  register(map: ReloadableMap): void {
    this.entries.push(new WeakRef(map));
  }

  /** The live registered maps. */
  maps(): ReloadableMap[] {
    const live: ReloadableMap[] = [];
    this.entries = this.entries.filter((ref) => {
      const m = ref.deref();
      if (m !== undefined) live.push(m);
      return m !== undefined;
    });
    return live;
  }

  /** SIGUSR2: reloads every map whose daemon has maps_refresh on. Returns how many were tried. */
  reloadAll(): number {
    let tried = 0;
    for (const m of this.maps()) {
      if (!m.refresh) continue;
      tried++;
      reloadOne(m);
    }
    return tried;
  }

  /** Forgets every map (tests). */
  clear(): void {
    this.entries = [];
  }
}

/** Reloads one map; false when the old one was kept. */
export function reloadOne(m: ReloadableMap): boolean {
  const at = m.label ?? `[${m.file}]`;
  m.logger.info(`${at} (re)loading map.`);
  try {
    m.reload();
    m.logger.info(`${at} map successfully (re)loaded.`);
    return true;
  } catch (err) {
    const problems = err instanceof ConfigError ? err.problems : [`${m.file}: ${(err as Error).message}`];
    for (const p of problems) m.logger.warn(p);
    m.logger.warn(`${at} Rolling back old map.`);
    return false;
  }
}

/** The daemon's registry (one daemon per process). */
export const mapReloader = new MapReloader();

/** A loaded global map, swapped in place on SIGUSR2. */
export interface MapHolder<T> extends ReloadableMap {
  map: T;
}

/**
 * Loads a global map file at startup with `load` (which throws when the
 * file cannot be used) and registers it for SIGUSR2 reloads under the
 * daemon's maps_refresh; readers take `holder.map` at each use.
 */
export function loadReloadableMap<T>(file: string, refresh: boolean, logger: Logger, load: () => T): MapHolder<T> {
  const holder: MapHolder<T> = {
    file,
    refresh,
    logger,
    map: load(),
    reload() {
      holder.map = load();
    },
  };
  logger.info(`[${file}] map successfully (re)loaded.`);
  mapReloader.register(holder);
  return holder;
}
