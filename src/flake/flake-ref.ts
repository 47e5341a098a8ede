/**
 * Flake references (the subset we resolve): `github:owner/repo[/ref]`
 * (also gitlab: and sourcehut:), `path:/abs` and path-like references
 * (`./x`, `/abs`), `git+file://…`, and the attribute form; anything else is
 * kept as an opaque URL so the error can name it.
 */
import { UserError } from "../diagnostics/user-error.ts";

export type FlakeRef =
  | { readonly type: "github" | "gitlab" | "sourcehut"; readonly owner: string; readonly repo: string; readonly ref?: string }
  | { readonly type: "path"; readonly path: string }
  | { readonly type: "other"; readonly url: string };

export function parseFlakeRef(url: string): FlakeRef {
  const m = /^(github|gitlab|sourcehut):([^/?#]+)\/([^/?#]+)(?:\/([^?#]+))?(?:\?.*)?$/.exec(url);
  if (m !== null) {
    const [, type, owner, repo, ref] = m as unknown as [string, "github", string, string, string | undefined];
    return ref === undefined ? { type, owner, repo } : { type, owner, repo, ref };
  }
  if (url.startsWith("path:")) return { type: "path", path: url.slice(5).replace(/\?.*$/, "") };
  if (url.startsWith("git+file://")) return { type: "path", path: url.slice(11).replace(/\?.*$/, "") };
  if (url.startsWith("/") || url.startsWith("./") || url.startsWith("../") || url === ".") return { type: "path", path: url };
  return { type: "other", url };
}

/** The reference as a URL again, for messages. */
export function showFlakeRef(r: FlakeRef): string {
  switch (r.type) {
    case "path":
      return `path:${r.path}`;
    case "other":
      return r.url;
    default:
      return `${r.type}:${r.owner}/${r.repo}${r.ref === undefined ? "" : "/" + r.ref}`;
  }
}

/** `DIR#attr.path` as given to --flake: the directory and the fragment (or undefined). */
export function splitFlakeArg(arg: string): { dir: string; fragment: string | undefined } {
  const trimmed = arg.endsWith("#") ? arg.slice(0, -1) : arg;
  const parts = trimmed.split("#");
  if (parts.length > 2) throw new UserError(`Invalid flake URI, too many '#'s: ${arg}`);
  const dir = (parts[0] as string).replace(/^path:/, "").replace(/^git\+file:\/\//, "");
  return { dir: dir === "" ? "." : dir, fragment: parts[1] === undefined || parts[1] === "" ? undefined : decodeURIComponent(parts[1]) };
}
