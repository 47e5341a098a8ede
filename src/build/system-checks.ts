/**
 * `system.checks` in a generation: each check (a package, realised with
 * what the configuration names) linked as checks/<n>-<name>, as upstream's
 * toplevel links them, so the generation refers to them and they live as
 * long as it does.
 */
import type { TreeEntry } from "../store/file-tree.ts";

type Js = Record<string, unknown>;

/** The generation's entries for `checks` (system.checks, as JavaScript values: packages, or store path strings). */
export function checkEntries(checks: readonly unknown[]): [string, TreeEntry][] {
  return checks.map((c, i) => {
    const outPath = typeof c === "string" ? c : String((c as Js).outPath);
    const name = typeof c === "object" && c !== null && typeof (c as Js).name === "string" ? ((c as Js).name as string) : outPath.replace(/^.*\//, "").replace(/^[0-9a-z]{32}-/, "");
    return [`checks/${i}-${name}`, { kind: "symlink", target: outPath }];
  });
}
