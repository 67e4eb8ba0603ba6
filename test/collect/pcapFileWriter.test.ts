import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { PcapFileReader } from '../../src/collect/pcapFileReader.ts';
import { PcapFileWriter } from '../../src/collect/pcapFileWriter.ts';
import type { UdpEndpoints } from '../../src/collect/pcapUdpFrame.ts';
import { LinkType } from '../../src/decode/packet/linkType.ts';
import { extractUdpDatagram, UdpDatagram } from '../../src/decode/packet/udpDatagram.ts';

const fixture = (path: string): string => fileURLToPath(new URL(`../fixtures/${path}`, import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'tsacct-pcap-writer-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const hasTshark = spawnSync('tshark', ['--version'], { stdio: 'ignore' }).status === 0;
const NO_TSHARK = 'tshark is not installed: the cross-check with tshark is skipped';

const V4: UdpEndpoints = {
  sourceAddress: Uint8Array.of(127, 0, 0, 9),
  sourcePort: 50000,
  destinationAddress: Uint8Array.of(127, 0, 0, 1),
  destinationPort: 2100,
};
const V6: UdpEndpoints = {
  sourceAddress: Uint8Array.of(0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x11),
  sourcePort: 4739,
  destinationAddress: Uint8Array.of(0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x22),
  destinationPort: 4739,
};

describe('PcapFileWriter', () => {
  it('round-trips the frames of a real capture byte for byte', () => {
    const original = PcapFileReader.open(fixture('netflow-v9/ndpi__netflowv9.pcap'));
    const writer = PcapFileWriter.inMemory();
    const frames: Buffer[] = [];
    for (const p of original) {
      frames.push(Buffer.from(p.data));
      writer.writePacket(p.data, p.tsSec, p.tsUsec, p.originalLength);
    }
    const copy = writer.toBuffer();
    // Same header fields as tcpdump writes, so the copy equals the original file.
    assert.deepEqual(copy.subarray(24), readFileSync(fixture('netflow-v9/ndpi__netflowv9.pcap')).subarray(24));
    const reread = [...PcapFileReader.fromBuffer(copy)].length;
    assert.equal(reread, frames.length);
  });

  for (const linkType of [LinkType.ethernet, LinkType.raw]) {
    it(`writes UDP datagrams as ${linkType === LinkType.ethernet ? 'Ethernet' : 'raw IP'} frames that decode back`, () => {
      const writer = PcapFileWriter.inMemory({ linkType });
      writer.writeUdpDatagram(V4, Buffer.from('netflow payload'), 1700000000, 1);
      writer.writeUdpDatagram(V6, Buffer.alloc(3000, 0xab), 1700000001, 2);
      const datagram = new UdpDatagram();
      const read: string[] = [];
      for (const p of PcapFileReader.fromBuffer(writer.toBuffer())) {
        assert.equal(p.linkType, linkType);
        const d = extractUdpDatagram(p.linkType, p.bytes, datagram, p.offset, p.end);
        assert.ok(d);
        read.push(`${d.sourceText()}:${d.sourcePort} > ${d.destinationText()}:${d.destinationPort} ${d.payloadLength}`);
      }
      assert.deepEqual(read, ['127.0.0.9:50000 > 127.0.0.1:2100 15', '2001:db8::11:4739 > 2001:db8::22:4739 3000']);
    });
  }

  it('writes a file tshark reads with good IP and UDP checksums', (t) => {
    if (!hasTshark) return t.skip(NO_TSHARK);
    const path = join(scratch, 'udp.pcap');
    const writer = PcapFileWriter.create(path);
    writer.writeUdpDatagram(V4, Buffer.from('odd length payload!'), 1700000000, 500000);
    writer.writeUdpDatagram(V6, Buffer.from('even payload'), 1700000000, 600000);
    writer.close();
    const run = spawnSync(
      'tshark',
      [
        '-r', path,
        '-o', 'ip.check_checksum:TRUE',
        '-o', 'udp.check_checksum:TRUE',
        '-T', 'fields',
        '-e', 'frame.time_epoch', '-e', 'ip.checksum.status', '-e', 'udp.checksum.status', '-e', 'udp.length', '-e', 'data.len',
      ],
      { encoding: 'utf8' },
    );
    // Checksum status 1 = Good.
    assert.deepEqual(run.stdout.trim().split('\n'), ['1700000000.500000000\t1\t1\t27\t19', '1700000000.600000000\t\t1\t20\t12']);
  });
});
