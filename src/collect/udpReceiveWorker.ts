/**
 * The receive thread of ThreadedUdpListener: owns the UDP socket and
 * appends every datagram to the shared DatagramRing, waking the decoding
 * thread only when it sleeps.
 *
 * With the native receiver (nativeUdpReceive.ts) the thread loops in
 * recvmmsg batches and checks the ring's stop flag between them; without
 * it, it receives through UdpListener (Node's dgram), whose binding,
 * receive buffer, socket errors and drain at close are those of the
 * in-thread listener.
 *
 * Messages to the parent: {type: 'bound', bound, receiver} | {type: 'error', message}
 * | {type: 'wake'} | {type: 'socketError', message} | {type: 'closed',
 * unreadAtClose}. From the parent: {type: 'close', drainMs} (the native
 * loop sees the ring's stop flag instead).
 */
import { isIPv6 } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';
import { DatagramRingWriter, type DatagramRingBuffers } from './datagramRing.ts';
import { KernelDropCounter } from './kernelDropCounter.ts';
import { loadNativeUdpReceive, NATIVE_META_WORDS, NATIVE_SLOT_BYTES, type NativeUdpReceive } from './nativeUdpReceive.ts';
import { DEFAULT_DRAIN_MS, UdpListener, type UdpListenerOptions } from './udpListener.ts';

interface ReceiveWorkerData {
  buffers: DatagramRingBuffers;
  options: Omit<UdpListenerOptions, 'onHandlerError' | 'onSocketError'>;
  drainMs?: number;
}

/** Datagrams per recvmmsg call, and how long a call waits before the stop flag is looked at again. */
const BATCH = 64;
const POLL_MS = 50;

const port = parentPort!;
const { buffers, options, drainMs = DEFAULT_DRAIN_MS } = workerData as ReceiveWorkerData;
const ring = new DatagramRingWriter(buffers);
const native = loadNativeUdpReceive();
if (native !== null) receiveNatively(native);
else receiveWithDgram();

function receiveNatively(udp: NativeUdpReceive): void {
  // '' and '::' listen on every address, IPv4 included (a dual-stack socket), as UdpListener does.
  const ip = options.ip === '::' ? '' : options.ip;
  let fd: number;
  let boundPort: number;
  let granted: number;
  try {
    [fd, boundPort, granted] = udp.open(ip, options.port, options.rcvbufSize, options.reusePort ?? false);
  } catch (err) {
    port.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) });
    return;
  }
  const address = ip === '' ? '::' : ip;
  port.postMessage({ type: 'bound', bound: { address, port: boundPort, receiveBufferSize: granted }, receiver: 'recvmmsg (native)' });
  const queue = KernelDropCounter.locate(isIPv6(address) ? 'udp6' : 'udp4', boundPort);
  const buffer = new Uint8Array(BATCH * NATIVE_SLOT_BYTES);
  const meta = new Int32Array(BATCH * NATIVE_META_WORDS);
  const metaBytes = new Uint8Array(meta.buffer);
  let stopAt = 0;
  for (;;) {
    if (stopAt === 0 && ring.stopRequested) stopAt = Date.now() + drainMs;
    let count = 0;
    try {
      // Once stopping, read only what is already queued.
      count = udp.receive(fd, buffer, meta, stopAt === 0 ? POLL_MS : 0);
    } catch (err) {
      port.postMessage({ type: 'socketError', message: err instanceof Error ? err.message : String(err) });
    }
    if (count > 0) {
      const nowMs = Date.now();
      const sec = Math.floor(nowMs / 1000);
      const usec = (nowMs - sec * 1000) * 1000;
      let wake = false;
      for (let i = 0; i < count; i++) {
        const m = i * NATIVE_META_WORDS;
        if (ring.push(buffer, i * NATIVE_SLOT_BYTES, meta[m]!, meta[m + 1]!, metaBytes, (m + 3) * 4, sec, usec)) wake = true;
      }
      if (wake) port.postMessage({ type: 'wake' });
    }
    if (stopAt !== 0 && (count === 0 || Date.now() >= stopAt)) break;
  }
  const unreadAtClose = queue?.read()?.rxQueueBytes ?? null;
  udp.close(fd);
  port.postMessage({ type: 'closed', unreadAtClose });
  port.close();
}

function receiveWithDgram(): void {
  const listener = new UdpListener();
  port.on('message', (message: { type: string }) => {
    if (message.type !== 'close') return;
    void listener.close(drainMs).then(() => {
      port.postMessage({ type: 'closed', unreadAtClose: listener.statistics().unreadAtClose });
      port.close();
    });
  });
  listener
    .listen(
      {
        ...options,
        onSocketError: (err) => port.postMessage({ type: 'socketError', message: err.message }),
      },
      (payload, exporter, sec, usec) => {
        if (ring.push(payload, 0, payload.length, exporter.family, exporter.address, 0, sec, usec)) port.postMessage({ type: 'wake' });
      },
    )
    .then(
      (bound) => port.postMessage({ type: 'bound', bound, receiver: 'Node dgram (the native receiver is not built: node scripts/buildNative.ts)' }),
      (err: unknown) => port.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) }),
    );
}
