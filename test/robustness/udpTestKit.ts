/**
 * UDP helpers shared by the robustness tests of the running collectors: a
 * free port, a sender bound to a chosen loopback address (an exporter), and
 * the daemon's receive queue read from /proc/net/udp for pacing.
 */
import { createSocket, type Socket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { parseProcNetUdp } from '../../src/collect/procNetUdp.ts';

export async function freeUdpPort(): Promise<number> {
  const probe = createSocket('udp4');
  await new Promise<void>((resolve) => probe.bind(0, '127.0.0.1', resolve));
  const { port } = probe.address();
  await new Promise<void>((resolve) => probe.close(resolve));
  return port;
}

export async function boundSender(address: string): Promise<Socket> {
  const s = createSocket('udp4');
  await new Promise<void>((resolve, reject) => {
    s.once('error', reject);
    s.bind(0, address, () => resolve());
  });
  return s;
}

/** Bytes waiting in the receive queue of the socket bound to `port` (the daemon's). */
export function receiveQueue(port: number): number {
  const socket = parseProcNetUdp(readFileSync('/proc/net/udp', 'latin1')).find((s) => s.port === port);
  return socket ? socket.rxQueueBytes : 0;
}
