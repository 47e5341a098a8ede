/**
 * The flake stand-in's system-manager.packages (builtin-inputs.ts, over
 * cli-package-value.ts): for the host's system, `default`, `system-manager`
 * and `system-manager-unwrapped` are the package, a derivation whose
 * outPath is the package's store path with itself as context; another
 * system is an error saying which system to use.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { standInValue } from "../flake/builtin-inputs.ts";
import { hostSystem } from "../cli/host.ts";
import { force, NixAttrs, NixFunction, NixString, type Lazy } from "../nix/value.ts";
import { cliPackage } from "./cli-package-value.ts";

const flake = () => standInValue("system-manager", { lib: NixAttrs.empty, makeSystemConfig: new NixFunction(() => null) });
const at = (v: NixAttrs, ...path: string[]): unknown => path.reduce<unknown>((x, k) => force((x as NixAttrs).lazy(k) as Lazy), v);

test("packages.<host>.default is the package: a derivation whose outPath is its store path, with itself as context", () => {
  const host = hostSystem();
  const pkgs = at(flake(), "packages", host) as NixAttrs;
  assert.deepEqual(pkgs.keys().sort(), ["default", "system-manager", "system-manager-unwrapped"]);
  const pkg = at(pkgs, "default") as NixAttrs;
  assert.equal(at(pkg, "type"), "derivation");
  assert.equal(at(pkg, "pname"), "system-manager");
  assert.equal(at(pkg, "system"), host);
  assert.equal(at(pkg, "meta", "mainProgram"), "system-manager");
  const out = at(pkg, "outPath");
  assert.ok(out instanceof NixString);
  assert.equal(out.s, cliPackage().path);
  assert.deepEqual([...out.context], [cliPackage().path]);
  assert.equal(at(pkg, "name"), cliPackage().name);
  assert.equal((at(pkgs, "system-manager") as NixAttrs), pkg);
});

test("another system's package is an error naming the host's", () => {
  const host = hostSystem();
  const other = host === "x86_64-linux" ? "aarch64-linux" : "x86_64-linux";
  assert.throws(() => at(flake(), "packages", other, "default"), (e: Error) => {
    assert.equal(e.message, `Cannot give system-manager's package for ${other}: this system-manager runs on ${host}, and its package runs on this host's Node runtime; use system-manager.packages.${host}`);
    return true;
  });
  assert.throws(() => at(flake(), "packages", "aarch64-darwin", "default"), /Cannot give system-manager's package for aarch64-darwin/);
});
