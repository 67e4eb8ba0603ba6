/**
 * Counter samples against tcpdump's own decode of the same capture
 * (tcpdump__sflow_multiple_counter_30_pdus.tcpdump.out is tcpdump's test
 * reference, `tcpdump -r <capture> -v`): every generic interface block in
 * order, with its ifIndex, type, speed, direction, status and the octet and
 * packet counters; Ethernet blocks present where tcpdump shows them; the
 * unknown formats (2000-2006) skipped.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { SflowCounterSample } from '../../../src/decode/sflow/sflowCounterSample.ts';
import { SflowDecoder } from '../../../src/decode/sflow/sflowDecoder.ts';
import { readSflowCapture, SFLOW_FIXTURES } from './sflowCapture.ts';

const NAME = 'tcpdump__sflow_multiple_counter_30_pdus';

function tcpdumpGenericLines(): string[] {
  const text = readFileSync(join(SFLOW_FIXTURES, `${NAME}.tcpdump.out`), 'utf8');
  const out: string[] = [];
  const re =
    /ifindex (\d+), iftype (\d+), ifspeed (\d+), ifdirection (\d+)[^\n]*\n\s*ifstatus (\d+)[^\n]*\n\s*In octets (\d+), unicast pkts (\d+), multicast pkts (\d+), broadcast pkts (\d+), discards (\d+)\n\s*In errors (\d+), unknown protos (\d+)\n\s*Out octets (\d+), unicast pkts (\d+), multicast pkts (\d+), broadcast pkts (\d+), discards (\d+)\n\s*Out errors (\d+), promisc mode (\d+)/g;
  for (const m of text.matchAll(re)) out.push(m.slice(1).join(' '));
  return out;
}

function genericLine(c: SflowCounterSample): string {
  const g = c.generic;
  return [
    g.ifIndex, g.ifType, g.ifSpeed, g.ifDirection, g.ifStatus,
    g.ifInOctets, g.ifInUcastPkts, g.ifInMulticastPkts, g.ifInBroadcastPkts, g.ifInDiscards, g.ifInErrors, g.ifInUnknownProtos,
    g.ifOutOctets, g.ifOutUcastPkts, g.ifOutMulticastPkts, g.ifOutBroadcastPkts, g.ifOutDiscards, g.ifOutErrors, g.ifPromiscuousMode,
  ].join(' ');
}

describe('sFlow counter samples', () => {
  it(`${NAME}: generic and Ethernet blocks as tcpdump decodes them`, () => {
    const decoder = new SflowDecoder();
    const generic: string[] = [];
    let samples = 0;
    let ethernet = 0;
    let other = 0;
    let flows = 0;
    for (const d of readSflowCapture(join(SFLOW_FIXTURES, `${NAME}.pcap`))) {
      decoder.decode(
        d.payload,
        d.exporter,
        d.sec,
        d.usec,
        () => flows++,
        (c) => {
          samples++;
          if (c.hasGeneric) generic.push(genericLine(c));
          if (c.hasEthernet) ethernet++;
          other += c.otherBlocks;
        },
      );
    }
    assert.equal(flows, 0);
    assert.equal(samples, 144);
    assert.equal(ethernet, 142);
    assert.equal(other, 12);
    assert.deepEqual(generic, tcpdumpGenericLines());
    const stats = [...decoder.stats.values()];
    assert.equal(stats.reduce((n, s) => n + s.counterSamples, 0), 144);
    assert.equal(stats.reduce((n, s) => n + s.malformedTotal, 0), 0);
    // 25 sFlow datagrams from 7 agents; the other 5 frames are NetFlow on the same port.
    assert.equal(stats.reduce((n, s) => n + s.datagrams, 0), 25);
    assert.equal(stats.length, 7);
    assert.equal([...decoder.unattributed.values()].reduce((n, v) => n + v, 0), 5);
  });
});
