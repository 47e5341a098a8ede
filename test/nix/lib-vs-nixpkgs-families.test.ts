/**
 * Our lib's path, filesystem, customisation, derivations, systems and
 * types families answer as nixpkgs' lib does (expressions evaluated with
 * both; lib-vs-nixpkgs.ts). Skips visibly without the nixpkgs.lib copy.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { compare, skip } from "./lib-vs-nixpkgs.ts";

const same = (exprs: readonly string[]) => {
  for (const e of exprs) {
    const { real, ours } = compare(e);
    assert.deepEqual(ours, real, e);
  }
};

test("lib.path as nixpkgs'", { skip }, () =>
  same([
    `lib.path.append /foo "bar//./baz/"`,
    `lib.path.append /. "foo"`,
    `lib.path.append "/foo" "bar"`,
    `lib.path.append /foo "../bar"`,
    `lib.path.append /foo ""`,
    `lib.path.append /foo "/bar"`,
    `map (p: lib.path.hasPrefix /foo p) [ /foo/bar /foo /fo /. ]`,
    `lib.path.hasPrefix "/foo" /foo`,
    `lib.path.removePrefix /foo /foo/bar/baz`,
    `lib.path.removePrefix /foo /foo`,
    `lib.path.removePrefix /foo/bar /foo`,
    `lib.path.splitRoot /foo/../bar`,
    `map lib.path.hasStorePathPrefix [ /nix/store/nvl9ic0pj1fpyln3zaqrf4cclbqdfn1j-foo/bar /nix/store /home/u ]`,
    `map lib.path.subpath.isValid [ null "" "/a" "../a" "a/.." "a/b" "./a//b/" ".." "a/..b" ]`,
    `lib.path.subpath.join [ "./foo" "." "bar//./baz/" ]`,
    `lib.path.subpath.join [ ]`,
    `lib.path.subpath.join [ "a" "/b" ]`,
    `lib.path.subpath.components "./a//b/./c/"`,
    `lib.path.subpath.normalise "./."`,
    `lib.path.subpath.normalise "a/../b"`,
  ]),
);

test("lib.systems and lib.platforms as nixpkgs'", { skip }, () =>
  same([
    `lib.platforms`,
    `lib.systems.flakeExposed`,
    `lib.systems.doubles.all`,
    `with (lib.systems.elaborate "x86_64-linux"); { inherit system isLinux isDarwin isx86_64 isAarch64 isx86 is64bit isLittleEndian isBigEndian isUnix linuxArch; }`,
    `with (lib.systems.elaborate "aarch64-darwin"); { inherit isDarwin isAarch64 isLinux is64bit isMacOS darwinArch; }`,
    `with (lib.systems.elaborate { system = "aarch64-linux"; }); { inherit system isAarch64 linuxArch; }`,
  ]),
);

test("lib.customisation and lib.derivations as nixpkgs'", { skip }, () =>
  same([
    `let f = { a, b ? 2 }: { r = a + b; }; o = lib.makeOverridable f { a = 1; }; in [ o.r (o.override { b = 10; }).r (o.override (old: { a = old.a + 5; })).r ((o.override { a = 2; }).override { b = 3; }).r ]`,
    `let o = lib.makeOverridable ({ x }: y: x + y) { x = 1; }; in [ (o 2) ((o.override { x = 10; }) 2) (lib.functionArgs o) ]`,
    `builtins.attrNames (lib.makeOverridable ({ a }: { inherit a; }) { a = 1; })`,
    `lib.functionArgs (lib.makeOverridable ({ a, b ? 1 }: a) )`,
    `let auto = { a = 1; b = 2; c = 3; }; in (lib.callPackageWith auto ({ a, b, d ? 4 }: { s = a + b + d; }) { b = 20; }).s`,
    `let auto = { alpha = 1; }; in (lib.callPackageWith auto ({ alpah }: alpah) { })`,
    `let auto = { a = 1; }; in lib.mapAttrs (n: v: v.r) (lib.callPackagesWith auto ({ a }: { x = { r = a; }; y = { r = a + 1; }; }) { })`,
    `let s = lib.makeScope (extra: lib.callPackageWith (s // extra)) (self: { a = 1; b = self.callPackage ({ a }: a + 1) { }; }); in [ s.a s.b (s.overrideScope (f: p: { a = 10; })).b (builtins.attrNames s) ]`,
    `lib.renameCrossIndexTo "self" { buildBuild = 1; buildHost = 2; buildTarget = 3; hostHost = 4; hostTarget = 5; targetTarget = 6; }`,
    `lib.renameCrossIndexFrom "pkgs" (lib.renameCrossIndexTo "pkgs" { buildBuild = 1; buildHost = 2; buildTarget = 3; hostHost = 4; hostTarget = 5; targetTarget = 6; })`,
    `lib.mapCrossIndex (x: x * 2) { buildBuild = 1; buildHost = 2; buildTarget = 3; hostHost = 4; hostTarget = 5; targetTarget = 6; }`,
    `[ (lib.optionalDrvAttr true 1) (lib.optionalDrvAttr false 1) ]`,
    `let d = lib.extendDerivation true { extra = 1; } { type = "derivation"; outputs = [ "out" "dev" ]; out = { type = "derivation"; outputName = "out"; drvPath = "/d"; outPath = "/o"; }; dev = { type = "derivation"; outputName = "dev"; drvPath = "/d"; outPath = "/o-dev"; }; drvPath = "/d"; outPath = "/o"; }; in [ d.extra d.dev.extra d.dev.outPath d.dev.outputSpecified (builtins.length d.all) ]`,
    `(lib.extendDerivation false { } { type = "derivation"; drvPath = "/d"; outPath = "/o"; out = { type = "derivation"; outputName = "out"; drvPath = "/d"; outPath = "/o"; }; }).outPath`,
  ]),
);

test("lib.types' newer types as nixpkgs'", { skip }, () =>
  same([
    `map (t: t.description) (with lib.types; [ pathInStore externalPath (pathWith { }) (pathWith { absolute = false; }) json toml luaInline pkgs (attrTag { a = lib.mkOption { type = str; }; }) optionDeclaration fileset ])`,
    `map (x: lib.types.pathInStore.check x) [ "/nix/store/nvl9ic0pj1fpyln3zaqrf4cclbqdfn1j-foo" "/home/u" /nix/store/nvl9ic0pj1fpyln3zaqrf4cclbqdfn1j-foo "rel" ]`,
    `map (x: lib.types.externalPath.check x) [ "/nix/store/nvl9ic0pj1fpyln3zaqrf4cclbqdfn1j-foo" "/home/u" /home/u "rel" ]`,
    `map (x: (lib.types.pathWith { absolute = false; }).check x) [ "rel" "/abs" ]`,
    `lib.types.pathWith { inStore = true; absolute = false; }`,
    `(lib.evalModules { modules = [ { options.j = lib.mkOption { type = lib.types.json; }; config.j = { a = [ 1 "x" null { b = true; } ]; }; } ]; }).config.j`,
    `(lib.evalModules { modules = [ { options.t = lib.mkOption { type = lib.types.attrTag { a = lib.mkOption { type = lib.types.int; }; b = lib.mkOption { type = lib.types.str; }; }; }; config.t.b = "x"; } ]; }).config.t`,
    `lib.types.types.str.name`,
    `with lib.types; types.listOf.name or "fn"`,
    `(lib.types.optionDescriptionPhrase (c: c == "noun") (lib.types.listOf lib.types.str))`,
    `(lib.mergeTypes lib.types.str lib.types.str).name`,
    `lib.defaultFunctor "str" // { type = null; }`,
  ]),
);

test("recursive types evaluate as in nixpkgs (a value type containing itself)", { skip }, () =>
  same([
    `let v = with lib.types; oneOf [ bool int str (attrsOf v) (listOf v) ] // { description = "V value"; }; in (lib.evalModules { modules = [ { options.x = lib.mkOption { type = v; }; config.x = { a = [ 1 { b = "c"; } ]; }; } ]; }).config.x`,
    `let v = with lib.types; nullOr (either int (attrsOf v)); in (lib.evalModules { modules = [ { options.x = lib.mkOption { type = v; }; config.x.a.b = 1; } ]; }).config.x`,
  ]),
);

test("types' descriptions and functor names as nixpkgs'", { skip }, () =>
  same([
    `with lib.types; map (t: t.functor.name) [ str int bool (listOf str) (attrsOf int) (lazyAttrsOf int) (nullOr str) (either str int) (enum [ "a" ]) (submodule { }) (uniq str) (coercedTo int toString str) (functionTo str) anything package path lines (separatedString ",") (strMatching "a") port (ints.between 0 3) ints.u8 ints.unsigned ints.positive float number (numbers.between 0 1) json (oneOf [ str int ]) nonEmptyStr singleLineStr commas envVar (nonEmptyListOf str) attrs raw unspecified deferredModule optionType pathInStore numbers.positive numbers.nonnegative ]`,
    `with lib.types; map (t: t.description) [ (ints.between 0 3) ints.u8 port (oneOf [ str int (listOf str) ]) (nullOr (listOf (attrsOf (either str int)))) (coercedTo int toString str) (functionTo (listOf str)) (uniq (listOf str)) (separatedString ",") (strMatching "a.*") (enum [ "a" 1 ]) (attrsWith { elemType = str; lazy = true; }) (submodule { }) (submoduleWith { modules = [ ]; description = "thing"; }) nonEmptyStr singleLineStr (nonEmptyListOf str) commas envVar (passwdEntry str) (numbers.between 0 1.5) numbers.nonnegative numbers.positive json toml luaInline pkgs raw unspecified optionType deferredModule ints.s8 ints.u32 ints.positive ints.unsigned float number ]`,
  ]),
);
