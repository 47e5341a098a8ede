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

/** "\n\nDid you mean `a'?" (or "`a', `b' or `c'") for names shown already; "" for none. */
export function didYouMean(shown: readonly string[]): string {
  const q = shown.map((s) => "`" + s + "'");
  if (q.length === 0) return "";
  return q.length === 1 ? `\n\nDid you mean ${q[0]}?` : `\n\nDid you mean ${q.slice(0, -1).join(", ")} or ${q[q.length - 1]}?`;
}
