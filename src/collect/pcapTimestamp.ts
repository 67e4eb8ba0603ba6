/**
 * pcapng timestamps: a 64-bit count (two 32-bit halves) of units whose size
 * the interface declares with if_tsresol (10^-n or 2^-n seconds, default
 * µs). Nanosecond counts exceed 2^53, so the split into seconds and a
 * fraction is a long division in 16-bit steps, exact in doubles for every
 * unit size below 2^37 per second; larger (exotic) units use BigInt.
 */
import type { PcapPacket } from './pcapPacket.ts';

const TWO_POW_32 = 4294967296;
const TWO_POW_37 = 137438953472;
const NS_PER_SECOND = 1e9;

/** Units per second for an if_tsresol option byte. */
export function unitsPerSecondOfResolution(resolution: number): number {
  const exponent = resolution & 0x7f;
  return (resolution & 0x80) !== 0 ? 2 ** exponent : 10 ** exponent;
}

/** Sets `packet.tsSec/tsUsec/tsNsec` from a timestamp of `unitsPerSecond` units, plus `offsetSeconds` (if_tsoffset). */
export function setPacketTimestamp(
  packet: PcapPacket,
  high: number,
  low: number,
  unitsPerSecond: number,
  offsetSeconds: number,
): void {
  let seconds: number;
  let remainder: number;
  if (high < 0x200000) {
    // Below 2^53 the count itself is exact.
    const count = high * TWO_POW_32 + low;
    seconds = Math.floor(count / unitsPerSecond);
    remainder = count - seconds * unitsPerSecond;
    // The quotient is rounded before the floor: correct a one-off at a boundary.
    if (remainder < 0) {
      seconds--;
      remainder += unitsPerSecond;
    } else if (remainder >= unitsPerSecond) {
      seconds++;
      remainder -= unitsPerSecond;
    }
  } else if (unitsPerSecond < TWO_POW_37) {
    const highSeconds = Math.floor(high / unitsPerSecond);
    let rest = high - highSeconds * unitsPerSecond;
    let step = rest * 65536 + (low >>> 16);
    const middle = Math.floor(step / unitsPerSecond);
    rest = step - middle * unitsPerSecond;
    step = rest * 65536 + (low & 0xffff);
    const lowest = Math.floor(step / unitsPerSecond);
    remainder = step - lowest * unitsPerSecond;
    seconds = highSeconds * TWO_POW_32 + middle * 65536 + lowest;
  } else {
    const count = (BigInt(high) << 32n) | BigInt(low);
    const units = BigInt(unitsPerSecond);
    seconds = Number(count / units);
    remainder = Number(count % units);
  }
  const nanoseconds = fractionInNanoseconds(remainder, unitsPerSecond);
  packet.tsSec = seconds + offsetSeconds;
  packet.tsNsec = nanoseconds;
  packet.tsUsec = Math.floor(nanoseconds / 1000);
}

function fractionInNanoseconds(remainder: number, unitsPerSecond: number): number {
  if (unitsPerSecond <= NS_PER_SECOND && NS_PER_SECOND % unitsPerSecond === 0) {
    return remainder * (NS_PER_SECOND / unitsPerSecond);
  }
  if (unitsPerSecond % NS_PER_SECOND === 0) return Math.floor(remainder / (unitsPerSecond / NS_PER_SECOND));
  // Binary fractions have no exact decimal form; double precision is ample.
  return Math.floor((remainder / unitsPerSecond) * NS_PER_SECOND);
}
