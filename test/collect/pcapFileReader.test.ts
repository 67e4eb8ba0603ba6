import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { PcapFileReader } from '../../src/collect/pcapFileReader.ts';
import { PcapFileWriter } from '../../src/collect/pcapFileWriter.ts';

const fixture = (path: string): string => fileURLToPath(new URL(`../fixtures/${path}`, import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'tsacct-pcap-reader-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const hasTshark = spawnSync('tshark', ['--version'], { stdio: 'ignore' }).status === 0;
const NO_TSHARK = 'tshark is not installed: the cross-check with tshark is skipped';

interface Summary {
  linkType: number;
  time: string;
  length: number;
  captured: number;
}

function summarize(reader: PcapFileReader): Summary[] {
  const out: Summary[] = [];
  for (const p of reader) {
    assert.equal(p.data.length, p.capturedLength);
    out.push({ linkType: p.linkType, time: `${p.tsSec}.${String(p.tsNsec).padStart(9, '0')}`, length: p.originalLength, captured: p.capturedLength });
  }
  return out;
}

/** `tshark -r F -T fields -e frame.time_epoch -e frame.len -e frame.cap_len`, as the same lines. */
function tsharkFrames(path: string): string[] {
  const run = spawnSync('tshark', ['-r', path, '-T', 'fields', '-e', 'frame.time_epoch', '-e', 'frame.len', '-e', 'frame.cap_len'], {
    encoding: 'utf8',
  });
  return run.stdout.split('\n').filter((line) => line !== '');
}

function asTsharkLines(frames: Summary[]): string[] {
  return frames.map((f) => `${f.time}\t${f.length}\t${f.captured}`);
}

describe('PcapFileReader on corpus captures (expected values from tshark)', () => {
  it('classic pcap, Ethernet: netflow-v5/akvorado__nfv5.pcap', () => {
    // tshark -r F -T fields -e frame.time_epoch -e frame.len -e frame.cap_len
    const reader = PcapFileReader.open(fixture('netflow-v5/akvorado__nfv5.pcap'));
    assert.deepEqual(summarize(reader), [{ linkType: 1, time: '1680655485.099595000', length: 1458, captured: 1458 }]);
    assert.equal(reader.format, 'pcap');
    assert.equal(reader.errors.count, 0);
  });

  it('classic pcap with 10 packets: netflow-v9/ndpi__netflowv9.pcap', () => {
    // tshark -r F -T fields -e frame.len
    const lengths = [1418, 1366, 1418, 1366, 1362, 1382, 1410, 1362, 1390, 1414];
    const frames = summarize(PcapFileReader.open(fixture('netflow-v9/ndpi__netflowv9.pcap')));
    assert.deepEqual(frames.map((f) => f.length), lengths);
    assert.equal(frames[0]!.time, '1568213026.961189000');
    assert.equal(frames[9]!.time, '1568213026.962107000');
  });

  it('pcapng, Ethernet: bgp/tcpdump__bgp-extended-msg.pcapng', () => {
    // tshark -r F -T fields -e frame.time_epoch -e frame.len -e frame.cap_len
    const reader = PcapFileReader.open(fixture('bgp/tcpdump__bgp-extended-msg.pcapng'));
    assert.deepEqual(summarize(reader), [{ linkType: 1, time: '1635707731.105336000', length: 161, captured: 161 }]);
    assert.equal(reader.format, 'pcapng');
  });

  it('pcapng, Linux cooked: bgp/tcpdump__bgp-role.pcapng and bgp-enhanced-route-refresh-subtype.pcapng', () => {
    // tshark -r F -T fields -e frame.len
    const role = summarize(PcapFileReader.open(fixture('bgp/tcpdump__bgp-role.pcapng')));
    assert.deepEqual(role.map((f) => f.length), [175, 91, 68, 566, 68, 87, 68, 87, 68]);
    assert.ok(role.every((f) => f.linkType === 113));
    assert.equal(role[0]!.time, '1668715732.541413000');
    const refresh = summarize(PcapFileReader.open(fixture('bgp/tcpdump__bgp-enhanced-route-refresh-subtype.pcapng')));
    assert.deepEqual(refresh.map((f) => f.length), [111, 111, 416]);
  });

  it('reads a file in tiny chunks exactly as from one buffer', () => {
    for (const path of ['netflow-v9/ndpi__netflowv9.pcap', 'bgp/tcpdump__bgp-role.pcapng']) {
      const whole = readFileSync(fixture(path));
      const fromBuffer = PcapFileReader.fromBuffer(whole);
      const chunked = PcapFileReader.open(fixture(path), { chunkSize: 100 });
      for (let a = fromBuffer.next(); a !== null; a = fromBuffer.next()) {
        const aData = Buffer.from(a.data);
        const b = chunked.next();
        assert.ok(b);
        assert.deepEqual(b.data, aData);
        assert.equal(b.tsNsec, a.tsNsec);
      }
      assert.equal(chunked.next(), null);
      assert.equal(chunked.errors.count, 0);
    }
  });

  it('hands out views of the buffer, not copies', () => {
    const whole = readFileSync(fixture('netflow-v5/akvorado__nfv5.pcap'));
    const packet = PcapFileReader.fromBuffer(whole).next()!;
    assert.equal(packet.data.buffer, whole.buffer);
    assert.equal(packet.offset, 24 + 16);
  });
});

describe('PcapFileReader: classic pcap flavours', () => {
  const frames = [Buffer.from('first frame bytes'), Buffer.alloc(1500, 7), Buffer.from([1, 2, 3])];

  for (const bigEndian of [false, true]) {
    for (const nanosecond of [false, true]) {
      it(`${bigEndian ? 'big' : 'little'}-endian, ${nanosecond ? 'ns' : 'µs'} timestamps`, (t) => {
        const writer = PcapFileWriter.inMemory({ bigEndian, nanosecond, linkType: 101 });
        frames.forEach((frame, i) => writer.writePacket(frame, 1700000000 + i, nanosecond ? 123456789 : 123456, frame.length + i));
        const file = writer.toBuffer();
        const reader = PcapFileReader.fromBuffer(file);
        const read = summarize(reader);
        assert.deepEqual(
          read.map((f) => f.time),
          frames.map((_, i) => `${1700000000 + i}.${nanosecond ? '123456789' : '123456000'}`),
        );
        assert.deepEqual(read.map((f) => f.length), [17, 1501, 5]);
        assert.ok(read.every((f) => f.linkType === 101));
        if (!hasTshark) return t.skip(NO_TSHARK);
        const path = join(scratch, `flavour-${bigEndian}-${nanosecond}.pcap`);
        writeFileSync(path, file);
        assert.deepEqual(asTsharkLines(read), tsharkFrames(path));
      });
    }
  }

  it('Kuznetzov "modified" pcap (24-byte record headers)', () => {
    const header = Buffer.alloc(24);
    header.writeUInt32LE(0xa1b2cd34, 0);
    header.writeUInt16LE(2, 4);
    header.writeUInt16LE(4, 6);
    header.writeUInt32LE(65535, 16);
    header.writeUInt32LE(1, 20);
    const record = Buffer.alloc(24 + 4);
    record.writeUInt32LE(1600000000, 0);
    record.writeUInt32LE(5, 4);
    record.writeUInt32LE(4, 8);
    record.writeUInt32LE(4, 12);
    record.write('abcd', 24);
    const reader = PcapFileReader.fromBuffer(Buffer.concat([header, record]));
    assert.equal(reader.next()?.data.toString(), 'abcd');
    assert.equal(reader.next(), null);
  });
});

/** Builds pcapng blocks field by field (draft-ietf-opsawg-pcapng §4). */
class PcapngBuilder {
  private readonly blocks: Buffer[] = [];
  private readonly littleEndian: boolean;

  constructor(littleEndian: boolean) {
    this.littleEndian = littleEndian;
  }

  private u16(v: number): Buffer {
    const b = Buffer.alloc(2);
    if (this.littleEndian) b.writeUInt16LE(v);
    else b.writeUInt16BE(v);
    return b;
  }

  private u32(v: number): Buffer {
    const b = Buffer.alloc(4);
    if (this.littleEndian) b.writeUInt32LE(v >>> 0);
    else b.writeUInt32BE(v >>> 0);
    return b;
  }

  private block(type: number, body: Buffer): this {
    const padded = Buffer.concat([body, Buffer.alloc((4 - (body.length % 4)) % 4)]);
    const length = padded.length + 12;
    this.blocks.push(Buffer.concat([this.u32(type), this.u32(length), padded, this.u32(length)]));
    return this;
  }

  option(code: number, value: Buffer): Buffer {
    return Buffer.concat([this.u16(code), this.u16(value.length), value, Buffer.alloc((4 - (value.length % 4)) % 4)]);
  }

  section(): this {
    return this.block(0x0a0d0d0a, Buffer.concat([this.u32(0x1a2b3c4d), this.u16(1), this.u16(0), Buffer.alloc(8, 0xff)]));
  }

  interface(linkType: number, snapLength: number, tsresol?: number, tsoffset?: number): this {
    const options: Buffer[] = [];
    if (tsresol !== undefined) options.push(this.option(9, Buffer.from([tsresol])));
    if (tsoffset !== undefined) {
      const value = Buffer.alloc(8);
      if (this.littleEndian) value.writeBigInt64LE(BigInt(tsoffset));
      else value.writeBigInt64BE(BigInt(tsoffset));
      options.push(this.option(14, value));
    }
    if (options.length > 0) options.push(this.option(0, Buffer.alloc(0)));
    return this.block(1, Buffer.concat([this.u16(linkType), this.u16(0), this.u32(snapLength), ...options]));
  }

  enhancedPacket(interfaceId: number, timestamp: bigint, data: Buffer, originalLength = data.length): this {
    return this.block(
      6,
      Buffer.concat([
        this.u32(interfaceId),
        this.u32(Number(timestamp >> 32n)),
        this.u32(Number(timestamp & 0xffffffffn)),
        this.u32(data.length),
        this.u32(originalLength),
        data,
      ]),
    );
  }

  simplePacket(originalLength: number, data: Buffer): this {
    return this.block(3, Buffer.concat([this.u32(originalLength), data]));
  }

  other(type: number, body: Buffer): this {
    return this.block(type, body);
  }

  build(): Buffer {
    return Buffer.concat(this.blocks);
  }
}

describe('PcapFileReader: pcapng flavours', () => {
  for (const littleEndian of [true, false]) {
    it(`${littleEndian ? 'little' : 'big'}-endian sections, if_tsresol, if_tsoffset, SPB, skipped blocks`, (t) => {
      const ns = 1700000000123456789n;
      const file = new PcapngBuilder(littleEndian)
        .section()
        .interface(1, 65535) // default resolution: µs
        .interface(101, 65535, 9) // 10^-9
        .interface(1, 65535, 0x80 | 20, 100) // 2^-20, 100 s offset
        .other(4, Buffer.alloc(8)) // name resolution block: skipped
        .enhancedPacket(0, 1700000000654321n, Buffer.from('micro'))
        .enhancedPacket(1, ns, Buffer.from([0x45, 0, 0, 20]), 1500)
        .enhancedPacket(2, (1700000000n << 20n) + (1n << 19n), Buffer.from('binary'))
        .simplePacket(10, Buffer.from('simple!!!!'))
        .build();
      const reader = PcapFileReader.fromBuffer(file);
      const read = summarize(reader);
      assert.equal(reader.errors.count, 0, reader.errors.messages.join('; '));
      assert.deepEqual(read, [
        { linkType: 1, time: '1700000000.654321000', length: 5, captured: 5 },
        { linkType: 101, time: '1700000000.123456789', length: 1500, captured: 4 },
        { linkType: 1, time: '1700000100.500000000', length: 6, captured: 6 },
        { linkType: 1, time: '0.000000000', length: 10, captured: 10 },
      ]);
      if (!hasTshark) return t.skip(NO_TSHARK);
      const path = join(scratch, `flavours-${littleEndian}.pcapng`);
      writeFileSync(path, file);
      // An SPB has no timestamp: tshark prints none, the reader reports 0.
      const expected = tsharkFrames(path);
      assert.equal(expected[3], '\t10\t10');
      assert.deepEqual(asTsharkLines(read).slice(0, 3), expected.slice(0, 3));
    });
  }

  it('a second section may switch byte order and resets the interfaces', () => {
    const first = new PcapngBuilder(true).section().interface(1, 0).enhancedPacket(0, 1n, Buffer.from('a')).build();
    const second = new PcapngBuilder(false).section().interface(113, 0, 3).enhancedPacket(0, 1500n, Buffer.from('bb')).build();
    const read = summarize(PcapFileReader.fromBuffer(Buffer.concat([first, second])));
    assert.deepEqual(read, [
      { linkType: 1, time: '0.000001000', length: 1, captured: 1 },
      { linkType: 113, time: '1.500000000', length: 2, captured: 2 },
    ]);
  });

  it('a packet for an undeclared interface is counted and skipped', () => {
    const file = new PcapngBuilder(true)
      .section()
      .interface(1, 0)
      .enhancedPacket(3, 0n, Buffer.from('x'))
      .enhancedPacket(0, 0n, Buffer.from('y'))
      .build();
    const reader = PcapFileReader.fromBuffer(file);
    assert.deepEqual(summarize(reader).map((f) => f.length), [1]);
    assert.equal(reader.errors.count, 1);
    assert.match(reader.errors.messages[0]!, /undeclared interface 3/);
  });
});

describe('PcapFileReader: damaged files end with an error count, never an exception', () => {
  const nfv9 = readFileSync(fixture('netflow-v9/ndpi__netflowv9.pcap'));

  it('a file cut inside a packet yields the packets before it and one error (as pmacct/libpcap)', () => {
    // The 5th record starts after the file header and 4 records of 16 + frame bytes.
    const fifth = 24 + [1418, 1366, 1418, 1366].reduce((sum, n) => sum + 16 + n, 0);
    const reader = PcapFileReader.fromBuffer(nfv9.subarray(0, fifth + 16 + 100));
    assert.equal(summarize(reader).length, 4);
    assert.equal(reader.errors.count, 1);
    assert.match(reader.errors.messages[0]!, /truncated packet at offset \d+: 1362 captured bytes announced, 100 present/);
  });

  it('a file cut inside a record header', () => {
    const reader = PcapFileReader.fromBuffer(nfv9.subarray(0, 24 + 16 + 1418 + 5));
    assert.equal(summarize(reader).length, 1);
    assert.equal(reader.errors.count, 1);
    assert.match(reader.errors.messages[0]!, /truncated record header/);
  });

  it('a file cut inside a pcapng block', () => {
    const role = readFileSync(fixture('bgp/tcpdump__bgp-role.pcapng'));
    const reader = PcapFileReader.fromBuffer(role.subarray(0, role.length - 10));
    assert.equal(summarize(reader).length, 8);
    assert.equal(reader.errors.count, 1);
    assert.match(reader.errors.messages[0]!, /truncated block/);
  });

  it('an absurd captured length stops reading', () => {
    const damaged = Buffer.from(nfv9);
    damaged.writeUInt32LE(0x7fffffff, 24 + 16 + 1418 + 8);
    const reader = PcapFileReader.fromBuffer(damaged);
    assert.equal(summarize(reader).length, 1);
    assert.match(reader.errors.messages[0]!, /invalid captured length 2147483647/);
  });

  it('not a capture, empty, or header only', () => {
    const text = PcapFileReader.fromBuffer(Buffer.from('this is not a capture file at all'));
    assert.equal(text.format, 'unknown');
    assert.equal(text.next(), null);
    assert.equal(text.errors.count, 1);
    const empty = PcapFileReader.fromBuffer(Buffer.alloc(0));
    assert.equal(empty.next(), null);
    assert.equal(empty.errors.count, 1);
    const headerOnly = PcapFileReader.fromBuffer(nfv9.subarray(0, 24));
    assert.equal(headerOnly.next(), null);
    assert.equal(headerOnly.errors.count, 0);
  });

  it('survives random damage to every byte region of classic and pcapng files', () => {
    const originals = [nfv9, readFileSync(fixture('bgp/tcpdump__bgp-role.pcapng'))];
    let state = 12345;
    const random = (): number => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state;
    };
    for (const original of originals) {
      for (let round = 0; round < 300; round++) {
        const damaged = Buffer.from(original.subarray(0, random() % (original.length + 1)));
        for (let i = 0; i < 1 + (round % 8); i++) if (damaged.length > 0) damaged[random() % damaged.length] = random() & 0xff;
        const reader = PcapFileReader.fromBuffer(damaged);
        assert.doesNotThrow(() => summarize(reader));
      }
    }
  });

  it('a missing file throws a clear error at open', () => {
    assert.throws(() => PcapFileReader.open(join(scratch, 'missing.pcap')), /cannot open capture file .*missing\.pcap/);
  });
});
