// The passive speaker's rules, driven by a scripted peer: the OPEN it
// answers with, admission (allow file, bgp_daemon_max_peers, one session
// per address, BGP identifier clashes), the FSM's refusals, the hold timer,
// NOTIFICATIONs both ways and the daemon's own shutdown. Expected codes are
// RFC 4271 §6 / RFC 6608's for each case.
import assert from 'node:assert/strict';
import { readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { BgpMessageReader, KEEPALIVE_MESSAGE, newFramedMessage } from '../../../src/decode/bgp/bgpMessageReader.ts';
import { encodeNotification } from '../../../src/decode/bgp/bgpNotification.ts';
import { decodeOpen, encodeOpen, multiprotocolCapability, type OpenMessage } from '../../../src/decode/bgp/bgpOpen.ts';
import { encodeUpdate } from '../../../src/decode/bgp/updateEncoder.ts';
import { BgpProtocolError } from '../../../src/decode/bgp/bgpProtocolError.ts';
import { connect } from 'node:net';
import { mapReloader } from '../../../src/maps/mapReloader.ts';
import { readLines, removeDir, startTestCollector, tempDir, waitFor, type TestCollector } from './bgpTestKit.ts';
import { TestPeer } from './bgpTestPeer.ts';

const dir = tempDir('tsacct-bgp-collector-');
const collectors: TestCollector[] = [];

async function collector(lines: string[], adjust?: Parameters<typeof startTestCollector>[1]): Promise<TestCollector> {
  const c = await startTestCollector(['bgp_daemon_ip: 127.0.0.1', ...lines].join('\n'), adjust);
  collectors.push(c);
  return c;
}

after(async () => {
  for (const c of collectors) await c.stop();
  removeDir(dir);
});

/** Connects, sends `open`, and returns the collector's OPEN (or the NOTIFICATION's code/subcode). */
async function openWith(port: number, localAddress: string, open: Uint8Array): Promise<{ open: OpenMessage | null; notification: [number, number] | null }> {
  const socket = connect({ host: '127.0.0.1', port, localAddress });
  const reader = new BgpMessageReader();
  const framed = newFramedMessage();
  let result: { open: OpenMessage | null; notification: [number, number] | null } | null = null;
  socket.on('data', (chunk: Buffer) => {
    reader.push(chunk);
    for (let r = reader.next(framed); r === true; r = reader.next(framed)) {
      if (framed.type === 1) {
        const o = decodeOpen(framed.bytes, framed.offset, framed.length);
        result = { open: o instanceof BgpProtocolError ? null : o, notification: null };
      } else if (framed.type === 3) {
        result = { open: null, notification: [framed.bytes[framed.offset + 19]!, framed.bytes[framed.offset + 20]!] };
      }
    }
  });
  socket.on('error', () => {});
  socket.write(open);
  await waitFor('an answer to the OPEN', () => result !== null, 5000);
  socket.destroy();
  return result!;
}

describe('the OPEN the collector answers with', () => {
  it('mirrors the peer: its AS (iBGP), hold time and multiprotocol families; BGP identifier from bgp_daemon_id', async () => {
    const c = await collector(['bgp_daemon_id: 192.0.2.254']);
    const o = await openWith(c.port, '127.0.0.10', encodeOpen({ myAs: 65001, holdTime: 45, bgpId: 0x0a00000a, capabilities: [multiprotocolCapability(1, 1), multiprotocolCapability(2, 128)] }));
    assert.equal(o.open?.myAs, 65001);
    assert.equal(o.open?.holdTime, 45);
    assert.equal(o.open?.bgpId, (192 << 24 | 2 << 8 | 254) >>> 0);
    assert.deepEqual(o.open?.multiprotocol, [{ afi: 1, safi: 1 }, { afi: 2, safi: 128 }]);
    // No 4-octet AS capability offered: none answered.
    assert.equal(o.open?.fourOctetAs, null);
  });

  it('presents bgp_daemon_as (eBGP), as AS_TRANS plus the 4-octet AS capability when it needs 4 octets', async () => {
    const c = await collector(['bgp_daemon_as: 4200000099']);
    const peer = await TestPeer.open({ port: c.port, localAddress: '127.0.0.11', as: 65001, bgpId: 0x0a00000b });
    await waitFor('established', () => c.collector.sessionList()[0]?.state === 'established');
    assert.match(c.logs.join('\n'), /BGP_OPEN: Local AS: 4200000099 Remote AS: 65001/);
    peer.close();
    // bgp_daemon_id unset and bgp_daemon_ip an IPv4 address: the identifier is bgp_daemon_ip.
    const o = await openWith(c.port, '127.0.0.12', encodeOpen({ myAs: 65001, holdTime: 9, bgpId: 0x0a00000c, capabilities: [] }));
    assert.equal(o.notification?.join('/'), '2/0', 'a 4-octet local AS with a peer without the capability cannot work');
  });

  it('refuses what RFC 4271 §6.2 refuses: version 3 (2/1), hold time 1 (2/6)', async () => {
    const c = await collector([]);
    const v3 = encodeOpen({ myAs: 65001, holdTime: 9, bgpId: 1, capabilities: [] });
    v3[19] = 3;
    assert.deepEqual((await openWith(c.port, '127.0.0.13', v3)).notification, [2, 1]);
    assert.deepEqual((await openWith(c.port, '127.0.0.13', encodeOpen({ myAs: 65001, holdTime: 1, bgpId: 1, capabilities: [] }))).notification, [2, 6]);
  });
});

describe('admission', () => {
  it('refuses addresses the allow file does not list, and reloads it', async () => {
    const allow = join(dir, 'allow.lst');
    writeFileSync(allow, '! peers\n127.0.0.20\n127.0.1.0/24\n');
    const c = await collector([`bgp_daemon_allow_file: ${allow}`]);
    await TestPeer.open({ port: c.port, localAddress: '127.0.1.7', bgpId: 7 });
    await assert.rejects(TestPeer.open({ port: c.port, localAddress: '127.0.0.21', bgpId: 21 }));
    assert.match(c.logs.join('\n'), /peer '127\.0\.0\.21' not allowed/);
    // SIGUSR2's reload: new connections see the new list.
    writeFileSync(allow, '127.0.0.21\n');
    mapReloader.reloadAll();
    await TestPeer.open({ port: c.port, localAddress: '127.0.0.21', bgpId: 21 });
  });

  it('refuses connections beyond bgp_daemon_max_peers', async () => {
    const c = await collector(['bgp_daemon_max_peers: 2']);
    await TestPeer.open({ port: c.port, localAddress: '127.0.0.30', bgpId: 30 });
    await TestPeer.open({ port: c.port, localAddress: '127.0.0.31', bgpId: 31 });
    await assert.rejects(TestPeer.open({ port: c.port, localAddress: '127.0.0.32', bgpId: 32 }));
    assert.match(c.logs.join('\n'), /Insufficient number of BGP peers has been configured by 'bgp_daemon_max_peers' \(2\)/);
  });

  it('refuses a second session from an address whose session is alive', async () => {
    const c = await collector([]);
    await TestPeer.open({ port: c.port, localAddress: '127.0.0.40', bgpId: 40 });
    await assert.rejects(TestPeer.open({ port: c.port, localAddress: '127.0.0.40', bgpId: 41 }));
    assert.match(c.logs.join('\n'), /Refusing new connection from existing peer/);
  });

  it('refuses a BGP identifier another peer uses (2/3), unless bgp_disable_router_id_check', async () => {
    const c = await collector([]);
    await TestPeer.open({ port: c.port, localAddress: '127.0.0.50', bgpId: 50 });
    const second = await openWith(c.port, '127.0.0.51', encodeOpen({ myAs: 65001, holdTime: 9, bgpId: 50, capabilities: [] }));
    assert.deepEqual(second.notification, [2, 3]);
    const lax = await collector(['bgp_disable_router_id_check: true']);
    await TestPeer.open({ port: lax.port, localAddress: '127.0.0.50', bgpId: 50 });
    const ok = await openWith(lax.port, '127.0.0.51', encodeOpen({ myAs: 65001, holdTime: 9, bgpId: 50, capabilities: [] }));
    assert.notEqual(ok.open, null);
  });
});

describe('table dumps', () => {
  it('name files with the dump time and the peer, truncate them per dump, and point the latest file at the last one', async () => {
    const c = await collector([
      `bgp_table_dump_file: ${join(dir, 'dump-$peer_src_ip-%Y%m%d-%H%M.json')}`,
      'bgp_table_dump_refresh_time: 300',
      `bgp_table_dump_latest_file: ${join(dir, 'dump-$peer_src_ip.latest')}`,
      'timestamps_utc: true',
    ]);
    const peer = await TestPeer.open({ port: c.port, localAddress: '127.0.0.80', bgpId: 80, addPath: false });
    peer.send(encodeUpdate({ origin: 0, asPath: [65001], nextHop: '192.0.2.1', nlri: [{ prefix: '10.8.0.0/16' }] }));
    await waitFor('the route', () => c.collector.peers()[0]?.rib.routeCount === 1);
    // 1700000000 is 2023-11-14 22:13:20 UTC.
    const first = await c.collector.dumpTables(1700000000);
    const file = join(dir, 'dump-127_0_0_80-20231114-2213.json');
    assert.deepEqual(first.files, [file]);
    const again = await c.collector.dumpTables(1700000000);
    assert.deepEqual(again.files, [file]);
    const lines = readLines(file).map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(lines.map((l) => l.event_type), ['dump_init', 'dump', 'dump_close']);
    assert.deepEqual([lines[0]!.timestamp, lines[0]!.dump_period], ['2023-11-14 22:13:20', 300]);
    assert.equal(readlinkSync(join(dir, 'dump-127_0_0_80.latest')), file);
    peer.close();
  });
});

describe('the session', () => {
  it('answers an UPDATE before the KEEPALIVE with an FSM error (5/2, RFC 6608)', async () => {
    const c = await collector([]);
    const socket = connect({ host: '127.0.0.1', port: c.port, localAddress: '127.0.0.60' });
    const got: number[] = [];
    socket.on('data', (b: Buffer) => {
      // The NOTIFICATION is the message after the OPEN (29+ bytes) and the KEEPALIVE (19).
      for (let i = 0; i + 18 < b.length; i++) if (b[i + 18] === 3 && b[i] === 0xff && b[i + 15] === 0xff) got.push(b[i + 19]!, b[i + 20]!);
    });
    socket.on('error', () => {});
    socket.write(encodeOpen({ myAs: 65001, holdTime: 9, bgpId: 60, capabilities: [] }));
    await waitFor('OPEN sent', () => c.collector.sessionList()[0]?.state === 'open-confirm');
    socket.write(encodeUpdate({ origin: 0, asPath: [], nextHop: '192.0.2.1', nlri: [{ prefix: '10.0.0.0/8' }] }));
    await waitFor('the NOTIFICATION', () => got.length === 2);
    assert.deepEqual(got, [5, 2]);
    socket.destroy();
  });

  it('withdraws what a malformed UPDATE announces and keeps the session (RFC 7606 treat-as-withdraw)', async () => {
    const c = await collector([`bgp_daemon_msglog_file: ${join(dir, 'taw-$peer_src_ip.json')}`]);
    const peer = await TestPeer.open({ port: c.port, localAddress: '127.0.0.64', bgpId: 64, addPath: false });
    peer.send(encodeUpdate({ origin: 0, asPath: [65001], nextHop: '192.0.2.1', nlri: [{ prefix: '10.4.0.0/16' }] }));
    // ORIGIN 5 does not exist (RFC 4271 §5.1.1): the announcement of 10.4.0.0/16 becomes its withdrawal.
    peer.send(encodeUpdate({ origin: 5, asPath: [65001], nextHop: '192.0.2.1', nlri: [{ prefix: '10.4.0.0/16' }] }));
    const file = join(dir, 'taw-127_0_0_64.json');
    await waitFor('the withdrawal', () => readLines(file).some((l) => l.includes('"withdraw"')));
    assert.equal(c.collector.sessionList()[0]?.state, 'established');
    assert.equal(c.collector.peers()[0]?.counters.treatedAsWithdraw, 1);
    assert.equal(peer.notification, null);
    assert.match(c.logs.join('\n'), /malformed UPDATE treated as withdraw: ORIGIN 5 \(NOTIFICATION 3\/6, treat-as-withdraw\)/);
  });

  it('ends a silent session with Hold Timer Expired (4/0) after the negotiated hold time', async () => {
    const c = await collector([]);
    const peer = await TestPeer.open({ port: c.port, localAddress: '127.0.0.61', bgpId: 61, holdTime: 3 });
    await peer.until(() => peer.notification !== null, 'the hold timer', 6000);
    assert.deepEqual([peer.notification!.code, peer.notification!.subcode], [4, 0]);
    // KEEPALIVEs came meanwhile, every third of the hold time.
    assert.ok(peer.received.filter((t) => t === 4).length >= 2);
  });

  it('logs the Shutdown Communication of a peer\'s Cease, deletes its routes and closes its log', async () => {
    const c = await collector([`bgp_daemon_msglog_file: ${join(dir, 'cease-$peer_src_ip.json')}`]);
    const peer = await TestPeer.open({ port: c.port, localAddress: '127.0.0.62', bgpId: 62, addPath: false });
    peer.send(encodeUpdate({ origin: 0, asPath: [65001], nextHop: '192.0.2.1', nlri: [{ prefix: '10.1.0.0/16' }, { prefix: '10.2.0.0/16' }] }));
    peer.send(encodeNotification(6, 2, undefined, 'maintenance'));
    const file = join(dir, 'cease-127_0_0_62.json');
    await waitFor('log_close', () => readLines(file).some((l) => l.includes('log_close')));
    const kinds = readLines(file).map((l) => (JSON.parse(l) as { log_type?: string; event_type: string })).map((l) => l.log_type ?? l.event_type);
    assert.deepEqual(kinds, ['log_init', 'update', 'update', 'delete', 'delete', 'log_close']);
    assert.match(c.logs.join('\n'), /BGP_NOTIFICATION received \(6, 2\)\. Shutdown Message: 'maintenance'/);
  });

  it('on daemon shutdown sends a Cease (6/2) and writes log_close without deletes, as pmbgpd on SIGINT', async () => {
    const c = await startTestCollector(`bgp_daemon_ip: 127.0.0.1\nbgp_daemon_msglog_file: ${join(dir, 'stop-$peer_src_ip.json')}\n`);
    const peer = await TestPeer.open({ port: c.port, localAddress: '127.0.0.63', bgpId: 63, addPath: false });
    peer.send(encodeUpdate({ origin: 0, asPath: [65001], nextHop: '192.0.2.1', nlri: [{ prefix: '10.3.0.0/16' }] }));
    await waitFor('the route', () => c.collector.peers()[0]?.rib.routeCount === 1);
    await c.stop();
    await peer.until(() => peer.notification !== null, 'the Cease');
    assert.deepEqual([peer.notification!.code, peer.notification!.subcode], [6, 2]);
    const kinds = readLines(join(dir, 'stop-127_0_0_63.json')).map((l) => JSON.parse(l) as { log_type?: string; event_type: string }).map((l) => l.log_type ?? l.event_type);
    assert.deepEqual(kinds, ['log_init', 'update', 'log_close']);
    peer.send(KEEPALIVE_MESSAGE);
  });
});
