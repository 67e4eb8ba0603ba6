/**
 * Linux's table of UDP sockets, /proc/net/udp and /proc/net/udp6: one line
 * per socket with its local address, receive queue, inode and the count of
 * datagrams the kernel dropped because the socket's receive buffer was full.
 * That drop count is the only trace of datagrams lost before the collector
 * could read them, so the listener reports it (CONFIG-KEYS tells pmacct
 * users to watch this column by hand).
 */
import { endianness } from 'node:os';
import { AF_INET, AF_INET6 } from '../model/flowRecord.ts';
import { ipText } from '../model/ipText.ts';

export interface ProcUdpSocket {
  /** Local address as text ('127.0.0.1', '::'). */
  address: string;
  port: number;
  /** Bytes queued for reading (the kernel's accounting: per-datagram overhead included). */
  rxQueueBytes: number;
  inode: number;
  drops: number;
}

export const PROC_NET_UDP = '/proc/net/udp';
export const PROC_NET_UDP6 = '/proc/net/udp6';

// The kernel prints each 32-bit word of an address with %08X of its in-memory
// (network order) bytes read as a native integer, so on little-endian hosts
// the bytes of every word come out reversed.
const LITTLE_ENDIAN = endianness() === 'LE';

/**
 * Parses the text of /proc/net/udp or /proc/net/udp6. Lines that do not have
 * the expected shape are skipped (the header, a future kernel's extra lines).
 */
export function parseProcNetUdp(text: string): ProcUdpSocket[] {
  const sockets: ProcUdpSocket[] = [];
  for (const line of text.split('\n')) {
    // sl local rem st tx:rx tr:when retrnsmt uid timeout inode ref pointer drops
    const f = line.trim().split(/\s+/);
    if (f.length < 13 || !/^\d+:$/.test(f[0]!)) continue;
    const local = /^([0-9A-Fa-f]{8}|[0-9A-Fa-f]{32}):([0-9A-Fa-f]{4})$/.exec(f[1]!);
    const queues = /^[0-9A-Fa-f]{8}:([0-9A-Fa-f]{8})$/.exec(f[4]!);
    if (!local || !queues) continue;
    const inode = Number(f[9]);
    const drops = Number(f[12]);
    if (!Number.isSafeInteger(inode) || !Number.isSafeInteger(drops)) continue;
    sockets.push({
      address: addressText(local[1]!),
      port: parseInt(local[2]!, 16),
      rxQueueBytes: parseInt(queues[1]!, 16),
      inode,
      drops,
    });
  }
  return sockets;
}

function addressText(hex: string): string {
  const bytes = new Uint8Array(16);
  for (let word = 0; word < hex.length / 8; word++) {
    for (let i = 0; i < 4; i++) {
      const byteInWord = LITTLE_ENDIAN ? 3 - i : i;
      bytes[word * 4 + i] = parseInt(hex.slice(word * 8 + byteInWord * 2, word * 8 + byteInWord * 2 + 2), 16);
    }
  }
  return ipText(hex.length === 8 ? AF_INET : AF_INET6, bytes);
}
