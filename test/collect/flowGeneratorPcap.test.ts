/**
 * The benchmark generator (bench/) writes captures through the pcap writer
 * and is checked here, beside the pcap tests, because its output is a
 * capture: its sidecar totals must equal what the capture holds.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { FlowGenerator, type FlowGeneratorOptions, type GeneratorTotals } from '../../bench/flowGenerator.ts';
import { FlowKey, FlowKeySpace } from '../../bench/flowKeys.ts';
import { PcapSavefileSource } from '../../src/collect/pcapSavefileSource.ts';

const scratch = mkdtempSync(join(tmpdir(), 'tsacct-generator-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
const node = process.execPath;
const generateCli = fileURLToPath(new URL('../../bench/generate.ts', import.meta.url));

const hasTshark = spawnSync('tshark', ['--version'], { stdio: 'ignore' }).status === 0;
const NO_TSHARK = 'tshark is not installed: the cross-check with tshark is skipped';

/** Header and data-record facts read back from an export datagram (RFC 3954 §5, RFC 7011 §3). */
interface Decoded {
  version: number;
  sequence: number;
  count: number;
  hasTemplate: boolean;
  records: number;
  packets: number;
  bytes: number;
  keys: string[];
}

function decode(payload: Buffer): Decoded {
  const version = payload.readUInt16BE(0);
  const ipfix = version === 10;
  const result: Decoded = {
    version,
    sequence: payload.readUInt32BE(ipfix ? 8 : 12),
    count: ipfix ? 0 : payload.readUInt16BE(2),
    hasTemplate: false,
    records: 0,
    packets: 0,
    bytes: 0,
    keys: [],
  };
  const end = ipfix ? payload.readUInt16BE(2) : payload.length;
  assert.equal(end, payload.length);
  for (let at = ipfix ? 16 : 20; at < end; ) {
    const setId = payload.readUInt16BE(at);
    const setLength = payload.readUInt16BE(at + 2);
    if (setId === (ipfix ? 2 : 0)) result.hasTemplate = true;
    if (setId === 256) {
      const recordLength = ipfix ? 69 : 53;
      for (let r = at + 4; r + recordLength <= at + setLength; r += recordLength) {
        result.records++;
        // Counters first: v9 4-byte bytes/packets, IPFIX 8-byte (values stay below 2^32 here).
        result.bytes += ipfix ? payload.readUInt32BE(r + 4) : payload.readUInt32BE(r);
        result.packets += ipfix ? payload.readUInt32BE(r + 12) : payload.readUInt32BE(r + 4);
        const base = ipfix ? r + 16 : r + 8;
        const protocol = payload[base]!;
        const srcPort = payload.readUInt16BE(base + 3);
        const src = payload.readUInt32BE(base + 5);
        const dstPort = payload.readUInt16BE(base + 14);
        const dst = payload.readUInt32BE(base + 16);
        result.keys.push(`${src}/${dst}/${srcPort}/${dstPort}/${protocol}`);
      }
    }
    at += setLength;
  }
  return result;
}

function generateAll(options: FlowGeneratorOptions): { datagrams: Array<{ exporter: number; payload: Buffer }>; totals: GeneratorTotals } {
  const generator = new FlowGenerator(options);
  const datagrams: Array<{ exporter: number; payload: Buffer }> = [];
  for (let d = generator.next(); d !== null; d = generator.next()) datagrams.push({ exporter: d.exporterIndex, payload: Buffer.from(d.payload) });
  return { datagrams, totals: generator.totals };
}

describe('benchmark flow generator', () => {
  it('has exactly the requested number of distinct 5-tuples, cycled', () => {
    const space = new FlowKeySpace(5000, 7);
    const key = new FlowKey();
    const seen = new Set<string>();
    const text = (): string => `${key.srcAddress}/${key.dstAddress}/${key.srcPort}/${key.dstPort}/${key.protocol}`;
    for (let i = 0; i < 5000; i++) {
      space.keyOf(i, key);
      seen.add(text());
    }
    assert.equal(seen.size, 5000);
    space.keyOf(123, key);
    const first = text();
    space.keyOf(123 + 5000, key);
    assert.equal(text(), first);
  });

  for (const protocol of ['netflow-v9', 'ipfix'] as const) {
    it(`${protocol}: templates first and every N datagrams, sequence numbers per protocol, totals match the records`, () => {
      const { datagrams, totals } = generateAll({ protocol, flows: 2500, distinctKeys: 700, recordsPerDatagram: 30, templateEvery: 5, exporters: 3, seed: 3 });
      const perExporter = [0, 1, 2].map(() => ({ datagrams: 0, records: 0 }));
      let packets = 0;
      let bytes = 0;
      const keys = new Set<string>();
      for (const { exporter, payload } of datagrams) {
        const decoded = decode(payload);
        const state = perExporter[exporter]!;
        assert.equal(decoded.version, protocol === 'ipfix' ? 10 : 9);
        assert.equal(decoded.hasTemplate, state.datagrams % 5 === 0, `template in datagram ${state.datagrams} of exporter ${exporter}`);
        // v9: the exporter's packets sent before; IPFIX: its data records sent before.
        assert.equal(decoded.sequence, protocol === 'ipfix' ? state.records : state.datagrams);
        if (protocol === 'netflow-v9') assert.equal(decoded.count, decoded.records + (decoded.hasTemplate ? 1 : 0));
        state.datagrams++;
        state.records += decoded.records;
        packets += decoded.packets;
        bytes += decoded.bytes;
        for (const k of decoded.keys) keys.add(k);
      }
      assert.equal(totals.flows, 2500);
      assert.equal(perExporter.reduce((sum, e) => sum + e.records, 0), 2500);
      assert.equal(totals.packets, packets);
      assert.equal(totals.bytes, bytes);
      assert.equal(keys.size, 700);
      assert.deepEqual(totals.exporters.map((e) => e.flows), perExporter.map((e) => e.records));
      assert.equal(datagrams.length, Math.ceil(2500 / 30));
    });
  }

  it('is deterministic for a seed', () => {
    const options: FlowGeneratorOptions = { protocol: 'ipfix', flows: 300, distinctKeys: 50, seed: 42 };
    const a = generateAll(options).datagrams.map((d) => d.payload);
    const b = generateAll(options).datagrams.map((d) => d.payload);
    assert.deepEqual(a, b);
    const c = generateAll({ ...options, seed: 43 }).datagrams.map((d) => d.payload);
    assert.notDeepEqual(a, c);
  });

  for (const protocol of ['v9', 'ipfix']) {
    it(`CLI writes a ${protocol} pcap whose sidecar totals equal the decoded records (and tshark's sums)`, (t) => {
      const path = join(scratch, `${protocol}.pcap`);
      const run = spawnSync(node, [generateCli, '--protocol', protocol, '--flows', '3000', '--keys', '1000', '--exporters', '2', '--out', path], {
        encoding: 'utf8',
      });
      assert.equal(run.status, 0, run.stderr);
      const sidecar = JSON.parse(readFileSync(`${path}.totals.json`, 'utf8')) as GeneratorTotals & { mode: string };
      assert.equal(sidecar.mode, 'pcap');
      assert.equal(sidecar.flows, 3000);

      let packets = 0;
      let bytes = 0;
      let flows = 0;
      const source = new PcapSavefileSource(path);
      const exporters = new Set<string>();
      for (let d = source.next(); d !== null; d = source.next()) {
        assert.equal(d.dstPort, 2100);
        exporters.add(d.srcAddress);
        const decoded = decode(d.payload);
        flows += decoded.records;
        packets += decoded.packets;
        bytes += decoded.bytes;
      }
      assert.deepEqual([...exporters].sort(), ['127.0.0.1', '127.0.0.2']);
      assert.deepEqual({ flows, packets, bytes }, { flows: sidecar.flows, packets: sidecar.packets, bytes: sidecar.bytes });

      if (!hasTshark) return t.skip(NO_TSHARK);
      // tshark -r F -d udp.port==2100,cflow -T fields -E aggregator=, -e cflow.packets -e cflow.octets
      //   -e cflow.sequence_analysis.expected_sn   (the last is set only on a sequence gap)
      const tshark = spawnSync(
        'tshark',
        ['-r', path, '-d', 'udp.port==2100,cflow', '-T', 'fields', '-E', 'aggregator=,', '-e', 'cflow.packets', '-e', 'cflow.octets', '-e', 'cflow.sequence_analysis.expected_sn', '-e', '_ws.malformed'],
        { encoding: 'utf8' },
      );
      const sums = { flows: 0, packets: 0, bytes: 0, gaps: 0, malformed: 0 };
      for (const line of tshark.stdout.split('\n').filter((l) => l !== '')) {
        const [p = '', o = '', gap = '', malformed = ''] = line.split('\t');
        for (const v of p.split(',')) {
          sums.flows++;
          sums.packets += Number(v);
        }
        for (const v of o.split(',')) sums.bytes += Number(v);
        if (gap !== '') sums.gaps++;
        if (malformed !== '') sums.malformed++;
      }
      assert.deepEqual(sums, { flows: sidecar.flows, packets: sidecar.packets, bytes: sidecar.bytes, gaps: 0, malformed: 0 });
    });
  }
});
