/**
 * Kernel receive-buffer drops of our UDP socket, read from /proc/net/udp:
 * the parser on a hand-written table, and the counter on a real socket made
 * to overflow. The overflow needs no timing: the test's own event loop is
 * blocked (execFileSync) while a child process sends, so the socket is not
 * read at all until the child is done, and afterwards every datagram is
 * either read or counted as dropped: read + dropped = sent, exactly.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { endianness } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { KernelDropCounter } from '../../src/collect/kernelDropCounter.ts';
import { KernelDropWatch } from '../../src/collect/kernelDropWatch.ts';
import { parseProcNetUdp } from '../../src/collect/procNetUdp.ts';
import { describeReceiveBufferGrant } from '../../src/collect/receiveBufferGrant.ts';
import { UdpListener } from '../../src/collect/udpListener.ts';

const LINUX_PROC = existsSync('/proc/net/udp');

test('parses /proc/net/udp and /proc/net/udp6 lines', { skip: endianness() !== 'LE' && 'table written for a little-endian host' }, () => {
  // As a little-endian Linux prints them: each 32-bit word of the address byte-reversed, the port in hex.
  const udp = [
    '   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops',
    '  310: 0100007F:0835 00000000:0000 07 00000000:00000A00 00:00000000 00000000     0        0 123456 2 0000000000000000 17',
    '  311: 00000000:1F90 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 654321 2 0000000000000000 0',
  ].join('\n');
  assert.deepEqual(parseProcNetUdp(udp), [
    { address: '127.0.0.1', port: 2101, rxQueueBytes: 2560, inode: 123456, drops: 17 },
    { address: '0.0.0.0', port: 8080, rxQueueBytes: 0, inode: 654321, drops: 0 },
  ]);
  const udp6 = [
    '  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops',
    '   52: 00000000000000000000000001000000:0834 00000000000000000000000000000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 777 2 0000000000000000 3',
    '   53: 000080FE0000000078563412F0DEBC9A:0835 00000000000000000000000000000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 778 2 0000000000000000 0',
  ].join('\n');
  assert.deepEqual(parseProcNetUdp(udp6).map((s) => [s.address, s.port, s.inode, s.drops]), [
    ['::1', 2100, 777, 3],
    // fe80::1234:5678:9abc:def0 is the words fe800000 00000000 12345678 9abcdef0, each printed byte-reversed.
    ['fe80::1234:5678:9abc:def0', 2101, 778, 0],
  ]);
});

test('read + kernel drops = sent, on a socket the kernel had to drop for', { skip: !LINUX_PROC && 'needs Linux /proc/net/udp' }, async () => {
  const receiver = createSocket('udp4');
  await new Promise<void>((resolve) => receiver.bind(0, '127.0.0.1', resolve));
  receiver.setRecvBufferSize(4096); // the kernel's minimum: a few datagrams fit
  const { port } = receiver.address();
  let read = 0;
  receiver.on('message', () => read++);
  const counter = KernelDropCounter.locate('udp4', port);
  assert.ok(counter, 'our socket is found among our own');
  assert.deepEqual(counter.read(), { drops: 0, rxQueueBytes: 0 });

  const sent = 2000;
  const sender = `
    const s = require('node:dgram').createSocket('udp4');
    const payload = Buffer.alloc(1000, 7);
    let done = 0;
    for (let i = 0; i < ${sent}; i++) s.send(payload, ${port}, '127.0.0.1', () => { if (++done === ${sent}) s.close(); });
  `;
  // Blocks this event loop: nothing reads the socket while the child sends.
  execFileSync(process.execPath, ['-e', sender]);
  const whileBlocked = counter.read()!;
  assert.ok(whileBlocked.drops > 0, 'a 4 KiB buffer cannot hold 2000 datagrams of 1000 bytes');
  while (counter.read()!.rxQueueBytes > 0) await sleep(5);
  assert.equal(read + counter.read()!.drops, sent);
  receiver.close();
});

test('a socket of another process on the same port is not counted as ours', { skip: !LINUX_PROC && 'needs Linux /proc/net/udp' }, async () => {
  const mine = createSocket({ type: 'udp4', reuseAddr: true });
  await new Promise<void>((resolve) => mine.bind(0, '127.0.0.1', resolve));
  mine.setRecvBufferSize(4096);
  const { port } = mine.address();
  const counter = KernelDropCounter.locate('udp4', port)!;
  // Another process binds the same port (SO_REUSEADDR), then never reads: its event loop spins.
  const other = `
    const s = require('node:dgram').createSocket({ type: 'udp4', reuseAddr: true });
    s.bind(${port}, '127.0.0.1', () => { s.setRecvBufferSize(4096); process.stdout.write('bound', () => { for (;;); }); });
  `;
  const child = spawn(process.execPath, ['-e', other], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    const otherInodes = new Set<number>();
    for (const fd of readdirSync(`/proc/${child.pid}/fd`)) {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${child.pid}/fd/${fd}`));
      if (m) otherInodes.add(Number(m[1]));
    }
    execFileSync(process.execPath, ['-e', `
      const s = require('node:dgram').createSocket('udp4');
      let done = 0;
      for (let i = 0; i < 2000; i++) s.send(Buffer.alloc(1000), ${port}, '127.0.0.1', () => { if (++done === 2000) s.close(); });
    `]);
    while (counter.read()!.rxQueueBytes > 0) await sleep(5);
    const onPort = parseProcNetUdp(readFileSync('/proc/net/udp', 'latin1')).filter((s) => s.port === port);
    assert.equal(onPort.length, 2, 'two sockets on the port');
    const theirs = onPort.find((s) => otherInodes.has(s.inode))!;
    const ours = onPort.find((s) => !otherInodes.has(s.inode))!;
    assert.ok(theirs && ours);
    // Linux hands unicast to one of the two (the newest bound, in practice: theirs); the flood
    // overflowed whichever it was, and our counter reads our socket's line only.
    assert.ok(ours.drops + theirs.drops > 0, 'the flood overflowed a 4 KiB buffer');
    assert.equal(counter.read()!.drops, ours.drops);
  } finally {
    child.kill('SIGKILL');
    mine.close();
  }
});

test('UdpListener reports kernel drops and keeps the last reading after close', { skip: !LINUX_PROC && 'needs Linux /proc/net/udp' }, async () => {
  const listener = new UdpListener();
  let handled = 0;
  const bound = await listener.listen({ ip: '127.0.0.1', port: 0, rcvbufSize: 4096 }, () => {
    handled++;
  });
  const sent = 1000;
  execFileSync(process.execPath, ['-e', `
    const s = require('node:dgram').createSocket('udp4');
    let done = 0;
    for (let i = 0; i < ${sent}; i++) s.send(Buffer.alloc(800), ${bound.port}, '127.0.0.1', () => { if (++done === ${sent}) s.close(); });
  `]);
  while (listener.kernelQueue()!.rxQueueBytes > 0) await sleep(5);
  const open = listener.statistics();
  assert.equal(open.datagrams, handled);
  assert.ok(open.kernelDrops! > 0);
  assert.equal(open.datagrams + open.kernelDrops!, sent);
  await listener.close();
  const closed = listener.statistics();
  assert.equal(closed.kernelDrops, open.kernelDrops);
  assert.equal(closed.unreadAtClose, 0);
  assert.match(listener.statisticsLine(), new RegExp(`^UDP 127\\.0\\.0\\.1:${bound.port}: datagrams ${handled}, bytes ${handled * 800}, kernel drops ${open.kernelDrops}, handler errors 0$`));
});

test('close() first reads what the kernel already queued', { skip: !LINUX_PROC && 'needs Linux /proc/net/udp' }, async () => {
  const listener = new UdpListener();
  const bound = await listener.listen({ ip: '127.0.0.1', port: 0, rcvbufSize: 1 << 20 }, () => {});
  const sent = 200;
  // Queued while this event loop is blocked; close() is called before the loop ever read them.
  execFileSync(process.execPath, ['-e', `
    const s = require('node:dgram').createSocket('udp4');
    let done = 0;
    for (let i = 0; i < ${sent}; i++) s.send(Buffer.alloc(100), ${bound.port}, '127.0.0.1', () => { if (++done === ${sent}) s.close(); });
  `]);
  assert.ok(listener.kernelQueue()!.rxQueueBytes > 0);
  await listener.close();
  const s = listener.statistics();
  assert.equal(s.kernelDrops, 0);
  assert.equal(s.datagrams, sent);
  assert.equal(s.unreadAtClose, 0);
});

test('a throwing handler is counted, and the next datagram is still handled', async () => {
  const listener = new UdpListener();
  const errors: unknown[] = [];
  const seen: number[] = [];
  const bound = await listener.listen(
    { ip: '127.0.0.1', port: 0, rcvbufSize: 0, onHandlerError: (err) => errors.push(err) },
    (payload) => {
      if (payload[0] === 1) throw new Error('boom');
      seen.push(payload[0]!);
    },
  );
  const s = createSocket('udp4');
  for (const b of [1, 2, 1, 3]) await new Promise<void>((resolve) => s.send(Uint8Array.of(b), bound.port, '127.0.0.1', () => resolve()));
  while (listener.datagrams < 4) await sleep(5);
  s.close();
  await listener.close();
  assert.deepEqual(seen, [2, 3]);
  assert.equal(listener.handlerErrors, 2);
  assert.equal(errors.length, 2);
});

test('the drop watch reports growth once per increase, with the new and total drops', () => {
  const readings = [{ drops: 5, rxQueueBytes: 0 }, { drops: 5, rxQueueBytes: 0 }, { drops: 12, rxQueueBytes: 0 }, null, { drops: 12, rxQueueBytes: 0 }, { drops: 20, rxQueueBytes: 0 }];
  let i = 0;
  const reports: [number, number][] = [];
  const watch = new KernelDropWatch({ kernelQueue: () => readings[i++] ?? null }, (grown, total) => reports.push([grown, total]));
  watch.start(); // first reading (5) is the baseline
  for (let k = 0; k < 5; k++) watch.check();
  watch.stop();
  assert.deepEqual(reports, [[7, 12], [8, 20]]);
});

test('nfacctd_pipe_size: pmacct\'s obtained/target line, and a warning when Linux capped the request', () => {
  // Linux doubles the granted size; 8388608 obtained for a 100 MB request is a 4 MiB cap (rmem_max).
  assert.deepEqual(describeReceiveBufferGrant('nfacctd_pipe_size', 100_000_000, 8_388_608, 'linux', () => 4_194_304), {
    info: 'nfacctd_pipe_size: obtained=8388608 target=100000000.',
    warning: 'nfacctd_pipe_size: the kernel granted a receive buffer of 4194304 bytes, less than the 100000000 asked (net.core.rmem_max is 4194304: raise it, e.g. sysctl -w net.core.rmem_max=100000000)',
  });
  assert.equal(describeReceiveBufferGrant('nfacctd_pipe_size', 100_000, 200_000, 'linux', () => 4_194_304).warning, null);
  assert.equal(describeReceiveBufferGrant('nfacctd_pipe_size', 100_000, 100_000, 'freebsd', () => null).warning, null);
});
