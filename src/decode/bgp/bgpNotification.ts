/**
 * NOTIFICATION messages (RFC 4271 §4.5): error code, subcode and data,
 * and the Shutdown Communication that a Cease with subcode 2
 * (Administrative Shutdown) or 4 (Administrative Reset) may carry (RFC
 * 8203, lengths up to 255 since RFC 9003): one length octet, then UTF-8.
 * A NOTIFICATION is never answered, so decoding it cannot fail: a
 * communication whose length overruns the data is reported as absent.
 */
import {
  BGP_HEADER_LENGTH,
  ERR_CEASE,
  MSG_NOTIFICATION,
  NOTIFICATION_MIN_LENGTH,
  SHUTDOWN_COMMUNICATION_MAX,
  SUB_CEASE_ADMIN_RESET,
  SUB_CEASE_ADMIN_SHUTDOWN,
} from './bgpConstants.ts';
import { writeHeader } from './bgpMessageReader.ts';

export interface NotificationMessage {
  code: number;
  subcode: number;
  data: Uint8Array;
  /** RFC 8203 Shutdown Communication, when the message carries a valid one. */
  shutdownCommunication: string | null;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function decodeNotification(bytes: Uint8Array, offset: number, length: number): NotificationMessage {
  const code = bytes[offset + BGP_HEADER_LENGTH]!;
  const subcode = bytes[offset + BGP_HEADER_LENGTH + 1]!;
  const data = bytes.slice(offset + NOTIFICATION_MIN_LENGTH, offset + length);
  let shutdownCommunication: string | null = null;
  if (code === ERR_CEASE && (subcode === SUB_CEASE_ADMIN_SHUTDOWN || subcode === SUB_CEASE_ADMIN_RESET) && data.length > 0) {
    const textLength = data[0]!;
    if (textLength + 1 <= data.length) {
      try {
        shutdownCommunication = utf8.decode(data.subarray(1, 1 + textLength));
      } catch {
        shutdownCommunication = null;
      }
    }
  }
  return { code, subcode, data, shutdownCommunication };
}

const utf8Encoder = new TextEncoder();

/** A NOTIFICATION; `shutdownCommunication` (Cease 2 or 4 only) replaces `data`, cut to 255 bytes. */
export function encodeNotification(code: number, subcode: number, data: Uint8Array = new Uint8Array(0), shutdownCommunication?: string): Uint8Array {
  let body = data;
  if (shutdownCommunication !== undefined && code === ERR_CEASE && (subcode === SUB_CEASE_ADMIN_SHUTDOWN || subcode === SUB_CEASE_ADMIN_RESET)) {
    let text = utf8Encoder.encode(shutdownCommunication);
    if (text.length > SHUTDOWN_COMMUNICATION_MAX) text = text.subarray(0, SHUTDOWN_COMMUNICATION_MAX);
    body = new Uint8Array(1 + text.length);
    body[0] = text.length;
    body.set(text, 1);
  }
  const length = NOTIFICATION_MIN_LENGTH + body.length;
  const m = new Uint8Array(length);
  writeHeader(m, 0, length, MSG_NOTIFICATION);
  m[BGP_HEADER_LENGTH] = code;
  m[BGP_HEADER_LENGTH + 1] = subcode;
  m.set(body, NOTIFICATION_MIN_LENGTH);
  return m;
}
