/**
 * bgp_neighbors_file: the addresses of the connected BGP peers, one per
 * line, in connection order, rewritten as pmbgpd 1.7.7 does whenever it
 * admits a connection (so it also lists a peer whose OPEN is still to
 * come) and whenever a session ends, with the mode files_umask leaves.
 *
 * The new content goes to a temporary file renamed over the old one, so
 * a reader never sees a half-written list.
 */
import { renameSync, writeFileSync } from 'node:fs';
import type { Logger } from '../../core/logger.ts';
import type { PeerIdentity } from './bgpJsonLines.ts';

export class BgpNeighborsFile {
  private readonly path: string;
  private readonly mode: number;
  private readonly logger: Logger;
  private written: string | null = null;

  constructor(path: string, umask: number, logger: Logger) {
    this.path = path;
    this.mode = 0o666 & ~umask;
    this.logger = logger;
  }

  write(peers: readonly PeerIdentity[]): void {
    let text = '';
    for (const peer of peers) text += `${peer.address}\n`;
    if (text === this.written) return;
    const partial = `${this.path}.${process.pid}.tmp`;
    try {
      writeFileSync(partial, text, { mode: this.mode });
      renameSync(partial, this.path);
      this.written = text;
    } catch (err) {
      this.logger.limited(`bgp-neighbors:${this.path}`, 'ERROR', `[${this.path}] cannot write bgp_neighbors_file: ${(err as Error).message}`, 60_000);
    }
  }
}
