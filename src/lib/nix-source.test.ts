/**
 * The lib used from real Nix source through the evaluator: a module set
 * evaluated with lib.evalModules (options, mkIf on config, mkForce,
 * mkBefore, a renamed option, toGitINI of the settings), submodules of
 * Nix module functions, a type written with mkOptionType, `lib.extend`,
 * and the everyday helpers.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { evalExpr } from "../nix/evaluate.ts";
import { call, lib, plain, traces } from "./test-support.ts";

/** Evaluates `lib: <body>` and applies it to the lib. */
const withLib = (body: string) => plain(call(evalExpr(`lib: ${body}`), lib));

test("a module set written in Nix", () => {
  traces.length = 0;
  const config = withLib(`(lib.evalModules { modules = [
    ({ lib, config, ... }: {
      imports = [ (lib.mkRenamedOptionModule [ "userName" ] [ "settings" "user" "name" ]) ];
      options = {
        x = lib.mkOption { type = lib.types.str; default = "a"; };
        y = lib.mkOption { type = lib.types.listOf lib.types.str; };
        warnings = lib.mkOption { type = lib.types.listOf lib.types.str; default = [ ]; };
        settings = lib.mkOption { type = lib.types.attrsOf (lib.types.attrsOf lib.types.anything); default = { }; };
        ini = lib.mkOption { type = lib.types.str; readOnly = true; };
      };
      config = {
        y = lib.mkIf (config.x == "b") [ "yes" ];
        ini = lib.generators.toGitINI config.settings;
      };
    })
    { _file = "/home/alice/home.nix"; x = lib.mkForce "b"; y = lib.mkBefore [ "first" ]; userName = "Jane"; }
  ]; }).config`);
  assert.deepEqual(config, {
    ini: '[user]\n\tname = "Jane"\n',
    settings: { user: { name: "Jane" } },
    userName: "Jane",
    warnings: ["The option `userName' defined in `/home/alice/home.nix' has been renamed to `settings.user.name'."],
    x: "b",
    y: ["first", "yes"],
  });
  assert.deepEqual(traces, ["Obsolete option `userName' is used. It was renamed to `settings.user.name'."]);
});

test("submodules of Nix module functions, with name and lib", () => {
  const users = withLib(`(lib.evalModules { modules = [
    { options.users = lib.mkOption {
        type = lib.types.attrsOf (lib.types.submodule ({ name, lib, ... }: {
          options.home = lib.mkOption { type = lib.types.str; default = "/home/\${name}"; };
          options.groups = lib.mkOption { type = lib.types.listOf lib.types.str; default = [ ]; };
        }));
        default = { };
      }; }
    { users.alice.groups = [ "wheel" ]; }
    { users.bob = { lib, ... }: { groups = lib.optional true "audio"; }; }
  ]; }).config.users`);
  assert.deepEqual(users, { alice: { groups: ["wheel"], home: "/home/alice" }, bob: { groups: ["audio"], home: "/home/bob" } });
});

test("a type written in Nix with mkOptionType", () => {
  const value = withLib(`let
    sumOf = lib.types.mkOptionType {
      name = "sum";
      check = lib.isInt;
      merge = loc: defs: lib.foldl' (a: d: a + d.value) 0 defs;
    };
  in (lib.evalModules { modules = [ { options.n = lib.mkOption { type = sumOf; }; } { n = 1; } { n = 2; } ]; }).config.n`);
  assert.equal(value, 3);
});

test("lib.extend adds a family, as home-manager does with lib.hm", () => {
  const r = withLib(`let hmLib = lib.extend (final: prev: { hm.greet = n: "hi \${final.toUpper n}"; }); in
    [ (hmLib.hm.greet "x") (hmLib ? mkIf) (lib ? hm) ]`);
  assert.deepEqual(r, ["hi X", true, false]);
});

test("everyday helpers from Nix", () => {
  const r = withLib(`with lib; {
    a = concatMapStringsSep "," (x: toString (x * 2)) (range 1 3);
    b = mapAttrsToList (n: v: "\${n}=\${v}") (filterAttrs (n: v: v != "") { x = "1"; y = ""; z = "3"; });
    c = foldl' (acc: x: acc + x) 0 [ 1 2 3 ];
    d = optionalString (versionAtLeast version "26.05") "new";
    e = escapeShellArgs [ "a b" "c" ];
    f = generators.toINI { } { main = { enabled = true; level = 3; }; };
    g = recursiveUpdate { a.b = 1; a.c = 2; } { a.b = 3; };
  }`);
  assert.deepEqual(r, {
    a: "2,4,6",
    b: ["x=1", "z=3"],
    c: 6,
    d: "new",
    e: "'a b' c",
    f: "[main]\nenabled=true\nlevel=3\n",
    g: { a: { b: 3, c: 2 } },
  });
});
