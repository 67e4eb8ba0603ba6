// What the registry knows about one pmacct configuration key.
//
// Sources, in order of authority: the pmacct 1.7.7 binary (what it accepts, which
// keys it refuses per plugin or globally, the ranges in its warnings), the 1.7.7
// dictionary in src/cfg.c (which names share one setting), then CONFIG-KEYS (flags,
// defaults, switches). Where the binary and CONFIG-KEYS disagree the entry follows
// the binary and says so in `note`.
import type { DaemonName } from './daemonName.ts';

// How a value is written and checked:
//   bool      true | false (any case)
//   int       decimal integer, optionally bounded by min/max
//   seconds   decimal integer of seconds (pmacct refuses units here)
//   octal     octal digits, e.g. files_umask 077
//   uid, gid  user or group, by name or number
//   string    any non-empty text
//   path      a file or directory name
//   ip        an IPv4 or IPv6 address
//   enum      one of `values` (any case; the canonical spelling is kept)
//   list      comma-separated items
//   duration  a number with an optional unit s, m, h, d, w or M (pmacct's *_history)
//   roundoff  letters among m, h, d, w, M (pmacct's *_history_roundoff)
export type ConfigValueType =
  | 'bool' | 'int' | 'seconds' | 'octal' | 'uid' | 'gid'
  | 'string' | 'path' | 'ip' | 'enum' | 'list' | 'duration' | 'roundoff';

// 'global': pmacct refuses it on a single plugin (it "globalizes" it); 'plugin': pmacct
// refuses it without a [plugin] name; 'any': both forms are accepted.
export type KeyScope = 'global' | 'plugin' | 'any';

// 'accepted': a valid pmacct key whose purpose tsacct fulfils by design, so setting it
// changes nothing; `note` says why.
export type KeyStatus = 'implemented' | 'accepted' | 'not-implemented';

export type ConfigDefault = boolean | number | string | readonly string[];

export interface ConfigKey {
  readonly name: string;
  readonly type: ConfigValueType;
  readonly values?: readonly string[];
  readonly min?: number;
  readonly max?: number;
  // Typed default applied when the key is unset; absent when pmacct has none
  // or when it depends on context, which `defaultNote` then describes.
  readonly default?: ConfigDefault;
  readonly defaultNote?: string;
  readonly scope: KeyScope;
  readonly daemons: readonly DaemonName[];
  // Command-line switch setting the key, as CONFIG-KEYS or the daemons' -h page
  // document it; the switches each daemon accepts are in commandLineTables.ts.
  readonly switch?: string;
  // Set when pmacct keeps several names in one configuration field: the names
  // are then one setting, and the last line writing any of them wins.
  readonly field?: string;
  readonly map?: boolean;
  // Items are lower-cased, as pmacct does for aggregate.
  readonly lowerCase?: boolean;
  // Accepted by the 1.7.7 parser but absent from CONFIG-KEYS.
  readonly undocumented?: boolean;
  // tsacct's own key (pmacct 1.7.7 has none for this): named in pmacct's style,
  // documented in docs/compat.md; a pmacct config never sets it by accident.
  readonly extension?: boolean;
  readonly status: KeyStatus;
  readonly description: string;
  readonly note?: string;
}

// The name of the configuration field a key writes to.
export function fieldOf(key: ConfigKey): string {
  return key.field ?? key.name;
}
