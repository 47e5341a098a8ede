/** Tests for the filesystem, hashing and fetcher builtins over an in-memory tree. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { NixPath } from "../value.ts";
import { call, fn, makeWorld, plain, set } from "./test-helpers.ts";

const files = { "/src/a.txt": "hello", "/src/dir/b.nix": "1", "/src/dir/default.nix": "{}", "/lib/x.nix": "x" };
const world = makeWorld({ files, imports: { "/src/dir/default.nix": "imported dir", "/src/a.txt": "imported file" } });
const { b } = world;
const p = (path: string) => new NixPath(path);

test("readFile, readDir, readFileType, pathExists", () => {
  assert.equal(call(b("readFile"), p("/src/a.txt")), "hello");
  assert.equal(call(b("readFile"), "/src/./dir/../a.txt"), "hello");
  assert.deepEqual(plain(call(b("readDir"), p("/src"))), { "a.txt": "regular", dir: "directory" });
  assert.equal(call(b("readFileType"), p("/src/dir")), "directory");
  assert.equal(call(b("pathExists"), p("/src/a.txt")), true);
  assert.equal(call(b("pathExists"), "/src/a.txt/"), false);
  assert.equal(call(b("pathExists"), "/src/dir/"), true);
  assert.equal(call(b("pathExists"), p("/nope")), false);
});

test("file errors read as Nix's", () => {
  assert.throws(() => call(b("readFile"), p("/nope")), { message: "opening file '/nope': No such file or directory" });
  assert.throws(() => call(b("readFile"), "rel"), { message: "string 'rel' doesn't represent an absolute path" });
  assert.throws(() => call(b("pathExists"), "rel"), { message: "string 'rel' doesn't represent an absolute path" });
  assert.throws(() => call(b("readFile"), 1n), { message: "cannot coerce an integer to a string: 1" });
});

test("import and scopedImport go through the context; a directory means its default.nix", () => {
  assert.equal(call(b("import"), p("/src/dir")), "imported dir");
  assert.equal(call(b("import"), set({ outPath: "/src/a.txt" })), "imported file");
  assert.deepEqual(plain(call(b("scopedImport"), set({ x: 1n }), p("/src/a.txt"))), { path: "/src/a.txt", scope: { x: 1n } });
  assert.throws(() => call(b("import"), p("/nope")), { message: "getting status of '/nope': No such file or directory" });
});

test("path and filterSource: a plain copy goes through copyToStore; a filtered or named one is computed and recorded", () => {
  const seen: string[] = [];
  const filter = fn((path, type) => {
    seen.push(`${String(path)}:${String(type)}`);
    return true;
  }, 2);
  const r = plain(call(b("filterSource"), filter, p("/src"))) as { s: string; context: string[] };
  assert.match(r.s, /^\/nix\/store\/[0-9a-df-np-sv-z]{32}-src$/);
  assert.deepEqual(r.context, [r.s]);
  assert.equal(world.ctx.store.sources.get(r.s)?.path, "/src");
  assert.deepEqual(seen.sort(), ["/src/a.txt:regular", "/src/dir/b.nix:regular", "/src/dir/default.nix:regular", "/src/dir:directory"]);
  const named = plain(call(b("path"), set({ path: p("/src"), name: "source" }))) as { s: string };
  assert.match(named.s, /^\/nix\/store\/[0-9a-df-np-sv-z]{32}-source$/);
  assert.notEqual(named.s.slice(0, 44), r.s.slice(0, 44), "the name is hashed in");
  assert.equal((plain(call(b("path"), set({ path: p("/src") }))) as { s: string }).s, "/nix/store/00000000000000000000000000000000-src");
});

test("toPath, findFile, storePath", () => {
  assert.equal(call(b("toPath"), "/a/../b//c/"), "/b/c");
  const searchPath = [set({ prefix: "lib", path: p("/lib") })];
  assert.deepEqual(plain(call(b("findFile"), searchPath, "lib/x.nix")), { path: "/lib/x.nix" });
  assert.throws(() => call(b("findFile"), [], "nixpkgs"), {
    message: "file 'nixpkgs' was not found in the Nix search path (add it using $NIX_PATH or -I)",
  });
  assert.deepEqual(plain(call(b("storePath"), "/nix/store/abc-x/bin")), { s: "/nix/store/abc-x/bin", context: ["/nix/store/abc-x"] });
  assert.throws(() => call(b("storePath"), "/etc"), { message: "path '/etc' is not in the Nix store" });
  const pure = makeWorld({ pure: true });
  assert.throws(() => call(pure.b("storePath"), "/nix/store/abc-x"), { message: "'builtins.storePath' is not allowed in pure evaluation mode" });
});

test("hashString and hashFile give lowercase hex", () => {
  assert.equal(call(b("hashString"), "sha256", "abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  assert.equal(call(b("hashString"), "md5", ""), "d41d8cd98f00b204e9800998ecf8427e");
  assert.equal(call(b("hashString"), "sha1", "abc"), "a9993e364706816aba3e25717850c26c9cd0d89d");
  assert.equal((call(b("hashString"), "sha512", "") as string).length, 128);
  assert.equal(call(b("hashFile"), "md5", p("/src/a.txt")), "5d41402abc4b2a76b9719d911017c592");
  assert.throws(() => call(b("hashString"), "foo", ""), { message: "unknown hash algorithm 'foo', expect 'blake3', 'md5', 'sha1', 'sha256', or 'sha512'" });
  assert.throws(() => call(b("hashString"), "blake3", ""), { message: "experimental Nix feature 'blake3-hashes' is disabled; add '--extra-experimental-features blake3-hashes' to enable it" });
});

test("convertHash between base16, nix32, base64 and SRI", () => {
  const hex = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  const convert = (hash: string, toHashFormat: string, hashAlgo?: string) =>
    call(b("convertHash"), set({ hash, toHashFormat, ...(hashAlgo === undefined ? {} : { hashAlgo }) }));
  const sri = "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";
  assert.equal(convert(hex, "sri", "sha256"), sri);
  assert.equal(convert(sri, "base16"), hex);
  assert.equal(convert(`sha256:${hex}`, "nix32"), "0mdqa9w1p6cmli6976v4wi0sw9r4p5prkj7lzfd1877wk11c9c73");
  assert.equal(convert("0mdqa9w1p6cmli6976v4wi0sw9r4p5prkj7lzfd1877wk11c9c73", "base16", "sha256"), hex);
  assert.throws(() => convert(hex, "sri"), { message: `hash '${hex}' does not include a type, nor is the type otherwise known from context` });
});

test("fetchers fail clearly offline", () => {
  assert.throws(() => call(b("fetchTarball"), "https://example.org/x.tar.gz"), {
    message: "cannot fetch 'https://example.org/x.tar.gz' with builtins.fetchTarball: this evaluator works offline, without a Nix store",
  });
  assert.throws(() => call(b("fetchGit"), set({ url: "https://example.org/r.git", rev: "abc" })), /cannot fetch 'https:\/\/example.org\/r.git' with builtins.fetchGit/);
  for (const name of ["fetchurl", "fetchTree", "fetchMercurial", "getFlake", "fetchClosure"]) assert.throws(() => call(b(name), "x"), /offline/);
});
