/**
 * Flake references as Nix parses them: `github:owner/repo[/ref-or-rev]`
 * (also gitlab: and sourcehut:; `?ref=`, `?rev=`, `?host=`),
 * `git+https|http|ssh|file://…` (`?ref=&rev=&submodules=&shallow=`),
 * `tarball+https://…` and bare `https://…` archives, `file+https://…`,
 * `path:` (absolute or relative) and path-like references, and indirect
 * ones (`flake:nixpkgs`, bare `nixpkgs[/ref]`). `?dir=` names a
 * subdirectory, `?narHash=` pins the content. The attribute form and the
 * conversion to a lock's attributes live in flake-ref-attrs.ts, the URL
 * form again in show-flake-ref.ts. Pure string work, so the language has
 * it (`builtins.parseFlakeRef`, `flakeRefToString`) and the flake layer
 * uses it.
 */
import { UserError } from "../../diagnostics/user-error.ts";

interface Pins {
  readonly narHash?: string;
  readonly lastModified?: number;
  readonly dir?: string;
}

export type RepoRef = Pins & { readonly type: "github" | "gitlab" | "sourcehut"; readonly owner: string; readonly repo: string; readonly ref?: string; readonly rev?: string; readonly host?: string };
export type GitRef = Pins & { readonly type: "git"; readonly url: string; readonly ref?: string; readonly rev?: string; readonly revCount?: number; readonly submodules?: boolean; readonly shallow?: boolean };
export type TarballRef = Pins & { readonly type: "tarball" | "file"; readonly url: string; readonly rev?: string };
export type PathRef = Pins & { readonly type: "path"; readonly path: string; readonly rev?: string; readonly revCount?: number };
export type IndirectRef = Pins & { readonly type: "indirect"; readonly id: string; readonly ref?: string; readonly rev?: string };

export type FlakeRef = RepoRef | GitRef | TarballRef | PathRef | IndirectRef;

export const REV = /^[0-9a-f]{40}$/;
const REF = /^(?!.*(?:\.\.|@\{|\/\.|\.lock\/|\.lock$|\/\/))[a-zA-Z0-9@][a-zA-Z0-9_.\/@+-]*$/;
const FLAKE_ID = /^[a-zA-Z][a-zA-Z0-9_-]*$/;
export const ARCHIVE = /\.(?:zip|tar|tgz|tar\.gz|tar\.xz|tar\.bz2|tar\.zst)$/;

export function isRef(s: string): boolean {
  return REF.test(s);
}

function bad(url: string, why: string): never {
  throw new UserError(`invalid flake reference '${url}': ${why}`);
}

/** `s` percent-decoded, or Nix's error for a malformed escape ("%zz", or bytes that are no UTF-8). */
export function percentDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    throw new UserError(`invalid URI parameter '${s}'`);
  }
}

/** Splits `?a=b&c=d` (percent-decoded); the URL without it. */
function splitQuery(url: string): { base: string; query: Map<string, string> } {
  const q = url.indexOf("?");
  const query = new Map<string, string>();
  if (q === -1) return { base: url, query };
  for (const part of url.slice(q + 1).split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    const k = percentDecode(eq === -1 ? part : part.slice(0, eq));
    query.set(k, percentDecode(eq === -1 ? "" : part.slice(eq + 1)).replace(/ /g, "+"));
  }
  return { base: url.slice(0, q), query };
}

function takePins(url: string, query: Map<string, string>): Pins {
  const pins: { narHash?: string; lastModified?: number; dir?: string } = {};
  const narHash = query.get("narHash");
  if (narHash !== undefined) pins.narHash = narHash;
  const lm = query.get("lastModified");
  if (lm !== undefined) {
    if (!/^\d+$/.test(lm)) bad(url, `'lastModified' must be an integer`);
    pins.lastModified = Number(lm);
  }
  const dir = query.get("dir");
  if (dir !== undefined && dir !== "") pins.dir = dir;
  for (const k of ["narHash", "lastModified", "dir"]) query.delete(k);
  return pins;
}

function revOrRef(url: string, query: Map<string, string>): { ref?: string; rev?: string } {
  const out: { ref?: string; rev?: string } = {};
  const ref = query.get("ref");
  const rev = query.get("rev");
  if (ref !== undefined) {
    if (!REF.test(ref)) throw new UserError(`URL '${url}' contains an invalid branch/tag name`);
    out.ref = ref;
  }
  if (rev !== undefined) {
    if (!REV.test(rev)) throw new UserError(`invalid Git revision '${rev}' in URL '${url}'`);
    out.rev = rev;
  }
  query.delete("ref");
  query.delete("rev");
  return out;
}

function noneLeft(url: string, query: Map<string, string>, kind: string): void {
  for (const k of query.keys()) throw new UserError(`unsupported ${kind} input attribute '${k}' in URL '${url}'`);
}

function parseRepo(url: string, type: RepoRef["type"], rest: string, query: Map<string, string>): RepoRef {
  const path = rest.split("/");
  if (path.length < 2 || path.some((p) => p === "")) throw new UserError(`URL '${url}' is invalid`);
  const [owner, repo, ...tail] = path as [string, string, ...string[]];
  const pins = takePins(url, query);
  const q = revOrRef(url, query);
  let { ref, rev } = q;
  if (tail.length > 0) {
    const third = tail.join("/");
    if (ref !== undefined || rev !== undefined) throw new UserError(`URL '${url}' contains multiple branch/tag names or commit hashes`);
    if (REV.test(third)) rev = third;
    else if (REF.test(third)) ref = third;
    else throw new UserError(`in URL '${url}', '${third}' is not a commit hash or branch/tag name`);
  }
  if (ref !== undefined && rev !== undefined) throw new UserError(`URL '${url}' contains both a commit hash and a branch/tag name ${ref} ${rev}`);
  const host = query.get("host");
  query.delete("host");
  noneLeft(url, query, type === "github" ? "GitHub" : type === "gitlab" ? "GitLab" : "SourceHut");
  return { type, owner, repo, ...(ref !== undefined ? { ref } : {}), ...(rev !== undefined ? { rev } : {}), ...(host !== undefined ? { host } : {}), ...pins };
}

function parseGit(url: string, transport: string, query: Map<string, string>, base: string): GitRef {
  if (!["https", "http", "ssh", "file"].includes(transport)) throw new UserError(`input '${url}' is unsupported`);
  const pins = takePins(url, query);
  const { ref, rev } = revOrRef(url, query);
  const flag = (k: string): boolean | undefined => {
    const v = query.get(k);
    query.delete(k);
    return v === undefined ? undefined : v === "1" || v === "true";
  };
  const submodules = flag("submodules");
  const shallow = flag("shallow");
  const rc = query.get("revCount");
  query.delete("revCount");
  const rest = [...query].map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&");
  return {
    type: "git",
    url: base.slice(4) + (rest === "" ? "" : `?${rest}`),
    ...(ref !== undefined ? { ref } : {}),
    ...(rev !== undefined ? { rev } : {}),
    ...(rc !== undefined ? { revCount: Number(rc) } : {}),
    ...(submodules !== undefined ? { submodules } : {}),
    ...(shallow !== undefined ? { shallow } : {}),
    ...pins,
  };
}

export function parseFlakeRef(url: string): FlakeRef {
  if (url.includes("#")) bad(url, "unexpected fragment");
  const { base, query } = splitQuery(url);
  if (base.startsWith("/") || base === "." || base === ".." || base.startsWith("./") || base.startsWith("../")) {
    const pins = takePins(url, query);
    noneLeft(url, query, "path");
    return { type: "path", path: base, ...pins };
  }
  const scheme = /^([a-z][a-z0-9+.-]*):(.*)$/.exec(base);
  if (scheme === null) {
    const [id, ...tail] = base.split("/");
    if (id === undefined || !FLAKE_ID.test(id) || tail.length > 2) throw new UserError(`'${url}' is not a valid URL`);
    return indirect(url, id, tail, query);
  }
  const [, s, rest] = scheme as unknown as [string, string, string];
  switch (s) {
    case "github":
    case "gitlab":
    case "sourcehut":
      return parseRepo(url, s, rest, query);
    case "path": {
      const pins = takePins(url, query);
      const rev = query.get("rev");
      query.delete("rev");
      query.delete("revCount");
      noneLeft(url, query, "path");
      const path = rest.replace(/^\/\/(?=\/)/, "");
      if (path === "") bad(url, "the path is empty");
      return { type: "path", path, ...(rev !== undefined ? { rev } : {}), ...pins };
    }
    case "flake": {
      const [id, ...tail] = rest.split("/");
      if (id === undefined || !FLAKE_ID.test(id) || tail.length > 2) throw new UserError(`'${url}' is not a valid URL`);
      return indirect(url, id, tail, query);
    }
    case "http":
    case "https":
    case "file": {
      const pins = takePins(url, query);
      const type = ARCHIVE.test(urlOf(url, base).pathname) ? "tarball" : "file";
      return { type, url: rebuild(base, query), ...pins };
    }
  }
  const plus = /^(git|tarball|file)\+(.*)$/.exec(s);
  if (plus !== null) {
    const [, kind, transport] = plus as unknown as [string, string, string];
    if (kind === "git") return parseGit(url, transport, query, base);
    if (!["https", "http", "file"].includes(transport)) throw new UserError(`input '${url}' is unsupported`);
    urlOf(url, base.slice(kind.length + 1));
    const pins = takePins(url, query);
    return { type: kind as "tarball" | "file", url: rebuild(base.slice(kind.length + 1), query), ...pins };
  }
  throw new UserError(`input '${url}' is unsupported`);
}

/** `base` parsed as a URL, or Nix's error naming the reference `url` as given. */
function urlOf(url: string, base: string): URL {
  try {
    return new URL(base);
  } catch {
    throw new UserError(`'${url}' is not a valid URL`);
  }
}

function rebuild(base: string, query: Map<string, string>): string {
  const rest = [...query].map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&");
  return base + (rest === "" ? "" : `?${rest}`);
}

function indirect(url: string, id: string, tail: string[], query: Map<string, string>): IndirectRef {
  const pins = takePins(url, query);
  const q = revOrRef(url, query);
  noneLeft(url, query, "indirect");
  let { ref, rev } = q;
  for (const part of tail) {
    if (REV.test(part)) rev = part;
    else if (REF.test(part) && ref === undefined) ref = part;
    else throw new UserError(`in flake URL '${url}', '${part}' is not a commit hash or branch/tag name`);
  }
  return { type: "indirect", id, ...(ref !== undefined ? { ref } : {}), ...(rev !== undefined ? { rev } : {}), ...pins };
}
