// pmacct's time-bin sizes (*_history, sql_trigger_time): a number and an optional
// unit s, m, h, d, w or M, no unit meaning seconds. As the 1.7.7 binary checks
// them: the amount must be above zero and a bin must be a whole number of minutes
// ('90s' and '5' are refused, '60s' and '300' accepted). Months are calendar
// months, so they have no fixed length in seconds.
export type Duration =
  | { readonly kind: 'seconds'; readonly seconds: number }
  | { readonly kind: 'months'; readonly months: number };

const UNIT_SECONDS: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86400, w: 7 * 86400 };

// The duration a text denotes, or a message saying why it is not one.
export function parseDuration(text: string): Duration | string {
  const match = /^(\d+)([smhdwM]?)$/.exec(text);
  if (!match) return 'expects a number with an optional unit s, m, h, d, w or M (e.g. 5m)';
  const amount = Number(match[1]);
  const unit = match[2] ?? '';
  if (amount <= 0) return 'must be greater than zero';
  if (unit === 'M') return { kind: 'months', months: amount };
  const seconds = amount * (UNIT_SECONDS[unit] ?? 1);
  if (seconds % 60 !== 0) return 'must be a whole number of minutes';
  return { kind: 'seconds', seconds };
}

// Roundoff letters (*_history_roundoff): minute, hour, day, week, month. pmacct
// refuses weeks together with days or months.
export function checkRoundoff(text: string): string | undefined {
  if (!/^[mhdwM]+$/.test(text)) return 'expects letters among m, h, d, w, M';
  if (text.includes('w') && /[dM]/.test(text)) return "cannot combine 'w' with 'd' or 'M'";
  return undefined;
}
