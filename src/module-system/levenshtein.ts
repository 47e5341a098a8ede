/**
 * Edit distance, for "Did you mean" suggestions.
 */
export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
    }
    prev = cur;
  }
  return prev[b.length] as number;
}

/** Up to three candidates closest to `name` (only distance ≤ 2 when there are 100 or more). */
export function closest(name: string, candidates: readonly string[]): string[] {
  const scored = candidates.map((c) => ({ c, d: levenshtein(name, c) }));
  const limit = candidates.length >= 100 ? 2 : Infinity;
  return scored
    .filter((x) => x.d <= limit && x.d <= Math.max(name.length, x.c.length) - 1)
    .sort((x, y) => x.d - y.d || (x.c < y.c ? -1 : 1))
    .slice(0, 3)
    .map((x) => x.c);
}
