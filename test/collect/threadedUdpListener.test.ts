/**
 * ThreadedUdpListener on a real socket, with each receiver the receive
 * thread can use: recvmmsg (the native addon, when built) and Node's dgram.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { ThreadedUdpListener } from '../../src/collect/threadedUdpListener.ts';
import { loadNativeUdpReceive } from '../../src/collect/nativeUdpReceive.ts';
import type { ExporterRef } from '../../src/model/exporterRef.ts';

const LINUX_PROC = existsSync('/proc/net/udp');
const nativeBuilt = loadNativeUdpReceive() !== null;

/** Sends `count` datagrams of `size` bytes (byte 0 = index & 0xff) from another process, then returns. */
function send(port: number, count: number, size: number, host = '127.0.0.1'): void {
  execFileSync(process.execPath, ['-e', `
    const s = require('node:dgram').createSocket('${host.includes(':') ? 'udp6' : 'udp4'}');
    let done = 0;
    for (let i = 0; i < ${count}; i++) { const b = Buffer.alloc(${size}, 7); b[0] = i & 0xff; s.send(b, ${port}, '${host}', () => { if (++done === ${count}) s.close(); }); }
  `]);
}

for (const receiver of ['native', 'dgram'] as const) {
  const skip = receiver === 'native' && !nativeBuilt ? 'the native receiver is not built (node scripts/buildNative.ts)' : false;

  test(`${receiver}: every datagram reaches the handler in order, with its exporter, and is counted`, { skip }, async () => {
    if (receiver === 'dgram') process.env.TSACCT_NATIVE_UDP = '0';
    try {
      const listener = new ThreadedUdpListener({ ringBytes: 1 << 20 });
      const seen: number[] = [];
      const exporters = new Set<ExporterRef>();
      let bytes = 0;
      const bound = await listener.listen({ ip: '127.0.0.1', port: 0, rcvbufSize: 1 << 20 }, (payload, exporter) => {
        seen.push(payload[0]!);
        bytes += payload.length;
        exporters.add(exporter);
      });
      assert.match(listener.receiver, receiver === 'native' ? /recvmmsg/ : /dgram/);
      send(bound.port, 3000, 300);
      while (listener.statistics().datagrams + (listener.statistics().kernelDrops ?? 0) < 3000) await sleep(10);
      await listener.close();
      const s = listener.statistics();
      assert.equal(s.datagrams + (s.kernelDrops ?? 0), 3000);
      assert.equal(s.ringOverflows, 0);
      assert.equal(seen.length, s.datagrams, 'every datagram received was handed over');
      assert.equal(bytes, s.datagrams * 300);
      if (s.kernelDrops === 0) assert.deepEqual(seen.slice(0, 300), Array.from({ length: 300 }, (_, i) => i & 0xff));
      assert.equal(exporters.size, 1, 'one identity object per exporter');
      assert.equal([...exporters][0]!.key, '127.0.0.1');
      assert.match(listener.statisticsLine(), new RegExp(`^UDP 127\\.0\\.0\\.1:${bound.port}: datagrams ${s.datagrams}, bytes ${s.bytes}, kernel drops ${s.kernelDrops}, receive ring overflows 0, handler errors 0$`));
    } finally {
      delete process.env.TSACCT_NATIVE_UDP;
    }
  });

  test(`${receiver}: a full ring refuses and counts; a throwing handler is counted and the listener goes on`, { skip: skip || (!LINUX_PROC && 'needs Linux /proc/net/udp') }, async () => {
    if (receiver === 'dgram') process.env.TSACCT_NATIVE_UDP = '0';
    try {
      const listener = new ThreadedUdpListener({ ringBytes: 1 << 16 });
      let calls = 0;
      const errors: unknown[] = [];
      const bound = await listener.listen({ ip: '127.0.0.1', port: 0, rcvbufSize: 4 << 20, onHandlerError: (err) => errors.push(err) }, () => {
        calls++;
        if (calls % 100 === 0) throw new Error('consumer bug');
      });
      // This thread is blocked while the other process sends: the ring (64 KiB, 48 entries of 1300 bytes) overflows.
      send(bound.port, 500, 1300);
      const deadline = Date.now() + 5000;
      while (listener.statistics().datagrams + (listener.statistics().kernelDrops ?? 0) < 500 && Date.now() < deadline) await sleep(10);
      await listener.close();
      const s = listener.statistics();
      assert.equal(s.datagrams + (s.kernelDrops ?? 0), 500);
      assert.ok(s.ringOverflows > 0, 'the ring overflowed');
      assert.equal(calls, s.datagrams - s.ringOverflows, 'every queued datagram was handled');
      assert.equal(s.handlerErrors, Math.floor(calls / 100));
      assert.equal(errors.length, s.handlerErrors);
    } finally {
      delete process.env.TSACCT_NATIVE_UDP;
    }
  });

  test(`${receiver}: listens on IPv6 and on every address; an address not on this host is an error`, { skip }, async () => {
    if (receiver === 'dgram') process.env.TSACCT_NATIVE_UDP = '0';
    try {
      const listener = new ThreadedUdpListener({ ringBytes: 1 << 20 });
      const keys: string[] = [];
      const bound = await listener.listen({ ip: '', port: 0, rcvbufSize: 0 }, (_p, exporter) => keys.push(exporter.key));
      assert.equal(bound.address, '::');
      send(bound.port, 1, 50, '127.0.0.1');
      send(bound.port, 1, 50, '::1');
      const deadline = Date.now() + 5000;
      while (keys.length < 2 && Date.now() < deadline) await sleep(10);
      // An IPv4 sender on the dual-stack socket is a plain IPv4 exporter, as pmacct reports it.
      assert.deepEqual(keys.sort(), ['127.0.0.1', '::1']);
      await listener.close();
      const elsewhere = new ThreadedUdpListener({ ringBytes: 1 << 16 });
      await assert.rejects(elsewhere.listen({ ip: '192.0.2.1', port: 0, rcvbufSize: 0 }, () => {}), /EADDRNOTAVAIL|not available|cannot assign/i);
    } finally {
      delete process.env.TSACCT_NATIVE_UDP;
    }
  });
}
