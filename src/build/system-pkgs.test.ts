/**
 * The system modules' `pkgs` has `nixpkgs.overlays` applied (system-pkgs.ts):
 * an overlay adds and changes packages, later ones over earlier ones; the
 * system-manager flake's `overlays.default` gives `pkgs.system-manager`;
 * a package a module function read while the modules were collected, that
 * an overlay defines, is an error, and one no overlay defines is not.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { evaluateSystem } from "./evaluate-system.ts";
import { createEvaluator } from "../nix/evaluate.ts";
import { EvalStore } from "../nix/eval-store.ts";
import { functionFromJS, lazyFromJS } from "../nix/js-value.ts";
import { force, isString, NixAttrs, stringText, type Lazy, type Value } from "../nix/value.ts";
import { STORE_DIR } from "../store/store-path.ts";
import { standInValue } from "../flake/builtin-inputs.ts";
import { cliPackage } from "./cli-package-value.ts";
import { hostSystem } from "../cli/host.ts";

const nix = (src: string): Lazy => createEvaluator({ store: new EvalStore(STORE_DIR), pure: true }).evalSource(src, "«test»", "/");
const mod = (m: unknown, i = 0): Lazy => NixAttrs.from({ _file: `/cfg/module-${i}.nix`, imports: [lazyFromJS(m)] });
const at = (v: Lazy, ...path: string[]): Value => path.reduce<Value>((x, k) => force((x as NixAttrs).lazy(k) as Lazy), force(v));
const text = (v: Value): string => (assert.ok(isString(v)), stringText(v));

function etc(modules: Lazy[], name: string): string {
  const { evaluation } = evaluateSystem(modules);
  return text(at(evaluation.config as unknown as Lazy, "environment", "etc", name, "text"));
}

test("an overlay adds packages and changes others; a later one sees the earlier one's", () => {
  const overlays = [nix(`final: prev: { greeting = "hi"; hello = prev.hello // { greeting = final.greeting; }; }`), nix(`final: prev: { greeting = prev.greeting + "!"; }`)];
  const pkgsText = functionFromJS((args) => {
    const { pkgs } = args as { pkgs: Record<string, Record<string, unknown>> };
    return { environment: { etc: { g: { get text() { return `${pkgs.hello?.greeting} ${pkgs.hello}`; } } } } };
  });
  const out = etc([mod({ nixpkgs: { hostPlatform: "x86_64-linux", overlays } }), mod(pkgsText, 1)], "g");
  assert.match(out, new RegExp(`^hi! ${STORE_DIR}/[0-9a-z]{32}-hello$`));
});

test("the system-manager flake's overlays.default gives pkgs.system-manager, the flake's package", () => {
  const flake = standInValue("system-manager", { lib: NixAttrs.empty, makeSystemConfig: functionFromJS(() => null) });
  const overlay = at(flake, "overlays", "default");
  const host = hostSystem();
  const cfg = nix(`overlay: { pkgs, ... }: { nixpkgs.hostPlatform = "${host}"; nixpkgs.overlays = [ overlay ]; environment.etc.sm.text = "\${pkgs.system-manager}/bin/system-manager"; environment.etc.un.text = pkgs.system-manager-unwrapped.pname; }`);
  const m = (force(cfg) as { call(a: Lazy): Lazy }).call(overlay);
  assert.equal(etc([mod(m)], "sm"), `${cliPackage().path}/bin/system-manager`);
  assert.equal(etc([mod(m)], "un"), "system-manager");
});

test("a package read while the modules are collected, that an overlay defines, is an error; one it does not define is read", () => {
  const overlays = [nix(`final: prev: { hello = prev.hello // { patched = true; }; }`)];
  const early = (name: string) =>
    functionFromJS((args) => {
      const { pkgs } = args as { pkgs: Record<string, unknown> };
      return { environment: { etc: { x: { text: `${pkgs[name]}` } } } };
    });
  const config = (name: string) => [mod({ nixpkgs: { hostPlatform: "x86_64-linux", overlays } }), mod(early(name), 1)];
  assert.throws(() => etc(config("hello"), "x"), (e: Error) => {
    assert.match(e.message, /^pkgs\.hello was read while the modules were being collected, before `nixpkgs\.overlays' could apply, and an overlay defines it: read a package an overlay gives lazily/);
    return true;
  });
  assert.match(etc(config("ripgrep"), "x"), new RegExp(`^${STORE_DIR}/[0-9a-z]{32}-ripgrep$`));
});

test("without overlays, a package read while collecting and one read later are the same", () => {
  const both = functionFromJS((args) => {
    const { pkgs } = args as { pkgs: Record<string, unknown> };
    const early = `${pkgs.hello}`;
    return { environment: { etc: { x: { get text() { return `${early} ${pkgs.hello}`; } } } } };
  });
  const [a, b] = etc([mod({ nixpkgs: { hostPlatform: "x86_64-linux" } }), mod(both, 1)], "x").split(" ");
  assert.equal(a, b);
});
