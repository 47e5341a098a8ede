/**
 * A flake reference as a URL again, as Nix's to_string shows it: for
 * messages, `flake metadata` and the lock's diff (a locked path with its
 * lastModified and narHash, a tarball with its narHash, git with ref and
 * rev, github with the rev in the path).
 */
import { ARCHIVE, type FlakeRef } from "./flake-ref.ts";

/** The reference as a URL again (Nix's to_string), for messages, metadata and the lock's diff. */
export function showFlakeRef(r: FlakeRef): string {
  const q: [string, string | number | boolean | undefined][] = [];
  let head: string;
  switch (r.type) {
    case "github":
    case "gitlab":
    case "sourcehut":
      head = `${r.type}:${r.owner}/${r.repo}${r.rev !== undefined ? "/" + r.rev : r.ref !== undefined ? "/" + r.ref : ""}`;
      if (r.rev !== undefined && r.ref !== undefined) q.push(["ref", r.ref]);
      q.push(["host", r.host]);
      break;
    case "git":
      head = `git+${r.url}`;
      q.push(["ref", r.ref], ["rev", r.rev], ["submodules", r.submodules === undefined ? undefined : r.submodules ? 1 : 0]);
      break;
    case "tarball":
    case "file":
      head = ARCHIVE.test(r.url.replace(/\?.*$/, "")) === (r.type === "tarball") ? r.url : `${r.type}+${r.url}`;
      q.push(["narHash", r.narHash]);
      break;
    case "path":
      head = `path:${r.path}`;
      q.push(["lastModified", r.lastModified], ["narHash", r.narHash]);
      break;
    case "indirect":
      head = `flake:${r.id}${r.ref !== undefined ? "/" + r.ref : ""}${r.rev !== undefined ? "/" + r.rev : ""}`;
      break;
  }
  q.push(["dir", r.dir]);
  const query = q.filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${String(v)}`);
  return query.length === 0 ? head : `${head}${head.includes("?") ? "&" : "?"}${query.join("&")}`;
}
