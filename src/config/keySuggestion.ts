// "did you mean ...?" for unknown keys: the registered name closest to what was
// typed, by edit distance (a swap of two neighbours counts as one edit).
import { CONFIG_KEYS, appliesTo } from './configKeys.ts';
import type { DaemonName } from './daemonName.ts';

export function suggestKey(typed: string, daemon: DaemonName): string | undefined {
  // Short names tolerate fewer edits, so that 'foo' does not suggest 'tos'.
  const tolerance = Math.max(1, Math.min(3, Math.floor(typed.length / 4)));
  let best: { name: string; distance: number; applies: boolean } | undefined;
  for (const key of CONFIG_KEYS) {
    const distance = editDistance(typed, key.name);
    if (distance > tolerance) continue;
    const applies = appliesTo(key, daemon);
    const better =
      best === undefined ||
      distance < best.distance ||
      (distance === best.distance && applies && !best.applies) ||
      (distance === best.distance && applies === best.applies && key.name < best.name);
    if (better) best = { name: key.name, distance, applies };
  }
  return best?.name;
}

// Optimal string alignment distance: insertions, deletions, substitutions and
// transpositions of adjacent characters each cost 1.
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number): number => d[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, at(i - 2, j - 2) + 1);
      const row = d[i];
      if (row) row[j] = value;
    }
  }
  return at(a.length, b.length);
}
