import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AddressTable } from '../../../src/decode/packet/addressTable.ts';
import { ipv4Text, ipv6Text } from '../../../src/model/ipText.ts';

describe('AddressTable', () => {
  it('creates one value per distinct IPv4 or IPv6 address', () => {
    let created = 0;
    const table = new AddressTable((address, length) => {
      created++;
      return { text: length === 4 ? ipv4Text(address) : ipv6Text(address) };
    });
    const a = Uint8Array.of(10, 0, 0, 1);
    const b = Uint8Array.of(0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1);
    const first = table.lookup(a, 4);
    assert.equal(table.lookup(Uint8Array.of(10, 0, 0, 1), 4), first);
    assert.equal(first.text, '10.0.0.1');
    const v6 = table.lookup(b, 16);
    b[15] = 2; // the table kept its own copy of the key
    assert.notEqual(table.lookup(b, 16), v6);
    assert.equal(table.lookup(Uint8Array.of(0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1), 16), v6);
    assert.equal(created, 3);
    assert.equal(table.size, 3);
  });

  it('starts over at capacity instead of growing without bound', () => {
    const table = new AddressTable((address) => address[3]!, 4);
    for (let i = 0; i < 10; i++) table.lookup(Uint8Array.of(10, 0, 0, i), 4);
    assert.ok(table.size <= 4);
  });
});
