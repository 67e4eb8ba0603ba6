/**
 * pmacct's shaping of route texts (src/enrich/bgpTextFilters.ts), on
 * values worked out by hand from its rules; the golden case
 * `text-filters` (test/golden/bgpCorrelation) checks them against
 * nfacctd 1.7.7 end to end.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { aspathRadius, communityAsn, filterCommunities, firstAsnOfText, parsePatterns } from '../../src/enrich/bgpTextFilters.ts';

test('bgp_aspath_radius cuts the path before its N-th space', () => {
  assert.equal(aspathRadius('64500 4200000001 15169', 2), '64500 4200000001');
  assert.equal(aspathRadius('(65001 65002) 2916', 1), '(65001');
  assert.equal(aspathRadius('10094', 2), '10094');
});

test('community patterns: substrings anywhere, "." wildcards over whole communities, pattern by pattern', () => {
  const comms = '3356:100 64500:100 64500:200 64502:300 no-export';
  assert.deepEqual(parsePatterns(' 64500:.00, 502:3 ,'), ['64500:.00', '502:3']);
  assert.equal(filterCommunities(comms, ['64500:.00', '502:3']), '64500:100 64500:200 502:300');
  // A wildcard candidate of another length ends that pattern's search.
  assert.equal(filterCommunities('64520:64999 64520:10', ['6452.:1.']), '');
  assert.equal(filterCommunities('64520:10 64520:64999', ['6452.:1.']), '64520:10');
  assert.equal(filterCommunities(comms, ['65000:']), '');
});

test('bgp_stdcomm_pattern_to_asn reads after the colon for src/dst AS, before it for the peer AS', () => {
  assert.equal(communityAsn('64520:64999', true), 64999);
  assert.equal(communityAsn('64520:64999 1:2', false), 64520);
  assert.equal(communityAsn('', true), 0);
});

test('bgp_peer_as_skip_subas passes over a leading confederation member', () => {
  assert.equal(firstAsnOfText('(65001 65002) 2916', true), 65002);
  assert.equal(firstAsnOfText('(65001) 2916', true), 2916);
  assert.equal(firstAsnOfText('64500 15169', true), 64500);
});
