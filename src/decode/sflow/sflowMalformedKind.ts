/**
 * The ways an sFlow datagram or one of its parts can be unusable, counted
 * per agent. Nothing here is thrown: the decoder keeps what it decoded
 * before the problem and skips the rest of the datagram, or only the
 * sample, when the sample's own length still says where the next starts.
 */
export const SFLOW_MALFORMED_KINDS = [
  /** Shorter than the datagram header of its agent address type. */
  'shortHeader',
  /** Datagram version other than 2, 4 or 5. */
  'unsupportedVersion',
  /** Agent address type neither 1 (IPv4) nor 2 (IPv6). */
  'agentAddressInvalid',
  /** A sample header or sample length running past the datagram. */
  'sampleTruncated',
  /** A flow or counter record header or length running past its sample. */
  'recordTruncated',
  /** A known record whose content disagrees with its length: pmacct drops the whole sample. */
  'recordLengthMismatch',
  /**
   * In a v2/v4 datagram, a sample type, packet data type, extended data
   * type or counters version that is not in the specification: v2/v4
   * fields carry no lengths, so the rest of the datagram cannot be read.
   */
  'unknownV2V4Format',
  /** Fewer samples than the header announced. */
  'sampleCountMismatch',
  /** More agents than the decoder tracks at once. */
  'limitExceeded',
  /** An exception inside the decoder itself (a bug): the datagram is dropped, the daemon goes on. */
  'decoderFault',
] as const;

export type SflowMalformedKind = (typeof SFLOW_MALFORMED_KINDS)[number];

export type SflowMalformedCounts = Record<SflowMalformedKind, number>;

export function emptySflowMalformedCounts(): SflowMalformedCounts {
  const counts = {} as SflowMalformedCounts;
  for (const kind of SFLOW_MALFORMED_KINDS) counts[kind] = 0;
  return counts;
}
