/**
 * aggregate_primitives `packet_ptr`: the pointer syntax and its messages,
 * the layer offsets the decoders record, and golden runs against pmacct
 * 1.7.7 (test/fixtures/maps/primitives-ptr-*.pmacct.conf: the exact config
 * sfacctd / nfacctd ran from that folder; outputs sorted, header first;
 * re-created by running each config there and sorting with LC_ALL=C) through
 * `tsacct sfacctd|nfacctd -f`, compared line for line.
 *
 * Where tsacct deliberately differs (docs/compat.md#packet-ptr) the fixture
 * has a `<name>.deviations.json`: per output format, the pmacct lines that
 * tsacct replaces and the lines it prints instead; everything else must be
 * identical. The crafted capture is written by customPrimitivesPtrCapture.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCustomPrimitives, parsePacketPointer, CUSTOM_VLEN } from '../../src/maps/customPrimitives.ts';
import { ConfigError } from '../../src/config/configError.ts';
import { fixtures, runPmacctConf } from './fixtureGolden.ts';
import { CustomPrimitiveSet } from '../../src/model/customPrimitive.ts';
import { FlowRecord } from '../../src/model/flowRecord.ts';
import { HeaderProtocol, PacketHeaderDecoder } from '../../src/decode/packet/packetHeaderDecoder.ts';
import { PacketLayer } from '../../src/decode/packet/packetLayers.ts';
import { PacketPointerFiller } from '../../src/decode/packet/packetPointerFiller.ts';
import { FrameSection } from '../../src/decode/netflow/frameSection.ts';
import { concat, u16, u8 } from '../decode/netflow/datagramBuilder.ts';
import { dot1q, ethernet, ipv4, ipv6, tcp, udp } from '../decode/packet/packetBuilder.ts';


function sortedLines(lines: readonly string[], withHeader: boolean): string {
  const rest = lines.filter((l) => l !== '');
  const header = withHeader ? [rest.shift()!] : [];
  rest.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return [...header, ...rest].map((l) => l + '\n').join('');
}

interface Deviation {
  pmacct: string[];
  tsacct: string[];
}

const GOLDEN: Array<[name: string, daemon: string, formats: string[]]> = [
  ['primitives-ptr-sflow-akvorado', 'sfacctd', ['csv', 'json']],
  ['primitives-ptr-sflow-gateway', 'sfacctd', ['csv', 'formatted']],
  ['primitives-ptr-sflow-v6', 'sfacctd', ['csv']],
  ['primitives-ptr-sflow-crafted', 'sfacctd', ['csv']],
  ['primitives-ptr-nf-datalink', 'nfacctd', ['csv', 'json', 'formatted']],
  ['primitives-ptr-nf-srv6', 'nfacctd', ['csv']],
  ['primitives-ptr-nf-eompls', 'nfacctd', ['csv']],
];

for (const [name, daemon, formats] of GOLDEN) {
  test(`${name}: packet_ptr primitives match ${daemon} 1.7.7 (deviations: docs/compat.md#packet-ptr)`, async () => {
    await runPmacctConf(name, daemon, (output) => {
      const deviationsFile = join(fixtures, `${name}.deviations.json`);
      // Per output format; `why` says which docs/compat.md#packet-ptr cases the lines show.
      const deviations = existsSync(deviationsFile) ? (JSON.parse(readFileSync(deviationsFile, 'utf8')) as Partial<Record<string, Deviation>>) : {};
      for (const format of formats) {
        const withHeader = format !== 'json';
        const pmacct = readFileSync(join(fixtures, `${name}-${format}.pmacct.out`), 'utf8').split('\n').filter((l) => l !== '');
        const deviation = deviations[format] ?? { pmacct: [], tsacct: [] };
        for (const line of deviation.pmacct) assert.ok(pmacct.includes(line), `${format}: deviation names a line pmacct did not print: ${line}`);
        const expected = [...pmacct.filter((l) => !deviation.pmacct.includes(l)), ...deviation.tsacct];
        assert.equal(sortedLines(output(`${name}-${format}.out`).split('\n'), withHeader), sortedLines(expected, withHeader), format);
      }
    });
  });
}

test('packet_ptr syntax: layer, optional protocol (decimal or 0x hex), optional offset', () => {
  assert.deepEqual(parsePacketPointer('l3:0x800+8'), { layer: PacketLayer.l3, proto: 0x800, offset: 8 });
  assert.deepEqual(parsePacketPointer('l3:34525+7'), { layer: PacketLayer.l3, proto: 0x86dd, offset: 7 });
  assert.deepEqual(parsePacketPointer('l4:6+13'), { layer: PacketLayer.l4, proto: 6, offset: 13 });
  assert.deepEqual(parsePacketPointer('mac+6'), { layer: PacketLayer.mac, proto: -1, offset: 6 });
  assert.deepEqual(parsePacketPointer('payload'), { layer: PacketLayer.payload, proto: -1, offset: 0 });
  assert.deepEqual(parsePacketPointer('vlan'), { layer: PacketLayer.vlan, proto: -1, offset: 0 });
  assert.deepEqual(parsePacketPointer('mpls+4'), { layer: PacketLayer.mpls, proto: -1, offset: 4 });
  assert.deepEqual(parsePacketPointer('packet+65535'), { layer: PacketLayer.packet, proto: -1, offset: 65535 });
  // Protocol 0 means "none" in pmacct (sfacctd 1.7.7 runs `l3:0` as `l3`, `vlan:0` as `vlan`).
  assert.deepEqual(parsePacketPointer('l3:0'), { layer: PacketLayer.l3, proto: -1, offset: 0 });
  assert.deepEqual(parsePacketPointer('vlan:0+1'), { layer: PacketLayer.vlan, proto: -1, offset: 1 });
});

test("packet_ptr errors use pmacct 1.7.7's words where it has them", () => {
  // pmacct: "Invalid packet pointer 'l5'.", "protocol type not supported for 'mac'.", "Invalid packet pointer ''."
  assert.match(parsePacketPointer('l5+3') as string, /^Invalid packet pointer 'l5'/);
  assert.match(parsePacketPointer('mac:0x800+3') as string, /^protocol type not supported for 'mac'$/);
  assert.match(parsePacketPointer('+4') as string, /^Invalid packet pointer ''/);
  // pmacct reads these silently as something else (l3, l4 without protocol, offset 65534): errors here.
  assert.match(parsePacketPointer('l3x+8') as string, /^Invalid packet pointer 'l3x'/);
  assert.match(parsePacketPointer('l4:zz+1') as string, /^invalid protocol 'zz'/);
  assert.match(parsePacketPointer('mac+-2') as string, /^invalid offset '-2'/);
  assert.match(parsePacketPointer('l3:0x10000') as string, /^invalid protocol/);
  assert.match(parsePacketPointer('packet+65536') as string, /^invalid offset/);
});

test('packet_ptr lines: up to 8 pointers, field_type optional, vlen rules per daemon', () => {
  const nine = Array.from({ length: 9 }, (_, i) => `packet_ptr=packet+${i}`).join(' ');
  const eight = Array.from({ length: 8 }, (_, i) => `packet_ptr=packet+${i}`).join(' ');
  const defs = parseCustomPrimitives([
    'name=ttl_pm\tpacket_ptr=l3:0x800+8   packet_ptr=l3:0x86dd+7\tlen=1   semantics=u_int',
    `name=eight ${eight} len=1 semantics=u_int`,
    'name=ttl_nf packet_ptr=l3:0x800+8 packet_ptr=l3:0x86dd+7 len=1 semantics=u_int field_type=192',
    'name=uri packet_ptr=payload len=vlen semantics=str',
  ].join('\n'), 'p.lst', () => false, { daemon: 'nfacctd' });
  assert.deepEqual(defs.map((d) => [d.name, d.fieldType, d.pointers.length, d.len]), [
    ['ttl_pm', -1, 2, 1], ['eight', -1, 8, 1], ['ttl_nf', 192, 2, 1], ['uri', -1, 1, CUSTOM_VLEN],
  ]);
  assert.deepEqual(defs[0]!.pointers, [{ layer: PacketLayer.l3, proto: 0x800, offset: 8 }, { layer: PacketLayer.l3, proto: 0x86dd, offset: 7 }]);
  assert.throws(() => parseCustomPrimitives([
    `name=nine ${nine} len=1 semantics=u_int`,
    'name=bad packet_ptr=l5+3 len=1 semantics=u_int',
    'name=vr packet_ptr=payload len=vlen semantics=raw',
    'name=none len=1 semantics=u_int',
    'name=vs packet_ptr=payload len=vlen semantics=str',
  ].join('\n'), 'p.lst', () => false, { daemon: 'sfacctd' }), (err: unknown) => {
    assert.ok(err instanceof ConfigError);
    const text = err.problems.join('\n');
    assert.match(text, /p\.lst:1: exceeded 8 'packet_ptr' limit per rule/);
    assert.match(text, /p\.lst:2: Invalid packet pointer 'l5'/);
    assert.match(text, /p\.lst:3: Invalid length 'vlen'/);
    assert.match(text, /p\.lst:4: 'field_type' or 'packet_ptr' is missing/);
    assert.match(text, /p\.lst:5: Invalid length 'vlen'/);
    return true;
  });
  // nfacctd 1.7.7 accepts vlen, but its core hangs on a vlen raw packet_ptr primitive.
  assert.throws(() => parseCustomPrimitives('name=vr packet_ptr=payload len=vlen semantics=raw', 'p.lst', () => false, { daemon: 'nfacctd' }),
    (err: unknown) => err instanceof ConfigError && /p\.lst:1: 'len=vlen' with 'packet_ptr' needs semantics 'str'/.test(err.problems[0]!));
});

/** Decodes `frame` as a sampled Ethernet header and fills the primitives of `lines`. */
function fillFromHeader(lines: string[], frame: Uint8Array, protocol: number = HeaderProtocol.ethernet): { rec: FlowRecord; set: CustomPrimitiveSet } {
  const set = new CustomPrimitiveSet(parseCustomPrimitives(lines.join('\n'), 'p.lst', () => false, { daemon: 'nfacctd' }));
  const rec = new FlowRecord();
  set.prepare(rec);
  const decoder = new PacketHeaderDecoder();
  const found = decoder.decode(protocol, frame, 0, frame.length, rec);
  new PacketPointerFiller(set).fill(found.layers, rec);
  return { rec, set };
}

const value = (rec: FlowRecord, set: CustomPrimitiveSet, name: string): number[] | null => {
  const slot = set.slots.find((s) => s.def.name === name)!;
  const got = rec.customLengths[slot.index]!;
  return got < 0 ? null : [...rec.customBytes.subarray(slot.byteOffset, slot.byteOffset + slot.def.len)];
};

test('layer offsets of a sampled header: VLAN TCI, L3 after the tag, L4 after options, payload after the TCP header', () => {
  const frame = dot1q('02:00:00:00:00:01', '02:00:00:00:00:02', 291, 5, 0x800, ipv4('10.0.0.1', '10.0.0.2', 6, 0, concat(tcp(1000, 80, 0x18), u8(0x47))));
  const decoder = new PacketHeaderDecoder();
  const layers = decoder.decode(HeaderProtocol.ethernet, frame, 0, frame.length, new FlowRecord()).layers;
  assert.deepEqual([...layers.at], [0, 0, 14, -1, 18, 38, 58]);
  assert.deepEqual([layers.l3Proto, layers.l4Proto, layers.end], [0x800, 6, 59]);
});

test('the last matching pointer wins; a protocol that does not match skips the pointer; the last byte is readable', () => {
  const frame = ethernet('02:00:00:00:00:01', '02:00:00:00:00:02', 0x800, ipv4('10.0.0.1', '10.0.0.2', 17, 0, udp(1000, 53, concat(u16(0xabcd)))));
  const { rec, set } = fillFromHeader([
    'name=both packet_ptr=mac packet_ptr=packet+6 len=6 semantics=mac',
    'name=v6only packet_ptr=l3:0x86dd+7 len=1 semantics=u_int',
    'name=tail packet_ptr=payload len=2 semantics=hex',
    'name=over packet_ptr=payload+1 len=2 semantics=hex',
    'name=tcp packet_ptr=l4:6 len=2 semantics=u_int',
    'name=udp packet_ptr=l4:17+2 len=2 semantics=u_int',
  ], frame);
  assert.deepEqual(value(rec, set, 'both'), [2, 0, 0, 0, 0, 2]);
  assert.equal(value(rec, set, 'v6only'), null);
  // pmacct 1.7.7 wants offset + len < captured length, so it leaves this unset (docs/compat.md#packet-ptr).
  assert.deepEqual(value(rec, set, 'tail'), [0xab, 0xcd]);
  assert.equal(value(rec, set, 'over'), null);
  assert.equal(value(rec, set, 'tcp'), null);
  assert.deepEqual(value(rec, set, 'udp'), [0, 53]);
});

test('IPv6 extension headers are walked to the L4 header; a TCP header cut before its data offset has no payload', () => {
  const hopByHop = concat(u8(17), u8(0), new Uint8Array(6));
  const v6 = ethernet('02:00:00:00:00:01', '02:00:00:00:00:02', 0x86dd, ipv6('2001:db8::1', '2001:db8::2', 0, 0, concat(hopByHop, udp(7, 8, u16(0x4142)))));
  const a = fillFromHeader(['name=sport packet_ptr=l4:17 len=2 semantics=u_int', 'name=hop packet_ptr=l3:0x86dd+7 len=1 semantics=u_int'], v6);
  assert.deepEqual(value(a.rec, a.set, 'sport'), [0, 7]);
  assert.deepEqual(value(a.rec, a.set, 'hop'), [64]);
  const cut = ethernet('02:00:00:00:00:01', '02:00:00:00:00:02', 0x800, ipv4('10.0.0.1', '10.0.0.2', 6, 0, tcp(1, 2, 3))).subarray(0, 34 + 12);
  const b = fillFromHeader(['name=pay packet_ptr=payload len=1 semantics=u_int', 'name=l4 packet_ptr=l4 len=1 semantics=u_int'], cut);
  assert.equal(value(b.rec, b.set, 'pay'), null);
  assert.deepEqual(value(b.rec, b.set, 'l4'), [0]);
});

test('vlen str (nfacctd) takes the bytes up to the first NUL or the end of the packet', () => {
  const text = new TextEncoder().encode('GET /index.html');
  const frame = ethernet('02:00:00:00:00:01', '02:00:00:00:00:02', 0x800, ipv4('10.0.0.1', '10.0.0.2', 6, 0, concat(tcp(1000, 80, 0x18), text)));
  const { rec, set } = fillFromHeader(['name=req packet_ptr=payload len=vlen semantics=str', 'name=word packet_ptr=payload+4 len=vlen semantics=str'], frame);
  assert.equal(rec.customTexts[0], 'GET /index.html');
  assert.equal(rec.customTexts[1], '/index.html');
  assert.equal(set.size, 2);
});

test('dataLinkFrameSection layers (nfacctd): the same offsets from FrameSection, cleared with the frame', () => {
  const frame = dot1q('02:00:00:00:00:01', '02:00:00:00:00:02', 7, 0, 0x86dd, ipv6('2001:db8::1', '2001:db8::2', 17, 0, udp(5, 6, u16(1))));
  const f = new FrameSection();
  f.parse(frame, 0, frame.length);
  assert.deepEqual([...f.layers.at], [0, 0, 14, -1, 18, 58, 66]);
  assert.deepEqual([f.layers.l3Proto, f.layers.l4Proto], [0x86dd, 17]);
  f.clear();
  assert.deepEqual([...f.layers.at], [-1, -1, -1, -1, -1, -1, -1]);
});
