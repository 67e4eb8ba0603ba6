/**
 * The flow lookup's per-address peer cache (src/enrich/bgpPeerCache.ts)
 * and its use by the BGP lookup stage: an answer holds for one generation
 * of the session set; a bumped generation (a session came or went, or
 * learnt its BGP identifier) makes the stage scan again. Expected values
 * are the peers the test sets up.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfigText } from '../../src/config/index.ts';
import { memoryLogger } from '../../src/core/logger.ts';
import { NlriEntry, NlriReader } from '../../src/decode/bgp/nlriReader.ts';
import { encodeUpdate } from '../../src/decode/bgp/updateEncoder.ts';
import { decodeUpdate, UpdateMessage } from '../../src/decode/bgp/updateMessage.ts';
import { BgpPeerCache } from '../../src/enrich/bgpPeerCache.ts';
import { bgpLookupStage } from '../../src/enrich/bgpLookupStage.ts';
import { AF_INET, AF_INET6, FlowRecord } from '../../src/model/flowRecord.ts';
import { parseIp } from '../../src/model/ipText.ts';
import { AttributeTable } from '../../src/routing/bgp/attributeTable.ts';
import { BgpPeer } from '../../src/routing/bgp/bgpPeer.ts';
import { RibUpdater } from '../../src/routing/bgp/ribUpdater.ts';

const address = (text: string): Uint8Array => {
  const a = new Uint8Array(16);
  parseIp(text, a);
  return a;
};

test('an answer is kept per address and generation; null answers too', () => {
  const cache = new BgpPeerCache<string>();
  const a = address('127.0.0.1');
  const b = address('127.0.0.2');
  assert.equal(cache.get(1, AF_INET, a, 0), undefined);
  cache.set(1, AF_INET, 'peer-a');
  assert.equal(cache.get(1, AF_INET, b, 0), undefined);
  cache.set(1, AF_INET, null);
  assert.equal(cache.get(1, AF_INET, a, 0), 'peer-a');
  assert.equal(cache.get(1, AF_INET, b, 0), null);
  // Another generation: nothing known.
  assert.equal(cache.get(2, AF_INET, a, 0), undefined);
  assert.equal(cache.get(2, AF_INET, b, 0), undefined);
});

test('IPv6 addresses are told apart by every word, and from IPv4 ones with the same first word', () => {
  const cache = new BgpPeerCache<string>();
  const six = address('2001:db8::1');
  const other = address('2001:db8::2');
  assert.equal(cache.get(0, AF_INET6, six, 0), undefined);
  cache.set(0, AF_INET6, 'six');
  assert.equal(cache.get(0, AF_INET6, other, 0), undefined);
  assert.equal(cache.get(0, AF_INET, six, 0), undefined);
  assert.equal(cache.get(0, AF_INET6, six, 0), 'six');
  // An address read at an offset (the next-hop arrays): the same answer.
  const shifted = new Uint8Array(20);
  shifted.set(six.subarray(0, 16), 3);
  assert.equal(cache.get(0, AF_INET6, shifted, 3), 'six');
});

/** A peer whose RIB holds 192.0.2.0/24 with the AS path `asn`. */
function peerWithRoute(attributes: AttributeTable, peerAddress: string, asn: number): BgpPeer {
  const peer = new BgpPeer(peerAddress, 179);
  peer.fourOctetAs = true;
  const m = encodeUpdate({ origin: 0, asPath: [asn], nextHop: '192.0.2.254', nlri: [{ prefix: '192.0.2.0/24' }] });
  const update = new UpdateMessage();
  const error = decodeUpdate(m, 0, m.length, peer, update, new NlriReader(), new NlriEntry());
  assert.equal(error, null);
  new RibUpdater(attributes, null).apply(peer, update);
  return peer;
}

test('the stage finds a peer that connects later once the generation moves, and forgets one that left', () => {
  const attributes = new AttributeTable();
  const sessions: { peer: BgpPeer }[] = [];
  const source = { attributes, sessionList: () => sessions, generation: 0 };
  const config = loadConfigText('nfacctd', 'bgp_daemon: true\nnfacctd_as: bgp\nplugins: print\naggregate: dst_as\n', 't.conf');
  const stage = bgpLookupStage(config, memoryLogger(), source);
  const rec = new FlowRecord();
  const run = (): number => {
    rec.reset();
    rec.peerSrcIp.setV4Number(0x7f000009); // 127.0.0.9
    rec.srcHost.setV4Number(0x0a000001);
    rec.dstHost.setV4Number(0xc0000205); // 192.0.2.5
    stage(rec);
    return rec.dstAs;
  };
  sessions.push({ peer: peerWithRoute(attributes, '127.0.0.8', 64508) });
  source.generation++;
  assert.equal(run(), 0, 'no session from the exporter yet');
  sessions.push({ peer: peerWithRoute(attributes, '127.0.0.9', 64509) });
  source.generation++;
  assert.equal(run(), 64509);
  assert.equal(run(), 64509, 'the cached answer');
  sessions.pop();
  source.generation++;
  assert.equal(run(), 0, 'the session went');
});
