// The attribute table interns AS paths, community lists and next hops by
// their decoded numbers (WordListPool) and makes pmacct's texts only when
// asked. These tests pin what that must not change: the texts (pmacct's
// formats, as asPath.ts and communityText.ts describe them), sharing of
// equal sets and lists, reference counting down to nothing, and lists that
// survive the arena's compaction.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AS_SEQUENCE, AS_SET } from '../../../src/decode/bgp/bgpConstants.ts';
import { PathAttributes } from '../../../src/decode/bgp/pathAttributes.ts';
import { AttributeTable } from '../../../src/routing/bgp/attributeTable.ts';
import { WordListPool } from '../../../src/routing/bgp/wordListPool.ts';

function attributes(path: number[], set: number[] = [], communities: number[] = []): PathAttributes {
  const a = new PathAttributes();
  a.clear();
  a.origin = 0;
  a.asPath.beginSegment(AS_SEQUENCE);
  for (const asn of path) a.asPath.push(asn);
  if (set.length > 0) {
    a.asPath.beginSegment(AS_SET);
    for (const asn of set) a.asPath.push(asn);
  }
  a.hasAsPath = true;
  if (communities.length > 0) {
    const bytes = new Uint8Array(communities.length * 4);
    communities.forEach((c, i) => new DataView(bytes.buffer).setUint32(i * 4, c));
    a.setCommunities(bytes, 0, bytes.length);
  }
  return a;
}

const V4 = Uint8Array.of(192, 0, 2, 1);
const V6 = Uint8Array.of(0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1);

describe('AttributeTable with lists interned by their numbers', () => {
  it('prints the texts pmacct prints, made on demand', () => {
    const table = new AttributeTable();
    const a = attributes([64512, 174, 4200000001], [6939, 3356], [(6939 << 16) + 200, (3356 << 16) + 100, 0xffffff01]);
    a.setLargeCommunities(Uint8Array.of(0xfa, 0x56, 0xea, 0x00, 0, 0, 0, 1, 0, 0, 0, 2), 0, 12);
    const id = table.internWithNextHop(a, 4, V4);
    assert.equal(table.asPathText(id), '64512 174 4200000001 {3356,6939}');
    assert.equal(table.communitiesText(id), '3356:100 6939:200 no-export');
    assert.equal(table.largeCommunitiesText(id), '4200000000:1:2');
    assert.equal(table.extCommunitiesText(id), null);
    assert.equal(table.nextHopText(id), '192.0.2.1');
    assert.equal(table.firstAsOf(id), 64512);
    assert.equal(table.lastAsOf(id), 6939);
    const v6 = table.internWithNextHop(attributes([65001]), 6, V6);
    assert.equal(table.nextHopText(v6), '2001:db8::1');
    assert.equal(table.asPathText(v6), '65001');
  });

  it('shares equal sets and equal lists, and frees them with their last reference', () => {
    const table = new AttributeTable();
    const first = table.internWithNextHop(attributes([64512, 3356, 65001]), 4, V4);
    const again = table.internWithNextHop(attributes([64512, 3356, 65001]), 4, V4);
    assert.equal(again, first);
    assert.equal(table.references(first), 2);
    // Another MED: another set, the same path and next hop lists.
    const other = attributes([64512, 3356, 65001]);
    other.med = 10;
    other.hasMed = true;
    const withMed = table.internWithNextHop(other, 4, V4);
    assert.notEqual(withMed, first);
    assert.equal(table.size, 2);
    assert.equal(table.lists.size, 2);
    table.release(first);
    table.release(first);
    assert.equal(table.size, 1);
    assert.equal(table.asPathText(withMed), '64512 3356 65001');
    table.release(withMed);
    assert.equal(table.size, 0);
    assert.equal(table.lists.size, 0);
  });

  it('reads the next hop from the text when intern() is called without an IPv4 number', () => {
    const table = new AttributeTable();
    const byText = table.intern(attributes([65001]), () => '2001:db8::1');
    const byBytes = table.internWithNextHop(attributes([65001]), 6, V6);
    assert.equal(byText, byBytes);
    const v4 = table.intern(attributes([65001]), () => 'unused', (192 << 24 | 2 << 8 | 1) >>> 0);
    assert.equal(table.nextHopText(v4), '192.0.2.1');
  });
});

describe('WordListPool', () => {
  it('keeps the lists it holds through compactions of its arena', () => {
    const pool = new WordListPool(16);
    const render = (p: WordListPool, id: number): string => Array.from(p.wordsOf(id)).join(' ');
    const words = new Uint32Array(6);
    const kept: Array<[number, string]> = [];
    // 40,000 lists of 6 words (240,000 words, several times the first arena), all but every 100th released.
    for (let i = 0; i < 40_000; i++) {
      for (let w = 0; w < 6; w++) words[w] = i * 7 + w;
      const id = pool.intern(1, words, 6);
      if (i % 100 === 0) kept.push([id, Array.from(words).join(' ')]);
      else pool.release(id);
    }
    assert.equal(pool.size, kept.length);
    for (const [id, text] of kept) assert.equal(pool.text(id, render), text);
    // The same words under another kind are another list.
    for (let w = 0; w < 6; w++) words[w] = w;
    const kind1 = pool.intern(1, words, 6);
    const kind2 = pool.intern(2, words, 6);
    assert.equal(kind1, kept[0]![0]);
    assert.notEqual(kind2, kind1);
    assert.equal(pool.kindOf(kind2), 2);
    assert.equal(pool.lengthOf(kind2), 6);
  });
});
