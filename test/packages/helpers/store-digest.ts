/**
 * A store's content as comparable data: every entry's files (mode and
 * sha256), links (target) and, with `times`, directories (mode) and
 * modification times; names starting with "." are skipped unless `hidden`.
 * Tests compare two realisations with it.
 */
import { createHash } from "node:crypto";
import { lstatSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import { join } from "node:path";
import { STORE_DIR } from "../../../src/store/store-path.ts";

export function storeDigest(root: string, opts: { readonly times?: boolean; readonly hidden?: boolean } = {}): Map<string, string> {
  const out = new Map<string, string>();
  const names = (p: string) => readdirSync(p).sort().filter((n) => opts.hidden === true || !n.startsWith("."));
  const time = (ms: number) => (opts.times === true ? ` ${ms}` : "");
  const walk = (p: string, rel: string) => {
    const st = lstatSync(p);
    if (st.isSymbolicLink()) out.set(rel, `-> ${readlinkSync(p)}`);
    else if (st.isDirectory()) {
      if (opts.times === true) out.set(rel, `dir ${(st.mode & 0o7777).toString(8)}${time(st.mtimeMs)}`);
      for (const n of names(p)) walk(join(p, n), `${rel}/${n}`);
    } else out.set(rel, `${(st.mode & 0o7777).toString(8)}${time(st.mtimeMs)} ${createHash("sha256").update(readFileSync(p)).digest("hex")}`);
  };
  for (const n of names(join(root, STORE_DIR))) walk(join(root, STORE_DIR, n), `/${n}`);
  return out;
}
