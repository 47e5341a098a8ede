/**
 * Following symlinks inside a target root: store paths hold absolute links
 * (`/var/lib/system-manager/store/…`) that are only right once the root is
 * `/`, so a build into another root resolves them under that root. Never
 * leaves the root: `..` past it stays at it.
 */
import { lstatSync, readlinkSync, type Stats } from "node:fs";
import { join, posix } from "node:path";

/** The host path a target path leads to after following every symlink, or undefined when it dangles. */
export function resolveInRoot(root: string, path: string): { path: string; stat: Stats } | undefined {
  let cur = posix.normalize(path);
  for (let hops = 0; hops < 40; hops++) {
    const parts = cur.split("/").filter((p) => p !== "");
    let done = "";
    let restarted = false;
    for (let i = 0; i < parts.length; i++) {
      const next = `${done}/${parts[i]}`;
      let st: Stats;
      try {
        st = lstatSync(join(root, next));
      } catch {
        return undefined;
      }
      if (st.isSymbolicLink()) {
        const target = readlinkSync(join(root, next));
        const rest = parts.slice(i + 1).join("/");
        const base = target.startsWith("/") ? target : posix.join(done === "" ? "/" : done, target);
        cur = posix.normalize(posix.join("/", base, rest));
        restarted = true;
        break;
      }
      done = next;
      if (i === parts.length - 1) return { path: join(root, done), stat: st };
    }
    if (!restarted) return { path: join(root, cur), stat: lstatSync(join(root, cur)) };
  }
  return undefined;
}

/** The target path a target path leads to after following every symlink (a store path's real file), or undefined when it dangles. */
export function realPathInRoot(root: string, path: string): string | undefined {
  const r = resolveInRoot(root, path);
  return r === undefined ? undefined : `/${posix.relative(root, r.path)}`;
}
