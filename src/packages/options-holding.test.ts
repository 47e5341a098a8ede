import { test } from "node:test";
import assert from "node:assert/strict";
import { createEvaluator } from "../nix/evaluate.ts";
import { force, NixAttrs, type Lazy } from "../nix/value.ts";
import { optionsHolding } from "./options-holding.ts";
import { PackageUnavailable } from "./package-unavailable.ts";

test("optionsHolding() names the options whose computed value holds a package, and computes nothing itself", () => {
  const ev = createEvaluator({ pure: true });
  const config = force(
    ev.evalSource(
      `let pkg = { type = "derivation"; pname = "zellij"; }; in {
        tools.zellij.package = pkg;
        home.packages = [ pkg { type = "derivation"; pname = "k9s"; } ];
        unforced = pkg // { };
        _module.args.pkgs = pkg;
        wrapped = { type = "derivation"; pname = "wrapper"; inner = pkg; };
      }`,
      "«test»",
      "/",
    ),
  ) as NixAttrs;
  const get = (v: Lazy | undefined, ...path: string[]): unknown => path.reduce((x, k) => force((force(x as Lazy) as NixAttrs).lazy(k) as Lazy), v as unknown);
  get(config, "tools", "zellij", "package");
  (force(config.lazy("home") as Lazy) as NixAttrs).forEach((v) => (force(v) as Lazy[]).forEach((x) => force(x)));
  get(config, "_module", "args", "pkgs");
  get(config, "wrapped", "inner");
  const found = optionsHolding(config, new Set(["zellij", "k9s", "absent"]));
  assert.deepEqual(Object.fromEntries(found), { zellij: ["home.packages", "tools.zellij.package"], k9s: ["home.packages"] });
  assert.equal(config.lazy("unforced") instanceof Object && (config.lazy("unforced") as { isForced?: boolean }).isForced, false, "left as it was");
});

test("the error names a module's own package option first, then up to two more, and how many others hold it", () => {
  const e = new PackageUnavailable("Cannot find pkgs.zellij");
  assert.deepEqual(e.heldBy(["programs.zellij.package"]).context, ["in the value of the option `programs.zellij.package'"]);
  assert.deepEqual(e.heldBy(["home.packages", "programs.zellij.package"]).context, ["in the value of the options `programs.zellij.package' and `home.packages'"]);
  assert.deepEqual(e.heldBy(["a", "b", "programs.zellij.package", "c"]).context, ["in the value of the options `programs.zellij.package', `a', `b' and 1 more"]);
  assert.deepEqual(e.context, [], "the error itself is left as it was");
});
