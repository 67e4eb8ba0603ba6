/**
 * Reading tshark's `-T json --no-duplicate-keys` output: a field is a
 * string, an object of fields, or a list of either when it repeats.
 */
export type Tree = { [key: string]: Tree | Tree[] | string | string[] };
export type Value = Tree | Tree[] | string | string[] | undefined;

function first(v: Value): Tree | string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/** The field's text (its first occurrence). */
export function str(tree: Tree | undefined, key: string): string | undefined {
  const v = tree === undefined ? undefined : first(tree[key]);
  return typeof v === 'string' ? v : undefined;
}

export function num(tree: Tree | undefined, key: string): number | undefined {
  const v = str(tree, key);
  return v === undefined ? undefined : Number(v);
}

/** The field's subtree (its first occurrence). */
export function node(tree: Tree | undefined, key: string): Tree | undefined {
  const v = tree === undefined ? undefined : first(tree[key]);
  return typeof v === 'object' ? v : undefined;
}

/** Every subtree of a field that may repeat. */
export function list(v: Value): Tree[] {
  if (v === undefined || typeof v === 'string') return [];
  if (Array.isArray(v)) return v.filter((x): x is Tree => typeof x === 'object');
  return [v];
}
