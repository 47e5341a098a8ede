import { test } from "node:test";
import assert from "node:assert/strict";
import { createEvaluator } from "../nix/evaluate.ts";
import { forceDeep } from "../nix/evaluate.ts";
import { force, NixAttrs, type Lazy, type Value } from "../nix/value.ts";
import { packageSet } from "./package-set.ts";

/** `src` (a function of pkgs) applied to the Debian packages as requests, forced deeply. */
function withPkgs(src: string): Value {
  const evaluator = createEvaluator({ pure: true });
  const pkgs = packageSet(() => "x86_64-linux");
  const f = force(evaluator.evalSource(`pkgs: ${src}`, "«test»", "/")) as { call(a: Lazy): Lazy };
  const v = forceDeep(f.call(pkgs));
  return Array.isArray(v) ? v.map((x) => force(x)) : v;
}

test("overrideAttrs of tests, meta and passthru keeps the very package, with the changes on it", () => {
  const same = withPkgs(`let p = pkgs.hello.overrideAttrs (prev: { doCheck = false; meta = prev.meta // { priority = 3; }; passthru.tag = "t"; }); in [ (p.outPath == pkgs.hello.outPath) p.doCheck p.meta.priority p.meta.mainProgram p.tag p.passthru.tag ]`);
  assert.deepEqual(same, [true, false, 3n, "hello", "t", "t"]);
  // A set, `final: prev:`, and an attribute given its own value again; chained overrides too.
  assert.deepEqual(
    withPkgs(`let a = pkgs.jq.overrideAttrs { doInstallCheck = false; }; b = a.overrideAttrs (final: prev: { pname = prev.pname; doCheck = false; passthru.c = final.doCheck; }); in [ (b.outPath == pkgs.jq.outPath) b.doInstallCheck b.c ]`),
    [true, false, false],
  );
  // An attribute the package does not have, given an empty value (home-manager's ranger with no extra packages), changes nothing.
  assert.equal(withPkgs(`(pkgs.ranger.overrideAttrs (old: { propagatedBuildInputs = (old.propagatedBuildInputs or [ ]) ++ [ ]; patches = [ ]; })).outPath == pkgs.ranger.outPath`), true);
  assert.equal(withPkgs(`(pkgs.git.override { }).outPath == pkgs.git.outPath`), true);
  assert.equal(withPkgs(`(pkgs.git.override (old: { })).outPath == pkgs.git.outPath`), true);
});

test("an override that needs a rebuild is refused, naming the package, its Debian name and the attributes", () => {
  assert.throws(
    () => withPkgs(`(pkgs.hello.overrideAttrs (prev: { version = "2.0"; patches = [ "fix.patch" ]; doCheck = false; })).outPath`),
    /pkgs\.hello\.overrideAttrs cannot change 'patches', 'version': pkgs\.hello is Debian's prebuilt package 'hello'.*Only its tests \(doCheck, …\), meta and passthru can be overridden, and steps after its installation added/s,
  );
  assert.throws(() => withPkgs(`(pkgs.fd.override { withGit = false; }).outPath`), /pkgs\.fd\.override cannot change 'withGit': pkgs\.fd is Debian's prebuilt package 'fd-find', and changing its build arguments needs it rebuilt/);
  assert.throws(() => withPkgs(`(pkgs.hello.overrideDerivation (d: { src = ./x; })).outPath`), /pkgs\.hello\.overrideDerivation cannot change 'src'/);
  assert.throws(() => withPkgs(`(pkgs.hello.overrideAttrs (prev: 3)).outPath`), /pkgs\.hello\.overrideAttrs: the override must give an attribute set, but gave an integer/);
});

test("a package's attributes besides the override functions and its one output's are unchanged", () => {
  const names = (withPkgs(`builtins.attrNames pkgs.hello`) as Value[]).map(String);
  assert.deepEqual(names, ["all", "meta", "name", "out", "outPath", "outputName", "outputs", "override", "overrideAttrs", "overrideDerivation", "pname", "system", "type"]);
  assert.ok(force(withPkgs(`pkgs.hello`)) instanceof NixAttrs);
});
