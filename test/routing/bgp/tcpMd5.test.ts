// bgp_daemon_md5_file: pmacct's file format (whitespace inside a password
// removed: pmbgpd 1.7.7 with "areal smart pwd" in its file peers with a bird
// configured with "arealsmartpwd"), and TCP MD5 signatures
// (RFC 2385) on the listening socket tested with bird2 peers, one BGP
// protocol per case from its own 127.0.0.x address (bird signs with
// `password`):
//   listed, right password            -> established
//   listed, wrong password            -> never connects (the kernel drops its SYNs)
//   listed, no password               -> never connects
//   not listed, no password           -> established (unsigned, as pmacct)
//   not listed, signing anyway        -> never connects
//   ::1 listed, right password        -> established (IPv6 key)
// The collector listens on every address (dual-stack), so the IPv4 peers'
// keys are set under their IPv4-mapped addresses. About 6 s.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { connect, createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ConfigError } from '../../../src/config/index.ts';
import { parseBgpMd5File } from '../../../src/maps/bgpMd5File.ts';
import { memoryLogger } from '../../../src/core/logger.ts';
import { applyMd5Keys, loadNativeTcpMd5 } from '../../../src/routing/bgp/tcpMd5.ts';
import { freePort, hasCommand, removeDir, startBird, startTestCollector, tempDir, waitFor, type BirdSpeaker, type TestCollector } from './bgpTestKit.ts';

describe('bgp_daemon_md5_file: the file', () => {
  it('reads pmacct\'s format: whitespace removed everywhere, the second field the password, bad lines skipped', () => {
    const warnings: string[] = [];
    const text = [
      '! a comment',
      '192.168.1.1, arealsmartpwd',
      '  2001:db8::1 ,  two words  ',
      '192.168.1.3,pw,ignored',
      '192.168.1.4',
      '192.168.1.5,',
      'not-an-address, pw',
      '192.168.1.6/32, pw',
      `192.168.1.7, ${'x'.repeat(100)}`,
      '',
    ].join('\n');
    const peers = parseBgpMd5File(text, 'md5.lst', (m) => warnings.push(m));
    assert.deepEqual(peers.map((p) => [p.address, p.password]), [
      ['192.168.1.1', 'arealsmartpwd'],
      ['2001:db8::1', 'twowords'],
      ['192.168.1.3', 'pw'],
      ['192.168.1.7', 'x'.repeat(79)],
    ]);
    assert.deepEqual(warnings, [
      "[md5.lst] line '192.168.1.4' ignored.",
      "[md5.lst] line '192.168.1.5,' ignored.",
      "[md5.lst] line 'not-an-address,pw' ignored.",
      "[md5.lst] line '192.168.1.6/32,pw' ignored.",
    ]);
  });

  it('refuses a missing file at startup', async () => {
    await assert.rejects(startTestCollector('bgp_daemon_md5_file: /nonexistent/md5.lst\n'), ConfigError);
  });
});

describe('bgp_daemon_md5_file: the addon on an IPv4 listening socket', { skip: !loadNativeTcpMd5() && 'build/tcpMd5.node is not built (node scripts/buildNative.ts)' }, () => {
  it('drops unsigned connections from a keyed peer only, and refuses an IPv6 peer', async () => {
    const server = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      const logs = memoryLogger();
      assert.equal(applyMd5Keys(server, [{ address: '127.0.0.9', password: 'pw' }, { address: '2001:db8::1', password: 'pw' }], logs), 1);
      assert.match(logs.lines.join('\n'), /WARN.*setsockopt\(\) failed for TCP_MD5SIG peer=2001:db8::1 \(errno: 97\)/);
      const connects = (localAddress: string): Promise<boolean> => new Promise((resolve) => {
        const socket = connect({ host: '127.0.0.1', port, localAddress, timeout: 1500 });
        socket.once('connect', () => { socket.destroy(); resolve(true); });
        socket.once('timeout', () => { socket.destroy(); resolve(false); });
        socket.once('error', () => resolve(false));
      });
      assert.equal(await connects('127.0.0.8'), true);
      assert.equal(await connects('127.0.0.9'), false);
    } finally {
      server.close();
    }
  });
});

const PASSWORD = 'arealsmartpwd';

/** `listenPort`: bird's own listening port (with a password it must open one; 179 is not ours to take). */
function birdConfig(port: number, listenPort: number): string {
  const session = (name: string, local: string, password: string | null, neighbor: string, family = 'ipv4'): string => `
protocol bgp ${name} {
  local ${local} port ${listenPort} as 65001;
  neighbor ${neighbor} port ${port} as 65001;
  ${password === null ? '' : `password "${password}";`}
  hold time 30;
  connect delay time 1;
  connect retry time 1;
  ${family} { import none; export none; };
}`;
  return [
    'router id 10.0.0.21;',
    'protocol device {}',
    // bird allows one session per neighbor address: each goes to its own 127.0.1.x (the collector listens on all).
    session('right', '127.0.0.2', PASSWORD, '127.0.1.2'),
    session('wrong', '127.0.0.3', 'notthepassword', '127.0.1.3'),
    session('nopassword', '127.0.0.4', null, '127.0.1.4'),
    session('unlisted', '127.0.0.5', null, '127.0.1.5'),
    session('unexpected', '127.0.0.6', PASSWORD, '127.0.1.6'),
    session('six', '::1', 'sixpwd', '::1', 'ipv6'),
  ].join('\n');
}

describe('bgp_daemon_md5_file: signed sessions with bird2', {
  skip: (!hasCommand('bird') && 'bird2 is not installed (apt-get install bird2)') ||
    (!loadNativeTcpMd5() && "build/tcpMd5.node is not built (node scripts/buildNative.ts)"),
}, () => {
  let dir = '';
  let c: TestCollector;
  let bird: BirdSpeaker;

  before(async () => {
    dir = tempDir('tsacct-md5-');
    const md5File = join(dir, 'bgp_md5.lst');
    writeFileSync(md5File, [`127.0.0.2, ${PASSWORD}`, '127.0.0.3, thepassword', '127.0.0.4, listedpwd', '::1, sixpwd', ''].join('\n'));
    // Every address (dual-stack), and all sessions come from one bird (one router id).
    c = await startTestCollector(`bgp_daemon_md5_file: ${md5File}\nbgp_disable_router_id_check: true\nbgp_daemon_max_peers: 10\n`);
    bird = startBird(birdConfig(c.port, await freePort()), dir);
  });

  after(async () => {
    await bird?.stop();
    await c?.stop();
    removeDir(dir);
  });

  it('establishes the peers whose signatures match, and unsigned unlisted peers', async () => {
    const established = (): string[] => c.collector.sessionList().filter((s) => s.state === 'established').map((s) => s.peer.address).sort();
    await waitFor('three sessions', () => established().length === 3, 20_000);
    assert.deepEqual(established(), ['127.0.0.2', '127.0.0.5', '::1']);
    assert.match(bird.cli(['show', 'protocols', 'right']), /Established/);
  });

  it('never lets a wrong, missing or unexpected signature through', async () => {
    // bird retries every second: give the refused peers a few attempts.
    await new Promise((r) => setTimeout(r, 3000));
    const seen = c.collector.sessionList().map((s) => s.peer.address);
    for (const address of ['127.0.0.3', '127.0.0.4', '127.0.0.6']) {
      assert.ok(!seen.includes(address), `${address} has a session`);
      assert.doesNotMatch(c.logs.join('\n'), new RegExp(`\\[${address.replaceAll('.', '\\.')}\\] BGP peers usage`), `${address} got a connection`);
    }
    for (const name of ['wrong', 'nopassword', 'unexpected']) assert.doesNotMatch(bird.cli(['show', 'protocols', name]), /Established/, name);
    assert.equal(c.collector.sessionsAccepted, 3);
  });
});
