/**
 * Cuts a BGP session's byte stream into messages (RFC 4271 §4.1): TCP
 * delivers arbitrary chunks, a message may span several of them and a
 * chunk may hold many messages. The header of each message is checked
 * before its body is looked at: the all-ones marker (1/1 "Connection Not
 * Synchronized"), a length between 19 and 4096 and at least the minimum
 * of its type (1/2 "Bad Message Length", the length as data), a known
 * type (1/3 "Bad Message Type", the type as data).
 *
 * Hot path: chunks are appended into one growing buffer and messages are
 * handed out as views into it (no copy per message); consumed bytes are
 * dropped by moving the unread tail to the front once the buffer fills.
 */
import {
  BGP_HEADER_LENGTH,
  BGP_MARKER_LENGTH,
  BGP_MAX_MESSAGE_LENGTH,
  ERR_MESSAGE_HEADER,
  KEEPALIVE_LENGTH,
  MSG_KEEPALIVE,
  MSG_OPEN,
  MSG_ROUTE_REFRESH,
  NOTIFICATION_MIN_LENGTH,
  OPEN_MIN_LENGTH,
  ROUTE_REFRESH_LENGTH,
  SUB_HEADER_BAD_LENGTH,
  SUB_HEADER_BAD_TYPE,
  SUB_HEADER_NOT_SYNCHRONIZED,
  UPDATE_MIN_LENGTH,
} from './bgpConstants.ts';
import { BgpProtocolError, u16Data } from './bgpProtocolError.ts';

/** Where the last message returned by next() lies; valid until the next push(). */
export interface FramedMessage {
  type: number;
  /** The reader's buffer: the message is bytes [offset, offset + length). */
  bytes: Uint8Array;
  offset: number;
  /** Whole message, header included. */
  length: number;
}

export function newFramedMessage(): FramedMessage {
  return { type: 0, bytes: new Uint8Array(0), offset: 0, length: 0 };
}

const MIN_LENGTH_BY_TYPE = [0, OPEN_MIN_LENGTH, UPDATE_MIN_LENGTH, NOTIFICATION_MIN_LENGTH, KEEPALIVE_LENGTH, ROUTE_REFRESH_LENGTH];

/** The header problem of the message starting at `offset` (19 bytes available), or null. */
export function checkHeader(bytes: Uint8Array, offset: number, maxLength = BGP_MAX_MESSAGE_LENGTH): BgpProtocolError | null {
  for (let i = 0; i < BGP_MARKER_LENGTH; i++) {
    if (bytes[offset + i] !== 0xff) return new BgpProtocolError(ERR_MESSAGE_HEADER, SUB_HEADER_NOT_SYNCHRONIZED, 'marker is not all ones');
  }
  const length = (bytes[offset + 16]! << 8) | bytes[offset + 17]!;
  const type = bytes[offset + 18]!;
  if (length < BGP_HEADER_LENGTH || length > maxLength) {
    return new BgpProtocolError(ERR_MESSAGE_HEADER, SUB_HEADER_BAD_LENGTH, `message length ${length}`, 'session-reset', u16Data(length));
  }
  if (type < MSG_OPEN || type > MSG_ROUTE_REFRESH) {
    return new BgpProtocolError(ERR_MESSAGE_HEADER, SUB_HEADER_BAD_TYPE, `message type ${type}`, 'session-reset', Uint8Array.of(type));
  }
  const min = MIN_LENGTH_BY_TYPE[type]!;
  if (length < min || (type === MSG_KEEPALIVE && length !== KEEPALIVE_LENGTH)) {
    return new BgpProtocolError(ERR_MESSAGE_HEADER, SUB_HEADER_BAD_LENGTH, `length ${length} for message type ${type}`, 'session-reset', u16Data(length));
  }
  return null;
}

export class BgpMessageReader {
  // Room for two standard messages to start with (it grows for more, or for extended messages): a
  // session costs no 64 KiB of zeroed memory up front, which showed with thousands of short sessions.
  private buffer = new Uint8Array(8192);
  private start = 0;
  private end = 0;
  private failed: BgpProtocolError | null = null;

  /** Bytes received but not yet returned as messages. */
  get pending(): number {
    return this.end - this.start;
  }

  push(chunk: Uint8Array): void {
    const need = this.end - this.start + chunk.length;
    if (this.end + chunk.length > this.buffer.length) {
      if (need > this.buffer.length) {
        const grown = new Uint8Array(Math.max(need, this.buffer.length * 2));
        grown.set(this.buffer.subarray(this.start, this.end));
        this.buffer = grown;
      } else {
        this.buffer.copyWithin(0, this.start, this.end);
      }
      this.end -= this.start;
      this.start = 0;
    }
    this.buffer.set(chunk, this.end);
    this.end += chunk.length;
  }

  /**
   * The next complete message into `out` (true), false when more bytes are
   * needed, or the header error. After an error the stream cannot be
   * re-synchronised: every later call returns the same error.
   */
  next(out: FramedMessage): boolean | BgpProtocolError {
    if (this.failed) return this.failed;
    const available = this.end - this.start;
    if (available < BGP_HEADER_LENGTH) return false;
    const buf = this.buffer;
    const at = this.start;
    const problem = checkHeader(buf, at);
    if (problem) {
      this.failed = problem;
      return problem;
    }
    const length = (buf[at + 16]! << 8) | buf[at + 17]!;
    if (available < length) return false;
    out.type = buf[at + 18]!;
    out.bytes = buf;
    out.offset = at;
    out.length = length;
    this.start += length;
    if (this.start === this.end) {
      this.start = 0;
      this.end = 0;
    }
    return true;
  }
}

/** The 19-byte header of a message of `type` and total `length`, written at `offset`. */
export function writeHeader(out: Uint8Array, offset: number, length: number, type: number): void {
  out.fill(0xff, offset, offset + BGP_MARKER_LENGTH);
  out[offset + 16] = (length >>> 8) & 0xff;
  out[offset + 17] = length & 0xff;
  out[offset + 18] = type;
}

export const KEEPALIVE_MESSAGE: Uint8Array = (() => {
  const m = new Uint8Array(KEEPALIVE_LENGTH);
  writeHeader(m, 0, KEEPALIVE_LENGTH, MSG_KEEPALIVE);
  return m;
})();
