/**
 * The closest option names to a misspelt one, for "Did you mean".
 */
import { levenshtein } from "../nix/levenshtein.ts";

/**
 * The three candidates closest to `name`, nearest first, ties in name order
 * (nixpkgs ranks every candidate, however far; from 100 candidates on, only
 * those at distance ≤ 2).
 */
export function closest(name: string, candidates: readonly string[]): string[] {
  const scored = candidates.map((c) => ({ c, d: levenshtein(name, c) }));
  const limit = candidates.length >= 100 ? 2 : Infinity;
  return scored
    .filter((x) => x.d <= limit)
    .sort((x, y) => x.d - y.d || (x.c < y.c ? -1 : x.c > y.c ? 1 : 0))
    .slice(0, 3)
    .map((x) => x.c);
}
