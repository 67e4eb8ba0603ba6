/**
 * The hash tables (aggregation cache, BGP attribute and word-list tables,
 * the mutable prefix table) size their bucket or slot arrays to the
 * smallest power of two, at least 16, that holds `n`, so that a mask picks
 * the bucket.
 */
export function bucketCountFor(n: number): number {
  let buckets = 16;
  while (buckets < n) buckets *= 2;
  return buckets;
}
