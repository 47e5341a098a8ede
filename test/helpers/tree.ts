/**
 * Fixture trees for scenario tests: build a directory from an object
 * literal, and snapshot a directory into a comparable object (type, mode,
 * owner, content or link target of every path), skipping chosen prefixes (or paths matching a pattern).
 */
import { chmodSync, chownSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

export type FixtureEntry = string | { readonly link: string } | { readonly content: string; readonly mode?: number; readonly uid?: number; readonly gid?: number };

export function makeTree(files: Readonly<Record<string, FixtureEntry>>): string {
  const root = mkdtempSync(join(tmpdir(), "sm-scenario-"));
  chmodSync(root, 0o755);
  for (const [rel, e] of Object.entries(files)) {
    const p = join(root, rel);
    mkdirSync(dirname(p), { recursive: true, mode: 0o755 });
    if (typeof e === "string") writeFileSync(p, e, { mode: 0o644 });
    else if ("link" in e) symlinkSync(e.link, p);
    else {
      writeFileSync(p, e.content);
      chmodSync(p, e.mode ?? 0o644);
      if (e.uid !== undefined) chownSync(p, e.uid, e.gid ?? 0);
    }
  }
  return root;
}

/** Skipped: a path (and all under it), or the paths a pattern matches. */
export type Skip = string | RegExp;

export function snapshot(root: string, skip: readonly Skip[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const name of readdirSync(join(root, rel)).sort()) {
      const r = `${rel}/${name}`;
      if (skip.some((s) => (typeof s === "string" ? r === s || r.startsWith(s + "/") : s.test(r)))) continue;
      const st = lstatSync(join(root, r));
      const meta = `${(st.mode & 0o7777).toString(8)} ${st.uid}:${st.gid}`;
      if (st.isSymbolicLink()) out[r] = `link -> ${readlinkSync(join(root, r))}`;
      else if (st.isDirectory()) {
        out[r + "/"] = `dir ${meta}`;
        walk(r);
      } else out[r] = `file ${meta} ${readFileSync(join(root, r), "utf8")}`;
    }
  };
  walk("");
  return out;
}

export const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
