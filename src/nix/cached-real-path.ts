/**
 * nodeIO.realPath for one evaluation, with the directories it resolves
 * remembered: a path whose last component is not a symlink resolves to
 * its directory's resolution plus its name, so a file costs one lstat
 * instead of a resolution of each of its components (pure evaluation
 * checks every file it imports with its links resolved: ./path-access.ts).
 * A symlink, a missing path or a path not canonical is resolved whole, as
 * nodeIO.realPath does. Directories are remembered for the life of the
 * function: make one per evaluation.
 */
import { lstatSync } from "node:fs";
import { canonPath } from "./canon-path.ts";
import { nodeIO } from "./io.ts";

export function cachedRealPath(): (path: string) => string {
  const whole = nodeIO.realPath as (path: string) => string;
  const dirs = new Map<string, string>();
  const real = (p: string): string => {
    const known = dirs.get(p);
    if (known !== undefined) return known;
    if (p === "/" || canonPath(p) !== p) return whole(p);
    const st = lstatSync(p, { throwIfNoEntry: false });
    if (st === undefined || st.isSymbolicLink()) return whole(p);
    const slash = p.lastIndexOf("/");
    const parent = real(slash === 0 ? "/" : p.slice(0, slash));
    const r = (parent === "/" ? "" : parent) + p.slice(slash);
    if (st.isDirectory()) dirs.set(p, r);
    return r;
  };
  return real;
}
