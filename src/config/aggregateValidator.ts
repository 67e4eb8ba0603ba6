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

export function setAggregateValidator(validator: AggregateValidator): void {
  currentValidator = validator;
}

// Problems with an aggregate list: invalid primitives, and repeats, which the
// 1.7.7 binary refuses ("'src_host' repeated in 'aggregate'").
export function checkAggregate(primitives: readonly string[], daemon: DaemonName): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const primitive of primitives) {
    if (seen.has(primitive)) {
      problems.push(`'${primitive}' is repeated in 'aggregate'`);
      continue;
    }
    seen.add(primitive);
    const problem = currentValidator(primitive, daemon);
    if (problem !== undefined) problems.push(problem);
  }
  return problems;
}
