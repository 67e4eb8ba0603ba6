import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDatagramRing, DatagramRingReader, DatagramRingWriter } from '../../src/collect/datagramRing.ts';

const ADDRESS = Uint8Array.from([192, 0, 2, 7, ...new Array<number>(12).fill(0)]);

function datagram(n: number, length: number): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (n + i) & 0xff);
}

test('datagrams come out in order with their address and arrival time', () => {
  const ring = createDatagramRing(1 << 16);
  const writer = new DatagramRingWriter(ring);
  const reader = new DatagramRingReader(ring);
  for (let n = 0; n < 10; n++) writer.push(datagram(n, 100 + n), 0, 100 + n, 4, ADDRESS, 0, 1_700_000_000 + n, n * 1000);
  for (let n = 0; n < 10; n++) {
    const payload = reader.next();
    assert.ok(payload);
    assert.deepEqual([...payload], [...datagram(n, 100 + n)]);
    assert.equal(reader.addressFamily, 4);
    assert.deepEqual([...reader.address.subarray(0, 4)], [192, 0, 2, 7]);
    assert.deepEqual([reader.arrivalSec, reader.arrivalUsec], [1_700_000_000 + n, n * 1000]);
    reader.release();
  }
  assert.equal(reader.next(), null);
  assert.equal(reader.received, 10);
  assert.equal(reader.receivedBytes, 10 * 100 + 45);
});

test('a slice of a larger buffer is queued as itself', () => {
  const ring = createDatagramRing(1 << 16);
  const writer = new DatagramRingWriter(ring);
  const reader = new DatagramRingReader(ring);
  const big = datagram(0, 300);
  const address = new Uint8Array(40);
  address.set([32, 1, 13, 184], 20);
  writer.push(big, 100, 50, 6, address, 20, 1, 2);
  const payload = reader.next()!;
  assert.deepEqual([...payload], [...big.subarray(100, 150)]);
  assert.equal(reader.addressFamily, 6);
  assert.deepEqual([...reader.address.subarray(0, 4)], [32, 1, 13, 184]);
});

test('wraps around the end of the buffer many times without losing or reordering a byte', () => {
  const ring = createDatagramRing(1 << 16); // 64 KiB: 1000-byte datagrams wrap every ~60
  const writer = new DatagramRingWriter(ring);
  const reader = new DatagramRingReader(ring);
  let next = 0;
  for (let n = 0; n < 5000; n++) {
    const length = 200 + ((n * 37) % 1300);
    writer.push(datagram(n, length), 0, length, 4, ADDRESS, 0, n, 0);
    // Read in uneven bursts so the reader is sometimes far behind.
    if (n % 7 === 0) {
      for (let p = reader.next(); p !== null; p = reader.next()) {
        const expected = 200 + ((next * 37) % 1300);
        assert.equal(p.length, expected);
        assert.equal(p[0], next & 0xff);
        assert.equal(reader.arrivalSec, next);
        reader.release();
        next++;
      }
    }
  }
  for (let p = reader.next(); p !== null; p = reader.next()) {
    reader.release();
    next++;
  }
  assert.equal(next, 5000);
  assert.equal(reader.refused, 0);
});

test('refuses (and counts) what does not fit while the reader is behind; an entry held by the reader is never overwritten', () => {
  const ring = createDatagramRing(1 << 16);
  const writer = new DatagramRingWriter(ring);
  const reader = new DatagramRingReader(ring);
  let accepted = 0;
  for (let n = 0; n < 100; n++) {
    writer.push(datagram(n, 1000), 0, 1000, 4, ADDRESS, 0, n, 0);
  }
  const queued = reader.received - reader.refused;
  // 64 KiB holds 63 entries of 1036 bytes (one byte must stay free): the rest were refused.
  assert.equal(queued, 63);
  assert.equal(reader.refused, 37);
  for (let p = reader.next(); p !== null; p = reader.next()) {
    // The held entry's bytes are intact although the writer tries to write while the ring is full.
    const first = p[0];
    if (accepted === 0) assert.equal(writer.push(datagram(200, 1000), 0, 1000, 4, ADDRESS, 0, 0, 0), false);
    assert.equal(p[0], first);
    reader.release();
    accepted++;
  }
  assert.equal(accepted, 63);
  assert.equal(reader.refused, 38);
});

test('the writer asks for a wake-up only when the reader said it sleeps', () => {
  const ring = createDatagramRing(1 << 16);
  const writer = new DatagramRingWriter(ring);
  const reader = new DatagramRingReader(ring);
  assert.equal(writer.push(datagram(0, 10), 0, 10, 4, ADDRESS, 0, 0, 0), false);
  // Something is queued: the reader may not sleep.
  assert.equal(reader.sleep(), false);
  reader.next();
  reader.release();
  assert.equal(reader.sleep(), true);
  assert.equal(writer.push(datagram(1, 10), 0, 10, 4, ADDRESS, 0, 0, 0), true);
  assert.equal(writer.push(datagram(2, 10), 0, 10, 4, ADDRESS, 0, 0, 0), false, 'one wake-up per sleep');
});

test('the reader can ask the writer to stop', () => {
  const ring = createDatagramRing(1 << 16);
  const writer = new DatagramRingWriter(ring);
  const reader = new DatagramRingReader(ring);
  assert.equal(writer.stopRequested, false);
  reader.requestStop();
  assert.equal(writer.stopRequested, true);
});
