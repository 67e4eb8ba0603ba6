// The looking glass's pieces not covered by the pmbgpd golden
// (test/golden/bgp/bgpBrokerGolden.test.ts): PLAIN authentication over
// ZeroMQ (bgp_daemon_lg_user / _passwd), route distinguisher texts as
// pmacct's bgp_str2rd reads them, and the HTTP body's JSON texts.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { loadConfigText } from '../../../src/config/index.ts';
import { memoryLogger } from '../../../src/core/logger.ts';
import { startBgpDaemon } from '../../../src/daemons/bgpDaemon.ts';
import type { BgpCollector } from '../../../src/routing/bgp/bgpCollector.ts';
import { parseRd } from '../../../src/decode/bgp/routeDistinguisher.ts';
import { loadZeromq } from '../../../src/routing/bgp/lookingGlassZmq.ts';
import { jsonTexts } from '../../../src/web/jsonTexts.ts';
import { askLookingGlass } from '../../golden/bgp/bgpBrokerGolden.ts';
import { freePorts } from './bgpTestKit.ts';

describe('bgp_daemon_lg_user and bgp_daemon_lg_passwd', { skip: loadZeromq() instanceof Error && 'the npm package zeromq is not installed' }, () => {
  let collector: BgpCollector | null = null;
  after(async () => {
    await collector?.stop();
  });

  it('answer a client with the user name and password, and none other', async () => {
    const [lgPort, bgpPort] = await freePorts(2);
    const config = ['bgp_daemon_ip: 127.0.0.1', `bgp_daemon_port: ${bgpPort}`, 'bgp_daemon_lg: true', `bgp_daemon_lg_port: ${lgPort}`, 'bgp_daemon_lg_user: lg', 'bgp_daemon_lg_passwd: s3cret'].join('\n');
    const logger = memoryLogger();
    collector = await startBgpDaemon(loadConfigText('pmbgpd', config, 'test.conf'), logger);
    assert.deepEqual(await askLookingGlass(lgPort, ['{"query_type": 2, "queries": 1}'], { user: 'lg', passwd: 's3cret' }), ['{"results": 0, "query_type": 2}']);
    // Refused by the ZAP handler: the REQ client gets no answer (its receive times out).
    await assert.rejects(askLookingGlass(lgPort, ['{"query_type": 2, "queries": 1}'], { user: 'lg', passwd: 'wrong' }, 1000));
    await assert.rejects(askLookingGlass(lgPort, ['{"query_type": 2, "queries": 1}'], undefined, 1000));
    assert.match(logger.lines.join('\n'), /Looking Glass: a client was refused/);
  });
});

describe('route distinguishers of a lookup', () => {
  it('reads the three types as pmacct prints them, and refuses an AS or address of 0 as bgp_str2rd does', () => {
    assert.deepEqual([...parseRd('0:65000:7')!], [0, 0, 0xfd, 0xe8, 0, 0, 0, 7]);
    assert.deepEqual([...parseRd('1:192.0.2.1:5')!], [0, 1, 192, 0, 2, 1, 0, 5]);
    assert.deepEqual([...parseRd('2:4200000001:7')!], [0, 2, 0xfa, 0x56, 0xea, 0x01, 0, 7]);
    for (const bad of ['0:0:7', '1:0.0.0.0:1', '0:65536:1', '2:1:65536', '3:1:1', '65000:7', 'x']) assert.equal(parseRd(bad), null, bad);
  });
});

describe('JSON texts of an HTTP looking-glass request', () => {
  it('cuts one per line, pretty-printed ones where they close, and takes an array\'s items', () => {
    assert.deepEqual(jsonTexts('{"a": 1}\n{"b": "}{"}\n'), ['{"a": 1}', '{"b": "}{"}']);
    assert.deepEqual(jsonTexts('{\n "a": 1\n}\n\n{\n "b": [1, 2]\n}'), ['{\n "a": 1\n}', '{\n "b": [1, 2]\n}']);
    assert.deepEqual(jsonTexts('[{"a": 1}, {"b": 2}]'), ['{"a":1}', '{"b":2}']);
    assert.deepEqual(jsonTexts('{"a": 1}{"b": 2}'), ['{"a": 1}', '{"b": 2}']);
    assert.deepEqual(jsonTexts('not json\n{"a": 1}'), ['not json', '{"a": 1}']);
  });
});
