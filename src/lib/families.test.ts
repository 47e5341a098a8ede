/**
 * The lib families home-manager's modules (and users' own) need beyond
 * the basics: lib.path, lib.filesystem, lib.customisation,
 * lib.derivations, lib.systems/lib.platforms, lib.licenses/maintainers,
 * and the newer option types (pathWith, json, attrTag, a type containing
 * itself).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { evalExpr } from "../nix/evaluate.ts";
import { nodeIO } from "../nix/io.ts";
import { nixLib } from "./index.ts";
import { call, lib, plain } from "./test-support.ts";
import { errorOf } from "../diagnostics/error-of.ts";

const withLib = (body: string, l = lib) => plain(call(evalExpr(`lib: ${body}`), l));

test("lib.path joins and compares paths component by component", () => {
  assert.equal(withLib(`lib.path.append /etc "ssh//./sshd_config"`), "/etc/ssh/sshd_config");
  assert.deepEqual(withLib(`[ (lib.path.hasPrefix /etc /etc/ssh) (lib.path.hasPrefix /etc/ssh /etc) (lib.path.hasPrefix /et /etc) ]`), [true, false, false]);
  assert.equal(withLib(`lib.path.removePrefix /home /home/jane/.config`), "./jane/.config");
  assert.equal(withLib(`lib.path.removePrefix /home /home`), "./.");
  assert.deepEqual(withLib(`lib.path.splitRoot /a/b`), { root: "/", subpath: "./a/b" });
  assert.equal(withLib(`lib.path.subpath.join [ "a/" "./b" "c//d" ]`), "./a/b/c/d");
  assert.deepEqual(withLib(`lib.path.subpath.components "./x/./y/"`), ["x", "y"]);
  assert.deepEqual(withLib(`map lib.path.subpath.isValid [ "a" "" "/a" "a/../b" "a/..b" ]`), [true, false, false, false, true]);
  assert.equal(
    errorOf(() => withLib(`lib.path.append /etc "../x"`)).message,
    'lib.path.append: Second argument is not a valid subpath string:\n    The given string "../x" contains a `..` component, which is not allowed in subpaths',
  );
  assert.equal(errorOf(() => withLib(`lib.path.append "/etc" "x"`)).message, "lib.path.append: The first argument is of type string, but a path was expected");
});

test("lib.filesystem reads directories through the evaluation's IO", () => {
  const dir = mkdtempSync(join(tmpdir(), "sm-lib-fs-"));
  mkdirSync(join(dir, "pkgs/sub"), { recursive: true });
  writeFileSync(join(dir, "pkgs/hello.nix"), "{ greeting }: greeting");
  writeFileSync(join(dir, "pkgs/sub/world.nix"), "{ greeting }: greeting + \" world\"");
  writeFileSync(join(dir, "pkgs/README"), "not a package");
  const ev = nixLib({ io: nodeIO, importPath: (p) => evalExpr(`import ${p}`) });
  const at = (rel: string) => `/${join(dir, rel).slice(1)}`;
  assert.deepEqual(withLib(`[ (lib.pathIsDirectory ${at("pkgs")}) (lib.pathIsDirectory ${at("pkgs/README")}) (lib.pathIsRegularFile ${at("pkgs/README")}) (lib.pathIsDirectory ${at("nope")}) ]`, ev), [true, false, true, false]);
  assert.deepEqual(withLib(`map toString (lib.filesystem.listFilesRecursive ${at("pkgs")})`, ev), [at("pkgs/README"), at("pkgs/hello.nix"), at("pkgs/sub/world.nix")]);
  assert.deepEqual(
    withLib(`lib.packagesFromDirectoryRecursive { callPackage = f: args: (import f) ({ greeting = "hi"; } // args); directory = ${at("pkgs")}; }`, ev),
    { hello: "hi", sub: { world: "hi world" } },
  );
});

test("makeOverridable and callPackageWith: overrides and filled-in arguments", () => {
  assert.deepEqual(withLib(`let p = lib.makeOverridable ({ a, b ? 2 }: { sum = a + b; }) { a = 1; }; in [ p.sum (p.override { b = 5; }).sum (p.override (o: { a = o.a * 10; })).sum ]`), [3, 6, 12]);
  assert.equal(withLib(`(lib.callPackageWith { a = 1; b = 2; unused = 3; } ({ a, b }: { v = a * 10 + b; }) { b = 5; }).v`), 15);
  assert.match(
    errorOf(() => withLib(`lib.callPackageWith { colour = 1; } ({ color }: color) { }`)).message,
    /lib\.customisation\.callPackageWith: Function called without required argument "color" at .*, did you mean "colour"\?/,
  );
  assert.deepEqual(withLib(`let s = lib.makeScope (extra: lib.callPackageWith (s // extra)) (self: { a = 1; b = self.callPackage ({ a }: a + 1) { }; }); in [ s.b (s.overrideScope (final: prev: { a = 41; })).b ]`), [2, 42]);
});

test("systems: doubles by family and kernel, and elaborated platforms", () => {
  assert.ok((withLib(`lib.platforms.linux`) as string[]).includes("x86_64-linux"));
  assert.deepEqual(withLib(`lib.platforms.darwin`), ["x86_64-darwin", "aarch64-darwin"]);
  assert.ok(!(withLib(`lib.platforms.x86_64`) as string[]).includes("aarch64-linux"));
  assert.deepEqual(withLib(`with lib.systems.elaborate "aarch64-linux"; [ isLinux isAarch64 isx86_64 is64bit linuxArch ]`), [true, true, false, true, "arm64"]);
});

test("licenses are nixpkgs' own records; maintainers and teams answer any name with a record of nixpkgs' shape", () => {
  assert.deepEqual(withLib(`with lib.licenses.mit; [ spdxId free licenseType ]`), ["MIT", true, "simple"]);
  assert.deepEqual(withLib(`with lib.licenses; [ unfree.free unfreeRedistributable.redistributable (lib.licenses ? someLicense) ]`), [false, true, false]);
  assert.deepEqual(withLib(`with lib.maintainers; [ rycee.github (lib.maintainers ? anyone) ]`), ["rycee", true]);
});

test("newer types: pathWith, json, attrTag, and a type containing itself", () => {
  assert.deepEqual(withLib(`map (t: t.description) (with lib.types; [ pathInStore externalPath (pathWith { absolute = false; }) json ])`), [
    "path in the Nix store",
    "absolute path not in the Nix store",
    "relative path",
    "JSON value",
  ]);
  const evalOpt = (type: string, value: string) => withLib(`(lib.evalModules { modules = [ { options.x = lib.mkOption { type = ${type}; }; config.x = ${value}; } ]; }).config.x`);
  assert.deepEqual(evalOpt("lib.types.json", `{ a = [ 1 null { b = true; } ]; }`), { a: [1, null, { b: true }] });
  assert.deepEqual(evalOpt("lib.types.attrTag { port = lib.mkOption { type = lib.types.port; }; }", `{ port = 22; }`), { port: 22 });
  assert.deepEqual(evalOpt("let v = with lib.types; oneOf [ str (attrsOf v) (listOf v) ] // { description = \"tree\"; }; in v", `{ a.b = [ "c" ]; }`), { a: { b: ["c"] } });
});
