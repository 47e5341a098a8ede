/**
 * Our lib's strings, lists, attrsets, trivial, meta, debug, generators,
 * cli, sources, modules and options functions answer as nixpkgs' lib
 * does (expressions evaluated with both; lib-vs-nixpkgs.ts). Skips
 * visibly without the nixpkgs.lib copy.
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

test("strings", { skip }, () =>
  same([
    `[ (lib.cmakeBool "USE_X" true) (lib.cmakeFeature "PREFIX" "/usr") (lib.cmakeOptionType "filepath" "F" "/a") (lib.mesonOption "a" "b") (lib.mesonBool "a" false) (lib.mesonEnable "a" true) ]`,
    `lib.cmakeOptionType "weird" "F" "x"`,
    `map lib.strings.sanitizeDerivationName [ "hello" "..foo bar/baz" "" "a&b" "${"x".repeat(250)}" "-ok_=+?" ]`,
    `[ (lib.splitStringBy (p: c: c == "-") false "a-b--c") (lib.splitStringBy (p: c: c == "-") true "a-b") (lib.splitStringBy (p: c: true) false "") ]`,
    `map lib.toCamelCase [ "foo-bar_baz qux" "fooBar" "HTTPServer" "" "a" "alreadyCamel-case" ]`,
    `[ (lib.strings.commonPrefixLength "foobar" "fooqux") (lib.strings.commonSuffixLength "xbar" "ybar") ]`,
    `map (p: lib.strings.levenshteinAtMost 2 (builtins.elemAt p 0) (builtins.elemAt p 1)) [ [ "kitten" "sitting" ] [ "abc" "abd" ] [ "" "ab" ] [ "a" "abcd" ] ]`,
    `[ (lib.strings.nameFromURL "https://example.org/foo-1.2.tar.gz" "-") (lib.strings.charToInt "A") ]`,
    `[ (lib.join "," [ "a" "b" ]) (lib.replaceString "a" "b" "banana") ]`,
  ]),
);

test("lists and attrsets", { skip }, () =>
  same([
    `[ (lib.lists.hasPrefix [ 1 2 ] [ 1 2 3 ]) (lib.lists.hasPrefix [ 2 ] [ 1 2 ]) (lib.lists.removePrefix [ 1 ] [ 1 2 ]) (lib.lists.commonPrefix [ 1 2 3 ] [ 1 2 4 ]) ]`,
    `lib.lists.removePrefix [ 2 ] [ 1 2 ]`,
    `[ (lib.replaceElemAt [ 1 2 3 ] 1 9) ]`,
    `lib.replaceElemAt [ 1 ] 3 9`,
    `lib.naturalSort [ "disk11" "disk2" "disk1" "Disk3" "disk02" "a" "" ]`,
    `lib.crossLists (x: y: "\${toString x}\${y}") [ [ 1 2 ] [ "a" "b" ] ]`,
    `lib.concatAttrValues { a = [ 1 ]; b = [ 2 3 ]; }`,
    `let p = { outputs = [ "out" "lib" ]; out = "o"; lib = "l"; }; in [ (lib.getStatic p) (lib.getInclude p) (lib.getFirstOutput [ "dev" ] p) ]`,
    `lib.attrsets.longestValidPathPrefix [ "a" "b" "c" ] { a.b.x = 1; }`,
    `lib.mapAttrsToListRecursive (p: v: [ p v ]) { a.b = 1; c = 2; }`,
    `lib.mapAttrsToListRecursiveCond (p: v: !(v ? stop)) (p: v: p) { a = { stop = 1; }; b.c = 2; }`,
    `lib.updateManyAttrsByPath [ { path = [ "a" "b" ]; update = old: old + 1; } { path = [ "c" ]; update = _: 3; } { path = [ ]; update = s: s // { d = 4; }; } ] { a.b = 1; }`,
    `lib.updateManyAttrsByPath [ { path = [ "x" ]; update = old: old; } ] { }`,
    `lib.updateManyAttrsByPath [ { path = [ "a" "b" ]; update = _: 1; } ] { a = 1; }`,
  ]),
);

test("trivial, meta and debug", { skip }, () =>
  same([
    `[ (lib.add 1 2) (lib.sub 5 3) (lib.mul 2 3) (lib.div 7 2) (lib.ceil 1.5) (lib.floor 1.5) (lib.lessThan 1 2) ]`,
    `[ (lib.fromHexString "ff") (lib.fromHexString "0x10") lib.inPureEvalMode ]`,
    `lib.checkListOfEnum "colour" [ "red" "green" ] [ "red" "blue" ] true`,
    `lib.checkListOfEnum "colour" [ "red" "green" ] [ "red" ] 1`,
    `let d = { type = "derivation"; name = "hello-1.0"; meta.x = 1; }; in [ (lib.addMetaAttrs { y = 2; } d).meta (lib.dontDistribute d).meta (lib.setName "n" d).name (lib.updateName (n: n + "!") d).name (lib.appendToName "wrapped" d).name ]`,
    `let p = { system = "x86_64-linux"; parsed = { kernel.name = "linux"; }; }; in [ (lib.meta.platformMatch p "x86_64-linux") (lib.meta.platformMatch p "aarch64-linux") (lib.meta.availableOn p { meta.platforms = [ "x86_64-linux" ]; }) (lib.meta.availableOn p { meta.badPlatforms = [ "x86_64-linux" ]; }) (lib.meta.availableOn p { }) ]`,
    `(lib.getLicenseFromSpdxIdOr "mit" null).shortName`,
    `lib.getLicenseFromSpdxIdOr "No-Such-License" "fallback"`,
    `lib.mapDerivationAttrset (d: d // { seen = true; }) { a = { type = "derivation"; }; b = 1; }`,
    `lib.runTests { testA = { expr = 1; expected = 1; }; testB = { expr = 1; expected = 2; }; notATest = { expr = 1; expected = 2; }; }`,
    `lib.testAllTrue [ true false ]`,
    `lib.traceSeqN 1 { a.b = 1; } "done"`,
    `lib.fixedPoints.converge (x: if x > 10 then x else x * 2) 1`,
    `lib.versions.splitVersion "1.2.3-pre"`,
  ]),
);

test("generators and cli", { skip }, () =>
  same([
    `lib.generators.toLua { } { a = 1; b = [ "x" true null ]; c = { d = 1.5; }; e = lib.generators.mkLuaInline "vim.fn.stdpath('data')"; f = [ ]; g = { }; }`,
    `lib.generators.toLua { multiline = false; } [ 1 { a = "b"; } ]`,
    `lib.generators.toLua { asBindings = true; } { a = 1; "b.c" = { d = 2; }; }`,
    `lib.generators.toLua { asBindings = true; } { "bad name" = 1; }`,
    `lib.generators.toPlist { escape = true; } { a = 1; b = [ true "x<y" ]; c = null; d = { e = 2.5; }; }`,
    `lib.generators.toDhall { } { a = 1; b = [ true (-2) ]; c = "s"; }`,
    `lib.generators.withRecursion { depthLimit = 1; throwOnDepthLimit = false; } { a.b.c = 1; l = [ [ 1 ] ]; }`,
    `lib.generators.withRecursion { depthLimit = 1; } { a.b.c = 1; }`,
    `lib.cli.toCommandLineGNU { } { v = true; quiet = false; n = 3; name = "x y"; tag = [ "a" "b" ]; skip = null; }`,
    `lib.cli.toCommandLineShellGNU { } { out = "/tmp/a b"; x = true; }`,
    `lib.cli.toCommandLine (name: { option = "-" + name; sep = null; explicitBool = true; }) { a = false; b = 1; }`,
  ]),
);

test("modules and options", { skip }, () =>
  same([
    `lib.modules.mapDefinitionValue (v: v + 1) (lib.mkIf true (lib.mkMerge [ 1 (lib.mkForce 2) ]))`,
    `map (d: d) (lib.modules.pushDownProperties (lib.mkIf true { a = 1; b = lib.mkMerge [ 2 ]; }))`,
    `lib.options.literalCode "nix" "{ }"`,
    `lib.options.renderOptionValue { a = [ 1 "x" ]; }`,
    `lib.options.renderOptionValue (lib.literalExpression "pkgs.hello")`,
    `lib.scrubOptionValue { a = { type = "derivation"; name = "hello"; outPath = "/x"; }; _args = 1; b = [ 1 ]; }`,
    `lib.showOptionWithDefLocs { loc = [ "a" "b" ]; files = [ "x.nix" "y.nix" ]; }`,
    `lib.generators.withRecursion { depthLimit = null; } { a.b.c = 1; }`,
  ]),
);

test("sources", { skip }, () =>
  same([
    `map (p: lib.cleanSourceFilter (builtins.elemAt p 0) (builtins.elemAt p 1)) [ [ "/a/.git" "directory" ] [ "/a/.svn" "directory" ] [ "/a/.svn" "regular" ] [ "/a/x~" "regular" ] [ "/a/.x.swp" "regular" ] [ "/a/x.o" "regular" ] [ "/a/result" "symlink" ] [ "/a/result" "regular" ] [ "/a/ok" "unknown" ] [ "/a/ok.nix" "regular" ] ]`,
    `[ (lib.revOrTag null null) (lib.revOrTag "r" null) (lib.revOrTag "r" "t") ]`,
    `[ (lib.repoRevToName "full" "https://github.com/o/repo.git" "0123456789abcdef" "x") (lib.repoRevToName "versioned" "https://x.org/pkg.tar.gz" "v1.2.3" null) (lib.repoRevToName "source" 1 2 3) ]`,
    `lib.canCleanSource "/tmp"`,
  ]),
);

test("stringsWithDeps, sourceTypes, fetchers, kernel and the deprecated helpers", { skip }, () =>
  same([
    `let p = { a = lib.noDepEntry "A"; b = lib.fullDepEntry "B" [ "a" ]; c = lib.stringAfter [ "b" "a" ] "C"; }; in [ (lib.textClosureList p [ "c" "a" ]) (lib.textClosureMap (t: "<\${t}>") p [ "c" ]) (lib.packEntry [ "a" ]) ]`,
    `lib.sourceTypes`,
    `[ (lib.fetchers.normalizeHash { } { url = "u"; hash = "sha256-x"; }) (lib.fetchers.normalizeHash { } { sha256 = ""; }) (lib.fetchers.normalizeHash { required = false; } { }) (lib.fetchers.normalizeHash { } { outputHash = "o"; }) ]`,
    `lib.fetchers.normalizeHash { } { hash = "a"; sha256 = "b"; }`,
    `lib.fetchers.normalizeHash { } { }`,
    `let f = lib.fetchers.withNormalizedHash { } ({ url, outputHash ? "", outputHashAlgo ? null }: { inherit url outputHash outputHashAlgo; }); in [ (f { url = "u"; sha256 = "h"; }) (lib.functionArgs f) ]`,
    `with lib.kernel; [ yes no module unset (option yes) (freeform "64") ]`,
    `(lib.kernel.whenHelpers "6.1").whenAtLeast "5.0" 1`,
    `[ (lib.maybeAttr "a" 0 { a = 1; }) (lib.maybeAttr "b" 0 { }) (lib.ifEnable false [ 1 ]) (lib.ifEnable false { a = 1; }) (lib.ifEnable false true) (lib.ifEnable false 3) (lib.ifEnable true 3) ]`,
    `[ (lib.uniqList { inputList = [ 1 2 1 3 2 ]; }) (lib.condConcat "x" [ true "a" false "b" true "c" ] (c: c)) (lib.nvs "a" 1) (lib.setAttr { a = 1; } "b" 2) (lib.setAttrMerge "a" 0 { a = 1; } (x: x + 1)) ]`,
    `[ (lib.mergeAttrsWithFunc (a: b: a + b) { a = 1; b = 2; } { a = 10; c = 3; }) (lib.mergeAttrsConcatenateValues { a = 1; } { a = [ 2 ]; b = 3; }) ]`,
    `map lib.nixType [ { } { outPath = 1; } (x: x) [ ] true null 1 "s" ]`,
    `[ lib.fakeHash lib.fakeSha256 lib.fakeSha512 (lib.imap (i: x: i * x) [ 5 6 ]) ]`,
    `lib.lazyGenericClosure { startSet = [ { key = 1; } ]; operator = x: if x.key < 4 then [ { key = x.key + 1; } { key = 1; } ] else [ ]; }`,
  ]),
);

test("gvariant and dconf", { skip }, () =>
  same([
    `with lib.gvariant; map toString [ (mkValue true) (mkValue 1.5) (mkValue "it's\\n") (mkValue [ "a" "b" ]) (mkInt32 3) (mkUint32 4) (mkInt64 5) (mkUchar 6) (mkTuple [ "a" (mkInt32 1) ]) (mkJust "x") (mkNothing "s") (mkVariant "v") (mkDictionaryEntry "k" (mkInt32 1)) (mkEmptyArray type.string) (mkObjectpath "/o") (mkDouble 2.0) ]`,
    `with lib.gvariant; map (v: v.type) [ (mkValue [ (mkTuple [ "a" true ]) ]) (mkJust (mkInt16 1)) (mkDictionaryEntry "k" [ "v" ]) ]`,
    `lib.gvariant.mkValue 3`,
    `lib.gvariant.mkValue { }`,
    `lib.gvariant.mkValue [ "a" true ]`,
    `lib.generators.toDconfINI { "org/gnome/x" = { enabled = true; name = "n"; size = lib.gvariant.mkInt32 3; list = [ "a" ]; }; }`,
    `lib.generators.mkDconfKeyValue "k" 1.5`,
  ]),
);

test("the deprecated closePropagation, checkFlag, uniqListExt and modifySumArgs", { skip }, () =>
  same([
    `let c = { outPath = "/c"; n = "c"; }; b = { outPath = "/b"; n = "b"; propagatedBuildInputs = [ c ]; }; a = { outPath = "/a"; n = "a"; propagatedNativeBuildInputs = [ b null ]; }; in map (x: x.n) (lib.closePropagation [ a null c ])`,
    `[ (lib.checkFlag { flags = [ "x" ]; } "x") (lib.checkFlag { y = 3; } "y") (lib.checkFlag { } "z") (lib.checkFlag { } "true") ]`,
    `lib.uniqListExt { inputList = [ { k = 1; v = "a"; } { k = 1; v = "b"; } { k = 2; v = "c"; } ]; getter = x: x.k; }`,
    `lib.modifySumArgs (a: b: a // { seen = true; }) { extra = 1; } { a = 1; } { b = 2; } null`,
  ]),
);

test("mergeAttrDefinitionsWithPrio", { skip }, () =>
  same([
    `let e = lib.evalModules { modules = [ { options.s = lib.mkOption { type = lib.types.attrsOf lib.types.int; }; } { s.a = 1; s.b = lib.mkDefault 2; } { s = lib.mkIf true { c = lib.mkForce 3; }; } ]; }; in lib.modules.mergeAttrDefinitionsWithPrio e.options.s`,
  ]),
);

test("network.ipv6", { skip }, () =>
  same([
    `map lib.network.ipv6.fromString [ "::" "::1" "2001:DB8::1/64" "fe80::" "1:2:3:4:5:6:7:8" "2001:0db8:0000:0000:0000:0000:0000:0001/128" ]`,
    `lib.network.ipv6.fromString "1::2::3"`,
    `lib.network.ipv6.fromString "::1/129"`,
    `lib.network.ipv6.fromString "::1/064"`,
    `lib.network.ipv6.fromString "g::1"`,
    `lib.network.ipv6.fromString "1:2:3:4:5:6:7:8:9"`,
    `lib.network.ipv6.fromString "::1/2/3"`,
    `map lib.mkEUI64Suffix [ "66:75:63:6B:20:75" "00-11-22-33-44-55" "001122334455" ]`,
    `lib.mkEUI64Suffix "00:11:22"`,
  ]),
);

test("sources' names", { skip }, () =>
  same([
    `map lib.sources.urlToName [ "https://github.com/o/r.git" "https://x.org/pkg-1.0.tar.gz" "git@host:o/r.git/" "r" ]`,
    `map lib.sources.shortRev [ "0123456789abcdef" "refs/tags/v1.2.3" "release-2.0" "main" ]`,
  ]),
);
