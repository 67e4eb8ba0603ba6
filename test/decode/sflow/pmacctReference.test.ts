/**
 * Golden check against pmacct 1.7.7: each capture decoded by SflowDecoder,
 * aggregated on the primitives of its .conf (tcpflags ORed, as pmacct's
 * cache does) and rendered as pmacct's CSV print plugin would; the lines
 * must equal the reference output. The references were made with
 * `sfacctd -f <name>.pmacct-csv.conf` in the fixtures directory (see the
 * .conf files and /work/shared/corpus/INDEX.md).
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { SflowDecoder } from '../../../src/decode/sflow/sflowDecoder.ts';
import type { FlowRecord } from '../../../src/model/flowRecord.ts';
import { primitiveByName } from '../../../src/model/primitiveCatalog.ts';
import type { Primitive, RenderContext } from '../../../src/model/primitive.ts';
import { StringTable } from '../../../src/model/stringTable.ts';
import { byteOrder } from '../netflow/pmacctCsv.ts';
import { readSflowCapture, SFLOW_FIXTURES } from './sflowCapture.ts';

/** References from the corpus (L3/L4 aggregate). */
const CSV_CAPTURES = [
  'akvorado__data-1140',
  'akvorado__data-sflow-expanded-sample',
  'ndpi__sflow',
  'overflowd__sflow',
  'tcpdump__sflow-print-v6',
];

/**
 * Checked from the shared corpus when it is there, not copied into the
 * repository: the capture's repository has no licence file.
 */
const CORPUS_SFLOW = '/work/shared/corpus/sflow/';
const CORPUS_ONLY = ['oxyflow__sflow'];

/**
 * References made for tsacct with the same sfacctd on a wider aggregate
 * (MACs, vlan, cos, etype, BGP fields from the gateway record, masks,
 * MPLS, export_proto_*, sampling_rate): `sfacctd -f <name>.pmacct-l2.conf`.
 */
const L2_CAPTURES = [
  'akvorado__data-1140',
  'akvorado__data-encap-vxlan',
  'akvorado__data-icmpv6',
  'akvorado__data-sflow-ipv4-data',
  'akvorado__data-sflow-raw-ipv4',
  'akvorado__data-vlan-interfaces',
  'tcpdump__sflow_expanded',
];

interface Aggregate {
  key: Uint32Array;
  tcpFlags: number;
  packets: number;
  bytes: number;
}

function aggregateOf(conf: string): string[] {
  const line = conf.split('\n').find((l) => l.startsWith('aggregate['));
  assert.ok(line, 'aggregate line');
  return line.slice(line.indexOf(':') + 1).split(',').map((s) => s.trim());
}

function csvFromDecoder(pcap: string, aggregate: string[], header: string): string[] {
  const names = aggregate.filter((n) => n !== 'tcpflags');
  const primitives: Primitive[] = names.map((n) => {
    const p = primitiveByName(n);
    assert.ok(p, `primitive ${n}`);
    return p;
  });
  const words = primitives.reduce((n, p) => n + p.words, 0);
  const strings = new StringTable();
  const aggregates = new Map<string, Aggregate>();
  const accept = (rec: FlowRecord): void => {
    const key = new Uint32Array(words);
    let off = 0;
    for (const p of primitives) {
      p.write(rec, key, off, strings);
      off += p.words;
    }
    const id = key.join(',');
    let a = aggregates.get(id);
    if (!a) aggregates.set(id, (a = { key, tcpFlags: 0, packets: 0, bytes: 0 }));
    a.tcpFlags |= rec.tcpFlags;
    a.packets += rec.packets;
    a.bytes += rec.bytes;
  };
  const decoder = new SflowDecoder();
  for (const d of readSflowCapture(pcap)) decoder.decode(d.payload, d.exporter, d.sec, d.usec, accept);

  const ctx: RenderContext = { timestamps: { utc: true, rfc3339: false, sinceEpoch: false }, strings };
  const columns = header.split(',');
  const lines: string[] = [];
  for (const a of aggregates.values()) {
    const row = new Map<string, string>();
    let off = 0;
    for (const p of primitives) {
      for (const f of p.fields) row.set(f.header, String(f.read(a.key, off, ctx)));
      off += p.words;
    }
    row.set('TCP_FLAGS', String(a.tcpFlags));
    row.set('PACKETS', String(a.packets));
    row.set('BYTES', String(a.bytes));
    lines.push(columns.map((c) => row.get(c) ?? `<${c}?>`).join(','));
  }
  return lines.sort(byteOrder);
}

describe('sFlow decoder against pmacct 1.7.7 sfacctd (CSV print)', () => {
  for (const [suffix, names] of [
    ['pmacct-csv', CSV_CAPTURES],
    ['pmacct-l2', L2_CAPTURES],
  ] as const) {
    for (const name of names) {
      it(`${name} (${suffix})`, () => {
        const conf = readFileSync(join(SFLOW_FIXTURES, `${name}.${suffix}.conf`), 'utf8');
        const [header, ...expected] = readFileSync(join(SFLOW_FIXTURES, `${name}.${suffix}.out`), 'utf8').trimEnd().split('\n');
        assert.ok(header);
        const actual = csvFromDecoder(join(SFLOW_FIXTURES, `${name}.pcap`), aggregateOf(conf), header);
        assert.deepEqual(actual, expected.sort(byteOrder));
      });
    }
  }

  for (const name of CORPUS_ONLY) {
    const present = existsSync(join(CORPUS_SFLOW, `${name}.pcap`));
    it(`${name} (pmacct-csv, shared corpus)`, { skip: present ? false : 'not in this checkout' }, () => {
      const conf = readFileSync(join(CORPUS_SFLOW, `${name}.pmacct-csv.conf`), 'utf8');
      const [header, ...expected] = readFileSync(join(CORPUS_SFLOW, `${name}.pmacct-csv.out`), 'utf8').trimEnd().split('\n');
      assert.ok(header);
      const actual = csvFromDecoder(join(CORPUS_SFLOW, `${name}.pcap`), aggregateOf(conf), header);
      assert.deepEqual(actual, expected.sort(byteOrder));
    });
  }

  it('akvorado__data-qinq: two 0x8100 tags, no IP for pmacct, nothing accounted (sfacctd writes no output)', () => {
    const conf = readFileSync(join(SFLOW_FIXTURES, 'akvorado__data-qinq.pmacct-l2.conf'), 'utf8');
    const lines = csvFromDecoder(join(SFLOW_FIXTURES, 'akvorado__data-qinq.pcap'), aggregateOf(conf), 'PACKETS');
    assert.deepEqual(lines, []);
  });
});
