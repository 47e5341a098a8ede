/**
 * The nixpkgs `lib` as a Nix value, for Nix code: modules written as
 * `{ config, lib, pkgs, ... }: { … }`, and flakes reading `nixpkgs.lib`.
 *
 *   const lib = nixLib(builtinContext);   // any part of the builtins' context
 *   // bind it where Nix code expects `nixpkgs.lib`, e.g. in a flake's inputs
 *
 * The set has nixpkgs' families (`lib.strings`, `lib.lists`,
 * `lib.attrsets`, `lib.trivial`, `lib.options`, `lib.modules`,
 * `lib.types`, `lib.generators`, `lib.versions`, `lib.asserts`,
 * `lib.debug`, `lib.fixedPoints`, `lib.meta`) and, as in nixpkgs, most
 * functions again at the top level (`lib.mkIf`, `lib.concatStringsSep`,
 * …). It is extensible: `lib.extend (final: prev: { … })` gives a new lib,
 * and modules evaluated through the extended lib's evalModules receive it.
 * Building the first lib also makes it the `lib` Nix modules receive in
 * evaluations that give none (src/module-system/nix-module-lib.ts).
 */
import { force, NixAttrs, Thunk, type Lazy, type Value } from "../nix/value.ts";
import { call, fn } from "./fn.ts";
import { makeExtensible } from "./fixed-points.ts";
import { resolveContext, type LibContext, type LibEnv } from "./lib-context.ts";
import { trivialLib } from "./trivial.ts";
import { listsLib } from "./lists.ts";
import { listsMoreLib } from "./lists-more.ts";
import { attrsetsLib } from "./attrsets.ts";
import { attrsetsMoreLib } from "./attrsets-more.ts";
import { stringsLib } from "./strings.ts";
import { stringsEscapeLib } from "./strings-escape.ts";
import { stringsAffixLib } from "./strings-affix.ts";
import { stringsMoreLib } from "./strings-more.ts";
import { versionsLib } from "./versions.ts";
import { fixedPointsLib } from "./fixed-points.ts";
import { assertsLib } from "./asserts.ts";
import { metaLib } from "./meta.ts";
import { generatorsLib } from "./generators.ts";
import { optionsLib } from "./options.ts";
import { optionDocListLib } from "./option-doc-list.ts";
import { modulesLib } from "./modules.ts";
import { modulesRenameLib } from "./modules-rename.ts";
import { evalModulesFn } from "./eval-modules.ts";
import { typesLib } from "./types.ts";
import { pathLib } from "./path.ts";
import { filesystemLib } from "./filesystem.ts";
import { filesetLib } from "./fileset/index.ts";
import { customisationLib } from "./customisation.ts";
import { derivationsLib } from "./derivations.ts";
import { systemsLib } from "./systems/index.ts";
import { maintainersSet, teamsSet } from "./people.ts";
import { licensesSet } from "./licenses.ts";
import { stringsExtraLib } from "./strings-extra.ts";
import { attrsetsExtraLib, listsExtraLib } from "./lists-attrsets-extra.ts";
import { metaExtraLib, trivialExtraLib } from "./trivial-meta-extra.ts";
import { debugExtraLib } from "./debug-extra.ts";
import { generatorsExtraLib } from "./generators-extra.ts";
import { cliLib } from "./cli.ts";
import { sourcesLib } from "./sources.ts";
import { sourceByGlobsFn } from "./source-globs.ts";
import { convergeFn, modulesExtraLib, optionsExtraLib } from "./modules-options-extra.ts";
import { fetchersLib, kernelLib, miscLib, sourceTypesSet, stringsWithDepsLib } from "./small-families.ts";
import { dconfGenerators, gvariantLib } from "./gvariant.ts";
import { miscMoreLib } from "./misc-more.ts";
import { networkLib } from "./network.ts";
import { registerNixModuleLib } from "../module-system/nix-module-lib.ts";
import { createBuiltins } from "../nix/builtins/index.ts";

export type { LibContext } from "./lib-context.ts";

const DEBUG = ["trace", "traceIf", "traceVal", "traceValFn", "traceSeq", "traceValSeq"];

/**
 * What nixpkgs' lib takes from builtins as they are (`inherit (builtins) …`,
 * `x = builtins.x`), by family: these are the builtins themselves, with
 * their checks and error messages, not copies.
 */
const FROM_BUILTINS: Record<string, readonly string[]> = {
  lists: ["head", "tail", "length", "isList", "elemAt", "concatLists", "filter", "elem", "genList", "map", "foldl'", "sort", "all", "any", "partition", "concatMap"],
  attrsets: ["attrNames", "attrValues", "listToAttrs", "hasAttr", "isAttrs", "getAttr", "removeAttrs", "intersectAttrs", "mapAttrs", "catAttrs", "zipAttrsWith"],
  strings: [
    "compareVersions", "match", "parseDrvName", "replaceStrings", "split", "stringLength", "substring", "concatStringsSep", "hasContext",
    "unsafeDiscardStringContext", "elem", "elemAt", "filter", "genList", "head", "isAttrs", "isInt", "isList", "isPath", "readFile", "tail", "typeOf",
    "appendContext",
  ],
  trivial: [
    "seq", "deepSeq", "bitAnd", "bitOr", "bitXor", "isBool", "isInt", "isFloat", "isString", "typeOf", "add", "sub", "mul", "div", "ceil", "floor",
    "lessThan", "genericClosure", "pathExists", "readFile",
  ],
  debug: ["addErrorContext", "unsafeGetAttrPos"],
};

/** Builtins nixpkgs' lib has at its top level (`inherit (builtins) …`). */
const TOP_FROM_BUILTINS = ["getContext", "hasContext", "convertHash", "hashString", "parseDrvName", "placeholder", "fromJSON", "fromTOML", "toFile", "toJSON", "toString", "toXML", "tryEval"];

/** Names a family keeps to itself (nixpkgs does not lift them to the top level). */
const NOT_LIFTED: Record<string, readonly string[]> = {
  strings: ["replicate", "charToInt", "commonPrefixLength", "commonSuffixLength", "levenshteinAtMost", "sanitizeDerivationName", "storeDir"],
  lists: ["hasPrefix", "removePrefix", "commonPrefix"],
  attrsets: ["longestValidPathPrefix"],
  meta: ["availableOn", "platformMatch", "cpeFullVersionWithVendor", "defaultPriority"],
  debug: ["throwTestFailures"],
  trivial: ["codeName", "revisionWithDefault"],
  modules: ["importApply", "importJSON", "importTOML", "mapDefinitionValue"],
};

/** Families whose listed names only are lifted to the top level, as nixpkgs' lib/default.nix lifts them. */
const LIFTED: Record<string, readonly string[]> = {
  filesystem: ["pathType", "pathIsDirectory", "pathIsRegularFile", "baseNameOf", "dirOf", "isPath", "packagesFromDirectoryRecursive", "hashFile", "readDir", "readFileType"],
  customisation: [
    "overrideDerivation", "makeOverridable", "callPackageWith", "callPackagesWith", "extendDerivation", "hydraJob", "makeScope", "makeScopeWithSplicing",
    "makeScopeWithSplicing'", "extendMkDerivation", "renameCrossIndexFrom", "renameCrossIndexTo", "mapCrossIndex",
  ],
  derivations: ["lazyDerivation", "optionalDrvAttr", "warnOnInstantiate", "addDrvOutputDependencies", "unsafeDiscardOutputDependency"],
  sources: [
    "cleanSourceFilter", "cleanSource", "sourceByRegex", "sourceFilesBySuffices", "commitIdFromGitRepo", "cleanSourceWith", "pathHasContext",
    "canCleanSource", "pathIsGitRepo", "revOrTag", "repoRevToName", "filterSource",
  ],
  generators: ["mkLuaInline"],
  stringsWithDeps: ["textClosureList", "textClosureMap", "noDepEntry", "fullDepEntry", "packEntry", "stringAfter"],
  misc: [
    "maybeEnv", "defaultMergeArg", "defaultMerge", "maybeAttrNullable", "maybeAttr", "ifEnable", "uniqList", "condConcat", "lazyGenericClosure",
    "nvs", "setAttr", "setAttrMerge", "mergeAttrsWithFunc", "mergeAttrsConcatenateValues", "fakeHash", "fakeSha256", "fakeSha512", "nixType", "imap",
    "closePropagation", "checkFlag", "uniqListExt", "modifySumArgs", "foldArgs", "getValue", "checkReqs", "innerModifySumArgs", "innerClosePropagation",
    "mergeAttrsNoOverride", "mergeAttrByFunc", "mergeAttrsByFuncDefaults", "mergeAttrsByFuncDefaultsClean", "mergeAttrBy",
  ],
};

/** nixpkgs warns when its top-level `lib.evalOptionValue` is used (`lib.modules.evalOptionValue` is quiet). */
const EVAL_OPTION_VALUE_WARNING =
  "External use of `lib.evalOptionValue` is deprecated. If your use case isn't covered by non-deprecated functions, we'd like to know more and perhaps support your use case well, instead of providing access to these low level functions. In this case please open an issue in https://github.com/nixos/nixpkgs/issues/.";

function build(env: LibEnv): NixAttrs {
  const builtins = env.builtins;
  const assertsAll = assertsLib(env);
  const pick = (set: Record<string, Lazy>, names: readonly string[], keep: boolean) =>
    Object.fromEntries(Object.entries(set).filter(([k]) => names.includes(k) === keep));
  const types = typesLib(env);
  const families: Record<string, Record<string, Lazy>> = {
    trivial: { ...trivialLib(env), ...trivialExtraLib(env) },
    strings: { ...stringsLib(env), ...stringsAffixLib(env), ...stringsEscapeLib(), ...stringsMoreLib(env), ...stringsExtraLib(env) },
    lists: { ...listsLib(env.ctx.warn), ...listsMoreLib(), ...listsExtraLib() },
    attrsets: { ...attrsetsLib(), ...attrsetsMoreLib(), ...attrsetsExtraLib(env) },
    fixedPoints: { ...fixedPointsLib(), converge: convergeFn() },
    asserts: pick(assertsAll, DEBUG, false),
    debug: { ...pick(assertsAll, DEBUG, true), ...debugExtraLib(env) },
    meta: { ...metaLib(env), ...metaExtraLib(env) },
    options: { ...optionsLib(), ...optionsExtraLib(env), ...optionDocListLib(env) },
    modules: { ...modulesLib(), ...modulesRenameLib(env), ...modulesExtraLib(env), evalModules: evalModulesFn(env) },
  };
  for (const [name, names] of Object.entries(FROM_BUILTINS)) {
    const family = families[name] as Record<string, Lazy>;
    for (const n of names) {
      const b = builtins.get(n);
      if (b === undefined) throw new Error(`lib.${name}.${n}: builtins has no ${n}`);
      family[n] = b;
    }
  }
  const top: Record<string, Lazy> = {};
  for (const [name, family] of Object.entries(families)) {
    for (const [k, v] of Object.entries(family)) if (!NOT_LIFTED[name]?.includes(k)) top[k] = v;
  }
  const evalOptionValue = top.evalOptionValue;
  if (evalOptionValue !== undefined) top.evalOptionValue = new Thunk(() => (env.ctx.warn(EVAL_OPTION_VALUE_WARNING), force(evalOptionValue)));
  const gvariant = gvariantLib(env);
  const scoped: Record<string, Record<string, Lazy>> = {
    filesystem: filesystemLib(env),
    customisation: customisationLib(env),
    derivations: derivationsLib(env),
    sources: { ...sourcesLib(env), sourceByGlobs: sourceByGlobsFn(env) },
    generators: { ...generatorsLib(env), ...generatorsExtraLib(env), ...dconfGenerators(env, gvariant) },
    stringsWithDeps: stringsWithDepsLib(),
    misc: { ...miscLib(env), ...miscMoreLib(env) },
  };
  for (const [name, family] of Object.entries(scoped)) for (const k of LIFTED[name] ?? []) top[k] = family[k] as Lazy;
  for (const k of TOP_FROM_BUILTINS) top[k] = builtins.get(k) as Value;
  // nixpkgs' lib.flakes is builtins' parseFlakeRef and flakeRefToString, read when used (an evaluator without them fails there).
  const getAttr = builtins.get("getAttr") as Value;
  const flakes = Object.fromEntries(["parseFlakeRef", "flakeRefToString"].map((k) => [k, new Thunk(() => force(call(getAttr, k, builtins)))]));
  for (const [k, v] of Object.entries(flakes)) top[k] = v;
  const systems = systemsLib(env);
  const versions = { ...versionsLib(), splitVersion: builtins.get("splitVersion") as Value, compareVersions: builtins.get("compareVersions") as Value };
  const sets = { ...families, ...scoped, types, versions, path: pathLib(env), fileset: filesetLib(env), systems, cli: cliLib(env), flakes, fetchers: fetchersLib(), kernel: kernelLib(env), gvariant, network: networkLib(env) };
  const map = new Map<string, Lazy>([...Object.entries(top), ...Object.entries(sets).map(([k, v]): [string, Lazy] => [k, NixAttrs.from(v)])]);
  for (const k of ["compareVersions", "splitVersion"]) map.set(k, (versions as Record<string, Value>)[k] as Value);
  map.set("platforms", systems.doubles as Value);
  map.set("licenses", licensesSet(env));
  map.set("maintainers", maintainersSet());
  map.set("teams", teamsSet());
  map.set("sourceTypes", sourceTypesSet());
  map.set("mkEUI64Suffix", new Thunk(() => force((force(sets.network.ipv6 as Lazy) as NixAttrs).lazy("mkEUI64Suffix") as Lazy)));
  for (const k of ["isType", "setType", "isOptionType", "mkOptionType", "defaultTypeMerge", "defaultFunctor"]) if (types[k] !== undefined) map.set(k, types[k] as Value);
  return new NixAttrs(map);
}

/** The nixpkgs lib as a Nix value. */
export function nixLib(ctx: LibContext = {}): NixAttrs {
  const resolved = resolveContext(ctx);
  const builtins = createBuiltins(resolved);
  const lib = makeExtensible(
    "extend",
    fn("lib", (self) => build({ ctx: resolved, self: () => force(self), builtins })),
  ) as NixAttrs;
  registerNixModuleLib(() => lib);
  return lib;
}
