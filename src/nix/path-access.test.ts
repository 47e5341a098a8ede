/** PathAccess: pure evaluation's file access rule, on an in-memory tree with one symlink out of the flake. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { evalExpr } from "./evaluate.ts";
import { memoryIO } from "./io.ts";
import { PathAccess, RestrictedPathError } from "./path-access.ts";

const files = { "/flake/flake.nix": "{ }", "/flake/a.txt": "a", "/etc/shadow": "secret", "/nix/store/x-y/f": "store", "/flake-other/b": "b" };
const links: Record<string, string> = { "/flake/link": "/etc/shadow" };
const realPath = (p: string) => links[p] ?? p;

function run(expr: string, pure = true) {
  const access = new PathAccess({ pure, realPath });
  access.allow("/flake");
  return evalExpr(expr, { io: memoryIO(files), access, baseDir: "/flake", file: "/flake/flake.nix" });
}

test("pure evaluation reads the allowed trees and the store, and nothing else", () => {
  assert.equal(run("builtins.readFile ./a.txt"), "a");
  assert.equal(run("builtins.readFile /nix/store/x-y/f"), "store");
  for (const expr of ["builtins.readFile /etc/shadow", "builtins.readFile (./. + \"/../etc/shadow\")", "builtins.readFile \"/flake/../etc/shadow\"", "import /etc/shadow", "builtins.readFile /flake-other/b", "\"${/etc/shadow}\""]) {
    const path = expr.includes("flake-other") ? "/flake-other/b" : "/etc/shadow";
    assert.throws(() => run(expr), (e: unknown) => e instanceof RestrictedPathError && e.message === `access to absolute path '${path}' is forbidden in pure evaluation mode (use '--impure' to override)`, expr);
  }
  assert.throws(() => run("builtins.readFile ./link"), /access to absolute path '\/etc\/shadow' is forbidden/);
  assert.equal(run("builtins.pathExists /etc/shadow"), false);
  assert.equal(run("builtins.pathExists ./a.txt"), true);
});

test("impure evaluation reads anything", () => {
  assert.equal(run("builtins.readFile /etc/shadow", false), "secret");
  assert.equal(new PathAccess({ pure: false }).check("/etc/shadow"), "/etc/shadow");
});
