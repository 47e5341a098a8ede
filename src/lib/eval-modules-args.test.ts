/**
 * The module arguments every evaluation gives its modules, as nixpkgs'
 * evalModules does: `extendModules` and `moduleType` at the top level and
 * inside each submodule instance, where they extend (or type) the
 * instance with its own definitions.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { messageOf, withLib } from "./test-support.ts";

test("a submodule instance's moduleType is a submodule of its modules and its definitions", () => {
  const out = withLib(`(lib.evalModules { modules = [
    ({ moduleType, ... }: { options.nested = lib.mkOption { type = lib.types.lazyAttrsOf moduleType; default = { }; }; })
    { options.tags = lib.mkOption { type = lib.types.attrsOf lib.types.int; }; }
    { tags.root = 1; nested.left.tags.left = 2; nested.left.nested.inner.tags.inner = 3; }
  ]; }).config.nested.left.nested.inner.tags`);
  assert.deepEqual(out, { inner: 3, left: 2, root: 1 });
});

test("a submodule instance's extendModules extends the instance, its definitions included", () => {
  const out = withLib(`(lib.evalModules { modules = [ {
    options.box = lib.mkOption {
      default = { };
      type = lib.types.submodule ({ extendModules, ... }: {
        options.size = lib.mkOption { type = lib.types.int; };
        options.doubled = lib.mkOption {
          default = (extendModules { modules = [ { size = lib.mkForce 0; } ]; }).config.size;
        };
      });
    };
    config.box.size = 5;
  } ]; }).config.box`);
  assert.deepEqual(out, { doubled: 0, size: 5 });
});

test("extendModules keeps the instance's prefix unless given another, and merges special arguments", () => {
  const instance = `(lib.evalModules { modules = [ {
    options.box = lib.mkOption { type = lib.types.submodule { options.n = lib.mkOption { type = lib.types.int; }; }; };
    config.box.n = "no";
  } ]; }).options.box.valueMeta.configuration`;
  const fixed = `(${instance}.extendModules { specialArgs.extra = 1; modules = [ ({ extra, ... }: { n = lib.mkForce extra; }) ]; })`;
  assert.equal(withLib(`${fixed}.config.n`), 1);
  assert.match(messageOf(`(${instance}.extendModules { }).config.n`), /option `box\.n' is not of type/);
  assert.match(messageOf(`(${instance}.extendModules { prefix = [ "elsewhere" ]; }).config.n`), /option `elsewhere\.n' is not of type/);
});
