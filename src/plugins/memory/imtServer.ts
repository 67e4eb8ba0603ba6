/**
 * The memory plugin's query socket (imt_path): a UNIX stream socket whose
 * file permissions are the access control, as pmacct's pipe file is. A
 * client writes one line of JSON (a TableQuery) and reads back the answer's
 * text as it is rendered, then a NUL byte and the exit code (the text never
 * holds a NUL), then the server closes.
 *
 * The socket file is created under files_umask (pmacct's default 077: only
 * the daemon's user may connect) and handed to files_uid/files_gid. A stale
 * socket left by a previous run is replaced; any other file in the way is an
 * error rather than something to delete.
 */
import { chmodSync, chownSync, lstatSync, unlinkSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import type { Logger } from '../../core/logger.ts';
import { answerTableQuery } from './memoryQuery.ts';
import type { MemoryTable } from './memoryTable.ts';
import { parseTableQuery, TableQueryError } from './tableQuery.ts';

export interface ImtServerOptions {
  path: string;
  umask: number;
  uid?: number;
  gid?: number;
}

/** Longest query line accepted: a -M list of a few thousand requests fits. */
const MAX_QUERY_BYTES = 4 << 20;

export class ImtServer {
  private readonly table: MemoryTable;
  private readonly options: ImtServerOptions;
  private readonly logger: Logger;
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  /** Queries answered and refused, for the plugin's statistics. */
  answered = 0;
  refused = 0;

  constructor(table: MemoryTable, options: ImtServerOptions, logger: Logger) {
    this.table = table;
    this.options = options;
    this.logger = logger;
  }

  async listen(): Promise<void> {
    const { path } = this.options;
    removeStaleSocket(path);
    const server = createServer((socket) => this.serve(socket));
    this.server = server;
    const previous = process.umask(this.options.umask);
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(path, () => {
          server.off('error', reject);
          resolve();
        });
      });
    } finally {
      process.umask(previous);
    }
    chmodSync(path, 0o666 & ~this.options.umask);
    if (this.options.uid !== undefined || this.options.gid !== undefined) {
      chownSync(path, this.options.uid ?? -1, this.options.gid ?? -1);
    }
    server.on('error', (err) => this.logger.error(`${this.table.name}/memory: query socket ${path}: ${err.message}`));
    this.logger.info(`${this.table.name}/memory: waiting for queries on: '${path}'`);
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    try {
      unlinkSync(this.options.path);
    } catch {
      // Already gone: nothing to clean up.
    }
  }

  private serve(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    let received = '';
    const onData = (chunk: Buffer): void => {
      received += chunk.toString('utf8');
      const end = received.indexOf('\n');
      if (end < 0) {
        if (received.length > MAX_QUERY_BYTES) this.reject(socket, 'query too long');
        return;
      }
      socket.off('data', onData);
      void this.answer(socket, received.slice(0, end));
    };
    socket.on('data', onData);
  }

  private async answer(socket: Socket, line: string): Promise<void> {
    let query;
    try {
      query = parseTableQuery(line);
    } catch (err) {
      this.reject(socket, err instanceof TableQueryError ? err.message : 'bad query');
      return;
    }
    try {
      const code = await answerTableQuery(this.table, query, (text) => writeAll(socket, text), Math.floor(Date.now() / 1000));
      this.answered++;
      socket.end(`\u0000${code}\n`);
    } catch (err) {
      this.logger.error(`${this.table.name}/memory: query failed: ${(err as Error).message}`);
      this.reject(socket, 'query failed');
    }
  }

  private reject(socket: Socket, message: string): void {
    this.refused++;
    socket.end(`ERROR: ${message}\n\u00001\n`);
  }
}

/** Writes and waits for the socket to take more when its buffer is full. */
function writeAll(socket: Socket, text: string | Uint8Array): Promise<void> {
  if (socket.destroyed) return Promise.resolve();
  if (socket.write(text)) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      socket.off('drain', done);
      socket.off('close', done);
      resolve();
    };
    socket.once('drain', done);
    socket.once('close', done);
  });
}

function removeStaleSocket(path: string): void {
  let stat;
  try {
    stat = lstatSync(path);
  } catch {
    return;
  }
  if (!stat.isSocket()) throw new Error(`imt_path '${path}' exists and is not a socket: refusing to replace it`);
  unlinkSync(path);
}
