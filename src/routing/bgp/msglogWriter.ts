/**
 * bgp_daemon_msglog_file: the lines of each peer's message log, appended
 * to the file its name resolves to (peers whose names resolve alike share
 * one file, as in pmacct). Lines are queued while a batch of input is
 * processed and written together at the end of it (flush()), so a full
 * table costs a write per TCP read rather than per route; pmacct writes
 * line by line (setlinebuf), which only changes how often the file grows.
 *
 * Files are created with the mode files_umask leaves (pmacct's default
 * 077 gives 0600) and their directories on the way. A failed write is
 * counted and logged (rate-limited); the lines it carried are lost, as
 * they are with pmacct, and the count says how many.
 */
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Logger } from '../../core/logger.ts';
import { peerFileName } from './bgpFileName.ts';
import type { PeerIdentity } from './bgpJsonLines.ts';
import { writeMessagesSync, type BgpMessage } from './bgpOutputFormat.ts';
import type { MsglogSink } from './msglogSink.ts';

export class MsglogFile {
  readonly path: string;
  /** MsglogTarget's name: the path. */
  readonly name: string;
  fd: number;
  refs = 1;
  pending: BgpMessage[] = [];

  constructor(path: string, fd: number) {
    this.path = path;
    this.name = path;
    this.fd = fd;
  }
}

export class MsglogWriter implements MsglogSink {
  private readonly pattern: string;
  private readonly mode: number;
  private readonly logger: Logger;
  private readonly files = new Map<string, MsglogFile>();
  private readonly dirty = new Set<MsglogFile>();
  linesWritten = 0;
  linesLost = 0;
  writeErrors = 0;

  constructor(pattern: string, umask: number, logger: Logger) {
    this.pattern = pattern;
    this.mode = 0o666 & ~umask;
    this.logger = logger;
  }

  private openPath(path: string): number {
    try {
      mkdirSync(dirname(path), { recursive: true });
      return openSync(path, 'a', this.mode);
    } catch (err) {
      this.writeErrors++;
      this.logger.limited(`msglog-open:${path}`, 'ERROR', `BGP msglog: cannot open ${path}: ${(err as Error).message}`);
      return -1;
    }
  }

  /** The peer's log file, opened (or shared) for it. */
  open(peer: PeerIdentity): MsglogFile {
    const path = peerFileName(this.pattern, peer);
    const known = this.files.get(path);
    if (known) {
      known.refs++;
      return known;
    }
    const file = new MsglogFile(path, this.openPath(path));
    this.files.set(path, file);
    return file;
  }

  append(file: MsglogFile, message: BgpMessage): void {
    file.pending.push(message);
    this.dirty.add(file);
  }

  /** Writes every queued line. */
  flush(): void {
    for (const file of this.dirty) this.write(file);
    this.dirty.clear();
  }

  private write(file: MsglogFile): void {
    const lines = file.pending;
    if (lines.length === 0) return;
    file.pending = [];
    if (file.fd < 0) file.fd = this.openPath(file.path);
    if (file.fd < 0) {
      this.linesLost += lines.length;
      return;
    }
    try {
      writeMessagesSync(file.fd, lines);
      this.linesWritten += lines.length;
    } catch (err) {
      this.writeErrors++;
      this.linesLost += lines.length;
      this.logger.limited(`msglog-write:${file.path}`, 'ERROR', `BGP msglog: write to ${file.path} failed, ${lines.length} lines lost: ${(err as Error).message}`);
    }
  }

  /** The peer is gone: its queued lines are written, the file closed with its last peer. */
  release(file: MsglogFile): void {
    this.write(file);
    this.dirty.delete(file);
    if (--file.refs > 0) return;
    this.files.delete(file.path);
    if (file.fd >= 0) closeSync(file.fd);
    file.fd = -1;
  }

  async close(): Promise<void> {
    this.flush();
  }

  statisticsLine(): string {
    return `BGP msglog: lines ${this.linesWritten}, lost ${this.linesLost}, write errors ${this.writeErrors}`;
  }

  /** SIGHUP: reopen every file (after log rotation moved them). */
  reopen(): void {
    for (const file of this.files.values()) {
      this.write(file);
      if (file.fd >= 0) closeSync(file.fd);
      file.fd = this.openPath(file.path);
    }
  }
}
