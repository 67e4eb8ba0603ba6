/**
 * The memory plugin under load: 50 clients query in parallel (each one reads
 * and resets the counters of the whole table, -N '*' -r) while 50k flows/s
 * arrive for three seconds. Every query is answered, and the reset reads add
 * up to exactly the packets sent: nothing is counted twice or lost between a
 * read and its reset.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { runPmacctClient } from '../../src/client/pmacctClient.ts';
import { boundSender } from '../robustness/udpTestKit.ts';
import { startWebDaemon, v5Datagram } from '../web/webTestKit.ts';

const CLIENTS = 50;
const FLOWS_PER_DATAGRAM = 30;
const DATAGRAMS_PER_TICK = 17; // every 10 ms: 1700 datagrams, 51k flows per second
const SECONDS = 3;

async function resetRead(pipe: string): Promise<{ code: number; packets: number }> {
  let out = '';
  const code = await runPmacctClient(['-p', pipe, '-c', 'dst_host', '-N', '*', '-r', '-n', 'packets'], { out: (t) => { out += t; } });
  return { code, packets: Number(out.trim()) };
}

test(`${CLIENTS} parallel reset reads while 50k flows/s arrive add up to every packet sent`, async (t) => {
  const d = await startWebDaemon(['nfacctd_pipe_size: 8388608']);
  try {
    const sender = await boundSender('127.0.0.1');
    const datagrams = Array.from({ length: DATAGRAMS_PER_TICK }, (_, i) => v5Datagram(i * FLOWS_PER_DATAGRAM, FLOWS_PER_DATAGRAM, 1 + i * FLOWS_PER_DATAGRAM));
    let sent = 0;
    const ticks = (SECONDS * 1000) / 10;
    const sending = (async () => {
      for (let t = 0; t < ticks; t++) {
        for (const dg of datagrams) {
          sender.send(dg, d.udpPort, '127.0.0.1');
          sent += FLOWS_PER_DATAGRAM;
        }
        await sleep(10);
      }
    })();
    let answered = 0;
    let failed = 0;
    let counted = 0;
    let done = false;
    const clients = Array.from({ length: CLIENTS }, async () => {
      while (!done) {
        const r = await resetRead(d.pipe);
        if (r.code === 0 && Number.isInteger(r.packets)) {
          answered++;
          counted += r.packets;
        } else {
          failed++;
        }
      }
    });
    await sending;
    done = true;
    await Promise.all(clients);
    sender.close();
    // Let the daemon take in what is still in flight, then read the rest.
    for (let i = 0; i < 100; i++) {
      const rest = await resetRead(d.pipe);
      assert.equal(rest.code, 0);
      counted += rest.packets;
      if (counted >= sent) break;
      await sleep(50);
    }
    d.daemon.assertAlive();
    t.diagnostic(`${answered} queries answered, ${sent} flows sent, ${counted} packets read`);
    assert.equal(failed, 0, 'every query answered');
    assert.ok(answered >= CLIENTS, `${answered} queries answered`);
    const drops = /kernel drops|dropped/.test(d.daemon.log) ? d.daemon.log : '';
    assert.equal(counted, sent, `reset reads add up to the packets sent (${answered} queries)${drops}`);
  } finally {
    await d.stop();
  }
});
