/**
 * The ways an export datagram can be unusable, counted per exporter. A
 * datagram with one of these is never thrown on: the decoder keeps whatever
 * it could decode before the problem and skips the rest of the datagram (or
 * only the offending template, when the set around it is still sound).
 */
export const MALFORMED_KINDS = [
  /** Shorter than the header of its version. */
  'shortHeader',
  /** Version other than 5, 9 or 10 (pmacct 1.7.7 drops v1/v7/v8 too). */
  'unsupportedVersion',
  /** v5: more than 30 records, or a length other than 24 + 48 × count. */
  'v5LengthMismatch',
  /** IPFIX: the header's message length differs from the datagram length. */
  'ipfixLengthMismatch',
  /** Fewer than 4 bytes left where a set header should start. */
  'setHeaderTruncated',
  /** A set length below 4 or running past the end of the datagram. */
  'setLengthInvalid',
  /** A template or options template record running past its set. */
  'templateTruncated',
  /** A template id below 256, a v9 template without fields, bad scope counts. */
  'templateInvalid',
  /** More fields than the decoder accepts in one template. */
  'templateTooManyFields',
  /** A template whose fields add up to a zero-length record. */
  'templateZeroLength',
  /** A variable-length field whose length runs past its set. */
  'variableLengthOverrun',
  /** More templates or observation domains than the per-exporter limits allow. */
  'limitExceeded',
  /** An exception inside the decoder itself (a bug): the datagram is dropped, the daemon goes on. */
  'decoderFault',
] as const;

export type MalformedKind = (typeof MALFORMED_KINDS)[number];

export type MalformedCounts = Record<MalformedKind, number>;

export function emptyMalformedCounts(): MalformedCounts {
  const counts = {} as MalformedCounts;
  for (const kind of MALFORMED_KINDS) counts[kind] = 0;
  return counts;
}
