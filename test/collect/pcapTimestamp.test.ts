import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PcapPacket } from '../../src/collect/pcapPacket.ts';
import { setPacketTimestamp, unitsPerSecondOfResolution } from '../../src/collect/pcapTimestamp.ts';

/** Reference split with BigInt arithmetic. */
function reference(count: bigint, unitsPerSecond: bigint): [number, number] {
  const seconds = count / unitsPerSecond;
  const remainder = count % unitsPerSecond;
  return [Number(seconds), Number((remainder * 1_000_000_000n) / unitsPerSecond)];
}

describe('pcapng timestamps', () => {
  it('if_tsresol: 10^-n and 2^-n units', () => {
    assert.equal(unitsPerSecondOfResolution(6), 1e6);
    assert.equal(unitsPerSecondOfResolution(9), 1e9);
    assert.equal(unitsPerSecondOfResolution(0x80 | 10), 1024);
  });

  it('splits 64-bit counts exactly for µs, ns, ps and binary units', () => {
    const packet = new PcapPacket();
    let state = 99n;
    for (const units of [1_000n, 1_000_000n, 1_000_000_000n, 1_000_000_000_000n, 1n << 20n, 1n << 32n, 1n << 40n]) {
      for (let i = 0; i < 2000; i++) {
        state = (state * 6364136223846793005n + 1442695040888963407n) & 0xffffffffffffffffn;
        // Counts up to ~2^62, the range of real ns timestamps and beyond.
        const count = state >> BigInt(i % 3 === 0 ? 2 : 10);
        setPacketTimestamp(packet, Number(count >> 32n), Number(count & 0xffffffffn), Number(units), 0);
        const [seconds, nanoseconds] = reference(count, units);
        assert.equal(packet.tsSec, seconds, `count ${count} units ${units}`);
        if (units <= 1_000_000_000n || units % 1_000_000_000n === 0n) assert.equal(packet.tsNsec, nanoseconds);
        else assert.ok(Math.abs(packet.tsNsec - nanoseconds) <= 1);
        assert.equal(packet.tsUsec, Math.floor(packet.tsNsec / 1000));
      }
    }
  });

  it('adds if_tsoffset seconds', () => {
    const packet = new PcapPacket();
    setPacketTimestamp(packet, 0, 2_500_000, 1e6, 1000);
    assert.deepEqual([packet.tsSec, packet.tsUsec, packet.tsNsec], [1002, 500000, 500000000]);
  });
});
