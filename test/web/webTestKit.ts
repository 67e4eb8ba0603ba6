/**
 * A tsacct nfacctd with a memory plugin and the HTTP API for the web and
 * memory-plugin tests: a free UDP port, web_port 0 (the log says which port
 * was bound), extra config lines, and NetFlow v5 datagrams to feed it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DaemonUnderTest, freeUdpPort } from '../robustness/udpTestKit.ts';
import { v5Packet, type V5Record } from '../decode/netflow/datagramBuilder.ts';

export const tsacctBin = join(import.meta.dirname, '..', '..', 'bin', 'tsacct.js');

export interface WebDaemon {
  daemon: DaemonUnderTest;
  udpPort: number;
  webPort: number;
  pipe: string;
  dir: string;
  stop(): Promise<void>;
}

export async function startWebDaemon(extra: string[]): Promise<WebDaemon> {
  const dir = mkdtempSync(join(tmpdir(), 'tsacct-web-'));
  const udpPort = await freeUdpPort();
  const pipe = join(dir, 'table.pipe');
  const conf = join(dir, 'nfacctd.conf');
  writeFileSync(
    conf,
    [
      `nfacctd_port: ${udpPort}`,
      'nfacctd_ip: 127.0.0.1',
      'plugins: memory[table]',
      'aggregate[table]: src_host, dst_host, proto',
      `imt_path[table]: ${pipe}`,
      'web_port: 0',
      ...extra,
      '',
    ].join('\n'),
  );
  const daemon = new DaemonUnderTest([tsacctBin, 'nfacctd', '-f', conf]);
  await daemon.waitForLog(/waiting for NetFlow\/IPFIX data on/);
  const webPort = Number(/HTTP API listening on http:\/\/[^\s]*:(\d+)/.exec(daemon.log)?.[1]);
  return {
    daemon,
    udpPort,
    webPort,
    pipe,
    dir,
    async stop() {
      await daemon.terminate();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A NetFlow v5 datagram of `count` one-packet flows from 10.0.0.<n> to 10.1.0.1, 100 bytes each. */
export function v5Datagram(sequence: number, count: number, firstHost = 1): Uint8Array {
  const records: V5Record[] = [];
  for (let i = 0; i < count; i++) {
    records.push({
      src: `10.0.${(firstHost + i) >> 8 & 255}.${(firstHost + i) & 255}`, dst: '10.1.0.1', nextHop: '0.0.0.0', input: 1, output: 2,
      packets: 1, bytes: 100, firstMs: 1000, lastMs: 2000, srcPort: 1024, dstPort: 80, tcpFlags: 0x10, proto: 6, tos: 0,
      srcAs: 0, dstAs: 0, srcMask: 0, dstMask: 0,
    });
  }
  return v5Packet({ sysUptimeMs: 5000, unixSecs: Math.floor(Date.now() / 1000), unixNsecs: 0, sequence, engineType: 0, engineId: 0, sampling: 0 }, records);
}
