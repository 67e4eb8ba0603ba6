// BGP daemon keys around the sessions: bgp_neighbors_file,
// bgp_daemon_batch / _batch_interval, bgp_daemon_ipprec (seen on the wire with tshark), the
// mutual exclusion of the msglog/dump outputs, and *_amqp_routing_key_rr.
// Expected behaviour from pmbgpd 1.7.7 runs (noted per test) and pmacct's
// bgp_batch_* and write_neighbors_file().
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ConfigError, loadConfigText } from '../../../src/config/index.ts';
import { checkBgpDaemonConfig } from '../../../src/daemons/bgpDaemon.ts';
import { BgpPeerBatch } from '../../../src/routing/bgp/bgpPeerBatch.ts';
import { encodeUpdate } from '../../../src/decode/bgp/updateEncoder.ts';
import { AmqpTap } from '../../golden/bgp/bgpBrokerGolden.ts';
import { rabbitmqSkip } from '../../golden/bgp/rabbitmqSkip.ts';
import { removeDir, startTestCollector, tempDir, waitFor, type TestCollector } from './bgpTestKit.ts';
import { TestPeer } from './bgpTestPeer.ts';
import { LoopbackCapture, tsharkCaptureSkip } from '../../net/loopbackCapture.ts';

const dir = tempDir('tsacct-bgp-options-');
const collectors: TestCollector[] = [];
const peers: TestPeer[] = [];

async function collector(lines: string[]): Promise<TestCollector> {
  const c = await startTestCollector(['bgp_daemon_ip: 127.0.0.1', ...lines].join('\n'));
  collectors.push(c);
  return c;
}

async function peer(port: number, localAddress: string): Promise<TestPeer> {
  // A BGP identifier of its own per address (the collector refuses a clash).
  const p = await TestPeer.open({ port, localAddress, addPath: false, bgpId: Number(localAddress.split('.')[3]) });
  peers.push(p);
  return p;
}

after(async () => {
  for (const p of peers) p.close();
  for (const c of collectors) await c.stop();
  removeDir(dir);
});

function configProblems(lines: string[]): string {
  try {
    checkBgpDaemonConfig(loadConfigText('pmbgpd', lines.join('\n'), 'test.conf'));
    return '';
  } catch (err) {
    assert.ok(err instanceof ConfigError);
    return err.message;
  }
}

/** Connects from `localAddress` and resolves whether the collector kept the connection for 300 ms. */
function connectionKept(port: number, localAddress: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port, localAddress });
    let timer: NodeJS.Timeout | null = null;
    socket.on('connect', () => {
      timer = setTimeout(() => {
        socket.destroy();
        resolve(true);
      }, 300);
    });
    socket.on('close', () => {
      if (timer) clearTimeout(timer);
      resolve(false);
    });
    socket.on('error', () => undefined);
  });
}

describe('bgp_neighbors_file', () => {
  it('lists the connected peers, one address per line, in a file files_umask makes 0600; rewritten as they come and go', async () => {
    const file = join(dir, 'neighbors.txt');
    const c = await collector([`bgp_neighbors_file: ${file}`]);
    const a = await peer(c.port, '127.0.0.21');
    await waitFor('the first neighbor', () => readFileSafe(file) === '127.0.0.21\n');
    // pmbgpd 1.7.7 wrote "127.0.0.9\n" with mode 0600 for one peer.
    assert.equal(statSync(file).mode & 0o777, 0o600);
    await peer(c.port, '127.0.0.22');
    await waitFor('both neighbors', () => readFileSafe(file) === '127.0.0.21\n127.0.0.22\n');
    a.close();
    // pmbgpd 1.7.7 rewrote it too when one of two peers went away.
    await waitFor('the remaining neighbor', () => readFileSafe(file) === '127.0.0.22\n');
  });
});

function readFileSafe(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

describe('bgp_daemon_batch and bgp_daemon_batch_interval', () => {
  it('admits `batch` peers per interval, the first connection after it opening the next batch (pmacct\'s whole seconds)', () => {
    const batch = new BgpPeerBatch(2, 10);
    assert.deepEqual([batch.admit(100_000), batch.admit(100_500), batch.admit(101_000)], [true, true, false]);
    // Still within 100 + 10 s (pmacct: expired only when now > base + interval).
    assert.equal(batch.admit(110_900), false);
    assert.deepEqual([batch.admit(111_000), batch.admit(111_100), batch.admit(111_200)], [true, true, false]);
    // A batch left half used: the next after expiry starts a full one.
    const b = new BgpPeerBatch(3, 5);
    assert.equal(b.admit(0), true);
    assert.deepEqual([b.admit(6_000), b.admit(6_001), b.admit(6_002), b.admit(6_003)], [true, true, true, false]);
  });

  it('refuses the connections beyond the batch', async () => {
    const c = await collector(['bgp_daemon_batch: 2', 'bgp_daemon_batch_interval: 3600', 'bgp_daemon_max_peers: 10']);
    assert.equal(await connectionKept(c.port, '127.0.0.31'), true);
    assert.equal(await connectionKept(c.port, '127.0.0.32'), true);
    assert.equal(await connectionKept(c.port, '127.0.0.33'), false);
    // pmbgpd 1.7.7 refused the third of three peers with bgp_daemon_batch 2 ("throttling at BGP peer #0").
    assert.match(c.logs.join('\n'), /throttling at BGP peer \[127\.0\.0\.33\]: the batch of 2/);
  });

  it('warns as pmacct and runs without batches when only one of the two is set', async () => {
    const c = await collector(['bgp_daemon_batch: 1']);
    assert.match(c.logs.join('\n'), /'bgp_daemon_batch_interval' and 'bgp_daemon_batch' both set to zero\./);
    assert.equal(await connectionKept(c.port, '127.0.0.34'), true);
    assert.equal(await connectionKept(c.port, '127.0.0.35'), true);
  });
});

describe('bgp_daemon_ipprec', () => {
  // pmacct sets IP_TOS = precedence << 5 on the listening socket; the sessions' packets carry it (the SYN-ACK and
  // the OPEN are the first two the collector sends).
  const skip = tsharkCaptureSkip();
  it('marks the packets of the sessions with the IP precedence (5 -> TOS 0xa0), as captured on lo', { skip }, async () => {
    const c = await collector(['bgp_daemon_ipprec: 5']);
    const capture = await LoopbackCapture.start(`tcp src port ${c.port}`, 2, 'ip.dsfield');
    await peer(c.port, '127.0.0.41');
    const tos = await capture.fields();
    assert.equal(tos.length, 2);
    for (const t of tos) assert.equal(Number(t), 0xa0, `TOS of a packet from the collector: ${t}`);
  });
  it('leaves them unmarked with 0 (the default)', { skip }, async () => {
    const c = await collector([]);
    const capture = await LoopbackCapture.start(`tcp src port ${c.port}`, 2, 'ip.dsfield');
    await peer(c.port, '127.0.0.42');
    for (const t of await capture.fields()) assert.equal(Number(t), 0);
  });
  it('is accepted by the configuration check (0 and 1-7)', () => {
    assert.equal(configProblems(['bgp_daemon_ipprec: 6']), '');
    assert.equal(configProblems(['bgp_daemon_ipprec: 0']), '');
  });
});

describe('message log and table dump outputs', () => {
  it('are one of file, AMQP, Kafka each, as in pmbgpd 1.7.7', () => {
    // pmbgpd: "bgp_daemon_msglog_file, bgp_daemon_msglog_amqp_routing_key and bgp_daemon_msglog_kafka_topic are mutually exclusive. Terminating thread."
    assert.match(configProblems(['bgp_daemon_msglog_file: /tmp/x', 'bgp_daemon_msglog_amqp_routing_key: k']), /test\.conf:2: bgp_daemon_msglog_file, bgp_daemon_msglog_amqp_routing_key and bgp_daemon_msglog_kafka_topic are mutually exclusive/);
    assert.match(configProblems(['bgp_table_dump_kafka_topic: t', 'bgp_table_dump_amqp_routing_key: k']), /bgp_table_dump_file, bgp_table_dump_amqp_routing_key and bgp_table_dump_kafka_topic are mutually exclusive/);
    assert.equal(configProblems(['bgp_daemon_msglog_amqp_routing_key: k', 'bgp_table_dump_file: /tmp/d']), '');
  });
});

describe('bgp_daemon_msglog_amqp_routing_key_rr', { skip: await rabbitmqSkip() }, () => {
  it('rotates every message over <key>_0 … <key>_<n-1>, as pmbgpd 1.7.7 (log_init to rr_0, then rr_1, rr_0)', async () => {
    const exchange = `tsacct-bgp-rr-${process.pid}`;
    const tap = await AmqpTap.open(exchange, ['rr', 'rr_0', 'rr_1', 'rr_2'], true);
    try {
      const c = await collector([`bgp_daemon_msglog_amqp_exchange: ${exchange}`, 'bgp_daemon_msglog_amqp_routing_key: rr', 'bgp_daemon_msglog_amqp_routing_key_rr: 2', 'bgp_daemon_msglog_amqp_persistent_msg: true']);
      const p = await peer(c.port, '127.0.0.41');
      p.send(encodeUpdate({ origin: 0, asPath: [65001], nextHop: '192.0.2.1', nlri: [{ prefix: '10.41.0.0/16' }, { prefix: '10.42.0.0/16' }] }));
      await waitFor('three messages', () => tap.messages.length >= 3);
      assert.deepEqual(tap.messages.map((m) => m.routingKey), ['rr_0', 'rr_1', 'rr_0']);
      assert.deepEqual(tap.messages.map((m) => JSON.parse(m.body).ip_prefix as unknown), [undefined, '10.41.0.0/16', '10.42.0.0/16']);
      // *_persistent_msg: delivery mode 2.
      assert.ok(tap.messages.every((m) => m.deliveryMode === 2));
    } finally {
      await tap.close(exchange);
    }
  });
});
