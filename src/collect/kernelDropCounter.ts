/**
 * Reads, for one bound UDP socket of this process, how many datagrams the
 * kernel dropped because its receive buffer was full (Linux only).
 *
 * The socket is found once, right after bind, by its inode: Node gives no
 * supported access to a dgram socket's file descriptor, so we take the
 * sockets of /proc/net/udp{,6} bound to our port and keep those whose inode
 * is one of this process's open sockets (/proc/self/fd/N → "socket:[inode]").
 * Matching the port alone is not enough: with SO_REUSEPORT/SO_REUSEADDR
 * other processes (another collector instance) can bind the same port.
 * Later reads only look the inode up, which stays the same for the life of
 * the socket.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { parseProcNetUdp, PROC_NET_UDP, PROC_NET_UDP6, type ProcUdpSocket } from './procNetUdp.ts';

export interface KernelQueueState {
  /** Datagrams dropped by the kernel since the socket was opened. */
  drops: number;
  /** Bytes waiting in the receive queue (kernel accounting, overhead included). */
  rxQueueBytes: number;
}

export class KernelDropCounter {
  private readonly table: string;
  private readonly inodes: ReadonlySet<number>;

  private constructor(table: string, inodes: ReadonlySet<number>) {
    this.table = table;
    this.inodes = inodes;
  }

  /**
   * The counter of our socket bound to `port` ('udp4' sockets are in
   * /proc/net/udp, 'udp6' ones, dual-stack included, in /proc/net/udp6), or
   * null where the tables do not exist (not Linux) or hold no such socket.
   */
  static locate(type: 'udp4' | 'udp6', port: number, procRoot = ''): KernelDropCounter | null {
    const table = procRoot + (type === 'udp4' ? PROC_NET_UDP : PROC_NET_UDP6);
    const sockets = readTable(table);
    if (sockets === null) return null;
    const own = ownSocketInodes(procRoot);
    const inodes = new Set<number>();
    for (const s of sockets) if (s.port === port && own.has(s.inode)) inodes.add(s.inode);
    return inodes.size > 0 ? new KernelDropCounter(table, inodes) : null;
  }

  /**
   * Current drops and queue of the socket (summed, in the unusual case of
   * several sockets of this process on the port); null once it is closed.
   */
  read(): KernelQueueState | null {
    const sockets = readTable(this.table);
    if (sockets === null) return null;
    let found = false;
    const state: KernelQueueState = { drops: 0, rxQueueBytes: 0 };
    for (const s of sockets) {
      if (!this.inodes.has(s.inode)) continue;
      found = true;
      state.drops += s.drops;
      state.rxQueueBytes += s.rxQueueBytes;
    }
    return found ? state : null;
  }
}

function readTable(path: string): ProcUdpSocket[] | null {
  try {
    return parseProcNetUdp(readFileSync(path, 'latin1'));
  } catch {
    return null;
  }
}

/** Inodes of the sockets this process has open. */
function ownSocketInodes(procRoot: string): Set<number> {
  const inodes = new Set<number>();
  const dir = `${procRoot}/proc/self/fd`;
  let fds: string[];
  try {
    fds = readdirSync(dir);
  } catch {
    return inodes;
  }
  for (const fd of fds) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`${dir}/${fd}`));
      if (m) inodes.add(Number(m[1]));
    } catch {
      // the fd was closed between readdir and readlink (e.g. the readdir's own)
    }
  }
  return inodes;
}
