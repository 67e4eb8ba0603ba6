// bgp_daemon_pipe_size, and the BGP table tuning keys pmacct configs carry
// (bgp_table_peer_buckets, _per_peer_buckets, _attr_hash_buckets,
// _per_peer_hash, bgp_table_dump_workers).
//
// Expected values are derived by hand from pmacct's rule (src/bgp/bgp.c and
// Setsocksize in src/util.c: SO_RCVBUF on the listening socket, raised only,
// a refused size halved) and Linux's (a socket starts with
// net.ipv4.tcp_rmem's middle value; setsockopt(SO_RCVBUF, v) keeps
// 2 × min(v, net.core.rmem_max); an accepted socket inherits the
// listener's). pmbgpd 1.7.7 on this kind of machine (rmem_max 4194304,
// tcp_rmem 4096 131072 …) logged "bgp_daemon_pipe_size: obtained=8388608
// target=16777216." for 16777216, "obtained=400000 target=200000." for
// 200000 and "obtained=131072 target=65536." for 65536, between "maximum BGP
// peers allowed: 4" and "waiting for BGP data on …", and started with the
// five tuning keys set.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { after, describe, it } from 'node:test';
import { ConfigError, loadConfigText } from '../../../src/config/index.ts';
import { checkBgpDaemonConfig } from '../../../src/daemons/bgpDaemon.ts';
import {
  loadNativeSocketBuffer,
  raiseDescriptorReceiveBuffer,
  raiseReceiveBuffer,
  receiveBufferOf,
  type NativeSocketBuffer,
} from '../../../src/collect/socketReceiveBuffer.ts';
import { hasCommand, startTestCollector, waitFor, type TestCollector } from './bgpTestKit.ts';

const collectors: TestCollector[] = [];
const sockets: Socket[] = [];
const servers: Server[] = [];

after(async () => {
  for (const s of sockets) s.destroy();
  for (const c of collectors) await c.stop();
  for (const s of servers) await new Promise((resolve) => s.close(resolve));
});

const linux = process.platform === 'linux';
const addonSkip = loadNativeSocketBuffer() === null ? 'build/socketOptions.node is not built (node scripts/buildNative.ts)' : !linux ? 'the expected sizes are Linux\'s' : false;

function procNumbers(path: string): number[] {
  return readFileSync(path, 'utf8').trim().split(/\s+/).map(Number);
}

/** What Linux keeps for setsockopt(SO_RCVBUF, target): twice the request, capped at rmem_max. */
function linuxGrant(target: number): number {
  return 2 * Math.min(target, procNumbers('/proc/sys/net/core/rmem_max')[0]!);
}

/** A new TCP socket's SO_RCVBUF: net.ipv4.tcp_rmem's default (middle) value. */
function tcpDefault(): number {
  return procNumbers('/proc/sys/net/ipv4/tcp_rmem')[1]!;
}

/** The kernel's sk_rcvbuf (`skmem` rb) of the TCP sockets in `state` on local port `port`, as `ss` lists them. */
function ssReceiveBuffers(state: 'listening' | 'established', port: number): number[] {
  const out = execFileSync('ss', ['-tmnH', 'state', state, `( sport = :${port} )`], { encoding: 'utf8' });
  return [...out.matchAll(/skmem:\(r\d+,rb(\d+),/g)].map((m) => Number(m[1]));
}

async function collector(lines: string[]): Promise<TestCollector> {
  const c = await startTestCollector(['bgp_daemon_ip: 127.0.0.1', ...lines].join('\n'));
  collectors.push(c);
  return c;
}

describe('the raising rule (pmacct\'s Setsocksize)', () => {
  /** A kernel that refuses sizes above `limit` and reports twice what it keeps. */
  function fakeKernel(initial: number, limit: number): NativeSocketBuffer & { tried: number[] } {
    let size = initial;
    const tried: number[] = [];
    return {
      tried,
      getReceiveBuffer: () => size,
      setReceiveBuffer: (_fd, bytes) => {
        tried.push(bytes);
        if (bytes > limit) throw Object.assign(new Error('setsockopt(SO_RCVBUF): No buffer space available'), { errno: 105 });
        size = 2 * bytes;
      },
    };
  }

  it('halves a refused size until one is taken', () => {
    const kernel = fakeKernel(1000, 50_000);
    assert.deepEqual(raiseDescriptorReceiveBuffer(kernel, 3, 200_000), { before: 1000, obtained: 100_000, raised: true });
    assert.deepEqual(kernel.tried, [200_000, 100_000, 50_000]);
  });

  it('sets nothing when the target is not above the current size', () => {
    const kernel = fakeKernel(131_072, 1 << 30);
    assert.deepEqual(raiseDescriptorReceiveBuffer(kernel, 3, 131_072), { before: 131_072, obtained: 131_072, raised: false });
    assert.deepEqual(raiseDescriptorReceiveBuffer(kernel, 3, 100_000), { before: 131_072, obtained: 131_072, raised: false });
    assert.deepEqual(kernel.tried, []);
  });
});

describe('build/socketOptions.node', { skip: addonSkip }, () => {
  it('raises a listening socket\'s SO_RCVBUF, which the sockets it accepts inherit', async () => {
    const accepted: Socket[] = [];
    const server = createServer((socket) => accepted.push(socket));
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    assert.equal(receiveBufferOf(server), tcpDefault());
    const result = raiseReceiveBuffer(server, 1_000_000);
    assert.deepEqual(result, { before: tcpDefault(), obtained: linuxGrant(1_000_000), raised: true });
    assert.equal(receiveBufferOf(server), linuxGrant(1_000_000));
    const port = (server.address() as { port: number }).port;
    sockets.push(connect({ host: '127.0.0.1', port }));
    await waitFor('the accepted connection', () => accepted.length === 1);
    sockets.push(accepted[0]!);
    assert.equal(receiveBufferOf(accepted[0]!), linuxGrant(1_000_000));
  });
});

describe('bgp_daemon_pipe_size', { skip: addonSkip }, () => {
  const ssSkip = hasCommand('ss') ? false : 'ss (iproute2) is not installed';

  it('sizes the BGP sessions\' receive buffer (capped at rmem_max), with pmacct\'s INFO line between the listening lines', { skip: ssSkip }, async () => {
    const target = 16_777_216;
    const c = await collector(['bgp_daemon_pipe_size: 16777216']);
    const expected = linuxGrant(target);
    const logs = c.logs.join('\n');
    assert.match(logs, new RegExp(`maximum BGP peers allowed: 4\\n.*bgp_daemon_pipe_size: obtained=${expected} target=${target}\\.\\n.*waiting for BGP data on 127\\.0\\.0\\.1:${c.port}`));
    assert.deepEqual(ssReceiveBuffers('listening', c.port), [expected]);
    sockets.push(connect({ host: '127.0.0.1', port: c.port, localAddress: '127.0.0.51' }).on('error', () => undefined));
    await waitFor('the session', () => c.collector.sessionList().length === 1);
    assert.deepEqual(ssReceiveBuffers('established', c.port), [expected]);
  });

  it('leaves the size alone when the target is not above the default (raising only), and still says so', { skip: ssSkip }, async () => {
    // Below the default but above half of it: setting it would have given 2 × target, more than the default.
    const target = Math.floor(tcpDefault() * 0.75);
    const c = await collector([`bgp_daemon_pipe_size: ${target}`]);
    assert.match(c.logs.join('\n'), new RegExp(`bgp_daemon_pipe_size: obtained=${tcpDefault()} target=${target}\\.`));
    assert.doesNotMatch(c.logs.join('\n'), /WARN/);
    assert.deepEqual(ssReceiveBuffers('listening', c.port), [tcpDefault()]);
  });

  it('logs nothing about it when unset', async () => {
    const c = await collector([]);
    assert.doesNotMatch(c.logs.join('\n'), /bgp_daemon_pipe_size/);
  });
});

describe('the BGP table tuning keys', () => {
  const tuning = [
    'bgp_daemon_pipe_size: 16777216',
    'bgp_table_peer_buckets: 5',
    'bgp_table_per_peer_buckets: 2',
    'bgp_table_attr_hash_buckets: 1000',
    'bgp_table_per_peer_hash: path_id',
    'bgp_table_dump_workers: 2',
  ];

  it('load, pass the daemon check and the collector starts with all six set', async () => {
    checkBgpDaemonConfig(loadConfigText('pmbgpd', ['bgp_daemon_ip: 127.0.0.1', ...tuning].join('\n'), 'test.conf'));
    const c = await collector(tuning);
    assert.match(c.logs.join('\n'), new RegExp(`waiting for BGP data on 127\\.0\\.0\\.1:${c.port}`));
  });

  it('keep their value ranges', () => {
    for (const line of ['bgp_table_peer_buckets: 1001', 'bgp_table_per_peer_buckets: 129', 'bgp_table_attr_hash_buckets: 0', 'bgp_table_per_peer_hash: prefix', 'bgp_table_dump_workers: 0', 'bgp_daemon_pipe_size: 0']) {
      assert.throws(() => loadConfigText('pmbgpd', line, 'test.conf'), ConfigError, line);
    }
  });
});
