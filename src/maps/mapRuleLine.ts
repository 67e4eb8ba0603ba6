/**
 * One line of a pre_tag_map-style map (key=value tokens), read the way
 * pmacct 1.7.7's load_id_file reads every such map: a token without key or
 * value drops the line as malformed, an unknown key drops it with
 * "unknown key", a bad value (LineProblem) drops it with its complaint, and
 * a line lacking a required key is dropped naming the required keys. The
 * maps differ only in their keys, so each supplies `take` and its own test
 * of completeness; the warnings stay word for word the same for all.
 */
import { LineProblem, splitKeyValue } from './mapFile.ts';

/** Reads one key's value into the line being built; false for a key the map does not know. Throws LineProblem on a bad value. */
export type TakeKey = (key: string, value: string) => boolean;

/** Feeds the line's tokens to `take`; false (after pmacct's warning) when the line is to be dropped. */
export function readRuleLine(tokens: readonly string[], file: string, lineNo: number, warn: (message: string) => void, take: TakeKey): boolean {
  try {
    for (const token of tokens) {
      const kv = splitKeyValue(token);
      if (kv === null) {
        warn(`[${file}:${lineNo}] malformed line. Ignored.`);
        return false;
      }
      if (!take(kv[0], kv[1])) {
        warn(`[${file}:${lineNo}] unknown key '${kv[0]}'. Ignored.`);
        return false;
      }
    }
  } catch (e) {
    if (!(e instanceof LineProblem)) throw e;
    warn(`[${file}:${lineNo}] ${e.message} Line ignored.`);
    return false;
  }
  return true;
}

/** pmacct's warning for a line lacking a required key; `requiredKeys` as pmacct lists them: "'id', 'ip'". */
export function warnMissingKeys(requiredKeys: string, file: string, lineNo: number, warn: (message: string) => void): void {
  warn(`[${file}:${lineNo}] required key missing. Required keys are: ${requiredKeys}. Line ignored.`);
}
