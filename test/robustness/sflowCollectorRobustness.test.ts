/**
 * sfacctd under hostile input: the real daemon receives 100,000 seeded
 * datagrams over UDP — real sFlow v5, v4 and v2 datagrams from the test captures, valid
 * ones mixed with flipped bytes, truncations, lying lengths and counts, and
 * random garbage. It must stay up until SIGTERM, exit 0, and its final
 * statistics must account for every datagram: read + kernel drops = sent,
 * and every datagram read is counted by the decoder (per agent, as
 * unusable, or as refused over the agent limit).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Socket } from 'node:dgram';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PcapSavefileSource } from '../../src/collect/pcapSavefileSource.ts';
import { seededRandom } from '../../src/plugins/seededRandom.ts';
import { DaemonUnderTest, boundSender, freeUdpPort, receiveQueue } from './udpTestKit.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const TSACCT = join(ROOT, 'bin', 'tsacct.js');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'sflow');
const DATAGRAMS = 100_000;

function sflowSeeds(): Buffer[] {
  const seeds: Buffer[] = [];
  for (const file of readdirSync(FIXTURES).filter((f) => f.endsWith('.pcap'))) {
    const source = new PcapSavefileSource(join(FIXTURES, file));
    for (let d = source.next(); d !== null && seeds.length < 5000; d = source.next()) {
      if (d.payload.length >= 24 && [2, 4, 5].includes(d.payload.readUInt32BE(0))) seeds.push(Buffer.from(d.payload));
    }
    source.close();
  }
  return seeds;
}

/** Seeded mutations of sFlow datagrams; XDR lengths and counts are 32-bit words worth lying in. */
function mutator(seeds: readonly Buffer[], seed: number): () => Buffer {
  const random = seededRandom(seed);
  const int = (below: number): number => Math.floor(random() * below);
  return () => {
    const original = seeds[int(seeds.length)]!;
    const r = random();
    if (r < 0.25) return original;
    const out = Buffer.from(original);
    if (r < 0.45) {
      for (let i = 1 + int(8); i > 0; i--) out[int(out.length)] = int(256);
      return out;
    }
    if (r < 0.6) return out.subarray(0, int(out.length));
    if (r < 0.85) {
      // Overwrite an aligned word (sample counts, record lengths, header lengths…) with an absurd value.
      const words = Math.floor(out.length / 4);
      const values = [0, 1, 0x7fffffff, 0xffffffff, out.length, 4096];
      for (let i = 1 + int(3); i > 0; i--) out.writeUInt32BE(values[int(values.length)]!, 4 * int(words));
      return out;
    }
    return Buffer.from(Array.from({ length: int(1400) }, () => int(256)));
  };
}

test('sfacctd survives 100,000 hostile sFlow datagrams and accounts for every one', {
  skip: !existsSync('/proc/net/udp') && 'needs Linux /proc/net/udp',
  timeout: 120_000,
}, async (t) => {
  const work = mkdtempSync(join(tmpdir(), 'tsacct-sf-robust-'));
  let sender: Socket | null = null;
  try {
    const port = await freeUdpPort();
    writeFileSync(join(work, 'sfacctd.conf'), [
      'sfacctd_ip: 127.0.0.1',
      `sfacctd_port: ${port}`,
      'sfacctd_pipe_size: 4194304',
      'plugins: print[out]',
      'aggregate[out]: src_host, dst_host, proto',
      'print_output[out]: csv',
      `print_output_file[out]: ${join(work, 'out.csv')}`,
      'print_refresh_time[out]: 3600',
      '',
    ].join('\n'));
    const daemon = new DaemonUnderTest([TSACCT, 'sfacctd', '-f', join(work, 'sfacctd.conf')]);
    await daemon.waitForLog(/waiting for sFlow data on 127\.0\.0\.1/);
    const obtained = Number(/obtained=(\d+)/.exec(daemon.log)?.[1]);
    assert.ok(obtained > 0, `no obtained= line in:\n${daemon.log}`);

    sender = await boundSender('127.0.0.1');
    const next = mutator(sflowSeeds(), 20261122);
    let lastSend: Promise<void> = Promise.resolve();
    const started = performance.now();
    for (let i = 0; i < DATAGRAMS; i++) {
      const payload = next();
      const s = sender;
      lastSend = new Promise<void>((resolve, reject) => s.send(payload, port, '127.0.0.1', (err) => (err ? reject(err) : resolve())));
      if (i % 64 === 63) {
        await lastSend;
        while (receiveQueue(port) > obtained / 4) {
          daemon.assertAlive();
          await sleep(1);
        }
      }
    }
    await lastSend;
    while (receiveQueue(port) > 0) await sleep(5);
    const elapsed = (performance.now() - started) / 1000;

    const { code, signal } = await daemon.terminate();
    assert.equal(signal, null, daemon.log);
    assert.equal(code, 0, daemon.log);

    const final = daemon.log.slice(daemon.log.indexOf('received SIGTERM'));
    const udp = /: UDP 127\.0\.0\.1:\d+: datagrams (\d+), bytes \d+, kernel drops (\d+), receive ring overflows (\d+), handler errors (\d+)/.exec(final);
    assert.ok(udp, `no UDP statistics line after SIGTERM:\n${final}`);
    const [received, drops, overflows, handlerErrors] = [Number(udp[1]), Number(udp[2]), Number(udp[3]), Number(udp[4])];
    assert.equal(received + drops, DATAGRAMS, 'received + kernel drops = sent');
    assert.equal(handlerErrors, 0, 'no datagram made the pipeline throw');
    let counted = 0;
    let malformed = 0;
    for (const m of final.matchAll(/sflow agent \S+: datagrams (\d+), .*malformed (\d+)/g)) {
      counted += Number(m[1]);
      malformed += Number(m[2]);
    }
    for (const m of final.matchAll(/sflow source \S+: unusable datagrams (\d+)/g)) counted += Number(m[1]);
    for (const m of final.matchAll(/sflow: datagrams refused over the agent limit (\d+)/g)) counted += Number(m[1]);
    assert.equal(counted + overflows, received, 'every datagram read is counted by the decoder or as a receive ring overflow');
    assert.ok(malformed > 0, 'mutations are counted as malformed');
    t.diagnostic(`sent ${DATAGRAMS} in ${elapsed.toFixed(1)} s, kernel drops ${drops}, ring overflows ${overflows}, malformed ${malformed}`);
  } finally {
    sender?.close();
    rmSync(work, { recursive: true, force: true });
  }
});
