/**
 * A UDP listener for exported flows (NetFlow/IPFIX, sFlow): binds
 * `*_ip`/`*_port`, sets the kernel receive buffer (`*_rcvbuf_size`), and
 * hands each datagram with its exporter's cached identity to the handler.
 * The exporter identity object is created once per exporter address, so the
 * per-datagram path allocates nothing of its own.
 */
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import type { ExporterRef } from '../model/exporterRef.ts';
import { exporterRefFor } from '../model/exporterRef.ts';

export interface UdpListenerOptions {
  /** Bind address; '' or '::' listens on all addresses (IPv4 and IPv6). */
  ip: string;
  port: number;
  /** SO_RCVBUF in bytes; 0 keeps the system default. */
  rcvbufSize: number;
  reusePort?: boolean;
}

export type DatagramHandler = (payload: Buffer, exporter: ExporterRef, arrivalSec: number, arrivalUsec: number) => void;

export class UdpListener {
  private socket: Socket | null = null;
  private readonly exporters = new Map<string, ExporterRef>();
  datagrams = 0;
  bytes = 0;

  async listen(options: UdpListenerOptions, handler: DatagramHandler): Promise<{ address: string; port: number }> {
    const wildcard = options.ip === '' || options.ip === '::' || options.ip === '0.0.0.0';
    const type = options.ip !== '' && !isIPv6(options.ip) ? 'udp4' : 'udp6';
    const socket = createSocket({ type, reuseAddr: true, reusePort: options.reusePort ?? false, ipv6Only: false });
    this.socket = socket;
    socket.on('message', (msg: Buffer, rinfo: RemoteInfo) => {
      this.datagrams++;
      this.bytes += msg.length;
      const nowMs = Date.now();
      const sec = Math.floor(nowMs / 1000);
      handler(msg, this.exporterFor(rinfo.address), sec, (nowMs - sec * 1000) * 1000);
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind({ address: wildcard && type === 'udp6' ? '::' : options.ip || '0.0.0.0', port: options.port }, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    if (options.rcvbufSize > 0) socket.setRecvBufferSize(options.rcvbufSize);
    const bound = socket.address();
    return { address: bound.address, port: bound.port };
  }

  /** The receive buffer the kernel actually granted (it may cap the request). */
  receiveBufferSize(): number {
    return this.socket ? this.socket.getRecvBufferSize() : 0;
  }

  async close(): Promise<void> {
    const s = this.socket;
    this.socket = null;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
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
