/**
 * Sends a generator's datagrams to a collector on this machine over UDP,
 * at a target rate of flows per second, from one socket per exporter bound
 * to the exporter's 127.0.0.x address. Pacing is by batches: every tick it
 * sends what the schedule says is due. The run is bounded by the
 * generator's flow count and by `maxSeconds`, and stops by itself.
 *
 * Only loopback targets are accepted: benchmarks never send elsewhere.
 * Totals count datagrams whose send completed without error.
 */
import { createSocket, type Socket } from 'node:dgram';
import { setImmediate as yieldToEventLoop, setTimeout as sleep } from 'node:timers/promises';
import type { FlowGenerator } from './flowGenerator.ts';

export interface LiveSendOptions {
  /** The collector's address; must be in 127.0.0.0/8. */
  host: string;
  port: number;
  /** Target flows per second; 0 = as fast as possible. */
  flowsPerSecond: number;
  /** Hard time limit. */
  maxSeconds: number;
}

export interface LiveSendResult {
  datagrams: number;
  flows: number;
  packets: number;
  bytes: number;
  sendErrors: number;
  elapsedSeconds: number;
  /** True when the time limit ended the run before every flow was sent. */
  timedOut: boolean;
  perExporter: Array<{ address: string; datagrams: number; flows: number; packets: number; bytes: number }>;
}

/** Buffers in flight at most; each holds a copy of one datagram until its send completes. */
const SLOTS = 1024;
const TICK_MS = 2;

export async function sendLive(generator: FlowGenerator, options: LiveSendOptions): Promise<LiveSendResult> {
  if (!/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(options.host)) {
    throw new Error(`refusing to send to ${options.host}: benchmark traffic goes to 127.0.0.0/8 only`);
  }
  const exporters = generator.totals.exporters;
  const sockets = await Promise.all(exporters.map((e) => bindSocket(e.address, e.sourcePort)));
  const result: LiveSendResult = {
    datagrams: 0,
    flows: 0,
    packets: 0,
    bytes: 0,
    sendErrors: 0,
    elapsedSeconds: 0,
    timedOut: false,
    perExporter: exporters.map((e) => ({ address: e.address, datagrams: 0, flows: 0, packets: 0, bytes: 0 })),
  };
  const slots = Array.from({ length: SLOTS }, () => ({ buffer: Buffer.alloc(65536), busy: false }));
  let nextSlot = 0;
  let inFlight = 0;
  let attemptedFlows = 0;
  const started = performance.now();

  for (;;) {
    const elapsedMs = performance.now() - started;
    if (elapsedMs > options.maxSeconds * 1000) {
      result.timedOut = true;
      break;
    }
    const due = options.flowsPerSecond > 0 ? (options.flowsPerSecond * elapsedMs) / 1000 : Number.POSITIVE_INFINITY;
    let exhausted = false;
    while (attemptedFlows < due) {
      const slot = slots[nextSlot]!;
      if (slot.busy) break;
      const datagram = generator.next();
      if (datagram === null) {
        exhausted = true;
        break;
      }
      nextSlot = (nextSlot + 1) % SLOTS;
      const length = datagram.payload.copy(slot.buffer);
      slot.busy = true;
      inFlight++;
      attemptedFlows += datagram.flows;
      const exporterIndex = datagram.exporterIndex;
      const { flows, packets, bytes } = datagram;
      sockets[exporterIndex]!.send(slot.buffer, 0, length, options.port, options.host, (error) => {
        slot.busy = false;
        inFlight--;
        if (error) {
          result.sendErrors++;
          return;
        }
        const perExporter = result.perExporter[exporterIndex]!;
        result.datagrams++;
        result.flows += flows;
        result.packets += packets;
        result.bytes += bytes;
        perExporter.datagrams++;
        perExporter.flows += flows;
        perExporter.packets += packets;
        perExporter.bytes += bytes;
      });
    }
    if (exhausted) break;
    // Behind schedule or out of slots: let the sends complete; otherwise wait for the next tick.
    if (attemptedFlows < due) await yieldToEventLoop();
    else await sleep(TICK_MS);
  }
  while (inFlight > 0) await yieldToEventLoop();
  result.elapsedSeconds = (performance.now() - started) / 1000;
  await Promise.all(sockets.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  return result;
}

/** A socket on the exporter's address, on its usual port if free. */
async function bindSocket(address: string, port: number): Promise<Socket> {
  for (const candidate of [port, 0]) {
    const socket = createSocket('udp4');
    const bound = await new Promise<boolean>((resolve) => {
      socket.once('error', () => resolve(false));
      socket.bind({ address, port: candidate, exclusive: true }, () => resolve(true));
    });
    if (bound) {
      socket.removeAllListeners('error');
      socket.on('error', () => undefined);
      return socket;
    }
    socket.removeAllListeners('error');
    socket.on('error', () => undefined);
    try {
      socket.close();
    } catch {
      // Never bound: nothing to close.
    }
  }
  throw new Error(`cannot bind a UDP socket on ${address}`);
}
