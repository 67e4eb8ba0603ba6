/**
 * The running collector under hostile input: the real daemon
 * (`tsacct nfacctd -f <conf>`) receives 100,000 seeded datagrams over UDP
 * from three exporter addresses (127.0.0.1-3): real NetFlow v5/v9/IPFIX
 * export datagrams, valid ones mixed with mutations (flipped bytes,
 * truncation, lying length and count fields, zeroed field lengths, absurd
 * counts), crafted template pathologies and random garbage.
 *
 * It must stay up until SIGTERM, exit 0, and its final statistics must
 * account for every datagram: received = sent − kernel drops, per exporter
 * and in bytes; malformed input counted. Sending is paced on the daemon's
 * receive queue (/proc/net/udp) so that the kernel buffer should not
 * overflow; should it, the drop counter is what keeps the books balanced.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Socket } from 'node:dgram';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DatagramMutator, seedDatagrams, type MutatedDatagram } from './datagramMutations.ts';
import { DaemonUnderTest, boundSender, freeUdpPort, receiveQueue } from './udpTestKit.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const TSACCT = join(ROOT, 'bin', 'tsacct.js');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'netflow');
const EXPORTERS = ['127.0.0.1', '127.0.0.2', '127.0.0.3'];
const DATAGRAMS = 100_000;
const SEED = 20240607;

/** NetFlow v5 records' packet counts of a well-formed v5 datagram (header count matches the length). */
function v5Packets(p: Buffer): number {
  const count = p.readUInt16BE(2);
  if (count > 30 || p.length !== 24 + 48 * count) return -1;
  let packets = 0;
  for (let i = 0; i < count; i++) packets += p.readUInt32BE(24 + 48 * i + 16);
  return packets;
}

interface ExporterLine {
  datagrams: number;
  malformed: number;
}

test('the collector survives 100,000 hostile datagrams and accounts for every one', {
  skip: !existsSync('/proc/net/udp') && 'needs Linux /proc/net/udp',
  timeout: 120_000,
}, async (t) => {
  const work = mkdtempSync(join(tmpdir(), 'tsacct-robust-'));
  const senders: Socket[] = [];
  try {
    const port = await freeUdpPort();
    const pidfile = join(work, 'nfacctd.pid');
    const output = join(work, 'out.csv');
    writeFileSync(join(work, 'nfacctd.conf'), [
      'nfacctd_ip: 127.0.0.1',
      `nfacctd_port: ${port}`,
      'nfacctd_pipe_size: 4194304',
      `pidfile: ${pidfile}`,
      'plugins: print[out]',
      'aggregate[out]: src_host, dst_host, proto',
      'print_output[out]: csv',
      `print_output_file[out]: ${output}`,
      'print_output_file_append[out]: true',
      'print_refresh_time[out]: 3600',
      'print_cache_entries[out]: 100000',
      '',
    ].join('\n'));

    const daemon = new DaemonUnderTest([TSACCT, 'nfacctd', '-f', join(work, 'nfacctd.conf')]);
    await daemon.waitForLog(/waiting for NetFlow\/IPFIX data on 127\.0\.0\.1/);
    assert.equal(readFileSync(pidfile, 'utf8').trim(), String(daemon.pid));
    // Linux reports twice the usable buffer; keep the queue under half of what is usable.
    const obtained = Number(/obtained=(\d+)/.exec(daemon.log)?.[1]);
    assert.ok(obtained > 0, `no obtained= line in:\n${daemon.log}`);
    const queueLimit = obtained / 4;

    for (const address of EXPORTERS) senders.push(await boundSender(address));
    const mutator = new DatagramMutator(seedDatagrams(FIXTURES), SEED);
    const sentBy = new Map<string, number>(EXPORTERS.map((a) => [a, 0]));
    let sentBytes = 0;
    let certainlyMalformed = 0;
    let validV5Packets = 0;
    const kinds = new Map<string, number>();
    let lastSend: Promise<void> = Promise.resolve();
    const started = performance.now();
    for (let i = 0; i < DATAGRAMS; i++) {
      const d: MutatedDatagram = mutator.next();
      const e = i % EXPORTERS.length;
      const sender = senders[e]!;
      lastSend = new Promise<void>((resolve, reject) => sender.send(d.payload, port, '127.0.0.1', (err) => (err ? reject(err) : resolve())));
      sentBy.set(EXPORTERS[e]!, sentBy.get(EXPORTERS[e]!)! + 1);
      sentBytes += d.payload.length;
      kinds.set(d.kind, (kinds.get(d.kind) ?? 0) + 1);
      if (d.certainlyMalformed) certainlyMalformed++;
      if (d.validV5) {
        const packets = v5Packets(d.payload);
        if (packets >= 0) validV5Packets += packets;
      }
      if (i % 64 === 63) {
        await lastSend;
        while (receiveQueue(port) > queueLimit) {
          daemon.assertAlive();
          await sleep(1);
        }
      }
      if (i === DATAGRAMS / 2) process.kill(daemon.pid, 'SIGUSR1');
    }
    await lastSend;
    // Everything sent is either read by the daemon or dropped by the kernel once the queue is empty.
    while (receiveQueue(port) > 0) {
      daemon.assertAlive();
      await sleep(5);
    }
    const elapsedSec = (performance.now() - started) / 1000;
    // The SIGUSR1 statistics arrived while the daemon was busy.
    await daemon.waitForLog(/: UDP 127\.0\.0\.1:\d+: datagrams/);

    process.kill(daemon.pid, 0); // throws if the process is gone
    const { code, signal } = await daemon.terminate();
    assert.equal(signal, null, daemon.log);
    assert.equal(code, 0, daemon.log);
    assert.equal(existsSync(pidfile), false, 'the pidfile is removed at exit');

    const final = daemon.log.slice(daemon.log.indexOf('received SIGTERM'));
    const udp = /: UDP 127\.0\.0\.1:(\d+): datagrams (\d+), bytes (\d+), kernel drops (\d+), receive ring overflows (\d+), handler errors (\d+)/.exec(final);
    assert.ok(udp, `no UDP statistics line after SIGTERM:\n${final}`);
    const [received, receivedBytes, drops, overflows, handlerErrors] = [Number(udp[2]), Number(udp[3]), Number(udp[4]), Number(udp[5]), Number(udp[6])];
    assert.equal(Number(udp[1]), port);
    assert.equal(received + drops, DATAGRAMS, 'received + kernel drops = sent');
    assert.equal(handlerErrors, 0, 'no datagram made the pipeline throw');

    const exporters = new Map<string, ExporterLine>();
    for (const m of final.matchAll(/netflow exporter (\S+): datagrams (\d+), .*malformed (\d+)/g)) {
      exporters.set(m[1]!, { datagrams: Number(m[2]), malformed: Number(m[3]) });
    }
    assert.deepEqual([...exporters.keys()].sort(), EXPORTERS, 'one statistics line per exporter');
    const decoded = [...exporters.values()].reduce((n, x) => n + x.datagrams, 0);
    assert.equal(decoded + overflows, received, 'every datagram read reached the decoder or is counted as a receive ring overflow');
    const malformed = [...exporters.values()].reduce((n, x) => n + x.malformed, 0);
    assert.ok(malformed >= certainlyMalformed, `malformed ${malformed} counted, at least ${certainlyMalformed} certain`);

    if (drops === 0 && overflows === 0) {
      assert.equal(receivedBytes, sentBytes, 'bytes received = bytes sent');
      for (const [address, sent] of sentBy) assert.equal(exporters.get(address)!.datagrams, sent, `datagrams from ${address}`);
      // v5 is stateless: the unmodified v5 datagrams' flows are all in the output, whatever else arrived.
      const rows = readFileSync(output, 'utf8').split('\n').filter((l) => l !== '' && !l.startsWith('SRC_IP'));
      const packets = rows.reduce((n, row) => n + Number(row.split(',')[3]), 0);
      assert.ok(packets >= validV5Packets, `printed packets ${packets} >= packets of the valid v5 datagrams ${validV5Packets}`);
    }
    t.diagnostic(`sent ${DATAGRAMS} in ${elapsedSec.toFixed(1)} s (${Math.round(DATAGRAMS / elapsedSec)}/s), kernel drops ${drops}, malformed ${malformed} (certain ${certainlyMalformed}), kinds ${JSON.stringify(Object.fromEntries(kinds))}`);
  } finally {
    for (const s of senders) s.close();
    rmSync(work, { recursive: true, force: true });
  }
});
