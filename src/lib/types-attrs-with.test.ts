/**
 * lib.types.attrsWith's placeholder (the name an attribute goes by in
 * sub-option paths) and functionTo's merged value keeping the arguments
 * of the functions it merges (what lib.functionArgs reads).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { withLib } from "./test-support.ts";

const subOptionLoc = (placeholder: string) => `
  let
    t = lib.types.attrsWith { ${placeholder} elemType = lib.types.submodule { options.port = lib.mkOption { type = lib.types.int; }; }; };
    opt = (lib.evalModules { modules = [ { options.hosts = lib.mkOption { type = t; }; } ]; }).options.hosts;
  in (opt.type.getSubOptions opt.loc).port.loc`;

test("attrsWith names the attribute by its placeholder in sub-option paths, <name> by default", () => {
  assert.deepEqual(withLib(subOptionLoc(`placeholder = "host";`)), ["hosts", "<host>", "port"]);
  assert.deepEqual(withLib(subOptionLoc("")), ["hosts", "<name>", "port"]);
});

test("two declarations of attrsWith keep the placeholder that is not the default", () => {
  const merged = `
    let
      decl = p: { options.m = lib.mkOption { type = lib.types.attrsWith ({ elemType = lib.types.submodule { options.x = lib.mkOption { }; }; } // p); }; };
      opt = (lib.evalModules { modules = [ (decl { }) (decl { placeholder = "user"; }) ]; }).options.m;
    in (opt.type.getSubOptions opt.loc).x.loc`;
  assert.deepEqual(withLib(merged), ["m", "<user>", "x"]);
});

test("a functionTo value's arguments are those of its definitions, defaulted where every definition defaults them", () => {
  const args = `lib.functionArgs ((lib.types.functionTo lib.types.str).merge [ "f" ] [
    { file = "a.nix"; value = { host, port ? 22, ... }: "a"; }
    { file = "b.nix"; value = { port, user ? "root", ... }: "b"; }
  ])`;
  assert.deepEqual(withLib(args), { host: false, port: false, user: true });
});

test("functionTo does not look at its element type until the merged function is called", () => {
  assert.deepEqual(withLib(`lib.functionArgs ((lib.types.functionTo (throw "unused")).merge [ ] [ { value = { a }: a; } ])`), { a: false });
  assert.equal(withLib(`(lib.types.functionTo lib.types.str).merge [ "f" ] [ { file = "a.nix"; value = x: "hi " + x; } ] "there"`), "hi there");
});
