/**
 * Output file and SQL table names with pmacct's variables: strftime-style
 * time fields (%Y %m %d %H %M %S %s %w %W %z …, from the time bin with
 * history, else the flush time), per-entry `$peer_src_ip`, `$tag`, `$tag2`
 * (with '.' and ':' of addresses turned into '_', as pmacct writes them)
 * and the configuration's `$ref`, `$hst`, `$tzone`.
 */

const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function p2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** A subset of strftime(3) sufficient for pmacct file and table names. */
export function strftime(pattern: string, sec: number, utc: boolean): string {
  if (!pattern.includes('%')) return pattern;
  const d = new Date(sec * 1000);
  const Y = utc ? d.getUTCFullYear() : d.getFullYear();
  const m = (utc ? d.getUTCMonth() : d.getMonth()) + 1;
  const D = utc ? d.getUTCDate() : d.getDate();
  const H = utc ? d.getUTCHours() : d.getHours();
  const M = utc ? d.getUTCMinutes() : d.getMinutes();
  const S = utc ? d.getUTCSeconds() : d.getSeconds();
  const w = utc ? d.getUTCDay() : d.getDay();
  const startOfYear = utc ? Date.UTC(Y, 0, 1) : new Date(Y, 0, 1).getTime();
  const yday = Math.floor((d.getTime() - startOfYear + (utc ? 0 : zoneShiftMs(startOfYear, d))) / 86_400_000) + 1;
  return pattern.replace(/%([a-zA-Z%])/g, (all, c: string) => {
    switch (c) {
      case 'Y': return String(Y);
      case 'y': return p2(Y % 100);
      case 'm': return p2(m);
      case 'd': return p2(D);
      case 'e': return String(D).padStart(2, ' ');
      case 'H': return p2(H);
      case 'M': return p2(M);
      case 'S': return p2(S);
      case 's': return String(sec);
      case 'j': return String(yday).padStart(3, '0');
      case 'a': return DAY_NAMES[w]!;
      case 'b': return MONTH_NAMES[m - 1]!;
      case 'w': return String(w);
      // Weeks from the year's first Monday (days before it are week 00).
      case 'W': return p2(Math.floor((yday - 1 + 7 - ((w + 6) % 7)) / 7));
      case 'z': return utc ? '+0000' : zoneOffset(d, '');
      case 'F': return `${Y}-${p2(m)}-${p2(D)}`;
      case 'T': return `${p2(H)}:${p2(M)}:${p2(S)}`;
      case '%': return '%';
      default: return all;
    }
  });
}

/** The local offset at `d` as ±hhmm (separator '') or ±hh:mm (':'). */
function zoneOffset(d: Date, separator: string): string {
  const minutes = -d.getTimezoneOffset();
  const abs = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${p2(Math.floor(abs / 60))}${separator}${p2(abs % 60)}`;
}

/** How much a daylight-saving change between `fromMs` and `to` moved local clocks (so local day counts stay whole). */
function zoneShiftMs(fromMs: number, to: Date): number {
  return (new Date(fromMs).getTimezoneOffset() - to.getTimezoneOffset()) * 60_000;
}

/** What a plugin's configuration puts into its names: `$ref`, `$hst`, `$tzone`. */
export interface ConfigNameVariables {
  /** *_refresh_time in seconds. */
  refreshSeconds: number;
  /** *_history in seconds (0 without history). */
  historySeconds: number;
  utc: boolean;
}

/**
 * pmacct's configuration variables of sql_table / print_output_file:
 * `$ref` (the refresh time), `$hst` (the history, in seconds) and `$tzone`
 * (the time zone as in RFC 3339: 'Z' for UTC, else ±hh:mm). They do not
 * change while the plugin runs, so they are substituted once.
 */
export function substituteConfigVariables(pattern: string, vars: ConfigNameVariables, now = new Date()): string {
  if (!pattern.includes('$')) return pattern;
  const offset = vars.utc || now.getTimezoneOffset() === 0 ? 'Z' : zoneOffset(now, ':');
  return pattern
    .replace(/\$ref/g, String(vars.refreshSeconds))
    .replace(/\$hst/g, String(vars.historySeconds))
    .replace(/\$tzone/g, offset);
}

export interface NameVariables {
  peerSrcIp: string;
  tag: number;
  tag2: number;
}

/** Variables pmacct substitutes per entry; a name without any can be resolved once per flush. */
export function hasEntryVariables(pattern: string): boolean {
  return /\$(peer_src_ip|tag2|tag|post_tag2|post_tag)/.test(pattern);
}

export function substituteVariables(pattern: string, vars: NameVariables): string {
  return pattern
    .replace(/\$peer_src_ip/g, vars.peerSrcIp.replace(/[.:]/g, '_'))
    .replace(/\$tag2/g, String(vars.tag2))
    .replace(/\$tag/g, String(vars.tag));
}
