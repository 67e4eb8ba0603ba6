/**
 * The two timestamps of pmacct's BGP logs (compose_timestamp): a message
 * log line carries the time its input was read, with microseconds; a dump
 * carries the dump's scheduled time, without them. Both follow
 * timestamps_utc, timestamps_rfc3339 and timestamps_since_epoch.
 */
import { timestampText, type TimestampStyle } from '../../model/timestampText.ts';

/** Now, as seconds and microseconds since the epoch. */
export function nowSecUsec(): { sec: number; usec: number } {
  const micros = Math.floor((performance.timeOrigin + performance.now()) * 1000);
  return { sec: Math.floor(micros / 1e6), usec: micros % 1e6 };
}

export function logTimestamp(sec: number, usec: number, style: TimestampStyle): string {
  return timestampText(sec, usec, style);
}

/** The whole-second form: the microsecond field left out, as pmacct does for dumps. */
export function dumpTimestamp(sec: number, style: TimestampStyle): string {
  return timestampText(sec, 0, style).replace('.000000', '');
}
