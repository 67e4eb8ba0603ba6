import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { PcapFileWriter } from '../../src/collect/pcapFileWriter.ts';
import { PcapSavefileSource, replayPcapSavefile } from '../../src/collect/pcapSavefileSource.ts';
import { PacketRejection } from '../../src/decode/packet/packetRejection.ts';
import type { ExporterRef } from '../../src/model/exporterRef.ts';

const fixture = (path: string): string => fileURLToPath(new URL(`../fixtures/${path}`, import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'tsacct-savefile-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const NFV9 = fixture('netflow-v9/ndpi__netflowv9.pcap');

function collect(source: PcapSavefileSource): string[] {
  const lines: string[] = [];
  for (let d = source.next(); d !== null; d = source.next()) {
    lines.push(`${d.srcAddress}:${d.srcPort} > ${d.dstAddress}:${d.dstPort} ${d.payload.length} @${d.arrivalSec}.${d.arrivalUsec}`);
  }
  return lines;
}

describe('PcapSavefileSource', () => {
  it('yields every UDP datagram with the capture time when asked (tshark: udp.length - 8, frame.time_epoch)', () => {
    const source = new PcapSavefileSource(NFV9, { arrivalClock: 'capture' });
    const lines = collect(source);
    assert.equal(lines.length, 10);
    assert.equal(lines[0], '192.168.2.134:48629 > 192.168.2.222:2057 1376 @1568213026.961189');
    assert.equal(lines[9], '192.168.2.134:48629 > 192.168.2.222:2057 1372 @1568213026.962107');
    assert.equal(source.statistics.datagrams, 10);
    assert.equal(source.statistics.frames, 10);
    assert.equal(source.statistics.rounds, 1);
  });

  it('uses the wall clock for arrival by default, as nfacctd 1.7.7 does for timestamp_arrival', () => {
    const before = Math.floor(Date.now() / 1000);
    const d = new PcapSavefileSource(NFV9).next()!;
    assert.ok(d.arrivalSec >= before && d.arrivalSec <= before + 5);
    assert.equal(d.captureSec, 1568213026);
    assert.equal(d.captureUsec, 961189);
  });

  it('replays N times, and forever with 0 (pmacct 1.7.7 semantics)', () => {
    assert.equal(collect(new PcapSavefileSource(NFV9, { replay: 3 })).length, 30);
    const forever = new PcapSavefileSource(NFV9, { replay: 0 });
    for (let i = 0; i < 95; i++) assert.ok(forever.next());
    assert.equal(forever.statistics.rounds, 10);
    forever.close();
    assert.throws(() => new PcapSavefileSource(NFV9, { replay: -1 }), /pcap_savefile_replay must be >= 0/);
  });

  it('builds address text and exporter identity once per distinct address', () => {
    const source = new PcapSavefileSource(NFV9);
    const first = source.next()!;
    const exporter = first.exporter;
    const text = first.srcAddress;
    const second = source.next()!;
    assert.equal(second.exporter, exporter);
    assert.equal(second.srcAddress, text);
    assert.equal(exporter.key, '192.168.2.134');
  });

  it('handles IPv6 exporters, and reports IPv4-mapped ones as IPv4 like pmacct', () => {
    const v6 = collect(new PcapSavefileSource(fixture('pmacct-tests/111-IPFIXv10-NFv9-IPv6-IPv4-mix_sources/traffic-01.pcap')));
    assert.equal(v6.length, 11);
    assert.ok(v6[0]!.startsWith('2001:4d98:a100:303:0:931:f:1:52925 > 2a02:a90:4007::2:2:9991 136 @'));
    const writer = PcapFileWriter.create(join(scratch, 'mapped.pcap'));
    const mapped = Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, 1, 2, 3);
    const collector = Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1);
    writer.writeUdpDatagram({ sourceAddress: mapped, sourcePort: 1, destinationAddress: collector, destinationPort: 2 }, Buffer.from('x'), 0, 0);
    writer.close();
    const d = new PcapSavefileSource(join(scratch, 'mapped.pcap')).next()!;
    assert.equal(d.srcAddress, '10.1.2.3');
    assert.equal(d.exporter.key, '10.1.2.3');
    assert.equal(d.dstAddress, '::1');
  });

  it('counts frames without a UDP datagram by reason and read errors of damaged files', () => {
    const tcp = new PcapSavefileSource(fixture('bgp/tcpdump__bgp-role.pcapng'));
    assert.equal(tcp.next(), null);
    assert.equal(tcp.statistics.rejected[PacketRejection.notUdp], 9);

    const path = join(scratch, 'cut.pcap');
    const writer = PcapFileWriter.create(path);
    for (let i = 0; i < 3; i++) {
      writer.writeUdpDatagram(
        { sourceAddress: Uint8Array.of(127, 0, 0, 2), sourcePort: 1, destinationAddress: Uint8Array.of(127, 0, 0, 1), destinationPort: 2100 },
        Buffer.alloc(100, i),
        i,
        0,
      );
    }
    writer.close();
    // Cut the file inside its last record (frames are 14 + 20 + 8 + 100 bytes).
    writeFileSync(path, readFileSync(path).subarray(0, 24 + 2 * (16 + 142) + 50));
    const cut = new PcapSavefileSource(path, { replay: 2 });
    assert.equal(collect(cut).length, 4);
    assert.equal(cut.statistics.readErrors, 2);
    assert.match(cut.statistics.readErrorMessages[0]!, /truncated packet/);
  });

  it('run() feeds a datagram handler like the UDP listener, honours replay and stops on abort', async () => {
    const seen: Array<[number, ExporterRef]> = [];
    const statistics = await replayPcapSavefile(NFV9, { replays: 2, delaySeconds: 0, arrivalClock: 'capture' }, (payload, exporter) => {
      seen.push([payload.length, exporter]);
    });
    assert.equal(seen.length, 20);
    assert.equal(statistics.rounds, 2);
    assert.ok(seen.every(([, exporter]) => exporter === seen[0]![1]));

    const abort = new AbortController();
    let count = 0;
    const infinite = new PcapSavefileSource(NFV9, { replay: 0, signal: abort.signal });
    const done = await infinite.run(() => {
      if (++count === 5000) abort.abort();
    });
    assert.ok(count >= 5000 && count < 5000 + 1024 + 10, `stopped after ${count}`);
    assert.ok(done.rounds >= 500);
  });

  it('run() sleeps pcap_savefile_delay before each play', async () => {
    const logged: string[] = [];
    const started = performance.now();
    const source = new PcapSavefileSource(NFV9, { delaySeconds: 1, replay: 1 });
    await source.run(() => undefined, { info: (m) => logged.push(m), warn: (m) => logged.push(m) });
    assert.ok(performance.now() - started >= 950);
    assert.match(logged[0]!, /sleeping 1 s/);
  });
});
