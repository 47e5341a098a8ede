/**
 * The rest of the lib through the value model: search paths, files
 * (importJSON, importTOML, fileContents) through the context's
 * filesystem, package priorities, strictness helpers, formals of the
 * lib's own functions, and string contexts in interpolation.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { call, get, jsFn, plain, run } from "./test-support.ts";
import { call as callNix } from "./fn.ts";
import { nixLib } from "./index.ts";
import { memoryIO } from "../nix/io.ts";
import { NixPath, NixString, Thunk, type Value } from "../nix/value.ts";

const drv = (name: string, extra: Record<string, unknown> = {}) => ({ type: "derivation", name, outPath: `/nix/store/h-${name}`, ...extra });

test("search paths take each package's output, skipping nulls", () => {
  const withLib = drv("zlib", { lib: drv("zlib-lib"), dev: drv("zlib-dev") });
  assert.equal(String(call("makeSearchPath", "share", ["/a", null, drv("b")])), "/a/share:/nix/store/h-b/share");
  assert.equal(String(call("makeLibraryPath", [withLib])), "/nix/store/h-zlib-lib/lib");
  assert.equal(String(call("makeIncludePath", [withLib])), "/nix/store/h-zlib-dev/include");
  assert.equal(String(call("makeSearchPathOutput", "dev", "lib/pkgconfig", [withLib])), "/nix/store/h-zlib-dev/lib/pkgconfig");
  const chosen = drv("x", { outputSpecified: true, man: drv("x-man") });
  assert.equal((run("getOutput", "man", chosen) as { name: string }).name, "x");
  assert.equal((run("getOutput", "man", drv("y", { man: drv("y-man") })) as { name: string }).name, "y-man");
  assert.equal(run("normalizePath", "/a//b///c"), "/a/b/c");
});

test("search paths keep the packages' contexts", () => {
  const pkg = { type: "derivation", name: "git", outPath: new NixString("/nix/store/h-git", new Set(["/nix/store/h-git"])) };
  const out = call("makeBinPath", [pkg]) as Value;
  assert.ok(out instanceof NixString);
  assert.deepEqual([...out.context], ["/nix/store/h-git"]);
});

test("files are read through the context's filesystem", () => {
  const lib = nixLib({ io: memoryIO({ "/cfg/a.json": '{"a": [1, 2.5]}', "/cfg/b.toml": 'x = 1\n[s]\ny = "z"\n', "/cfg/c.txt": "hello\n" }) });
  const f = (name: string) => get(name, lib);
  assert.deepEqual(plain(callNix(f("importJSON"), new NixPath("/cfg/a.json"))), { a: [1, 2.5] });
  assert.deepEqual(plain(callNix(f("importTOML"), new NixPath("/cfg/b.toml"))), { s: { y: "z" }, x: 1 });
  assert.equal(plain(callNix(f("fileContents"), new NixPath("/cfg/c.txt"))), "hello");
  assert.throws(() => call("importJSON", new NixPath("/cfg/a.json")), /not available in this evaluation/);
});

test("package priorities and getExe's fallback warning", () => {
  assert.equal((run("lowPrio", drv("a")) as { meta: { priority: number } }).meta.priority, 10);
  assert.equal((run("hiPrio", drv("a", { meta: { description: "d" } })) as { meta: { priority: number; description: string } }).meta.description, "d");
  assert.equal(String(call("getExe", drv("hello-1.0", { pname: "hello" }))), "/nix/store/h-hello-1.0/bin/hello");
});

test("seq, deepSeq, traceIf, info, bit operations, mirrorFunctionArgs", () => {
  const bad = new Thunk(() => { throw new Error("forced"); });
  assert.throws(() => call("seq", bad, 1), /forced/);
  assert.throws(() => call("deepSeq", [[bad]], 1), /forced/);
  assert.equal(run("seq", [bad], 1), 1);
  assert.deepEqual([run("bitAnd", 6, 3), run("bitOr", 6, 3), run("bitXor", 6, 3), run("bitNot", 0)], [2, 7, 5, -1]);
  assert.deepEqual(run("ifilter0", jsFn((i: number, _x: unknown) => i % 2 === 0), ["a", "b", "c"]), ["a", "c"]);
  assert.deepEqual(run("functionArgs", call("mirrorFunctionArgs", get("mkOption"), jsFn((x: unknown) => x))), run("functionArgs", get("mkOption")));
});

test("the lib's functions taking sets declare their formals", () => {
  assert.deepEqual(Object.keys(run("functionArgs", get("evalModules")) as object), ["args", "check", "class", "modules", "prefix", "specialArgs"]);
  assert.equal((run("functionArgs", get("mkOption")) as Record<string, boolean>).default, true);
  assert.deepEqual(run("functionArgs", get("types.submoduleWith")), { class: true, description: true, modules: false, shorthandOnlyDefinesConfig: true, specialArgs: true });
});

test("toString-like coercions in lib functions", () => {
  assert.equal(run("escapeShellArg", new NixPath("/a b")), "'/a b'");
  assert.deepEqual(run("splitString", "/", new NixPath("/a/b")), ["", "a", "b"]);
  assert.equal(run("concatStringsSep", ":", [drv("x"), "y"]), "/nix/store/h-x:y");
  assert.throws(() => call("concatStringsSep", ":", [new NixPath("/etc/x")]), /cannot copy to the store the path '\/etc\/x'/);
});
