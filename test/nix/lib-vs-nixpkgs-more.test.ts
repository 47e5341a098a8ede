/**
 * Our lib's licenses, escapes, attribute paths, store paths, overlays,
 * property lists, package scopes read from a directory, documentation
 * lists of options and source globs answer as
 * nixpkgs' lib does (expressions evaluated with both; lib-vs-nixpkgs.ts).
 * Skips visibly without the nixpkgs.lib copy.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { compare, skip, warnings } from "./lib-vs-nixpkgs.ts";

const same = (exprs: readonly string[]) => {
  for (const e of exprs) {
    const { real, ours } = compare(e);
    assert.deepEqual(ours, real, e);
  }
};

const expression = "with lib.licenses; AND [ mit (OR [ free unfree ]) (WITH asl20 llvm-exception) (PLUS eupl11) ]";

test("lib.licenses: the records, the operators and the functions over license expressions", { skip }, () =>
  same([
    `lib.licenses`,
    `builtins.attrNames lib.licenses`,
    `lib.licensesSpdx`,
    `map (id: (lib.getLicenseFromSpdxIdOr id null).shortName or null) [ "MIT" "mit" "APSL-1.0" "apsl-2.0" "GPL-2.0" "unknown" ]`,
    `let e = ${expression}; in with lib.licenses; [ (isFree e) (isRedistributable e) (containsLicenses [ mit ] e) (containsLicenses [ bsd3 ] e) (toSPDX e) (evaluateProperty (x: x.deprecated) true e) (evaluateNamedProperty "deprecated" false e) ]`,
    `with lib.licenses; [ (isFree (OR [ unfree ])) (isRedistributable (AND [ mit unfreeRedistributable ])) (toSPDX (PLUS (OR [ mit bsd2 ]))) (toSPDX { licenseType = "simple"; shortName = "own"; }) ]`,
    `lib.licenses.isFree { licenseType = "compound"; operator = "XOR"; licenses = [ ]; }`,
    `lib.licenses.isFree { licenseType = "legacy"; }`,
    `lib.licenses.toSPDX { licenseType = "legacy"; }`,
    `lib.licenses.isFree { licenseType = "exception"; license = lib.licenses.mit; exception = { licenseType = "simple"; free = 1; }; }`,
    `lib.licenses.isFree lib.licenses.nonexistent`,
  ]),
);

test("escapes, attribute paths and store paths", { skip }, () =>
  same([
    `lib.strings.escapeC [ "\\n" " " "\\t" "~" ] "a b\\tc\\n~"`,
    `lib.strings.escapeC [ "é" ] "no match"`,
    `lib.strings.escapeC [ "é" ] "é"`,
    `map lib.strings.charToInt [ "\\t" "\\n" "\\r" " " "~" "A" ]`,
    `lib.strings.charToInt "\\u007f"`,
    `[ (lib.hasAttrByPath [ ] (throw "unused")) (lib.hasAttrByPath [ "a" "b" ] { a = 1; }) (lib.hasAttrByPath [ "a" "b" ] { a.b = throw "unused"; }) ]`,
    `lib.attrsets.longestValidPathPrefix [ ] (throw "unused")`,
    `lib.attrsets.longestValidPathPrefix [ "a" "b" ] { a = throw "forced"; }`,
    `map lib.isStorePath [ "/1121rp0gvr1qya7hvy925g5kjwg66acz6sn1ra1hca09f1z5dsab" "/1121rp0gvr1qya7hvy925g5kjwg66acz6sn1ra1hca09f1z5dsab/bin" "/1121rp0gvr1qya7hvy925g5kjwg66acz6sn1ra1hca09f1z5dsaB" (/. + "/1121rp0gvr1qya7hvy925g5kjwg66acz6sn1ra1hca09f1z5dsab") ]`,
    `builtins.tryEval (lib.strings.toSentenceCase ./.)`,
    `lib.strings.toSentenceCase 1`,
  ]),
);

test("lib.flakes is builtins' parseFlakeRef and flakeRefToString, also at the top level", { skip }, () =>
  same([
    `builtins.attrNames lib.flakes`,
    `[ (lib ? parseFlakeRef) (lib ? flakeRefToString) ]`,
    `lib.flakes.parseFlakeRef "github:owner/repo/main"`,
    `lib.flakeRefToString { type = "github"; owner = "owner"; repo = "repo"; }`,
  ]),
);

test("prefixes and suffixes coerce as substring does; escapeURL escapes ASCII only; sublist, take and drop as genList", { skip }, () =>
  same([
    `map (lib.hasPrefix "a") [ "ab" "b" "" ]`,
    `[ (lib.hasPrefix "a" 1) ]`,
    `lib.removePrefix "a" 1`,
    `[ (lib.removePrefix "/nix" "/nix/store/x") (lib.removeSuffix "x" "ax") (lib.removeSuffix "y" "ax") (lib.hasSuffix "" "") ]`,
    `lib.hasPrefix "/" /no/such/path`,
    `lib.strings.escapeURL "a b/é?\t\n\r~-_.x\u007f%"`,
    `[ (lib.sublist (-2) 3 [ 1 2 ]) (lib.drop (-1) [ 1 2 ]) (lib.drop 5 [ 1 ]) (lib.lists.takeEnd 5 [ 1 2 ]) ]`,
    `lib.sublist 0 (-1) [ 1 2 ]`,
    `lib.take (-1) [ 1 ]`,
  ]),
);

test("a path given to hasPrefix and the others is copied, warned about and never matches", { skip }, () => {
  const root = mkdtempSync(join(tmpdir(), "lib-affix-"));
  try {
    writeFileSync(join(root, "f"), "x");
    const file = join(root, "f");
    for (const e of [`lib.hasPrefix ${file} "x"`, `lib.hasSuffix ${file} "x"`, `lib.removePrefix ${file} "x"`, `lib.removeSuffix ${file} "x"`]) {
      const w = warnings(e);
      assert.equal(w.real.length, 1, e);
      assert.deepEqual(w.ours, w.real, e);
    }
    same([`[ (lib.hasPrefix "/" ${file}) (lib.removePrefix "x" ${file}) (lib.hasSuffix "f" ${file}) (lib.hasPrefix ${file} "${file}") ]`]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("toINIWithGlobalSection needs globalSection; lazyDerivation's missing attributes are missing", { skip }, () =>
  same([
    `lib.generators.toINIWithGlobalSection { } { sections = { }; }`,
    `[ (lib.generators.toINIWithGlobalSection { } { globalSection = { }; }) (lib.generators.toINIWithGlobalSection { } { globalSection = { a = 1; }; sections.s.b = 2; }) ]`,
    `lib.derivations.lazyDerivation { derivation = { type = "derivation"; outPath = "/o"; drvPath = "/d"; name = "n"; outputs = [ "out" ]; out = { outPath = "/o"; }; }; }`,
  ]),
);

test("mapAttrs' and genAttrs' refuse an entry without value at once; range compares before it counts; functionArgs keeps positions", { skip }, () =>
  same([
    `lib.mapAttrs' (n: v: { name = n; }) { a = 1; }`,
    `builtins.attrNames (lib.genAttrs' [ 1 ] (x: { name = "a"; }))`,
    `lib.mapAttrs' (n: v: { name = "x"; value = v; }) { a = 1; b = 2; }`,
    `lib.range "a" 2`,
    `lib.range 1 "b"`,
    `[ (lib.range 3 1) (lib.range 1 3) ]`,
    `builtins.unsafeGetAttrPos "b" (lib.functionArgs ({ a, b ? 1 }: a))`,
  ]),
);

test("toExtension and toPlist", { skip }, () =>
  same([
    `map (e: lib.fix (lib.extends (lib.toExtension e) (final: { a = 0; c = final.a; }))) [ { a = 1; } (prev: { b = prev.a; }) (final: prev: { b = prev.a; d = final.a + 1; }) ]`,
    `lib.generators.toPlist { escape = true; } { a = { }; b = [ ]; c = [ null 1 ]; d = { e = null; }; }`,
    `lib.generators.toPlist { escape = true; } { f = x: x; }`,
    `lib.generators.toPlist { escape = true; } [ (x: x) ]`,
  ]),
);

test("packagesFromDirectoryRecursive with nested scopes, and makeScope's recursion", { skip }, () => {
  const root = mkdtempSync(join(tmpdir(), "lib-scopes-"));
  const files: Record<string, string> = {
    "top.nix": "{ }: \"top\"",
    "uses-top.nix": "{ top, sibling }: top + \"+\" + sibling",
    "sibling.nix": "{ uses-top ? null }: \"sibling\"",
    "whole/package.nix": "{ }: \"whole\"",
    "whole/ignored.nix": "throw \"not read\"",
    "inner/deeper/leaf.nix": "{ top, mid }: top + mid",
    "inner/mid.nix": "{ }: \"mid\"",
    "inner/notes.txt": "",
  };
  try {
    for (const [f, body] of Object.entries(files)) {
      mkdirSync(dirname(join(root, f)), { recursive: true });
      writeFileSync(join(root, f), body);
    }
    const scope = `let empty = lib.makeScope lib.callPackageWith (_: { }); in lib.packagesFromDirectoryRecursive { inherit (empty) callPackage newScope; directory = ${root}; }`;
    same([
      `lib.filterAttrsRecursive (n: v: !builtins.elem n [ "callPackage" "newScope" "overrideScope" "packages" ]) (${scope})`,
      `builtins.attrNames (${scope}).inner`,
      `(lib.packagesFromDirectoryRecursive { callPackage = lib.callPackageWith { top = "T"; mid = "M"; sibling = "S"; }; directory = ${root}; }).inner.deeper`,
      `lib.makeScope lib.callPackageWith (self: self)`,
    ]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

const docs = (modules: string) =>
  `builtins.filter (o: !builtins.elem "_module" o.loc) (lib.optionAttrSetToDocList (lib.evalModules { modules = [ ${modules} ]; }).options)`;

test("optionAttrSetToDocList: documentation records of options and their sub-options", { skip }, () =>
  same([
    docs(`{ options.a = lib.mkOption { type = lib.types.int; default = 1; example = 2; description = "A."; }; options.b.c = lib.mkOption { type = lib.types.str; defaultText = lib.literalExpression "x"; readOnly = true; }; }`),
    docs(`{ options.e = lib.mkOption { type = lib.mkOptionType { name = "e"; emptyValue.value = [ 3 ]; }; }; options.n = lib.mkOption { relatedPackages = null; internal = true; }; }`),
    docs(`{ options.s = lib.mkOption { type = lib.types.submodule { options.x = lib.mkOption { default = { y = 1; }; }; config.wrong = throw "unread"; }; }; }`),
    docs(`{ options.l = lib.mkOption { type = lib.types.listOf (lib.types.submodule { options.x = lib.mkOption { }; }); default = [ ]; }; }`),
    docs(`{ options.shallow = lib.mkOption { type = lib.types.submodule { options.x = lib.mkOption { }; }; visible = "shallow"; }; options.transparent = lib.mkOption { type = lib.types.attrsOf (lib.types.submodule { options.x = lib.mkOption { }; }); visible = "transparent"; }; options.hidden = lib.mkOption { type = lib.types.submodule { options.x = lib.mkOption { }; }; visible = false; }; }`),
    `lib.options.optionAttrSetToDocList' [ "ignored" ] { a = lib.mkOption { type = lib.types.bool; }; b = { c = 1; }; }`,
    `map (o: o.default) (lib.optionAttrSetToDocList { a = lib.mkOption { default = throw "broken"; }; })`,
    `map (o: o.example) (lib.optionAttrSetToDocList { a = lib.mkOption { example = throw "broken"; }; })`,
  ]),
);

test("sourceByGlobs keeps what a glob matches, and the directories on the way", { skip }, () => {
  const root = mkdtempSync(join(tmpdir(), "lib-globs-"));
  try {
    const entries = [
      ["a.py", "regular"], ["b.txt", "regular"], ["src", "directory"], ["src/x.py", "regular"], ["src/sub", "directory"], ["src/sub/y.py", "regular"],
      ["src/sub/z.c", "regular"], ["docs", "directory"], ["src/we*ird.py", "regular"], ["src/link", "symlink"],
    ];
    const list = `[ ${entries.map(([p, t]) => `[ "${root}/${p}" "${t}" ]`).join(" ")} [ "/elsewhere/a.py" "regular" ] ]`;
    same([
      `let f = pats: (lib.sources.sourceByGlobs ${root} pats).filter; in map (pats: map (e: f pats (builtins.elemAt e 0) (builtins.elemAt e 1)) ${list}) [ [ "*.py" ] [ "src/**" ] [ "**/*.py" ] [ "src/**/y.py" ] [ "src/*/z.c" "b.txt" ] [ "src/we*ird.py" ] [ "**" ] [ "s*c" ] [ "src/l(i)nk/x" ] [ ] ]`,
      `builtins.removeAttrs (lib.sources.sourceByGlobs ${root} [ "*.py" ]) [ "filter" "outPath" ]`,
    ]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
