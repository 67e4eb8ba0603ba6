/**
 * Timestamps as pmacct prints them: "YYYY-MM-DD HH:MM:SS.ffffff" in local
 * time (UTC with timestamps_utc), "T"/"Z" with timestamps_rfc3339, or
 * "sec.usec" with timestamps_since_epoch. An unreported time (sec 0) prints
 * as zeros, exactly like pmacct 1.7.7.
 */

export interface TimestampStyle {
  utc: boolean;
  rfc3339: boolean;
  sinceEpoch: boolean;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function pad6(n: number): string {
  return String(n).padStart(6, '0');
}

/** Seconds and microseconds to text; the usec part is always printed. */
export function timestampText(sec: number, usec: number, style: TimestampStyle): string {
  if (style.sinceEpoch) return `${sec}.${pad6(usec)}`;
  const sep = style.rfc3339 ? 'T' : ' ';
  const zone = style.rfc3339 ? zoneSuffix(sec, style.utc) : '';
  if (sec === 0) return `0000-00-00${sep}00:00:00.${pad6(usec)}${zone}`;
  return `${dateTimeText(sec, style.utc, sep)}.${pad6(usec)}${zone}`;
}

/** "YYYY-MM-DD HH:MM:SS" with no fraction (stamp_inserted / stamp_updated, file names). */
export function dateTimeText(sec: number, utc: boolean, sep = ' '): string {
  const d = new Date(sec * 1000);
  if (utc) {
    return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}${sep}${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
  }
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}${sep}${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
}

/**
 * A time-bin stamp (stamp_inserted / stamp_updated) as pmacct 1.7.7's JSON
 * and Avro outputs write it: whole seconds, in the same timestamps_* style
 * as the flow times ("sec" with timestamps_since_epoch, "T"/zone with
 * timestamps_rfc3339), never a fraction.
 */
export function stampText(sec: number, style: TimestampStyle): string {
  if (style.sinceEpoch) return String(sec);
  if (!style.rfc3339) return dateTimeText(sec, style.utc);
  return `${dateTimeText(sec, style.utc, 'T')}${zoneSuffix(sec, style.utc)}`;
}

/** RFC 3339 zone designator: 'Z' in UTC, otherwise the local offset as +HH:MM. */
function zoneSuffix(sec: number, utc: boolean): string {
  if (utc) return 'Z';
  const offsetMin = -new Date(sec * 1000).getTimezoneOffset();
  if (offsetMin === 0) return 'Z';
  const sign = offsetMin < 0 ? '-' : '+';
  const abs = Math.abs(offsetMin);
  return `${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
}
