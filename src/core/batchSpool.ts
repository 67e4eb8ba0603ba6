/**
 * Where a plugin keeps flushes its backend refused once too many are waiting
 * in memory: one file per batch under the spool directory, written whole
 * (temporary name, then renamed) and read back when the backend returns.
 *
 * A file holds the cache's columns (keys, counters, event flags, ORed
 * tcpflags) behind a small header. Interned texts (labels, AS paths) stay in
 * the process's string table, so a spool file is for this process only; on
 * shutdown with a backend still down the files stay, and the log says how
 * much they hold.
 */
import { mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AggregationCache, type CacheColumns } from './aggregationCache.ts';

const MAGIC = 0x54535031; // "TSP1"
const HEADER_WORDS = 4; // magic, keyWords, orWord + 1, entries

export class BatchSpool {
  readonly dir: string;
  private readonly label: string;
  private sequence = 0;

  /** `label` names the plugin in file names (several plugins may share a directory). */
  constructor(dir: string, label: string) {
    this.dir = dir;
    this.label = label.replace(/[^A-Za-z0-9_.-]/g, '_');
  }

  /** Writes the cache's entries to a new file and returns its path. */
  save(cache: AggregationCache): string {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const c = cache.exportEntries();
    const n = c.packets.length;
    const header = new Uint32Array([MAGIC, c.keyWords, c.orWord + 1, n]);
    const parts: Uint8Array[] = [
      bytesOf(header),
      bytesOf(c.keys),
      bytesOf(c.packets),
      bytesOf(c.bytes),
      bytesOf(c.flows),
      bytesOf(c.ors),
      c.events,
    ];
    const path = join(this.dir, `${this.label}-${process.pid}-${Date.now()}-${this.sequence++}.spool`);
    const partial = `${path}.part`;
    writeFileSync(partial, Buffer.concat(parts), { mode: 0o600 });
    renameSync(partial, path);
    return path;
  }

  load(path: string): AggregationCache {
    const buf = readFileSync(path);
    // Copy into an aligned buffer so the typed views below line up.
    const bytes = new Uint8Array(buf.length);
    bytes.set(buf);
    const header = new Uint32Array(bytes.buffer, 0, HEADER_WORDS);
    if (header[0] !== MAGIC) throw new Error(`${path}: not a tsacct spool file`);
    const keyWords = header[1]!;
    const orWord = header[2]! - 1;
    const n = header[3]!;
    let at = HEADER_WORDS * 4;
    const take = <T>(make: (b: ArrayBuffer, off: number, len: number) => T, len: number, size: number): T => {
      const view = make(bytes.buffer, at, len);
      at += len * size;
      return view;
    };
    const keys = take((b, o, l) => new Uint32Array(b, o, l), n * keyWords, 4);
    // Float64 columns need 8-byte alignment: copy them out.
    const f64 = (): Float64Array => new Float64Array(take((b, o, l) => b.slice(o, o + l * 8), n, 8));
    const packets = f64();
    const bytesCol = f64();
    const flows = f64();
    const ors = take((b, o, l) => new Uint32Array(b.slice(o, o + l * 4)), orWord >= 0 ? n : 0, 4);
    const events = take((b, o, l) => new Uint8Array(b, o, l), n, 1);
    const columns: CacheColumns = { keyWords, orWord, keys, packets, bytes: bytesCol, flows, events, ors };
    return AggregationCache.fromEntries(columns);
  }

  remove(path: string): void {
    try {
      unlinkSync(path);
    } catch {
      // Already gone.
    }
  }
}

function bytesOf(a: Uint32Array | Float64Array): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}
