/**
 * The less common lib functions users' modules call: build flags,
 * name sanitising, camel case, natural sort, nested updates, Lua and
 * plist output, command lines, module helpers (importApply, mapping
 * definition values), cleaned sources.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { evalExpr } from "../nix/evaluate.ts";
import { nodeIO } from "../nix/io.ts";
import { nixLib } from "./index.ts";
import { call, lib, plain, warnings } from "./test-support.ts";
import { errorOf } from "../diagnostics/error-of.ts";

const withLib = (body: string, l = lib) => plain(call(evalExpr(`lib: ${body}`), l));

test("strings: build flags, derivation names, camel case, splitting", () => {
  assert.deepEqual(withLib(`[ (lib.cmakeBool "WITH_X" false) (lib.cmakeFeature "DIR" "/opt") (lib.mesonEnable "docs" false) ]`), ["-DWITH_X:BOOL=FALSE", "-DDIR:STRING=/opt", "-Ddocs=disabled"]);
  assert.deepEqual(withLib(`map lib.strings.sanitizeDerivationName [ "ok-name" "..a b/c" "" ]`), ["ok-name", "a-b-c", "unknown"]);
  assert.equal(withLib(`lib.toCamelCase "my-option_name here"`), "myOptionNameHere");
  assert.deepEqual(withLib(`lib.splitStringBy (prev: cur: cur == ",") false "a,b,,c"`), ["a", "b", "", "c"]);
});

test("lists and attrsets: natural order, prefixes, nested updates", () => {
  assert.deepEqual(withLib(`lib.naturalSort [ "v10" "v9" "v1" ]`), ["v1", "v9", "v10"]);
  assert.deepEqual(withLib(`lib.lists.removePrefix [ "a" ] [ "a" "b" ]`), ["b"]);
  assert.equal(errorOf(() => withLib(`lib.replaceElemAt [ 1 ] 5 0`)).message, "'lists.replaceElemAt' called with index 5 on a list of size 1");
  assert.deepEqual(withLib(`lib.updateManyAttrsByPath [ { path = [ "a" "b" ]; update = old: old * 10; } { path = [ "new" ]; update = _: true; } ] { a.b = 4; }`), { a: { b: 40 }, new: true });
});

test("generators: Lua tables and bindings, property lists", () => {
  assert.equal(withLib(`lib.generators.toLua { } { enable = true; list = [ 1 "two" ]; cb = lib.generators.mkLuaInline "function() end"; }`), '{\n  ["cb"] = (function() end),\n  ["enable"] = true,\n  ["list"] = {\n    1,\n    "two"\n  }\n}');
  assert.equal(withLib(`lib.generators.toLua { asBindings = true; } { "vim.g.x" = 1; }`), "vim.g.x = 1\n");
  assert.match(withLib(`lib.generators.toPlist { escape = true; } { k = "a&b"; }`) as string, /<dict>\n\t<key>k<\/key>\n\t<string>a&amp;b<\/string>\n<\/dict>/);
});

test("cli: GNU-style options from a set, quoted for a shell", () => {
  assert.deepEqual(withLib(`lib.cli.toCommandLineGNU { } { v = true; o = "out"; level = 3; off = false; }`), ["--level=3", "-oout", "-v"]);
  assert.equal(withLib(`lib.cli.toCommandLineShellGNU { } { message = "a b"; }`), "'--message=a b'");
});

test("modules: importApply passes the static argument and keeps the file", () => {
  const dir = mkdtempSync(join(tmpdir(), "sm-lib-import-apply-"));
  writeFileSync(join(dir, "m.nix"), "{ greeting }: { lib, ... }: { options.text = lib.mkOption { default = greeting; }; }");
  const l = nixLib({ io: nodeIO, importPath: (p) => evalExpr(`import ${p}`) });
  assert.equal(withLib(`(lib.evalModules { modules = [ (lib.modules.importApply ${join(dir, "m.nix")} { greeting = "hi"; }) ]; }).config.text`, l), "hi");
  assert.deepEqual(withLib(`(lib.modules.importApply ${join(dir, "m.nix")} { greeting = "hi"; })._file`, l), join(dir, "m.nix"));
});

test("sources: the clean-source filter and revision names", () => {
  assert.deepEqual(withLib(`map (n: lib.cleanSourceFilter n "regular") [ "/s/main.c" "/s/main.o" "/s/.main.c.swp" "/s/notes~" ]`), [true, false, false, false]);
  assert.equal(withLib(`lib.repoRevToName "full" "https://github.com/o/tool.git" "abcdef0123456789" null`), "tool-abcdef0-source");
});

test("trivial: enum checks and hexadecimal numbers", () => {
  assert.equal(errorOf(() => withLib(`lib.checkListOfEnum "shell" [ "bash" "zsh" ] [ "fish" ] 1`)).message, "shell: fish unexpected; valid ones: bash, zsh");
  warnings.length = 0;
  assert.deepEqual(withLib(`[ (lib.fromHexString "1F") (lib.fromHexString "0x10") ]`), [31, 16]);
  assert.deepEqual(warnings, []);
});

test("gvariant: values in GVariant text format, dconf files", () => {
  assert.deepEqual(withLib(`with lib.gvariant; map toString [ (mkValue [ "a" "b" ]) (mkTuple [ (mkUint32 1) true ]) (mkJust (mkInt32 7)) (mkValue "it's") ]`), [
    "@as ['a','b']",
    "@(ub) (@u 1,true)",
    "just 7",
    "'it\\'s'",
  ]);
  assert.match(errorOf(() => withLib(`lib.gvariant.mkValue 3`)).message, /^The GVariant type for number “3” is unclear\./);
  assert.equal(withLib(`lib.generators.toDconfINI { "org/x" = { on = true; n = lib.gvariant.mkInt32 2; }; }`), "[org/x]\nn=2\non=true\n");
});

test("network: IPv6 addresses written out, EUI-64 suffixes", () => {
  assert.deepEqual(withLib(`lib.network.ipv6.fromString "2001:DB8::0001/48"`), { address: "2001:db8:0:0:0:0:0:1", prefixLength: 48 });
  assert.equal(withLib(`lib.network.ipv6.mkEUI64Suffix "02:00:5e:10:00:01"`), "0:5eff:fe10:0001");
  assert.equal(errorOf(() => withLib(`(lib.network.ipv6.fromString "1::2::3").address`)).message, "1::2::3 is not a valid IPv6 address");
});

test("stringsWithDeps and fetchers: ordered texts, normalised hashes", () => {
  assert.deepEqual(withLib(`let s = { a = lib.noDepEntry "A"; b = lib.stringAfter [ "a" ] "B"; }; in lib.textClosureList s [ "b" "a" ]`), ["A", "B"]);
  assert.deepEqual(withLib(`lib.fetchers.normalizeHash { } { url = "u"; sha256 = "abc"; }`), { url: "u", outputHashAlgo: "sha256", outputHash: "abc" });
  assert.equal(errorOf(() => withLib(`lib.fetchers.normalizeHash { } { url = "u"; }`)).message, "fetcher called without `hash`");
});
