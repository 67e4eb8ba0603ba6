/**
 * Avro longs are signed 64-bit. pmacct sets them from C integers (a 64-bit
 * tag of 2^63 or more becomes negative, as the cast to int64_t makes it);
 * tsacct holds such values as JS numbers, exact up to 2^53. A value beyond
 * that is encoded from the number's exact value, wrapped to 64 bits.
 */

/** The signed 64-bit value pmacct would write for `n`. */
export function int64Of(n: number | bigint): bigint {
  if (typeof n === 'bigint') return BigInt.asIntN(64, n);
  return Number.isFinite(n) ? BigInt.asIntN(64, BigInt(Math.trunc(n))) : 0n;
}

/** A long's decimal text: the number itself while it is exact, else its 64-bit value. */
export function longText(n: number): string {
  return Number.isSafeInteger(n) ? String(n) : String(int64Of(n));
}
