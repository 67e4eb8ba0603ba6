/**
 * What the decoder returns for malformed BGP input: the NOTIFICATION the
 * speaker owes its peer (code, subcode and the data field RFC 4271 §6
 * prescribes for the case) and how serious it is, after RFC 7606:
 *
 * - 'session-reset': the message cannot be trusted (its framing, an OPEN
 *   problem, NLRI that cannot be located); the speaker sends the
 *   NOTIFICATION and closes the session.
 * - 'treat-as-withdraw': the UPDATE's attributes are unusable but its NLRI
 *   were parsed; every prefix it announces is withdrawn instead, and the
 *   session lives on (no NOTIFICATION is sent).
 * - 'attribute-discard': an attribute that matters to nobody downstream is
 *   malformed; it is dropped and the UPDATE applies without it.
 *
 * Decoding functions return these instead of throwing, so a hostile peer
 * costs no exception unwinding and the caller must handle each case.
 */
export type BgpErrorAction = 'session-reset' | 'treat-as-withdraw' | 'attribute-discard';

const EMPTY = new Uint8Array(0);

export class BgpProtocolError {
  readonly code: number;
  readonly subcode: number;
  /** The NOTIFICATION's data field (e.g. the offending attribute, or the bad length). */
  readonly data: Uint8Array;
  readonly action: BgpErrorAction;
  /** For logs: what was wrong, in words. */
  readonly reason: string;

  constructor(code: number, subcode: number, reason: string, action: BgpErrorAction = 'session-reset', data: Uint8Array = EMPTY) {
    this.code = code;
    this.subcode = subcode;
    this.reason = reason;
    this.action = action;
    this.data = data;
  }

  toString(): string {
    return `${this.reason} (NOTIFICATION ${this.code}/${this.subcode}, ${this.action})`;
  }
}

/** Two-octet big-endian data field (bad message length, supported version). */
export function u16Data(value: number): Uint8Array {
  return Uint8Array.of((value >>> 8) & 0xff, value & 0xff);
}
