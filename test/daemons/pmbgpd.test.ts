// `tsacct pmbgpd` and `bgp_daemon: true` in nfacctd as processes: pmbgpd's
// switches (pmacct 1.7.7's getopt string "hVL:l:f:dDS:F:o:O:i:gm:"), a
// session from a scripted peer written to the message log, statistics on
// SIGUSR1, and SIGTERM ending the sessions and the process cleanly.
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, describe, it } from 'node:test';
import { encodeUpdate } from '../../src/decode/bgp/updateEncoder.ts';
import { freePort, freePorts, readLines, removeDir, tempDir, waitFor } from '../routing/bgp/bgpTestKit.ts';
import { TestPeer } from '../routing/bgp/bgpTestPeer.ts';
import { loadZeromq } from '../../src/routing/bgp/lookingGlassZmq.ts';
import { askLookingGlass } from '../golden/bgp/bgpBrokerGolden.ts';

const run = promisify(execFile);
const TSACCT = join(import.meta.dirname, '..', '..', 'bin', 'tsacct.js');
const dir = tempDir('tsacct-pmbgpd-');

after(() => removeDir(dir));

interface Daemon {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  /** Waits for the daemon's output to satisfy predicate; fails at once, with what it printed, if it exits first. */
  waitFor: (what: string, predicate: (output: string) => boolean, timeoutMs?: number) => Promise<void>;
}

function daemon(args: string[]): Daemon {
  const child = spawn(process.execPath, [TSACCT, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const waitForOutput = async (what: string, predicate: (output: string) => boolean, timeoutMs?: number): Promise<void> => {
    try {
      await waitFor(what, () => {
        if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the daemon exited (${child.exitCode ?? child.signalCode}) before ${what}`);
        return predicate(out);
      }, timeoutMs);
    } catch (err) {
      throw new Error(`${(err as Error).message}; it printed:\n${out}`);
    }
  };
  return { child, output: () => out, exited, waitFor: waitForOutput };
}

describe('tsacct pmbgpd', () => {
  it('lists pmacct\'s switches on -h', async () => {
    const { stdout } = await run(process.execPath, [TSACCT, 'pmbgpd', '-h']);
    assert.match(stdout, /^BGP Collector Daemon, pmbgpd /);
    for (const letter of ['L', 'l', 'f', 'D', 'd', 'S', 'F', 'o', 'O', 'i', 'g', 'm']) assert.match(stdout, new RegExp(`^  -${letter}`, 'm'), letter);
  });

  it('runs the Looking Glass with -g (ZeroMQ, bgp_daemon_lg_port) and on the HTTP API (web_port)', { skip: loadZeromq() instanceof Error && 'the npm package zeromq is not installed' }, async () => {
    const [port, lgPort, webPort] = await freePorts(3);
    const conf = join(dir, 'lg.conf');
    writeFileSync(conf, `bgp_daemon_ip: 127.0.0.1\nbgp_daemon_port: ${port}\nbgp_daemon_lg_port: ${lgPort}\nweb_port: ${webPort}\n`);
    const d = daemon(['pmbgpd', '-g', '-f', conf]);
    await d.waitFor('the Looking Glass', (out) => out.includes(`Looking Glass listening on 127.0.0.1:${lgPort}`) && out.includes('HTTP API listening'), 30_000);
    assert.deepEqual(await askLookingGlass(lgPort, ['{"query_type": 2, "queries": 1}']), ['{"results": 0, "query_type": 2}']);
    const res = await fetch(`http://127.0.0.1:${webPort}/api/v1/bgp/lg`, { method: 'POST', body: '{"query_type": 2, "queries": 1}' });
    assert.equal(await res.text(), '{"results": 0, "query_type": 2}\n');
    d.child.kill('SIGTERM');
    assert.equal(await d.exited, 0);
  });

  it('logs a session given by switches (-L -l -o), writes a pidfile (-F), and stops on SIGTERM', async () => {
    const port = await freePort();
    const log = join(dir, 'pmbgpd-$peer_src_ip.json');
    const pidfile = join(dir, 'pmbgpd.pid');
    const d = daemon(['pmbgpd', '-L', '127.0.0.1', '-l', String(port), '-o', log, '-F', pidfile]);
    await d.waitFor('pmbgpd to listen', (out) => out.includes('waiting for BGP data on 127.0.0.1'));
    const peer = await TestPeer.open({ port, localAddress: '127.0.0.70', bgpId: 70, addPath: false });
    peer.send(encodeUpdate({ origin: 0, asPath: [65001, 65002], nextHop: '192.0.2.1', communities: [0xfde80001], nlri: [{ prefix: '198.51.100.0/24' }] }));
    const file = join(dir, 'pmbgpd-127_0_0_70.json');
    await waitFor('the update line', () => readLines(file).length === 2);
    d.child.kill('SIGUSR1');
    await d.waitFor('statistics', (out) => out.includes('BGP: peers 1/4, routes 1'));
    d.child.kill('SIGTERM');
    assert.equal(await d.exited, 0);
    const lines = readLines(file).map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(lines.map((l) => l.log_type ?? l.event_type), ['log_init', 'update', 'log_close']);
    assert.deepEqual([lines[1]!.ip_prefix, lines[1]!.as_path, lines[1]!.comms], ['198.51.100.0/24', '65001 65002', '65000:1']);
    await peer.until(() => peer.notification !== null, 'the Cease');
    assert.deepEqual([peer.notification!.code, peer.notification!.subcode], [6, 2]);
  });
});

for (const flowDaemon of ['nfacctd', 'sfacctd'] as const) {
  describe(`${flowDaemon} with bgp_daemon: true`, () => {
    it('runs the BGP daemon beside the flows, reports it in its statistics and answers the looking glass over HTTP', async () => {
      const [bgpPort, webPort, flowPort] = await freePorts(3);
      const conf = join(dir, `${flowDaemon}.conf`);
      writeFileSync(conf, [
        `${flowDaemon}_ip: 127.0.0.1`, `${flowDaemon}_port: ${flowPort}`,
        'bgp_daemon: true', 'bgp_daemon_ip: 127.0.0.1', `bgp_daemon_port: ${bgpPort}`, `web_port: ${webPort}`,
        'plugins: print[p]', 'aggregate[p]: src_host', `print_output_file[p]: ${join(dir, `${flowDaemon}-flows.txt`)}`, 'print_refresh_time[p]: 60',
      ].join('\n'));
      const d = daemon([flowDaemon, '-f', conf]);
      await d.waitFor('the BGP listener', (out) => out.includes(`waiting for BGP data on 127.0.0.1:${bgpPort}`), 20_000);
      const peer = await TestPeer.open({ port: bgpPort, localAddress: flowDaemon === 'nfacctd' ? '127.0.0.71' : '127.0.0.72', bgpId: 71, addPath: false });
      peer.send(encodeUpdate({ origin: 0, asPath: [65001], nextHop: '192.0.2.1', nlri: [{ prefix: '198.51.100.0/24' }, { prefix: '203.0.113.0/24' }] }));
      d.child.kill('SIGUSR1');
      await d.waitFor('statistics', (out) => {
        if (!out.includes('BGP: peers 1/4, routes 2')) d.child.kill('SIGUSR1');
        return out.includes('BGP: peers 1/4, routes 2');
      });
      const address = flowDaemon === 'nfacctd' ? '127.0.0.71' : '127.0.0.72';
      const lg = await fetch(`http://127.0.0.1:${webPort}/api/v1/bgp/lg`, { method: 'POST', body: `{"query_type": 1, "queries": 1}\n{"ip_prefix": "203.0.113.9", "peer_ip_src": "${address}"}` });
      assert.match(await lg.text(), /^\{"results": 1, "query_type": 1\}\n\{"peer_ip_src": "127\.0\.0\.7[12]", "peer_tcp_port": \d+, "event_type": "lglass", "afi": 1, "safi": 1, "ip_prefix": "203\.0\.113\.0\/24", "bgp_nexthop": "192\.0\.2\.1", "as_path": "65001", "origin": "i"\}\n$/);
      d.child.kill('SIGTERM');
      assert.equal(await d.exited, 0);
      await peer.until(() => peer.notification !== null, 'the Cease');
    });
  });
}
