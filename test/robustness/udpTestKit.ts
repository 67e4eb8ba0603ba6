/**
 * Helpers shared by the robustness tests of the running collectors: the
 * daemon under test with its log, a free port, a sender bound to a chosen
 * loopback address (an exporter), and the daemon's receive queue read from
 * /proc/net/udp for pacing.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
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

/** A tsacct daemon started for a test, with its stderr log collected. */
export class DaemonUnderTest {
  readonly pid: number;
  log = '';
  /** True when the daemon exited before terminate() asked it to. */
  exitedEarly = false;
  private terminated = false;
  private readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(args: readonly string[]) {
    const child = spawn(process.execPath, [...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    this.pid = child.pid!;
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      this.log += chunk;
    });
    this.exit = new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        if (!this.terminated) this.exitedEarly = true;
        resolve({ code, signal });
      });
    });
  }

  /** Fails the test if the daemon has died. */
  assertAlive(): void {
    assert.equal(this.exitedEarly, false, `the daemon exited early:\n${this.log}`);
  }

  /** Waits until `pattern` has appeared `count` times in the log. */
  async waitForLog(pattern: RegExp, count = 1): Promise<void> {
    while ((this.log.match(new RegExp(pattern.source, 'g')) ?? []).length < count) {
      this.assertAlive();
      await sleep(20);
    }
  }

  /** Sends `signal` and resolves with how the daemon exited. */
  terminate(signal: NodeJS.Signals = 'SIGTERM'): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    this.assertAlive();
    this.terminated = true;
    process.kill(this.pid, signal);
    return this.exit;
  }
}
