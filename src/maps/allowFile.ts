/**
 * pmacct's allow files (bgp_daemon_allow_file and its BMP, telemetry and
 * nfacctd siblings; examples/allow.lst.example): one IPv4 or IPv6 address
 * or prefix per line, '!' starting a comment. A connection from an address
 * no line covers is refused. With no line at all everything is allowed:
 * pmacct checks the list only when it holds entries (`if (allow.num)`),
 * whatever its example file says about an empty one.
 *
 * A line that is not an address or prefix is skipped with pmacct's
 * warning. SIGUSR2 reloads the file (maps_refresh); new sessions see the
 * new list, established ones stay.
 */
import { AF_INET } from '../model/flowRecord.ts';
import { parseIp } from '../model/ipText.ts';
import { readMapFile } from './mapFile.ts';

interface AllowEntry {
  family: number;
  bytes: Uint8Array;
  length: number;
}

export class AllowList {
  readonly file: string;
  private entries: AllowEntry[] = [];
  private readonly warn: (message: string) => void;

  constructor(file: string, warn: (message: string) => void) {
    this.file = file;
    this.warn = warn;
    this.entries = this.parse(readMapFile(file, 'allow'));
  }

  get size(): number {
    return this.entries.length;
  }

  /** Re-reads the file; on a failure the old list stays (the ConfigError says why). */
  reload(): void {
    this.entries = this.parse(readMapFile(this.file, 'allow'));
  }

  private parse(text: string): AllowEntry[] {
    const entries: AllowEntry[] = [];
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!.trim();
      if (line === '' || line.startsWith('!')) continue;
      const slash = line.indexOf('/');
      const bytes = new Uint8Array(16);
      const family = parseIp(slash < 0 ? line : line.slice(0, slash), bytes);
      const max = family === AF_INET ? 32 : 128;
      const length = slash < 0 ? max : Number(line.slice(slash + 1));
      if (family === 0 || !Number.isInteger(length) || length < 0 || length > max) {
        this.warn(`[${this.file}:${i + 1}] invalid address or prefix '${line}'. Line ignored.`);
        continue;
      }
      entries.push({ family, bytes, length });
    }
    return entries;
  }

  /** Whether `address` (dotted or IPv6 text) may connect. */
  allows(address: string): boolean {
    if (this.entries.length === 0) return true;
    const bytes = new Uint8Array(16);
    const family = parseIp(address, bytes);
    if (family === 0) return false;
    for (const e of this.entries) {
      if (e.family !== family) continue;
      if (coveredBy(bytes, e.bytes, e.length)) return true;
    }
    return false;
  }
}

function coveredBy(address: Uint8Array, network: Uint8Array, length: number): boolean {
  const whole = length >>> 3;
  for (let i = 0; i < whole; i++) if (address[i] !== network[i]) return false;
  const rest = length & 7;
  if (rest === 0) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return (address[whole]! & mask) === (network[whole]! & mask);
}
