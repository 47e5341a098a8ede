/**
 * The generation numbers a profile holds, for `switch --generation N`
 * and home-manager's `remove-generations ID…`: the numbers of its
 * `<name>-N-link` links (../../activate/generations.ts's layout), read
 * from the directory listing alone, never followed and never written;
 * ascending. A profile directory that is missing or unreadable offers
 * nothing.
 */
import { lstatSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { Profile } from "../../activate/generations.ts";

/** The generation numbers of `profile` under the host directory `root`. */
export function generationNumbers(root: string, profile: Profile): string[] {
  const dir = join(root, profile.dir);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const link = new RegExp(`^${profile.name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}-([1-9][0-9]*)-link$`);
  const numbers = names.flatMap((n) => {
    const m = link.exec(n);
    return m !== null && lstatSync(join(dir, n), { throwIfNoEntry: false })?.isSymbolicLink() === true ? [Number(m[1])] : [];
  });
  return numbers.sort((a, b) => a - b).map(String);
}
