/**
 * The JS BPF interpreter and the flow packet against libpcap itself: flow
 * records are turned into packets (FlowPacketBuilder, with pmacct's caplen
 * and wire length), written to a pcap file, and for each expression the
 * matches of libpcap's own filter engine (pcap_offline_filter, what
 * `tcpdump -r` runs; test/filter/pcapReference.c) must equal those of the
 * program the addon compiled, run in BpfProgram.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FlowRecord } from '../../src/model/flowRecord.ts';
import { FlowPacketBuilder } from '../../src/filter/flowPacket.ts';
import { BpfProgram } from '../../src/filter/bpfProgram.ts';
import { compileBpf, compileFlowFilter, FlowFilterError, loadNativeBpfCompile } from '../../src/filter/flowFilter.ts';

interface FlowSpec {
  v: 4 | 6;
  src: string;
  dst: string;
  proto: number;
  sport?: number;
  dport?: number;
  tos?: number;
  flags?: number;
  vlan?: number;
  labels?: [number, number, number];
  exportVersion?: number;
  srcMac?: number[];
}

const FLOWS: FlowSpec[] = [
  { v: 4, src: '10.1.2.3', dst: '192.0.2.80', proto: 6, sport: 40000, dport: 80, flags: 0x12, tos: 0x20 },
  { v: 4, src: '192.0.2.80', dst: '10.1.2.3', proto: 6, sport: 443, dport: 51000, flags: 0x18 },
  { v: 4, src: '198.51.100.7', dst: '203.0.113.9', proto: 17, sport: 53, dport: 33000 },
  { v: 4, src: '198.51.100.7', dst: '10.200.0.1', proto: 1, sport: 0, dport: 0x0800 },
  { v: 6, src: '2001:db8::1', dst: '2001:db8:1::80', proto: 6, sport: 50000, dport: 443, flags: 0x02 },
  { v: 6, src: '2001:db8:2::5', dst: 'fe80::1', proto: 58, dport: 0x8700 },
  // NetFlow v9 VLAN 300 (tagged: its first byte is non-zero), VLAN 100 (not tagged), sFlow VLAN 100 (tagged)
  { v: 4, src: '10.9.9.9', dst: '10.8.8.8', proto: 17, sport: 123, dport: 123, vlan: 300, exportVersion: 9 },
  { v: 4, src: '10.9.9.9', dst: '10.8.8.8', proto: 17, sport: 123, dport: 123, vlan: 100, exportVersion: 10 },
  { v: 4, src: '10.9.9.9', dst: '10.8.8.8', proto: 17, sport: 123, dport: 123, vlan: 100, exportVersion: 5 },
  { v: 6, src: '2001:db8::9', dst: '2001:db8::8', proto: 17, sport: 5353, dport: 5353, vlan: 0x0fff, exportVersion: 9 },
  // MPLS: one label, two labels, two labels under a VLAN
  { v: 4, src: '172.16.0.1', dst: '172.16.0.2', proto: 6, sport: 179, dport: 60000, labels: [16001, 16001, 1] },
  { v: 4, src: '172.16.0.1', dst: '172.16.0.2', proto: 6, sport: 179, dport: 60000, labels: [24005, 17, 2] },
  { v: 6, src: '2001:db8::a', dst: '2001:db8::b', proto: 17, sport: 4789, dport: 4789, labels: [300, 301, 2], vlan: 0x200, exportVersion: 10 },
  { v: 4, src: '0.0.0.0', dst: '0.0.0.0', proto: 0, srcMac: [0x02, 0, 0, 0, 0, 0x01] },
];

const EXPRESSIONS = [
  'ip', 'ip6', 'tcp', 'udp', 'icmp', 'icmp6', 'vlan', 'mpls', 'vlan 300', 'vlan and udp', 'mpls and tcp', 'mpls and mpls and tcp',
  'mpls 16001', 'mpls 24005 and mpls 17', 'host 10.1.2.3', 'src net 10.0.0.0/8', 'dst net 192.0.2.0/24 or dst host 203.0.113.9',
  'net 2001:db8::/32', 'ip6 src host 2001:db8::1', 'port 80', 'src port 53', 'portrange 400-500', 'dst portrange 1-1024',
  'tcp[tcpflags] & tcp-syn != 0', 'tcp[13] = 0x18', 'ip[1] & 0xfc = 32', 'proto 17 and not port 53', 'ip proto \\icmp',
  'not (tcp or udp)', 'less 100', 'greater 101', 'len = 100', 'ether src 02:00:00:00:00:01', 'ether dst 00:00:00:00:00:00',
  '(tcp and port 443) or (udp and port 123)', 'ip6 and tcp and dst port 443', 'icmp[icmptype] = icmp-echo',
];

function recordOf(f: FlowSpec): FlowRecord {
  const rec = new FlowRecord();
  const put = (field: FlowRecord['srcHost'], text: string): void => {
    if (f.v === 4) field.setV4(Uint8Array.from(text.split('.').map(Number)), 0);
    else field.setV6(ipv6Bytes(text), 0);
  };
  put(rec.srcHost, f.src);
  put(rec.dstHost, f.dst);
  rec.proto = f.proto;
  rec.srcPort = f.sport ?? 0;
  rec.dstPort = f.dport ?? 0;
  rec.tos = f.tos ?? 0;
  rec.tcpFlags = f.flags ?? 0;
  rec.vlan = f.vlan ?? 0;
  rec.exportProtoVersion = f.exportVersion ?? 9;
  if (f.labels) {
    rec.mplsLabelTop = f.labels[0];
    rec.mplsLabelBottom = f.labels[1];
    rec.mplsStackDepth = f.labels[2];
  }
  if (f.srcMac) rec.srcMac.set(f.srcMac);
  return rec;
}

function ipv6Bytes(text: string): Uint8Array {
  const [head, tail] = text.split('::') as [string, string | undefined];
  const groups = (s: string | undefined): number[] => (s ? s.split(':').map((g) => parseInt(g, 16)) : []);
  const h = groups(head);
  const t = groups(tail);
  const all = [...h, ...new Array<number>(8 - h.length - t.length).fill(0), ...t];
  const out = new Uint8Array(16);
  all.forEach((g, i) => { out[i * 2] = g >>> 8; out[i * 2 + 1] = g & 0xff; });
  return out;
}

/** A pcap file (Ethernet) with each packet's caplen and wire length as the builder set them. */
function pcapOf(packets: { bytes: Uint8Array; len: number }[]): Buffer {
  const parts: Buffer[] = [];
  const header = Buffer.alloc(24);
  header.writeUInt32LE(0xa1b2c3d4, 0);
  header.writeUInt16LE(2, 4);
  header.writeUInt16LE(4, 6);
  header.writeUInt32LE(65535, 16);
  header.writeUInt32LE(1, 20);
  parts.push(header);
  packets.forEach((p, i) => {
    const rh = Buffer.alloc(16);
    rh.writeUInt32LE(1_700_000_000 + i, 0);
    rh.writeUInt32LE(p.bytes.length, 8);
    rh.writeUInt32LE(p.len, 12);
    parts.push(rh, Buffer.from(p.bytes));
  });
  return Buffer.concat(parts);
}

const native = loadNativeBpfCompile();
let work = '';
let reference: string[] | null = null;
let referenceSkip: string | false = false;

describe('BpfProgram on flow packets, against libpcap', { skip: native === null ? 'build/bpfCompile.node is not built' : false }, () => {
  const builder = new FlowPacketBuilder();
  const packets = FLOWS.map((f) => {
    builder.build(recordOf(f));
    return { bytes: builder.packet.slice(0, builder.caplen), len: builder.wirelen, full: builder.packet.slice() };
  });

  before(() => {
    work = mkdtempSync(join(tmpdir(), 'tsacct-bpf-'));
    writeFileSync(join(work, 'flows.pcap'), pcapOf(packets));
    try {
      execFileSync(process.env.CC ?? 'cc', ['-O1', '-o', join(work, 'ref'), join(import.meta.dirname, 'pcapReference.c'), '-lpcap'], { stdio: 'pipe' });
      reference = execFileSync(join(work, 'ref'), [join(work, 'flows.pcap'), ...EXPRESSIONS], { encoding: 'utf8' }).trim().split('\n');
    } catch (err) {
      referenceSkip = `the libpcap reference could not be built or run: ${err instanceof Error ? err.message : String(err)}`;
    }
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it('matches what libpcap matches, for every expression and packet', (t) => {
    if (reference === null) return t.skip(String(referenceSkip));
    assert.equal(reference.length, EXPRESSIONS.length);
    let matches = 0;
    EXPRESSIONS.forEach((expression, e) => {
      const program = compileBpf(expression);
      const got = packets.map((p) => (program.run(p.full, p.bytes.length, p.len) !== 0 ? '1' : '0')).join('');
      assert.equal(got, reference![e], `${expression}`);
      matches += [...got].filter((c) => c === '1').length;
    });
    // The set is not degenerate: many matches, many misses.
    assert.ok(matches > 40 && matches < EXPRESSIONS.length * FLOWS.length - 40, `matches ${matches}`);
  });

  it('compileFlowFilter builds the same packet and gives the same answers', (t) => {
    if (reference === null) return t.skip(String(referenceSkip));
    EXPRESSIONS.forEach((expression, e) => {
      const pass = compileFlowFilter(expression);
      const got = FLOWS.map((f) => (pass(recordOf(f)) ? '1' : '0')).join('');
      assert.equal(got, reference![e], expression);
    });
  });

  it('refuses an expression libpcap rejects, naming it', () => {
    assert.throws(() => compileFlowFilter('tcp and bogus'), (err: unknown) => {
      assert.ok(err instanceof FlowFilterError);
      assert.match(err.message, /filter 'tcp and bogus' rejected by libpcap: /);
      return true;
    });
  });
});

describe('BpfProgram by hand', () => {
  // ldh [12]; jeq #0x800 jt 0 jf 1; ret #65535; ret #0
  const words = Int32Array.from([0x28, 0, 0, 12, 0x15, 0, 1, 0x800, 0x06, 0, 0, 65535, 0x06, 0, 0, 0]);
  it('reads, compares and returns', () => {
    const p = new Uint8Array(20);
    p[12] = 0x08;
    assert.equal(new BpfProgram(words).run(p, 20, 100), 65535);
    p[12] = 0x86;
    assert.equal(new BpfProgram(words).run(p, 20, 100), 0);
  });
  it('fails a load beyond the captured bytes', () => {
    const p = new Uint8Array(20);
    p[12] = 0x08;
    assert.equal(new BpfProgram(words).run(p, 13, 100), 0);
  });
  it('refuses a jump out of the program', () => {
    assert.throws(() => new BpfProgram(Int32Array.from([0x05, 0, 0, 5, 0x06, 0, 0, 0])));
  });
});
