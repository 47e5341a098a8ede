/**
 * `lib.sources`: filtered copies of source trees. A cleaned source is a
 * set `{ _isLibCleanSourceWith; origSrc; filter; name; outPath; }` whose
 * outPath is `builtins.path` of the original tree with every filter
 * applied; `cleanSourceWith` adds a filter (and may rename),
 * `cleanSource` drops version-control directories, editor backups,
 * objects and `result` links, `sourceByRegex`/`sourceFilesBySuffices`
 * keep what matches. Also git repositories (`pathIsGitRepo`,
 * `commitIdFromGitRepo`: HEAD through refs, packed-refs and `gitdir:`
 * files), `pathHasContext`, `canCleanSource`, `revOrTag`, `repoRevToName`.
 */
import { force, NixAttrs, Thunk, type Lazy, type Value } from "../nix/value.ts";
import { call, fn, fnOfSet } from "./fn.ts";
import { attrs, expectAttrs, expectBool, expectList, nixThrow, text } from "../nix/expect.ts";
import { builtin, type LibEnv } from "./lib-context.ts";

const VCS_DIRS = [".svn", "CVS", ".hg", ".jj", ".pijul", "_darcs"];

/** nixpkgs' cleanSourceFilter on a file name and its type. */
export function keepInCleanSource(name: string, type: string): boolean {
  const base = name.slice(name.lastIndexOf("/") + 1);
  const drop =
    base === ".git" ||
    (type === "directory" && VCS_DIRS.includes(base)) ||
    base.endsWith("~") ||
    /^\.sw[a-z]$/.test(base) ||
    /^\..*\.sw[a-z]$/.test(base) ||
    base.endsWith(".o") ||
    base.endsWith(".so") ||
    (type === "symlink" && base.startsWith("result")) ||
    type === "unknown";
  return !drop;
}

export function sourcesLib(env: LibEnv): Record<string, Value> {
  const b = (name: string) => builtin(env, name);
  const toStr = (v: Lazy) => text(call(b("toString"), v));
  const exists = (p: string) => force(call(b("pathExists"), p)) === true && text(call(b("readFileType"), p)) === "regular";
  const contents = (p: string) => text(call(b("readFile"), p)).replace(/\n$/, "");

  const sourceAttributes = (src: Lazy) => {
    const s = force(src);
    const filtered = s instanceof NixAttrs && s.has("_isLibCleanSourceWith");
    return {
      origSrc: filtered ? ((s as NixAttrs).lazy("origSrc") as Lazy) : s,
      filter: filtered ? ((s as NixAttrs).lazy("filter") as Lazy) : fn("filter", (_p, _t) => true),
      name: filtered ? ((s as NixAttrs).lazy("name") as Lazy) : "source",
    };
  };
  const fromAttributes = (origSrc: Lazy, filter: Lazy, name: Lazy) =>
    attrs({ _isLibCleanSourceWith: true, origSrc, filter, name, outPath: new Thunk(() => call(b("path"), attrs({ filter, name, path: origSrc }))) });
  const cleanSourceWith = (src: Lazy, filter: Lazy, name: Lazy | null) => {
    const orig = sourceAttributes(src);
    const both = fn("filter", (p, t) => expectBool(call(filter, p, t)) && expectBool(call(orig.filter, p, t)));
    return fromAttributes(orig.origSrc, both, name !== null && force(name) !== null ? name : orig.name);
  };
  const cleanFilter = fn("cleanSourceFilter", (name, type) => keepInCleanSource(toStr(name), text(type)));

  const commitOrError = (file: string, path: string): { value: string } | { error: string } => {
    if (exists(path)) {
      const m = /^gitdir: (.*)$/.exec(contents(path));
      if (m === null) return { error: `File contains no gitdir reference: ${path}` };
      const absolute = (base: string, p: string) => (p.startsWith("/") ? p : base.startsWith("/") ? `${base}/${p}` : `/${base}/${p}`);
      const gitDir = absolute(path.slice(0, path.lastIndexOf("/")) || "/", m[1] as string);
      const common = absolute(gitDir, (exists(`${gitDir}/commondir`) ? contents(`${gitDir}/commondir`) : gitDir).replace(/\/$/, ""));
      const ref = `${gitDir}/${file}`.startsWith(`${common}/`) ? `${gitDir}/${file}`.slice(common.length + 1) : `${gitDir}/${file}`;
      return commitOrError(ref, common);
    }
    if (exists(`${path}/${file}`)) {
      const content = contents(`${path}/${file}`);
      const ref = /^ref: (.*)$/.exec(content);
      return ref === null ? { value: content } : commitOrError(ref[1] as string, path);
    }
    if (exists(`${path}/packed-refs`)) {
      const line = text(call(b("readFile"), `${path}/packed-refs`))
        .split("\n")
        .map((l) => new RegExp(`^([a-z0-9]+) ${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`).exec(l))
        .find((x) => x !== null);
      return line == null ? { error: `Could not find ${file} in ${path}/packed-refs` } : { value: line[1] as string };
    }
    return { error: `Not a .git directory: ${path}` };
  };

  return {
    cleanSourceFilter: cleanFilter,
    cleanSource: fn("cleanSource", (src) => cleanSourceWith(src, cleanFilter, null)),
    cleanSourceWith: fnOfSet("cleanSourceWith", { src: false, filter: true, name: true }, (a) => {
      const args = expectAttrs(a);
      return cleanSourceWith(args.lazy("src") ?? nixThrow("function 'cleanSourceWith' called without required argument 'src'"), args.lazy("filter") ?? fn("filter", (_p, _t) => true), args.lazy("name") ?? null);
    }),
    trace: fn("trace", (src) => {
      const a = sourceAttributes(src);
      const traced = fn("filter", (p, t) => {
        const r = expectBool(call(a.filter, p, t));
        env.ctx.trace(`${text(a.name)}.filter ${toStr(p)} = ${r}`);
        return r;
      });
      const s = force(src);
      return fromAttributes(a.origSrc, traced, a.name).update(attrs({ satisfiesSubpathInvariant: s instanceof NixAttrs && force(s.lazy("satisfiesSubpathInvariant") ?? false) === true }));
    }),
    sourceByRegex: fn("sourceByRegex", (src, regexes) => {
      const root = toStr(sourceAttributes(src).origSrc);
      const filter = fn("filter", (p, _t) => {
        const path = toStr(p);
        const rel = path.startsWith(`${root}/`) ? path.slice(root.length + 1) : path;
        return expectList(regexes).some((re) => force(call(b("match"), re, rel)) !== null);
      });
      return cleanSourceWith(src, filter, null);
    }),
    sourceFilesBySuffices: fn("sourceFilesBySuffices", (src, exts) => {
      const filter = fn("filter", (p, t) => text(t) === "directory" || expectList(exts).some((e) => toStr(p).slice(toStr(p).lastIndexOf("/") + 1).endsWith(text(e))));
      return cleanSourceWith(src, filter, null);
    }),
    pathIsGitRepo: fn("pathIsGitRepo", (p) => "value" in commitOrError("HEAD", toStr(p))),
    commitIdFromGitRepo: fn("commitIdFromGitRepo", (p) => {
      const r = commitOrError("HEAD", toStr(p));
      return "value" in r ? r.value : nixThrow(r.error);
    }),
    pathHasContext: b("hasContext"),
    canCleanSource: fn("canCleanSource", (src) => {
      const s = force(src);
      return (s instanceof NixAttrs && s.has("_isLibCleanSourceWith")) || force(call(b("hasContext"), call(b("toString"), s))) !== true;
    }),
    filterSource: b("filterSource"),
    urlToName: fn("urlToName", (url) => urlToName(toStr(url))),
    shortRev: fn("shortRev", (rev) => shortRev(toStr(rev))),
    revOrTag: fn("revOrTag", (rev, tag) => (force(tag) !== null ? force(tag) : force(rev) !== null ? force(rev) : "HEAD")),
    repoRevToName: fn("repoRevToName", (kind) => {
      const k = text(kind);
      if (k === "source") return fn("name", (_repo, _rev, _suffix) => "source");
      if (k !== "versioned" && k !== "full") nixThrow("repoRevToName: invalid kind");
      return fn("name", (repo, rev, suffix) => {
        const name = urlToName(toStr(repo));
        const r = force(rev) === null ? "" : `-${shortRev(toStr(rev))}`;
        const sfx = k === "full" && force(suffix) !== null ? `-${text(suffix)}` : "";
        return `${name}${r}${sfx}-source`;
      });
    }),
  };
}

const ARCHIVE_EXT = /\.(git|tar|zip|gz|tgz|bz|tbz|bz2|tbz2|lzma|txz|xz|zstd)$/;

/** A repository or archive URL's last component without archive extensions ("…/foo.tar.gz" → "foo"). */
function urlToName(url: string): string {
  let name = (url.split(":").at(-1) as string).replace(/\/$/, "").split("/").at(-1) as string;
  for (let n = name.replace(ARCHIVE_EXT, ""); n.length < name.length; n = n.replace(ARCHIVE_EXT, "")) name = n;
  return name;
}

function shortRev(rev: string): string {
  const base = rev.slice(rev.lastIndexOf("/") + 1);
  if (/^[a-f0-9]+$/.test(base)) return base.slice(0, 7);
  const m = /^([A-Za-z]+[-_. ]?)*(v)?([0-9.]+.*)$/.exec(base);
  return m !== null ? (m[3] as string) : base;
}

