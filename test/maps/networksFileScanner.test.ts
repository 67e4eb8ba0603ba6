/**
 * The networks_file byte scanner against the string parser it stands in
 * for: whatever the fast path accepts, net.isIPv4/isIPv6 accept and read
 * the same way, and a whole file gives the same table either way.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isIPv4, isIPv6 } from 'node:net';
import {
  fastParseAddress,
  ipv4ToNumber,
  ipv6ToBytes,
  parseNetworksFile,
  parseNetworksFileLines,
  type NetworksTable,
} from '../../src/maps/networksFile.ts';

/** A small deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function checkAddress(text: string): boolean {
  const fast = fastParseAddress(text);
  if (fast === null) return false;
  if (fast.family === 4) {
    assert.ok(isIPv4(text), `fast took '${text}' as IPv4`);
    const v = ipv4ToNumber(text);
    assert.deepEqual([...fast.bytes], [v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff], text);
  } else {
    assert.ok(isIPv6(text), `fast took '${text}' as IPv6`);
    const want = new Uint8Array(16);
    ipv6ToBytes(text, want);
    assert.deepEqual([...fast.bytes], [...want], text);
  }
  return true;
}

const VALID = [
  '0.0.0.0', '255.255.255.255', '10.0.0.1', '192.168.4.77', '::', '::1', '1::', '2001:db8::', '2001:DB8::1',
  '1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7::', '::2:3:4:5:6:7:8', '1::8', '::ffff:1.2.3.4', '::1.2.3.4',
  '1:2:3:4:5:6:1.2.3.4', '1:2:3:4:5::1.2.3.4', '1::2:3:4:5:1.2.3.4', '0000:0000::ffff', 'fe80::abcd:0:0:1',
];
const INVALID = [
  '', '01.2.3.4', '1.2.3', '1.2.3.4.5', '256.1.1.1', '1.2.3.4 ', '1..2.3', ':', ':::', '1:::2', ':1::', '1::2:',
  '1:2:3:4:5:6:7', '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7:8::', '1::2::3', '12345::', 'g::', '1:2:3:4:5:6::1.2.3.4',
  '::1.2.3.04', '::1.2.3', '1.2.3.4::', '::1.2.3.4:1', 'fe80::1%eth0', '-1.2.3.4', '1.2.3.4/24',
];

test('fast address scanner: known valid and invalid forms', () => {
  for (const a of VALID) assert.ok(checkAddress(a), `fast should take '${a}'`);
  for (const a of INVALID) assert.equal(checkAddress(a), false, `fast should leave '${a}'`);
});

test('fast address scanner: random strings never accepted where net.isIP says no, bytes agree', () => {
  const r = rng(1);
  const alphabet = '0123456789abcdefABCDEF::::....%g ';
  let accepted = 0;
  for (let n = 0; n < 200_000; n++) {
    const len = Math.floor(r() * 24);
    let s = '';
    for (let i = 0; i < len; i++) s += alphabet[Math.floor(r() * alphabet.length)];
    if (checkAddress(s)) accepted++;
  }
  // Random IPv6 in every compressed form.
  for (let n = 0; n < 20_000; n++) {
    const groups = Array.from({ length: 8 }, () => (r() < 0.4 ? 0 : Math.floor(r() * 65536)).toString(16));
    let text = groups.join(':');
    const from = Math.floor(r() * 8);
    const to = from + 1 + Math.floor(r() * (8 - from));
    if (r() < 0.7) text = `${groups.slice(0, from).join(':')}::${groups.slice(to).join(':')}`;
    if (r() < 0.2 && !text.endsWith('::')) text = text.replace(/[0-9a-f]+:[0-9a-f]+$/, (m) => {
      const [h, l] = m.split(':').map((x) => parseInt(x, 16));
      return `${h! >>> 8}.${h! & 0xff}.${l! >>> 8}.${l! & 0xff}`;
    });
    if (isIPv6(text)) assert.ok(checkAddress(text), `fast should take '${text}'`);
    else assert.equal(checkAddress(text), false);
  }
  assert.ok(accepted > 0);
});

function columns(t: NetworksTable): unknown {
  return {
    size: t.size,
    families: [...t.families], masks: [...t.masks], asns: [...t.asns], peerAsns: [...t.peerAsns], lines: [...t.lines],
    zeroNetworks: [...t.zeroNetworks], nextHopFamilies: [...t.nextHopFamilies],
    nextHops: t.nextHops.length === 0 ? [] : [...t.nextHops],
    entries: t.entries, problems: t.problems, defaultRoute4: t.defaultRoute4, defaultRoute6: t.defaultRoute6,
    v4: t.v4.rangeCount, v6: t.v6.rangeCount,
  };
}

test('networks_file: the byte scanner and the string parser build the same table', () => {
  const r = rng(7);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(r() * a.length)]!;
  const nets = [...VALID, ...INVALID, '10.0.0.0', '0.0.0.0', '::', '2001:db8:1::', '192.168.1.1'];
  const masks = ['0', '8', '16', '24', '32', '33', '64', '128', '129', '024', '', '1x', '99999999999'];
  const asns = ['', '65000', '0', '4294967295', '4294967296', '1_2', '_2', '1_', 'x', '00065000', '1_2_3'];
  const blanks = ['', ' ', '\t', '  ', '\r', '\u00a0', '\ufeff'];
  const lines: string[] = [];
  for (let n = 0; n < 20_000; n++) {
    const kind = r();
    if (kind < 0.05) { lines.push(pick(['', '! c', '  # c', '\t', 'é', ' \u00a0# x', '\r'])); continue; }
    const net = `${pick(blanks)}${pick(nets)}/${pick(masks)}${pick(blanks)}`;
    const shape = Math.floor(r() * 5);
    const as = `${pick(blanks)}${pick(asns)}`;
    const nh = r() < 0.3 ? '' : pick(nets);
    let line: string;
    if (shape === 0) line = net;
    else if (shape === 1) line = `${as},${net}`;
    else if (shape === 2) line = `${nh},${as},${net}`;
    else if (shape === 3) line = `lbl,${nh},${as},${net}`;
    else line = `lbl,${nh},${as},${net},extra,${pick(nets)}`;
    lines.push(r() < 0.1 ? `${line}\r` : line);
  }
  const text = lines.join('\n');
  const fast = parseNetworksFile(text, 'f.lst');
  const slow = parseNetworksFileLines(text, 'f.lst');
  assert.ok(fast.size > 1000 && fast.problems.length > 1000);
  assert.deepEqual(columns(fast), columns(slow));
  const r2 = rng(9);
  const a6 = new Uint8Array(16);
  for (let n = 0; n < 20_000; n++) {
    const a4 = Math.floor(r2() * 2 ** 32);
    assert.equal(fast.v4.lookup(a4), slow.v4.lookup(a4));
    for (let i = 0; i < 16; i++) a6[i] = i < 2 && r2() < 0.5 ? [0x20, 0x01][i]! : Math.floor(r2() * 256);
    assert.equal(fast.v6.lookup(a6), slow.v6.lookup(a6));
  }
});

test('networks_file: text that is not well-formed UTF-16 is still read line by line', () => {
  const t = parseNetworksFile('10.0.0.0/8\n\ud800,10.1.0.0/16\n65000,10.2.0.0/16', 'x');
  assert.deepEqual(t.entries.map((e) => [e.network, e.as, e.line]), [['10.0.0.0', 0, 1], ['10.2.0.0', 65000, 3]]);
  assert.deepEqual(t.problems.map((p) => p.message), ["[x:2] Invalid AS number '\ud800'. Ignoring."]);
});
