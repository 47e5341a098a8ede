/** Tests for the assembled `builtins` set and the global scope made from it. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { NixFunction, type NixAttrs } from "../value.ts";
import { globalScope } from "./index.ts";
import { call, makeWorld } from "./test-helpers.ts";

/** Every builtin of Nix 2.8 (`builtins.attrNames builtins`), which newer Nix keeps. */
const NIX_2_8 = `abort add addErrorContext all any appendContext attrNames attrValues baseNameOf bitAnd bitOr bitXor builtins
  catAttrs ceil compareVersions concatLists concatMap concatStringsSep currentSystem currentTime deepSeq derivation
  derivationStrict dirOf div elem elemAt false fetchGit fetchMercurial fetchTarball fetchTree fetchurl filter filterSource
  findFile floor foldl' fromJSON fromTOML functionArgs genList genericClosure getAttr getContext getEnv groupBy hasAttr
  hasContext hashFile hashString head import intersectAttrs isAttrs isBool isFloat isFunction isInt isList isNull isPath
  isString langVersion length lessThan listToAttrs map mapAttrs match mul nixPath nixVersion null parseDrvName partition
  path pathExists placeholder readDir readFile removeAttrs replaceStrings scopedImport seq sort split splitVersion storeDir
  storePath stringLength sub substring tail throw toFile toJSON toPath toString toXML trace true tryEval typeOf
  unsafeDiscardOutputDependency unsafeDiscardStringContext unsafeGetAttrPos zipAttrsWith`.split(/\s+/);
const NEWER = ["warn", "traceVerbose", "break", "readFileType", "convertHash", "addDrvOutputDependencies", "getFlake", "fetchClosure"];

test("every builtin of Nix 2.8 and the newer ones a configuration may use", () => {
  const { builtins } = makeWorld();
  const missing = [...NIX_2_8, ...NEWER].filter((n) => !builtins.has(n));
  assert.deepEqual(missing, []);
});

test("each builtin is named builtins.<name>, also when partially applied", () => {
  const { builtins } = makeWorld();
  for (const name of builtins.keys()) {
    const v = builtins.get(name);
    if (v instanceof NixFunction) assert.equal(v.name, `builtins.${name}`);
  }
  assert.equal((call(builtins.get("map") as NixFunction, builtins.get("head") as NixFunction) as NixFunction).name, "builtins.map");
});

test("constants; builtins.builtins is the set itself", () => {
  const { builtins } = makeWorld();
  assert.equal(builtins.get("builtins"), builtins);
  assert.equal(builtins.get("storeDir"), "/nix/store");
  assert.equal(builtins.get("langVersion"), 6n);
  assert.match(builtins.get("nixVersion") as string, /^2\.\d+\.\d+$/);
  assert.deepEqual(builtins.get("nixPath"), []);
  assert.equal(builtins.get("currentSystem"), "x86_64-linux");
  assert.equal(builtins.get("currentTime"), 1_700_000_000n);
});

test("pure evaluation has no currentSystem or currentTime, and an empty environment", () => {
  const impure = makeWorld({ env: { HOME: "/home/a" } });
  assert.equal(call(impure.b("getEnv"), "HOME"), "/home/a");
  assert.equal(call(impure.b("getEnv"), "NOPE"), "");
  const pure = makeWorld({ pure: true, env: { HOME: "/home/a" } });
  assert.equal(pure.builtins.has("currentSystem"), false);
  assert.equal(pure.builtins.has("currentTime"), false);
  assert.equal(call(pure.b("getEnv"), "HOME"), "");
});

test("the global scope: unprefixed names as Nix has them, __name for the rest", () => {
  const { builtins } = makeWorld();
  const scope = globalScope(builtins);
  for (const name of ["map", "toString", "throw", "abort", "import", "derivation", "isNull", "removeAttrs", "baseNameOf", "dirOf", "fetchTarball", "placeholder", "scopedImport", "true", "false", "null", "builtins"]) {
    assert.equal(scope.get(name), builtins.lazy(name), name);
  }
  assert.equal(scope.get("__add"), builtins.lazy("add"));
  assert.equal(scope.get("__nixVersion"), builtins.lazy("nixVersion"));
  for (const absent of ["__map", "__toString", "__true", "__builtins", "add", "head"]) assert.equal(scope.has(absent), false, absent);
  assert.equal((scope.get("builtins") as NixAttrs).size, builtins.size);
});
