/**
 * Tests for the search path: $NIX_PATH's and -I's entries, lookups in
 * them as current Nix's findFile (symlinks resolved, a missing entry
 * warned about once per evaluation), and `<name>` in an evaluation.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CatchableError } from "./errors.ts";
import { evalExpr, forceDeep, printValue } from "./evaluate.ts";
import { memoryIO, nodeIO } from "./io.ts";
import { findInSearchPath, parseNixPath, parseSearchPathEntry, searchPathOf, suffixAfterPrefix } from "./search-path.ts";

const io = memoryIO({
  "/one/a.nix": '"a from one"',
  "/two/a.nix": '"a from two"',
  "/two/b.nix": '"b from two"',
  "/pkgs/default.nix": '"the pkgs tree"',
  "/pkgs/lib/x.nix": '"x"',
  "/work/rel/c.nix": '"c"',
});

test("$NIX_PATH splits on colons, except the one in an entry's URL", () => {
  assert.deepEqual(parseNixPath("/a:b=/c"), ["/a", "b=/c"]);
  assert.deepEqual(parseNixPath("nixpkgs=https://example.org/x.tar.gz:/b"), ["nixpkgs=https://example.org/x.tar.gz", "/b"]);
  assert.deepEqual(parseNixPath("x=channel:nixos-unstable:y=flake:nixpkgs:/z"), ["x=channel:nixos-unstable", "y=flake:nixpkgs", "/z"]);
  assert.deepEqual(parseNixPath(""), []);
  assert.deepEqual(parseNixPath("/a:"), ["/a"]);
  assert.deepEqual(parseSearchPathEntry("p=/x=y"), { prefix: "p", path: "/x=y" });
  assert.deepEqual(parseSearchPathEntry("/x"), { prefix: "", path: "/x" });
});

test("-I's entries come before $NIX_PATH's, and the default channels last", () => {
  const entries = searchPathOf({ include: ["/i", "p=/j"], nixPath: "/n:q=/m", defaults: ["/chan"] });
  assert.deepEqual(entries.map((e) => `${e.prefix}=${e.path}`), ["=/i", "p=/j", "=/n", "q=/m", "=/chan"]);
});

test("a prefix matches the whole name or a leading component of it", () => {
  assert.equal(suffixAfterPrefix("nixpkgs", "nixpkgs"), "");
  assert.equal(suffixAfterPrefix("nixpkgs", "nixpkgs/lib"), "lib");
  assert.equal(suffixAfterPrefix("nixpkgs", "nixpkgs-unstable"), undefined);
  assert.equal(suffixAfterPrefix("", "anything/x"), "anything/x");
});

test("the first entry that has the file answers; relative entries are relative to the working directory", () => {
  const entries = searchPathOf({ include: ["/one", "/two", "pk=/pkgs", "rel"], nixPath: undefined, defaults: [] });
  assert.equal(findInSearchPath(io, entries, "a.nix", false), "/one/a.nix");
  assert.equal(findInSearchPath(io, entries, "b.nix", false), "/two/b.nix");
  assert.equal(findInSearchPath(io, entries, "pk", false), "/pkgs");
  assert.equal(findInSearchPath(io, entries, "pk/lib/x.nix", false), "/pkgs/lib/x.nix");
  assert.equal(findInSearchPath(io, entries, "pk/../../lib/./x.nix", false), "/pkgs/lib/x.nix", "the rest of the name stays below its entry");
  assert.equal(findInSearchPath(io, entries, "c.nix", false, { cwd: "/work" }), "/work/rel/c.nix");
  assert.equal(findInSearchPath(io, [{ prefix: "", path: "https://example.org/x.tar.gz" }, ...entries], "a.nix", false), "/one/a.nix", "URL entries are skipped");
});

test("a name not found is a catchable error, worded for pure evaluation there; nix/ names Nix's own files", () => {
  assert.throws(() => findInSearchPath(io, [], "nixpkgs", false), (e) => e instanceof CatchableError && e.message === "file 'nixpkgs' was not found in the Nix search path (add it using $NIX_PATH or -I)");
  assert.throws(() => findInSearchPath(io, [], "nixpkgs", true), { message: "cannot look up '<nixpkgs>' in pure evaluation mode (use '--impure' to override)" });
  assert.equal(findInSearchPath(io, [], "nix/fetchurl.nix", true), "/__corepkgs__/fetchurl.nix");
});

test("<name> looks in builtins.nixPath; tryEval catches a miss; pure evaluation has an empty search path", () => {
  const searchPath = [parseSearchPathEntry("/two"), parseSearchPathEntry("pk=/pkgs")];
  const run = (src: string, pure = false) => printValue(forceDeep(evalExpr(src, { io, pure, searchPath })));
  assert.equal(run("[ (import <a.nix>) (import <pk>) builtins.nixPath ]"), '[ "a from two" "the pkgs tree" [ { path = "/two"; prefix = ""; } { path = "/pkgs"; prefix = "pk"; } ] ]');
  assert.equal(run("(builtins.tryEval <nope>).success"), "false");
  assert.equal(run("builtins.findFile [ { path = /one; } ] \"a.nix\""), "/one/a.nix");
  assert.throws(() => run("<a.nix>", true), { message: "cannot look up '<a.nix>' in pure evaluation mode (use '--impure' to override)" });
  assert.equal(run("builtins.nixPath", true), "[ ]");
});

test("<nix/fetchurl.nix> is Nix's fetchurl, a fixed-output derivation by the builtin fetcher, in pure evaluation too", () => {
  const src = 'let d = import <nix/fetchurl.nix> { url = "https://example.org/f.tar.gz"; sha256 = "0000000000000000000000000000000000000000000000000000"; }; in [ d.name d.builder d.outputHashMode d.outputHashAlgo d.system ]';
  assert.equal(printValue(forceDeep(evalExpr(src, { io }))), '[ "f.tar.gz" "builtin:fetchurl" "flat" "sha256" "builtin" ]');
});

test("an entry that is a symlink, or has one below it, answers with the symlinks resolved", (t) => {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), "sm-search-path-")));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, "real/sub"), { recursive: true });
  writeFileSync(join(dir, "real/sub/x.nix"), "1");
  symlinkSync("real", join(dir, "link"));
  symlinkSync("sub/x.nix", join(dir, "real/y.nix"));
  const entries = searchPathOf({ include: [`p=${join(dir, "link")}`], nixPath: undefined, defaults: [] });
  assert.equal(findInSearchPath(nodeIO, entries, "p", false), join(dir, "real"));
  assert.equal(findInSearchPath(nodeIO, entries, "p/sub/x.nix", false), join(dir, "real/sub/x.nix"));
  assert.equal(findInSearchPath(nodeIO, entries, "p/y.nix", false), join(dir, "real/sub/x.nix"));
});

test("an entry that does not exist is warned about once, the first time a name's prefix matches it, and skipped", () => {
  const warnings: string[] = [];
  const warn = (m: string) => void warnings.push(m);
  const evaluation = memoryIO({ "/two/b.nix": "" });
  const entries = searchPathOf({ include: ["q=/nowhere", "/missing", "/two", "rel/dir"], nixPath: undefined, defaults: [] });
  assert.equal(findInSearchPath(evaluation, entries, "b.nix", false, { warn, cwd: "/work" }), "/two/b.nix");
  assert.deepEqual(warnings, ["Nix search path entry '/missing' does not exist, ignoring"]);
  assert.equal(findInSearchPath(evaluation, entries, "b.nix", false, { warn, cwd: "/work" }), "/two/b.nix");
  assert.throws(() => findInSearchPath(evaluation, entries, "q/c.nix", false, { warn, cwd: "/work" }), { message: "file 'q/c.nix' was not found in the Nix search path (add it using $NIX_PATH or -I)" });
  assert.deepEqual(warnings, [
    "Nix search path entry '/missing' does not exist, ignoring",
    "Nix search path entry '/nowhere' does not exist, ignoring",
    "Nix search path entry 'rel/dir' does not exist, ignoring",
  ]);
  findInSearchPath(memoryIO({ "/two/b.nix": "" }), entries, "b.nix", false, { warn });
  assert.equal(warnings.length, 4, "another evaluation warns again");
});
