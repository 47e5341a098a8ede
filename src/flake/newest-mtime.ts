/**
 * The newest mtime in a tree, as a flake outside git gets its
 * `lastModified`: seconds, .git left out. The evaluation cache looks at
 * it again (an "mtime" dependency) without loading the evaluator.
 */
import { lstatSync, readdirSync } from "node:fs";
import { join } from "node:path";

export function newestMtime(p: string): number {
  const st = lstatSync(p);
  let t = Math.floor(st.mtimeMs / 1000);
  if (st.isDirectory()) for (const n of readdirSync(p)) if (n !== ".git") t = Math.max(t, newestMtime(join(p, n)));
  return t;
}
