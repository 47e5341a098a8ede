/**
 * The module system's errors are throws in nixpkgs, so `builtins.tryEval`
 * catches them: a definition of the wrong type, an option used but not
 * defined, conflicting definitions, unknown options. (The expected values
 * are nixpkgs' own lib's for the same expression.) A type error of the
 * language itself stays fatal, as in Nix.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { messageOf, withLib } from "./test-support.ts";

test("tryEval catches the module system's errors, as it catches nixpkgs' throws", () => {
  const out = withLib(`let
    ev = ms: lib.evalModules { modules = ms; };
    decl = { options.x = lib.mkOption { type = lib.types.int; }; };
  in [
    (builtins.tryEval (ev [ decl { x = "a"; } ]).config.x)
    (builtins.tryEval (ev [ decl ]).config.x)
    (builtins.tryEval (ev [ decl { x = 1; } { x = 2; } ]).config.x)
    (builtins.tryEval (builtins.attrNames (ev [ decl { y = 1; } ]).config))
    (builtins.tryEval (builtins.attrNames (ev [ decl { y = 1; z = 2; } ]).config))
    (builtins.tryEval (ev [ decl { x = 3; } ]).config.x)
  ]`);
  const failed = { success: false, value: false };
  assert.deepEqual(out, [failed, failed, failed, failed, failed, { success: true, value: 3 }]);
});

test("tryEval still lets a language error through", () => {
  assert.match(messageOf(`builtins.tryEval (1 + "a")`), /cannot add a string to an integer/);
});
