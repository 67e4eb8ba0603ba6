/**
 * Time bins for `*_history` (print_history, sql_history, …), computed the way
 * pmacct does: a base time is rounded off at plugin start by
 * `*_history_roundoff`, bins of `*_history` seconds follow it back and
 * forth, and `*_history_offset` shifts the base.
 */

export type Roundoff = '' | 'm' | 'h' | 'd' | 'w' | 'M';

export interface TimeBinSpec {
  /** Bin length in seconds; 0 = no history. Months are approximated below. */
  seconds: number;
  /** True for 'M' history units: bins follow calendar months. */
  monthly: boolean;
  roundoff: Roundoff;
  offset: number;
  utc: boolean;
}

/**
 * pmacct's roundoff: seconds are always zeroed, then each letter zeroes the
 * next unit *up*: 'm' zeroes the minutes (so bins align to the hour), 'h'
 * the hours (the day), 'd' sets day 1 (the month), 'w' goes back to Monday,
 * 'M' sets January 1st (the year). The naming is pmacct's; the behaviour is
 * what its binary does (a 5m history with roundoff 'm' gives :00, :05, …).
 */
export function roundoffTime(sec: number, roundoff: Roundoff, utc: boolean): number {
  const d = new Date(sec * 1000);
  if (utc) {
    d.setUTCSeconds(0, 0);
    if (roundoff !== '') d.setUTCMinutes(0);
    if (roundoff === 'h' || roundoff === 'd' || roundoff === 'w' || roundoff === 'M') d.setUTCHours(0);
    if (roundoff === 'd' || roundoff === 'M') d.setUTCDate(1);
    if (roundoff === 'w' && d.getUTCDay() > 1) d.setUTCDate(d.getUTCDate() - (d.getUTCDay() - 1));
    if (roundoff === 'M') d.setUTCMonth(0);
  } else {
    d.setSeconds(0, 0);
    if (roundoff !== '') d.setMinutes(0);
    if (roundoff === 'h' || roundoff === 'd' || roundoff === 'w' || roundoff === 'M') d.setHours(0);
    if (roundoff === 'd' || roundoff === 'M') d.setDate(1);
    if (roundoff === 'w' && d.getDay() > 1) d.setDate(d.getDate() - (d.getDay() - 1));
    if (roundoff === 'M') d.setMonth(0);
  }
  return Math.floor(d.getTime() / 1000);
}

export class TimeBinner {
  private readonly spec: TimeBinSpec;
  private readonly base: number;

  constructor(spec: TimeBinSpec, startSec: number) {
    this.spec = spec;
    // pmacct moves the base back by the offset (t - (timeslot + offset)).
    this.base = roundoffTime(startSec, spec.roundoff, spec.utc) - spec.offset;
  }

  get enabled(): boolean {
    return this.spec.seconds > 0;
  }

  /**
   * Start of the bin holding `sec`: the bin [start, start + length) that
   * contains it. pmacct 1.7.7 files a time exactly on a boundary before its
   * base time into the previous bin; tsacct does not (docs/compat.md).
   */
  binStart(sec: number): number {
    const len = this.spec.seconds;
    if (this.spec.monthly) return monthStart(sec, this.spec.utc);
    const delta = sec - this.base;
    return this.base + Math.floor(delta / len) * len;
  }
}

function monthStart(sec: number, utc: boolean): number {
  const d = new Date(sec * 1000);
  if (utc) {
    d.setUTCDate(1);
    d.setUTCHours(0, 0, 0, 0);
  } else {
    d.setDate(1);
    d.setHours(0, 0, 0, 0);
  }
  return Math.floor(d.getTime() / 1000);
}
