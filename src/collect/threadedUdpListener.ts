/**
 * A UDP listener whose socket is read by a worker thread (udpReceiveWorker)
 * and whose datagrams reach the handler on this thread through a shared
 * ring (DatagramRing): the same contract as UdpListener, on two cores.
 *
 * Why: receiving costs a system call, a Buffer and a callback per datagram,
 * about as much as decoding an sFlow datagram; on one thread that limits a
 * collector well below what the decoder and cache can do, and every pause
 * of this thread (a cache flush, a garbage collection) lets the kernel
 * buffer overflow. The receive thread keeps reading while this one works,
 * and the ring (64 MiB by default, about half a second of 1 M sFlow samples
 * per second) absorbs the pauses. See docs/adr/0003-receive-thread.md.
 *
 * Nothing is lost silently: the statistics line adds to UdpListener's
 * counts the datagrams refused because the ring was full.
 *
 * The payload handed to the handler is a view into the ring, valid only
 * during the call (decoders copy what they keep).
 */
import { Worker } from 'node:worker_threads';
import { isIPv6 } from 'node:net';
import { AddressTable } from '../decode/packet/addressTable.ts';
import { exporterRefFor, type ExporterRef } from '../model/exporterRef.ts';
import { ipv4Text, ipv6Text } from '../model/ipText.ts';
import { createDatagramRing, DatagramRingReader } from './datagramRing.ts';
import { KernelDropCounter, type KernelQueueState } from './kernelDropCounter.ts';
import { DEFAULT_DRAIN_MS, udpStatisticsLine, type BoundUdpSocket, type DatagramHandler, type UdpListenerOptions, type UdpListenerStatistics } from './udpListener.ts';

/** Ring size: about half a second of 1 M sFlow samples per second. */
export const DEFAULT_RING_BYTES = 64 * 1024 * 1024;
/** Datagrams handled before yielding to timers and I/O on this thread. */
const BATCH = 1024;

export interface ThreadedUdpListenerStatistics extends UdpListenerStatistics {
  /** Datagrams the receive thread read but could not queue (the ring was full). */
  ringOverflows: number;
}

type WorkerMessage =
  | { type: 'bound'; bound: BoundUdpSocket; receiver: string }
  | { type: 'error'; message: string }
  | { type: 'wake' }
  | { type: 'socketError'; message: string }
  | { type: 'closed'; unreadAtClose: number | null };

export interface ThreadedUdpListenerOptions {
  /** Ring size in bytes (default DEFAULT_RING_BYTES). */
  ringBytes?: number;
  /** How long close() lets the receive thread read what the kernel still holds (default DEFAULT_DRAIN_MS). */
  drainMs?: number;
}

export class ThreadedUdpListener {
  private readonly ringBytes: number;
  private readonly drainMs: number;
  private worker: Worker | null = null;
  private reader: DatagramRingReader | null = null;
  private handler: DatagramHandler | null = null;
  private onHandlerError: ((err: unknown) => void) | undefined;
  private readonly exporters = new AddressTable<ExporterRef>((address, length) => exporterRefFor(length === 4 ? ipv4Text(address) : ipv6Text(address)));
  private dropCounter: KernelDropCounter | null = null;
  private lastQueueState: KernelQueueState | null = null;
  private unreadAtClose: number | null = null;
  private boundAt: BoundUdpSocket | null = null;
  private draining = false;
  private closed: Promise<void> | null = null;
  private resolveClosed: (() => void) | null = null;
  /** How the receive thread reads the socket, for the startup log. */
  receiver = '';
  /** Datagrams handed to the handler. */
  handled = 0;
  handlerErrors = 0;
  socketErrors = 0;

  constructor(options: ThreadedUdpListenerOptions = {}) {
    this.ringBytes = options.ringBytes ?? DEFAULT_RING_BYTES;
    this.drainMs = options.drainMs ?? DEFAULT_DRAIN_MS;
  }

  async listen(options: UdpListenerOptions, handler: DatagramHandler): Promise<BoundUdpSocket> {
    const buffers = createDatagramRing(this.ringBytes);
    const reader = new DatagramRingReader(buffers);
    this.reader = reader;
    this.handler = handler;
    this.onHandlerError = options.onHandlerError;
    const { onHandlerError: _h, onSocketError, ...plain } = options;
    const worker = new Worker(new URL('./udpReceiveWorker.ts', import.meta.url), { workerData: { buffers, options: plain, drainMs: this.drainMs } });
    this.worker = worker;
    const bound = await new Promise<BoundUdpSocket>((resolve, reject) => {
      worker.on('message', (m: WorkerMessage) => {
        if (m.type === 'wake') this.drain();
        else if (m.type === 'bound') {
          this.receiver = m.receiver;
          resolve(m.bound);
        }
        else if (m.type === 'error') {
          this.worker = null;
          void worker.terminate();
          reject(new Error(m.message));
        }
        else if (m.type === 'socketError') {
          this.socketErrors++;
          onSocketError?.(new Error(m.message));
        } else if (m.type === 'closed') {
          this.unreadAtClose = m.unreadAtClose;
          this.resolveClosed?.();
        }
      });
      worker.once('error', reject);
    });
    // From now on a failing receive thread is a socket error, not a crash of the daemon.
    worker.on('error', (err) => {
      this.socketErrors++;
      onSocketError?.(err);
    });
    this.boundAt = bound;
    const type = options.ip !== '' && !isIPv6(options.ip) ? 'udp4' : 'udp6';
    this.dropCounter = KernelDropCounter.locate(type, bound.port);
    if (reader.sleep() === false) this.drain();
    return bound;
  }

  /** Hands what the ring holds to the handler, a batch at a time so timers still run. */
  private drain(): void {
    if (this.draining) return;
    this.draining = true;
    const reader = this.reader!;
    try {
      for (let i = 0; i < BATCH; i++) {
        const payload = reader.next();
        if (payload === null) {
          if (reader.sleep()) return;
          continue;
        }
        this.handle(reader, payload);
      }
      setImmediate(() => this.drain());
    } finally {
      this.draining = false;
    }
  }

  /** One datagram read from the ring to the handler; then its room goes back to the writer. */
  private handle(reader: DatagramRingReader, payload: Buffer): void {
    const exporter = this.exporters.lookup(reader.address, reader.addressFamily === 4 ? 4 : 16);
    this.handled++;
    try {
      this.handler!(payload, exporter, reader.arrivalSec, reader.arrivalUsec, reader.arrivalSec);
    } catch (err) {
      // A throwing consumer must not stop the collector: count, report, go on.
      this.handlerErrors++;
      this.onHandlerError?.(err);
    } finally {
      reader.release();
    }
  }

  kernelQueue(): KernelQueueState | null {
    if (this.closed === null && this.dropCounter !== null) {
      const state = this.dropCounter.read();
      if (state !== null) this.lastQueueState = state;
    }
    return this.lastQueueState;
  }

  statistics(): ThreadedUdpListenerStatistics {
    const queue = this.kernelQueue();
    const reader = this.reader;
    return {
      datagrams: reader ? reader.received : 0,
      bytes: reader ? reader.receivedBytes : 0,
      handlerErrors: this.handlerErrors,
      kernelDrops: queue ? queue.drops : null,
      unreadAtClose: this.unreadAtClose,
      ringOverflows: reader ? reader.refused : 0,
    };
  }

  statisticsLine(): string {
    const s = this.statistics();
    return udpStatisticsLine(this.boundAt, s, this.socketErrors, s.ringOverflows);
  }

  /**
   * Lets the receive thread read what the kernel still holds (at most the
   * drain time), hands everything in the ring to the handler, then stops
   * the thread. What stayed in the kernel is reported as unread.
   */
  async close(): Promise<void> {
    const worker = this.worker;
    if (worker === null || this.closed !== null) return;
    this.kernelQueue();
    this.closed = new Promise<void>((resolve) => {
      this.resolveClosed = resolve;
    });
    // The native loop watches the ring's stop flag; the dgram one its messages.
    this.reader!.requestStop();
    worker.postMessage({ type: 'close' });
    await this.closed;
    // Whatever the receive thread queued before it stopped is still ours to handle.
    const reader = this.reader!;
    for (let payload = reader.next(); payload !== null; payload = reader.next()) this.handle(reader, payload);
    this.worker = null;
    await worker.terminate();
  }
}
