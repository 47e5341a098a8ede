/**
 * The generations whose links may be in the home before an activation:
 * the profile's current one, any newer one (an activation that failed or
 * was interrupted after registering it), the newest one when the profile
 * link itself is gone, and every generation a link at one of the new
 * targets points into (links of unchanged files left in an older
 * generation, home-roots.ts; or the profile was deleted altogether). Their
 * files, together, are the "old" files whose links cleanup removes, so an
 * activation converges from whatever an earlier one left.
 */
import type { Generation } from "../generations.ts";

const MARK = "-home-manager-generation/home-files/";
const HASH = /^\/[0-9a-z]{32}$/;

/**
 * The generation a link in the home points into (`…/<32 characters>-home-manager-generation`
 * before its last `/home-files/`), or undefined. Asked of every link
 * three times an activation (30,000 times for a 10,000-file home): the
 * marker is found with lastIndexOf, and only the 33 characters before it
 * are matched, where a pattern with a leading `.*` backtracked over the
 * whole target.
 */
export function generationOfLink(target: string): string | undefined {
  for (let i = target.lastIndexOf(MARK); i >= 33; i = target.lastIndexOf(MARK, i - 1)) {
    if (HASH.test(target.slice(i - 33, i))) return target.slice(0, i + MARK.length - "/home-files/".length);
  }
  return undefined;
}

/** Generation paths (as links in the home name them), most relevant first, without duplicates or `next`. */
export function previousGenerations(gens: readonly Generation[], linkTargets: readonly string[], next: string): string[] {
  const current = gens.find((g) => g.current);
  const fromProfile = current === undefined ? gens.slice(-1) : [current, ...gens.filter((g) => g.number > current.number)];
  const all = [...fromProfile.map((g) => g.storePath), ...linkTargets.map(generationOfLink).filter((p): p is string => p !== undefined)];
  return [...new Set(all)].filter((p) => p !== "" && p !== next);
}
