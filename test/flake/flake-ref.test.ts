/**
 * Flake references parsed as Nix parses them, in URL and attribute form,
 * shown again as Nix shows them, and malformed ones refused in Nix's
 * wording.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { parseFlakeRef } from "../../src/nix/flake-ref/flake-ref.ts";
import { UserError } from "../../src/diagnostics/user-error.ts";
import { splitFlakeArg } from "../../src/flake/flake-ref.ts";
import { showFlakeRef } from "../../src/nix/flake-ref/show-flake-ref.ts";
import { refFromAttrs, refToAttrs } from "../../src/nix/flake-ref/flake-ref-attrs.ts";
import { resolveIndirect } from "../../src/flake/flake-inputs.ts";

const REV = "0123456789abcdef0123456789abcdef01234567";

test("URL forms", () => {
  const cases: [string, object][] = [
    ["github:nixos/nixpkgs", { type: "github", owner: "nixos", repo: "nixpkgs" }],
    ["github:nixos/nixpkgs/nixos-24.05", { type: "github", owner: "nixos", repo: "nixpkgs", ref: "nixos-24.05" }],
    [`github:nixos/nixpkgs/${REV}`, { type: "github", owner: "nixos", repo: "nixpkgs", rev: REV }],
    ["github:a/b?ref=feature/x&dir=sub", { type: "github", owner: "a", repo: "b", ref: "feature/x", dir: "sub" }],
    [`gitlab:g/p?rev=${REV}&host=git.example.org`, { type: "gitlab", owner: "g", repo: "p", rev: REV, host: "git.example.org" }],
    ["sourcehut:~u/r/main", { type: "sourcehut", owner: "~u", repo: "r", ref: "main" }],
    ["git+https://example.org/r.git?ref=main&dir=nix", { type: "git", url: "https://example.org/r.git", ref: "main", dir: "nix" }],
    [`git+file:///srv/r?rev=${REV}&submodules=1`, { type: "git", url: "file:///srv/r", rev: REV, submodules: true }],
    ["git+ssh://git@example.org/r", { type: "git", url: "ssh://git@example.org/r" }],
    ["https://example.org/x.tar.gz", { type: "tarball", url: "https://example.org/x.tar.gz" }],
    ["https://example.org/x.tar.xz?narHash=sha256-abc", { type: "tarball", url: "https://example.org/x.tar.xz", narHash: "sha256-abc" }],
    ["tarball+https://example.org/download?id=3", { type: "tarball", url: "https://example.org/download?id=3" }],
    ["https://example.org/file.txt", { type: "file", url: "https://example.org/file.txt" }],
    ["file+https://example.org/x.tar.gz", { type: "file", url: "https://example.org/x.tar.gz" }],
    ["path:/abs/dir", { type: "path", path: "/abs/dir" }],
    ["path:./rel", { type: "path", path: "./rel" }],
    ["./rel", { type: "path", path: "./rel" }],
    ["/abs?dir=sub", { type: "path", path: "/abs", dir: "sub" }],
    ["nixpkgs", { type: "indirect", id: "nixpkgs" }],
    ["nixpkgs/nixos-24.05", { type: "indirect", id: "nixpkgs", ref: "nixos-24.05" }],
    [`flake:nixpkgs/nixos-24.05/${REV}`, { type: "indirect", id: "nixpkgs", ref: "nixos-24.05", rev: REV }],
  ];
  for (const [url, ref] of cases) assert.deepEqual(parseFlakeRef(url), ref, url);
});

test("shown as Nix shows them", () => {
  assert.equal(showFlakeRef(parseFlakeRef(`github:a/b/${REV}`)), `github:a/b/${REV}`);
  assert.equal(showFlakeRef(parseFlakeRef("git+https://e.org/r?ref=main")), "git+https://e.org/r?ref=main");
  assert.equal(showFlakeRef(parseFlakeRef("tarball+https://e.org/dl")), "tarball+https://e.org/dl");
  assert.equal(showFlakeRef(parseFlakeRef("https://e.org/x.tar.gz")), "https://e.org/x.tar.gz");
  assert.equal(showFlakeRef(parseFlakeRef("path:/x?dir=y")), "path:/x?dir=y");
});

test("attribute form, both ways", () => {
  assert.deepEqual(refFromAttrs({ type: "github", owner: "a", repo: "b", ref: "main", dir: "d" }, "input 'x'"), { type: "github", owner: "a", repo: "b", ref: "main", dir: "d" });
  assert.deepEqual(refToAttrs(parseFlakeRef(`git+file:///r?rev=${REV}&dir=d`)), { type: "git", url: "file:///r", rev: REV, dir: "d" });
  assert.throws(() => refFromAttrs({ type: "github", owner: "a" }, "input 'x'"), /input 'x': GitHub input lacks attribute 'repo'/);
  assert.throws(() => refFromAttrs({ type: "github", owner: "a", repo: "b", url: "u" }, "input 'x'"), /unsupported GitHub input attribute 'url'/);
  assert.throws(() => refFromAttrs({ type: "svn", url: "u" }, "input 'x'"), /unsupported input type 'svn'/);
});

test("indirect references resolve through the registry of three names", () => {
  assert.deepEqual(resolveIndirect(parseFlakeRef("nixpkgs/nixos-24.05")), { type: "github", owner: "nixos", repo: "nixpkgs", ref: "nixos-24.05" });
  assert.throws(() => resolveIndirect(parseFlakeRef("flake:other")), /cannot find flake 'flake:other' in the flake registries/);
});

test("malformed references are refused in Nix's wording", () => {
  assert.throws(() => parseFlakeRef("github:a"), /URL 'github:a' is invalid/);
  assert.throws(() => parseFlakeRef("github:a/b/x..y"), /in URL 'github:a\/b\/x\.\.y', 'x\.\.y' is not a commit hash or branch\/tag name/);
  assert.throws(() => parseFlakeRef(`github:a/b/main?rev=${REV}`), /contains multiple branch\/tag names or commit hashes/);
  assert.throws(() => parseFlakeRef("github:a/b?foo=1"), /unsupported GitHub input attribute 'foo'/);
  assert.throws(() => parseFlakeRef("git+ftp://x"), /input 'git\+ftp:\/\/x' is unsupported/);
  assert.throws(() => parseFlakeRef("svn:x"), /input 'svn:x' is unsupported/);
  assert.throws(() => parseFlakeRef("git+https://x?rev=abc"), /invalid Git revision 'abc'/);
  assert.throws(() => parseFlakeRef("1abc"), /'1abc' is not a valid URL/);
  assert.throws(() => parseFlakeRef("github:a/b?dir=%zz"), (e: unknown) => e instanceof UserError && e.message === "invalid URI parameter '%zz'");
  assert.throws(() => splitFlakeArg("./dir#%E0%A4%A"), (e: unknown) => e instanceof UserError && e.message === "invalid URI parameter '%E0%A4%A'");
  // What WHATWG's URL parser refuses is a user error in Nix's words, not a TypeError.
  for (const url of ["https://[::1", "tarball+https://[::1", "file+http://exa mple.com/x", "http://exa mple.com/x.tar.gz"]) {
    assert.throws(() => parseFlakeRef(url), (e: unknown) => e instanceof UserError && e.message === `'${url}' is not a valid URL`, url);
  }
});
