// Checking the primitives named in `aggregate`. The primitive registry lives in
// model/, which config/ must not import; it plugs its check in here through
// setAggregateValidator (exported by index.ts) when it loads.
import type { DaemonName } from './daemonName.ts';

// Returns why `primitive` cannot be aggregated on by `daemon`, or undefined if it can.
export type AggregateValidator = (primitive: string, daemon: DaemonName) => string | undefined;

// Until the primitive registry registers itself, any plausible name passes.
const plausiblePrimitiveName: AggregateValidator = (primitive) =>
  /^[a-z0-9_]+$/.test(primitive) ? undefined : `'${primitive}' is not a valid primitive name`;

let currentValidator: AggregateValidator = plausiblePrimitiveName;
let currentDeferrable: (primitive: string) => boolean = () => false;

/**
 * `deferrable` tells names that may still become valid once the whole config
 * is read (aggregate_primitives custom primitives): a line whose only problems
 * are such names passes here, and the daemon checks them after loading the map.
 */
export function setAggregateValidator(validator: AggregateValidator, deferrable?: (primitive: string) => boolean): void {
  currentValidator = validator;
  currentDeferrable = deferrable ?? (() => false);
}

// Problems with an aggregate list: invalid primitives, and repeats, which the
// 1.7.7 binary refuses ("'src_host' repeated in 'aggregate'").
export function checkAggregate(primitives: readonly string[], daemon: DaemonName): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  let allDeferrable = true;
  for (const primitive of primitives) {
    if (seen.has(primitive)) {
      problems.push(`'${primitive}' is repeated in 'aggregate'`);
      allDeferrable = false;
      continue;
    }
    seen.add(primitive);
    const problem = currentValidator(primitive, daemon);
    if (problem !== undefined) {
      problems.push(problem);
      if (!currentDeferrable(primitive)) allDeferrable = false;
    }
  }
  return allDeferrable ? [] : problems;
}
