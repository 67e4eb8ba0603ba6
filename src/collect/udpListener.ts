/**
 * A UDP listener for exported flows (NetFlow/IPFIX, sFlow): binds
 * `*_ip`/`*_port`, sets the kernel receive buffer (`*_pipe_size`), and
 * hands each datagram with its exporter's cached identity to the handler.
 * The exporter identity object is created once per exporter address, so the
 * per-datagram path allocates nothing of its own.
 *
 * Nothing is lost silently: it counts what it received, what its handler
 * threw on, and (Linux) what the kernel dropped because the receive buffer
 * was full, and what was still queued, unread, when it closed.
 */
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import type { ExporterRef } from '../model/exporterRef.ts';
import { exporterRefFor } from '../model/exporterRef.ts';
import { KernelDropCounter, type KernelQueueState } from './kernelDropCounter.ts';

/** How long close() keeps reading what the kernel had already queued. */
export const DEFAULT_DRAIN_MS = 500;

export interface UdpListenerOptions {
  /** Bind address; '' or '::' listens on all addresses (IPv4 and IPv6). */
  ip: string;
  port: number;
  /** SO_RCVBUF in bytes; 0 keeps the system default. */
  rcvbufSize: number;
  reusePort?: boolean;
  /** Called when the handler throws; the listener goes on with the next datagram. */
  onHandlerError?: (err: unknown) => void;
  /** Called on an error of the bound socket (a failed receive); the socket stays open. */
  onSocketError?: (err: Error) => void;
}

export interface BoundUdpSocket {
  address: string;
  port: number;
  /**
   * SO_RCVBUF as the kernel reports it after our request (Linux reports
   * twice the usable size, its bookkeeping overhead included).
   */
  receiveBufferSize: number;
}

/** captureSec is the arrival second: live, the packet's time is when it arrived (the savefile source's handler has the same shape). */
export type DatagramHandler = (payload: Buffer, exporter: ExporterRef, arrivalSec: number, arrivalUsec: number, captureSec: number) => void;

export interface UdpListenerStatistics {
  datagrams: number;
  bytes: number;
  /** Datagrams whose handler threw (a bug downstream; each is logged by the daemon). */
  handlerErrors: number;
  /** Kernel receive-buffer drops; null where the kernel does not tell (not Linux). */
  kernelDrops: number | null;
  /** Bytes left unread in the kernel queue when the socket was closed; null while open or unknown. */
  unreadAtClose: number | null;
}

export class UdpListener {
  private socket: Socket | null = null;
  private readonly exporters = new Map<string, ExporterRef>();
  private dropCounter: KernelDropCounter | null = null;
  private lastQueueState: KernelQueueState | null = null;
  private unreadAtClose: number | null = null;
  private boundAt: { address: string; port: number } | null = null;
  datagrams = 0;
  bytes = 0;
  handlerErrors = 0;
  socketErrors = 0;

  async listen(options: UdpListenerOptions, handler: DatagramHandler): Promise<BoundUdpSocket> {
    const wildcard = options.ip === '' || options.ip === '::' || options.ip === '0.0.0.0';
    const type = options.ip !== '' && !isIPv6(options.ip) ? 'udp4' : 'udp6';
    const socket = createSocket({ type, reuseAddr: true, reusePort: options.reusePort ?? false, ipv6Only: false });
    this.socket = socket;
    const onHandlerError = options.onHandlerError;
    socket.on('message', (msg: Buffer, rinfo: RemoteInfo) => {
      this.datagrams++;
      this.bytes += msg.length;
      const nowMs = Date.now();
      const sec = Math.floor(nowMs / 1000);
      try {
        handler(msg, this.exporterFor(rinfo.address), sec, (nowMs - sec * 1000) * 1000, sec);
      } catch (err) {
        // A throwing consumer must not take the collector (and every other
        // exporter's data) down with it: count, report, go on.
        this.handlerErrors++;
        onHandlerError?.(err);
      }
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind({ address: wildcard && type === 'udp6' ? '::' : options.ip || '0.0.0.0', port: options.port }, () => {
        socket.off('error', reject);
        // Without a listener an 'error' event would throw and end the daemon.
        socket.on('error', (err) => {
          this.socketErrors++;
          options.onSocketError?.(err);
        });
        resolve();
      });
    });
    // Set after bind: Node creates the socket's descriptor only when binding.
    if (options.rcvbufSize > 0) socket.setRecvBufferSize(options.rcvbufSize);
    const bound = socket.address();
    this.boundAt = { address: bound.address, port: bound.port };
    this.dropCounter = KernelDropCounter.locate(type, bound.port);
    return { address: bound.address, port: bound.port, receiveBufferSize: socket.getRecvBufferSize() };
  }

  /**
   * The kernel's drop counter and queue for our socket, read now; null where
   * unavailable. After close it keeps answering with the last state read.
   */
  kernelQueue(): KernelQueueState | null {
    if (this.socket !== null && this.dropCounter !== null) {
      const state = this.dropCounter.read();
      if (state !== null) this.lastQueueState = state;
    }
    return this.lastQueueState;
  }

  statistics(): UdpListenerStatistics {
    const queue = this.kernelQueue();
    return {
      datagrams: this.datagrams,
      bytes: this.bytes,
      handlerErrors: this.handlerErrors,
      kernelDrops: queue ? queue.drops : null,
      unreadAtClose: this.unreadAtClose,
    };
  }

  /** The statistics as one log line: what arrived, and what was lost before or while reading it. */
  statisticsLine(): string {
    return udpStatisticsLine(this.boundAt, this.statistics(), this.socketErrors, null);
  }

  /**
   * Reads what is already queued in the kernel (for at most `drainMs`: an
   * exporter that keeps sending must not hold a shutdown), then closes.
   * What is still queued then is reported as unread, not lost silently.
   */
  async close(drainMs = DEFAULT_DRAIN_MS): Promise<void> {
    const s = this.socket;
    if (!s) return;
    const deadline = Date.now() + drainMs;
    // Each turn of the event loop polls the socket and delivers what it read.
    while ((this.kernelQueue()?.rxQueueBytes ?? 0) > 0 && Date.now() < deadline) {
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    // Last look before the socket (and its /proc line) goes away.
    const queue = this.kernelQueue();
    if (queue !== null) this.unreadAtClose = queue.rxQueueBytes;
    this.socket = null;
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  private exporterFor(address: string): ExporterRef {
    let ref = this.exporters.get(address);
    if (!ref) {
      ref = exporterRefFor(address);
      this.exporters.set(address, ref);
    }
    return ref;
  }
}

/**
 * One log line for a listener's statistics (what arrived, and what was lost
 * before or while reading it); `ringOverflows` is null for a listener
 * without a receive ring.
 */
export function udpStatisticsLine(
  at: { address: string; port: number } | null,
  s: UdpListenerStatistics,
  socketErrors: number,
  ringOverflows: number | null,
): string {
  const where = at ? (at.address.includes(':') ? `[${at.address}]:${at.port}` : `${at.address}:${at.port}`) : 'unbound';
  const ring = ringOverflows !== null ? `, receive ring overflows ${ringOverflows}` : '';
  const errors = socketErrors > 0 ? `, socket errors ${socketErrors}` : '';
  const unread = s.unreadAtClose !== null && s.unreadAtClose > 0 ? `, unread at close ${s.unreadAtClose} bytes` : '';
  return `UDP ${where}: datagrams ${s.datagrams}, bytes ${s.bytes}, kernel drops ${s.kernelDrops ?? 'n/a'}${ring}, handler errors ${s.handlerErrors}${errors}${unread}`;
}
