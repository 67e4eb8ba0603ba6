/**
 * What pmacct 1.7.7 does to a route's texts before a flow carries them
 * (bgp_util.c), reproduced from its behaviour:
 *
 * - bgp_aspath_radius N: the AS path is cut before its N-th space (so
 *   "(65001 65002) 2916" with N=1 is "(65001").
 * - bgp_stdcomm_pattern / bgp_extcomm_pattern / bgp_lrgcomm_pattern: a
 *   comma-separated list of patterns; the kept communities are, pattern
 *   after pattern, every match of it in the route's text, joined by
 *   spaces. A pattern without '.' matches as a substring anywhere (and the
 *   text is taken from the match to the end of that community); '.' is a
 *   one-character wildcard, and then the whole community must have the
 *   pattern's length — the first candidate that does not ends the search
 *   for that pattern.
 * - bgp_stdcomm_pattern_to_asn: an AS number is read from the first
 *   standard community matching those patterns, the part after ':' for
 *   src_as/dst_as, before it for peer_src_as/peer_dst_as; used where the
 *   AS path gives 0.
 * - bgp_peer_as_skip_subas: the first AS of a path skips a leading
 *   confederation member, as evaluate_first_asn does.
 *
 * Results are cached per route text (routes share few distinct texts), so
 * a flow allocates only when it meets a text for the first time.
 */

/** pmacct's patterns list: comma-separated, blanks trimmed, empty items dropped. */
export function parsePatterns(value: string | undefined): string[] {
  if (value === undefined) return [];
  return value.split(',').map((p) => p.trim()).filter((p) => p !== '');
}

/** The path cut before its `radius`-th space. */
export function aspathRadius(path: string, radius: number): string {
  let spaces = 0;
  for (let i = 0; i < path.length; i++) {
    if (path.charCodeAt(i) !== 0x20) continue;
    spaces++;
    if (spaces === radius) return path.slice(0, i);
  }
  return path;
}

/** The communities of `text` the patterns keep (see the file's header). */
export function filterCommunities(text: string, patterns: readonly string[]): string {
  const kept: string[] = [];
  for (const pattern of patterns) {
    const wildcard = pattern.indexOf('.');
    const literal = wildcard < 0 ? pattern : pattern.slice(0, wildcard);
    let from = 0;
    for (;;) {
      const at = text.indexOf(literal, from);
      if (at < 0) break;
      let end = text.indexOf(' ', at);
      if (end < 0) end = text.length;
      const candidate = text.slice(at, end);
      if (wildcard >= 0 && !wildcardMatch(candidate, pattern)) break;
      kept.push(candidate);
      from = end;
    }
  }
  return kept.join(' ');
}

function wildcardMatch(candidate: string, pattern: string): boolean {
  if (candidate.length !== pattern.length) return false;
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern.charCodeAt(i);
    if (p !== 0x2e /* . */ && p !== candidate.charCodeAt(i)) return false;
  }
  return true;
}

/** An AS number from the first community of `kept`: after ':' (origin) or before it; 0 without one. */
export function communityAsn(kept: string, origin: boolean): number {
  const colon = kept.indexOf(':');
  if (colon < 0) return 0;
  let end = kept.indexOf(' ');
  if (end < 0) end = kept.length;
  return atoi(origin ? kept.slice(colon + 1, end) : kept.slice(0, colon));
}

/** C atoi: leading digits, 32-bit. */
function atoi(text: string): number {
  const m = /^\s*[+-]?\d+/.exec(text);
  return m ? Number(BigInt.asIntN(32, BigInt(m[0].trim()))) >>> 0 : 0;
}

/**
 * The first AS of an AS path text as pmacct's evaluate_first_asn reads it:
 * the leading digits of the first token (after a confederation's '('); 0
 * for an empty path or a leading AS set. With `skipSubAs`, a token that
 * opens a confederation segment is passed over for the next one, the
 * first AS standing when the next reads 0 or opens a segment too.
 */
export function firstAsnOfText(text: string, skipSubAs = false): number {
  const len = text.length;
  let start = 0;
  let first = 0;
  let iteration = 0;
  for (;;) {
    let idx = start;
    while (idx < len && text.charCodeAt(idx) !== 0x20 && text.charCodeAt(idx) !== 0x29 /* ) */) idx++;
    let i = start;
    const subAs = text.charCodeAt(start) === 0x28; /* ( */
    if (subAs) i++;
    let asn = 0;
    for (; i < idx; i++) {
      const c = text.charCodeAt(i) - 0x30;
      if (c < 0 || c > 9) break;
      asn = asn * 10 + c;
    }
    if (asn > 0xffffffff) asn = 0xffffffff;
    if (skipSubAs && subAs) {
      while (idx < len && (text.charCodeAt(idx) === 0x20 || text.charCodeAt(idx) === 0x29)) idx++;
      if (idx !== len - 1) {
        if (iteration === 0) first = asn;
        iteration++;
        start = idx;
        continue;
      }
    }
    if (first !== 0 && (asn === 0 || subAs)) return first;
    return asn;
  }
}

/** A bounded text → result memo: a route's texts repeat across flows. */
export class TextMemo<T> {
  private readonly map = new Map<string, T>();
  private readonly compute: (text: string) => T;

  constructor(compute: (text: string) => T) {
    this.compute = compute;
  }

  get(text: string): T {
    let v = this.map.get(text);
    if (v === undefined) {
      v = this.compute(text);
      // Bounded: texts come and go with the routes.
      if (this.map.size >= 65536) this.map.clear();
      this.map.set(text, v);
    }
    return v;
  }
}
