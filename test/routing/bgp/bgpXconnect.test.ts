// pmbgpd as a BGP proxy (bgp_daemon_xconnect_map): a scripted peer opens
// its session to the proxy, which cross-connects it to a second collector
// (in-process, as nfacctd's bgp_daemon would be); the session establishes
// end to end and the collector logs the peer's routes, with the proxy as
// its peer. Peers without a map entry, or whose collector is down, are
// disconnected with pmacct's warnings. pmbgpd 1.7.7 run as the proxy in
// this setup did the same: the collector's peer was 127.0.0.1 with the
// router's AS and route, "[127.0.0.51 x 127.0.0.1:<port>] BGP xconnects
// usage: 1/4", and the two warnings below word for word.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ConfigError, loadConfigText } from '../../../src/config/index.ts';
import { memoryLogger } from '../../../src/core/logger.ts';
import { encodeUpdate } from '../../../src/decode/bgp/updateEncoder.ts';
import { checkBgpDaemonConfig } from '../../../src/daemons/bgpDaemon.ts';
import { startXconnectProxy } from '../../../src/daemons/bgpXconnectSetup.ts';
import { parseBgpXconnectMap } from '../../../src/maps/bgpXconnectMap.ts';
import type { BgpXconnectProxy } from '../../../src/routing/bgp/bgpXconnectProxy.ts';
import { freePorts, readLines, removeDir, startTestCollector, tempDir, waitFor, type TestCollector } from './bgpTestKit.ts';
import { TestPeer } from './bgpTestPeer.ts';

const dir = tempDir('tsacct-bgp-xconnect-');

describe('bgp_daemon_xconnect_map', () => {
  let collector: TestCollector | null = null;
  let proxy: BgpXconnectProxy | null = null;
  const peers: TestPeer[] = [];
  const logger = memoryLogger();
  let port = 0;

  after(async () => {
    for (const p of peers) p.close();
    await proxy?.stop();
    await collector?.stop();
    removeDir(dir);
  });

  it('cross-connects a mapped peer to its collector: the session establishes end to end', async () => {
    const msglog = join(dir, 'collector-$peer_src_ip.json');
    collector = await startTestCollector(`bgp_daemon_ip: 127.0.0.1\nbgp_daemon_msglog_file: ${msglog}\n`);
    const [down, proxyPort] = await freePorts(2);
    const map = join(dir, 'xconnects.map');
    writeFileSync(map, [
      '! as examples/bgp_xconnects.map.example',
      `bgp_dst=127.0.0.1:${collector.port}\tbgp_src=127.0.0.51`,
      `bgp_dst=127.0.0.1:${down} bgp_src=127.0.0.52/32`,
    ].join('\n') + '\n');
    port = proxyPort!;
    const neighbors = join(dir, 'neighbors.txt');
    proxy = await startXconnectProxy(loadConfigText('pmbgpd', `bgp_daemon_ip: 127.0.0.1\nbgp_daemon_port: ${port}\nbgp_daemon_xconnect_map: ${map}\nbgp_neighbors_file: ${neighbors}\n`, 'test.conf'), logger);

    // The OPEN/KEEPALIVE exchange goes through the proxy to the collector and back.
    const peer = await TestPeer.open({ port, localAddress: '127.0.0.51', addPath: false, bgpId: 51 });
    peers.push(peer);
    await waitFor('the session at the collector', () => collector!.collector.sessionList()[0]?.state === 'established');
    assert.equal(collector.collector.peers()[0]!.address, '127.0.0.1', 'the collector\'s peer is the proxy');
    assert.match(logger.lines.join('\n'), /\[127\.0\.0\.51 x 127\.0\.0\.1:\d+\] BGP xconnects usage: 1\/4/);
    assert.equal(readLines(neighbors).join(','), '127.0.0.51');
    peer.send(encodeUpdate({ origin: 0, asPath: [65001, 65051], nextHop: '192.0.2.51', nlri: [{ prefix: '198.51.100.0/24' }] }));
    const file = join(dir, 'collector-127_0_0_1.json');
    await waitFor('the route at the collector', () => readLines(file).some((l) => l.includes('"198.51.100.0/24"')));
    assert.equal(collector.collector.peers()[0]!.peerAs, 65001);

    // The peer goes: the proxy closes the collector's side too.
    peer.close();
    await waitFor('the collector\'s log_close', () => readLines(file).some((l) => l.includes('"log_close"')));
    await waitFor('the proxy to forget the peer', () => proxy!.peers().length === 0);
    assert.equal(readLines(neighbors).length, 0);
  });

  it('disconnects a peer without a map entry, and one whose collector is down, with pmacct\'s warnings', async () => {
    await assert.rejects(TestPeer.open({ port, localAddress: '127.0.0.53', addPath: false, bgpId: 53 }), /connection closed/);
    assert.match(logger.lines.join('\n'), /\[127\.0\.0\.53\] unable to xconnect BGP peer\. Missing entry in bgp_daemon_xconnect_map\./);
    await assert.rejects(TestPeer.open({ port, localAddress: '127.0.0.52', addPath: false, bgpId: 52 }), /connection closed/);
    await waitFor('the connect failure', () => /\[127\.0\.0\.52\/32 x 127\.0\.0\.1:\d+\] bgp_peer_xconnect_init\(\): connect\(\) failed/.test(logger.lines.join('\n')));
  });
});

describe('bgp_daemon_xconnect_map files', () => {
  it('take bgp_dst=<address:port> and bgp_src=<address or prefix>, refusing lines as pmacct does', () => {
    const warnings: string[] = [];
    const map = parseBgpXconnectMap([
      'bgp_dst=10.0.0.1:17901 bgp_src=192.168.0.1',
      'bgp_dst=[2001:db8::1]:179 bgp_src=2001:db8:1::/48',
      'bgp_dst=10.0.0.1 bgp_src=192.168.0.3',
      'bgp_dst=10.0.0.1:179 bgp_src=nonsense',
      'bgp_src=192.168.0.5',
      'bgp_dst=10.0.0.1:17902 bgp_src=192.168.0.2:179',
    ].join('\n'), 'x.map', 4, { warn: (m) => warnings.push(m) });
    assert.deepEqual(map.rules.map((r) => `${r.source} ${r.dstHost} ${r.dstPort}`), ['192.168.0.1 10.0.0.1 17901', '2001:db8:1::/48 2001:db8::1 179', '192.168.0.2:179 10.0.0.1 17902']);
    assert.deepEqual(warnings, [
      '[x.map:3] Invalid BGP xconnect destination. Line ignored.',
      '[x.map:4] Invalid BGP xconnect source. Line ignored.',
      "[x.map:5] required key missing. Required keys are: 'bgp_dst', 'bgp_src'. Line ignored.",
    ]);
    assert.equal(map.find('192.168.0.1')?.dstPort, 17901);
    assert.equal(map.find('2001:db8:1::7')?.dstPort, 179);
    assert.equal(map.find('192.168.0.2')?.dstPort, 17902);
    assert.equal(map.find('192.168.0.9'), null);
  });

  it('hold no more rules than bgp_daemon_max_peers', () => {
    const map = parseBgpXconnectMap(['bgp_dst=10.0.0.1:1 bgp_src=192.168.0.1', 'bgp_dst=10.0.0.1:2 bgp_src=192.168.0.2'].join('\n'), 'x.map', 1);
    assert.equal(map.rules.length, 1);
  });

  it('are for pmbgpd, without the keys that need RIBs', () => {
    const problems = (daemon: 'pmbgpd' | 'nfacctd', lines: string[]): string => {
      try {
        checkBgpDaemonConfig(loadConfigText(daemon, lines.join('\n'), 'test.conf'));
        return '';
      } catch (err) {
        assert.ok(err instanceof ConfigError);
        return err.message;
      }
    };
    assert.match(problems('nfacctd', ['bgp_daemon: true', 'bgp_daemon_xconnect_map: /tmp/x.map']), /only pmbgpd proxies BGP sessions in tsacct; nfacctd collects them/);
    assert.match(problems('pmbgpd', ['bgp_daemon_xconnect_map: /tmp/x.map', 'bgp_daemon_msglog_file: /tmp/m']), /test\.conf:2: bgp_daemon_msglog_file: has no effect with bgp_daemon_xconnect_map/);
    assert.equal(problems('pmbgpd', ['bgp_daemon_xconnect_map: /tmp/x.map']), '');
  });
});
