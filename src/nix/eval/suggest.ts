/**
 * "Did you mean …?" hints for missing attributes and unexpected function
 * arguments, chosen like C++ Nix's Suggestions: the closest names by edit
 * distance (at most 2), at most five, closest first then by name.
 */
import { levenshtein } from "../levenshtein.ts";

/** The hint line, or "" when nothing is close enough. */
export function didYouMean(query: string, names: Iterable<string>): string {
  const scored: { d: number; s: string }[] = [];
  for (const s of names) {
    const d = levenshtein(query, s);
    if (d <= 2) scored.push({ d, s });
  }
  scored.sort((x, y) => x.d - y.d || (x.s < y.s ? -1 : x.s > y.s ? 1 : 0));
  const best = scored.slice(0, 5).map((x) => x.s).sort();
  if (best.length === 0) return "";
  if (best.length === 1) return `Did you mean ${best[0]}?`;
  return `Did you mean one of ${best.slice(0, -1).join(", ")} or ${best[best.length - 1]}?`;
}
